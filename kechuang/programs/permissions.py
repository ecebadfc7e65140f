"""Who may see and do what with programs, calls, topics, applications and projects.

* Program types, and calls and topics once published: everyone may view; draft calls only officers of
  the program type's department.  ``manage`` (create, publish, add topics): those officers.
* Applications and their lines: members of the lead organization view them, its admins ``change`` and
  ``submit`` them; officers ``view`` and ``decide`` when the program type is their department's and the
  applicant lies in their region subtree.  Hidden = 404.
* Projects: as their application.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.permissions import register_rule
from kechuang.programs.choices import CallStatus
from kechuang.programs.models import (
    Application,
    BudgetLine,
    Call,
    DuplicateFlag,
    IndicatorLine,
    Partner,
    ProgramType,
    Project,
    Topic,
)
from kechuang.registry.selectors import officer_department_ids, user_officer_roles, user_organization_ids


def _officer_q(user: Any, *, department_field: str, region_field: str) -> Q:
    q = Q(pk__in=[])
    for role in user_officer_roles(user):
        q |= Q(**{department_field: role.department_id, f"{region_field}__startswith": role.region.path})
    return q


@register_rule(ProgramType)
def program_type_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if action == "view" or user_is_platform_admin(user):
        return qs
    if action == "manage":
        return qs.filter(department_id__in=officer_department_ids(user))
    return qs.none()


def _call_rule(prefix: str):  # type: ignore[no-untyped-def]
    def rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
        if user_is_platform_admin(user):
            return qs
        mine = Q(**{f"{prefix}program_type__department_id__in": officer_department_ids(user)})
        if action == "view":
            return qs.filter(~Q(**{f"{prefix}status": CallStatus.DRAFT}) | mine)
        if action == "manage":
            return qs.filter(mine)
        return qs.none()

    return rule


register_rule(Call)(_call_rule(""))
register_rule(Topic)(_call_rule("call__"))


@register_rule(Application)
def application_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    if user is None or not getattr(user, "is_authenticated", False):
        return qs.none()
    officer = _officer_q(
        user, department_field="topic__call__program_type__department_id", region_field="region_path"
    )
    if action == "view":
        return qs.filter(Q(organization_id__in=user_organization_ids(user)) | officer)
    if action in {"change", "submit"}:
        return qs.filter(organization_id__in=user_organization_ids(user, admin_only=True))
    if action == "decide":
        return qs.filter(officer)
    return qs.none()


def _via_application(prefix: str):  # type: ignore[no-untyped-def]
    def rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
        if user_is_platform_admin(user):
            return qs
        ids = application_rule(Application.objects.all(), user, action).values("pk")
        return qs.filter(**{f"{prefix}__in": ids})

    return rule


register_rule(Partner)(_via_application("application_id"))
register_rule(BudgetLine)(_via_application("application_id"))
register_rule(IndicatorLine)(_via_application("application_id"))
register_rule(Project)(_via_application("application_id"))


@register_rule(DuplicateFlag)
def duplicate_flag_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    """A 查重 flag is for the officers who decide on the flagged application (view and decide alike);
    applicants never see it — nor learn of the other application."""
    if user_is_platform_admin(user):
        return qs
    if action not in {"view", "decide"}:
        return qs.none()
    ids = application_rule(Application.objects.all(), user, "decide").values("pk")
    return qs.filter(application_id__in=ids)
