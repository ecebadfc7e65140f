from __future__ import annotations

from typing import Any

from django.contrib import admin

from kechuang.core.models import JobRun


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown to platform admins for inspection only; every change goes through the audited services."""

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(JobRun)
class JobRunAdmin(ReadOnlyAdmin):
    """Runs of scheduled system jobs, for inspection only (the jobs write them with an audit record)."""

    list_display = ["started_at", "job", "subject", "seconds"]
    list_filter = ["job"]
    readonly_fields = ["job", "subject", "started_at", "seconds", "result"]
