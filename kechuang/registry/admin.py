"""Admin for the expert pool: platform admins add and edit experts here, through the audited services
(an expert's status is derived from this entry, so no change may bypass the audit)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from kechuang.registry.models import Expert, ExpertConflict, ExpertCooperation
from kechuang.registry.services_experts import (
    EDITABLE,
    expert_cooperation_add,
    expert_create,
    expert_declare_conflict,
    expert_set_active,
    expert_update,
)


class _AddOnlyInline(admin.TabularInline):
    """Existing rows are shown; new ones are added through the service in ``ExpertAdmin.save_formset``."""

    extra = 0
    raw_id_fields = ["organization"]

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class ConflictInline(_AddOnlyInline):
    model = ExpertConflict


class CooperationInline(_AddOnlyInline):
    model = ExpertCooperation


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "organization", "region", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "organization__name"]
    raw_id_fields = ["user", "organization", "region"]
    inlines = [ConflictInline, CooperationInline]

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False  # take an expert out of the pool instead (在库 off): assignments keep pointing at them

    def save_model(self, request: Any, obj: Expert, form: Any, change: bool) -> None:
        data = {k: form.cleaned_data[k] for k in EDITABLE if k in form.cleaned_data}
        active = form.cleaned_data.get("is_active", True)
        if change:
            expert = expert_update(expert=obj, actor=request.user, data=data)
        else:
            expert = expert_create(actor=request.user, **data)
            obj.pk = expert.pk
            obj._state.adding = False
        expert_set_active(expert=expert, actor=request.user, active=active)

    def save_formset(self, request: Any, form: Any, formset: Any, change: bool) -> None:
        expert = form.instance
        for row in formset.save(commit=False):
            if isinstance(row, ExpertConflict):
                expert_declare_conflict(
                    expert=expert, organization=row.organization, reason=row.reason, actor=request.user
                )
            else:
                expert_cooperation_add(
                    expert=expert,
                    organization=row.organization,
                    occurred_on=row.occurred_on,
                    description=row.description,
                    actor=request.user,
                )
