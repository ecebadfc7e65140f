"""Admin: read-only views of recognition rows (every change goes through the audited services)."""

from __future__ import annotations

from django.contrib import admin

from kechuang.core.admin import ReadOnlyAdmin
from kechuang.recognition.models import Application, Call, Certificate, Objection, ReEvaluation, Scheme


@admin.register(Scheme)
class SchemeAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "department", "tier", "carrier_kind", "is_active"]
    list_filter = ["tier", "is_active"]


@admin.register(Call)
class CallAdmin(ReadOnlyAdmin):
    list_display = ["title", "scheme", "year", "status", "opens_at", "closes_at", "quota"]
    list_filter = ["status", "year"]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["title", "organization", "call", "status", "total_score", "version"]
    list_filter = ["status", "call"]
    search_fields = ["title", "organization__name", "organization__uscc"]
    list_select_related = ["organization", "call"]


admin.site.register(Objection, ReadOnlyAdmin)
admin.site.register(Certificate, ReadOnlyAdmin)
admin.site.register(ReEvaluation, ReadOnlyAdmin)
