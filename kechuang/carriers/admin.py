"""Admin: read-only carriers and alliances (changes go through the audited services)."""

from __future__ import annotations

from django.contrib import admin

from kechuang.carriers.models import (
    Alliance,
    AllianceMember,
    AllianceProject,
    Carrier,
    CarrierEvent,
    CarrierHost,
)
from kechuang.core.admin import ReadOnlyAdmin


@admin.register(Carrier)
class CarrierAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "tier", "status", "responsible_department"]
    list_filter = ["kind", "tier", "status"]
    search_fields = ["name"]


@admin.register(Alliance)
class AllianceAdmin(ReadOnlyAdmin):
    list_display = ["name", "lead", "tier", "is_active"]


for _model in (CarrierHost, CarrierEvent, AllianceMember, AllianceProject):
    admin.site.register(_model, ReadOnlyAdmin)
