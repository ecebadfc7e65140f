"""Admin: read-only carriers and alliances (changes go through the audited services)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from kechuang.carriers.models import (
    Alliance,
    AllianceMember,
    AllianceProject,
    Carrier,
    CarrierEvent,
    CarrierHost,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown to platform admins for inspection; every change goes through the audited services."""

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


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
