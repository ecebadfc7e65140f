"""Admin: the expert pool is reference data; panels and score sheets are read-only (sealed, audited)."""

from __future__ import annotations

from django.contrib import admin

from kechuang.core.admin import ReadOnlyAdmin
from kechuang.review.models import (
    Expert,
    ExpertConflict,
    ExpertCooperation,
    Panel,
    PanelItem,
    ReviewAssignment,
)


class ConflictInline(admin.TabularInline):
    model = ExpertConflict
    extra = 0
    raw_id_fields = ["organization"]


class CooperationInline(admin.TabularInline):
    model = ExpertCooperation
    extra = 0
    raw_id_fields = ["organization"]


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "organization", "region", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "organization__name"]
    raw_id_fields = ["user", "organization", "region"]
    inlines = [ConflictInline, CooperationInline]


@admin.register(Panel)
class PanelAdmin(ReadOnlyAdmin):
    list_display = ["name", "department", "status", "experts_per_item", "method"]


admin.site.register(PanelItem, ReadOnlyAdmin)


@admin.register(ReviewAssignment)
class AssignmentAdmin(ReadOnlyAdmin):
    # scores are deliberately not listed: they are sealed until the panel closes
    list_display = ["expert", "item", "status", "submitted_at"]
    exclude = ["scores", "total", "comment"]
