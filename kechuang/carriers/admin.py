"""Admin: read-only carriers and alliances (changes go through the audited services)."""

from __future__ import annotations

from django.contrib import admin

from kechuang.carriers import models
from kechuang.core.admin import ReadOnlyAdmin


@admin.register(models.Carrier)
class CarrierAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "tier", "status", "responsible_department"]
    list_filter = ["kind", "tier", "status"]
    search_fields = ["name"]


@admin.register(models.Alliance)
class AllianceAdmin(ReadOnlyAdmin):
    list_display = ["name", "lead", "tier", "is_active"]


for _model in (models.CarrierHost, models.CarrierEvent, models.AllianceMember, models.AllianceProject):
    admin.site.register(_model, ReadOnlyAdmin)
