"""Admin: panels and score sheets are read-only (sealed, audited). The expert pool: registry/admin.py."""

from __future__ import annotations

from django.contrib import admin

from kechuang.core.admin import ReadOnlyAdmin
from kechuang.review.models import Panel, PanelItem, ReviewAssignment


@admin.register(Panel)
class PanelAdmin(ReadOnlyAdmin):
    list_display = ["name", "department", "status", "experts_per_item", "method"]


admin.site.register(PanelItem, ReadOnlyAdmin)


@admin.register(ReviewAssignment)
class AssignmentAdmin(ReadOnlyAdmin):
    # scores are deliberately not listed: they are sealed until the panel closes
    list_display = ["expert", "item", "status", "submitted_at"]
    exclude = ["scores", "total", "comment"]
