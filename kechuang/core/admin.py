from __future__ import annotations

from typing import Any

from django.contrib import admin

from kechuang.core.models import BackgroundJob, JobRun


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


@admin.register(BackgroundJob)
class BackgroundJobAdmin(ReadOnlyAdmin):
    """The jobs users started from pages (imports, exports, pushes, qualification runs, snapshots): which
    are queued, running, finished or failed, and by whom — the operators' view of the queue."""

    list_display = ["created_at", "kind", "owner", "status", "phase", "done", "total", "finished_at"]
    list_filter = ["kind", "status"]
    readonly_fields = ["kind", "owner", "status", "phase", "done", "total", "message", "result", "created_at",
                       "finished_at"]  # fmt: skip
