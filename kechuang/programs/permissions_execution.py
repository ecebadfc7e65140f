"""Who may see and do what with a project's execution records.

Everything of a project (task contract, budget, milestones, reports, changes, acceptance, disbursements,
supervision, outputs) follows its application's rule: members of the lead organization ``view``, its admins
``change`` and ``submit``, officers of the program type's department whose region holds the applicant
``view`` and ``decide``.  An acceptance's conclusion, once decided, is public (``public``: 验收结果公告).
Project lists (项目清单) are their department's: its officers ``view`` and ``manage`` them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.permissions import register_rule, rule_through
from kechuang.programs.models import (
    AcceptanceRequest,
    Application,
    BudgetYear,
    ChangeRequest,
    Disbursement,
    HigherRecommendation,
    Milestone,
    ProgressReport,
    ProjectBudget,
    ProjectContract,
    ProjectIndicator,
    ProjectList,
    ProjectListRevision,
    ProjectOutput,
    ProjectPatent,
    ProjectSupervision,
    ReserveEntry,
    TaskContract,
    Termination,
)
from kechuang.programs.permissions import _through_application
from kechuang.registry.guards import department_rule
from kechuang.registry.selectors import officer_department_ids, user_organization_ids

# A project's records follow its application's rule.
_project_rule = rule_through(Application, "project__application_id", sees_all=user_is_platform_admin)

for _model in (
    ProjectIndicator,
    ProjectBudget,
    Milestone,
    TaskContract,
    Disbursement,
    Termination,
    ProgressReport,
    ChangeRequest,
    ProjectOutput,
    ProjectSupervision,
    ProjectPatent,
    ProjectContract,
    BudgetYear,
):
    register_rule(_model)(_project_rule)

register_rule(HigherRecommendation)(_through_application)


@register_rule(ReserveEntry)
def reserve_entry_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    """A reserve entry: its department's officers ``view`` and ``manage`` it; the organization's members
    ``view`` their own."""
    if user_is_platform_admin(user):
        return qs
    if action == "manage":
        return qs.filter(department_id__in=officer_department_ids(user))
    if action == "view":
        return qs.filter(
            Q(department_id__in=officer_department_ids(user))
            | Q(organization_id__in=user_organization_ids(user))
        )
    return qs.none()


@register_rule(AcceptanceRequest)
def acceptance_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if action == "public":
        return qs.exclude(conclusion="")
    return _project_rule(qs, user, action)


# Project lists are their department's: its officers view and manage them (and their revisions).
project_list_rule = register_rule(ProjectList)(department_rule("department_id"))
project_list_revision_rule = register_rule(ProjectListRevision)(
    department_rule("project_list__department_id")
)
