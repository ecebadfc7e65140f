"""Who may see and do what with programs, calls, topics, applications and projects.

* Program types, and calls and topics once published: everyone may view; draft calls only officers of
  the program type's department.  ``manage`` (create, publish, add topics): those officers.
* Applications and their lines: members of the lead organization view them, its admins ``change`` and
  ``submit`` them; officers ``view`` and ``decide`` when the program type is their department's and the
  applicant lies in their region subtree.  Hidden = 404.
* Projects: as their application.
* Recommending units (推荐单位): the members of the unit an application went to view it and ``recommend``
  (推荐 or return) it; an application no unit covers is recommended by the officers who decide on it.
  Experts assigned to it in the review app view it (read-only materials).
* A call's recommending units: as the call (``manage``: its department's officers).  Objections: the
  officers who decide on the application.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.permissions import register_rule, rule_through
from kechuang.programs.choices import CallStatus
from kechuang.programs.models import (
    Application,
    BudgetLine,
    Call,
    CallRecommender,
    DuplicateFlag,
    IndicatorLine,
    Objection,
    Partner,
    ProgramType,
    Project,
    Topic,
)
from kechuang.registry.selectors import (
    officer_department_ids,
    officer_department_region_q,
    user_organization_ids,
)
from kechuang.review.selectors import assigned_subject_ids


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
register_rule(CallRecommender)(_call_rule("call__"))


@register_rule(Application)
def application_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    if user is None or not getattr(user, "is_authenticated", False):
        return qs.none()
    officer = officer_department_region_q(
        user, department_field="topic__call__program_type__department_id", region_field="region_path"
    )
    mine = user_organization_ids(user)
    unit = Q(recommender__organization_id__in=mine) if mine else Q(pk__in=[])
    if action == "view":
        # the ids are stored as text in the review app: a list of ints keeps the query portable
        expert = Q(pk__in=[int(x) for x in assigned_subject_ids(user=user, model=Application)])
        return qs.filter(Q(organization_id__in=mine) | officer | unit | expert)
    if action in {"change", "submit"}:
        return qs.filter(organization_id__in=user_organization_ids(user, admin_only=True))
    if action == "decide":
        return qs.filter(officer)
    if action == "recommend":
        return qs.filter(unit | (Q(recommender__isnull=True) & officer))
    return qs.none()


# Rows of an application: the user may do with them what they may do with the application.
_through_application = rule_through(Application, "application_id", sees_all=user_is_platform_admin)
register_rule(Partner)(_through_application)
register_rule(BudgetLine)(_through_application)
register_rule(IndicatorLine)(_through_application)
register_rule(Project)(_through_application)


# Objections are read and answered by the officers who decide on the application; a 查重 flag is for them
# too (view and decide alike): applicants never see it — nor learn of the other application.
_deciders_only = rule_through(
    Application,
    "application_id",
    sees_all=user_is_platform_admin,
    as_action="decide",
    only={"view", "decide"},
)
objection_rule = register_rule(Objection)(_deciders_only)
duplicate_flag_rule = register_rule(DuplicateFlag)(_deciders_only)
