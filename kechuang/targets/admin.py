"""Admin pages: read-mostly views for platform admins (writes go through the services and pages)."""

from __future__ import annotations

from django.contrib import admin

from kechuang.targets import models


@admin.register(models.Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "document_number", "region", "department", "period_end"]
    list_filter = ["kind"]
    search_fields = ["title", "document_number"]
    raw_id_fields = ["region", "department", "created_by"]


@admin.register(models.Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "plan", "unit", "target_value", "target_date", "source", "lead_unit"]
    list_filter = ["source", "direction"]
    search_fields = ["name", "code"]
    raw_id_fields = ["plan", "lead_unit"]
    filter_horizontal = ["participating_units"]


@admin.register(models.Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "plan", "due_date", "status", "lead_unit", "escalated_at"]
    list_filter = ["status"]
    search_fields = ["title"]
    raw_id_fields = ["plan", "lead_unit"]
    readonly_fields = ["status", "escalated_at"]


@admin.register(models.ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["indicator", "task", "department", "as_of", "value", "status"]
    list_filter = ["status"]
    readonly_fields = ["status", "reviewed_by", "reviewed_at"]
    raw_id_fields = ["indicator", "task", "department", "submitted_by", "reviewed_by"]


@admin.register(models.SupervisionRecord)
class SupervisionRecordAdmin(admin.ModelAdmin):
    list_display = ["sent_on", "kind", "task", "department", "days_before", "recipients"]
    list_filter = ["kind"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # the record of every reminder is not edited


admin.site.register(models.Allocation)
admin.site.register(models.ValueSnapshot)
