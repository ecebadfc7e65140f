"""Who may see and do what with recognition schemes, calls, applications, objections, certificates.

* Schemes and published calls: everyone may view; draft calls only their department's officers.
* Applications: members of the applicant organization (and of the unit that nominated it) view them,
  their admins change/submit them;
  officers act on them when the scheme is their department's and the applicant lies in their region
  subtree; experts view those assigned to them (``review``).  Hidden = 404.
* Objections: officers of the application (the public only lodges them).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.permissions import register_rule, rule_through
from kechuang.recognition.choices import CallStatus
from kechuang.recognition.models import (
    Application,
    ApplicationAttachment,
    Call,
    Certificate,
    Objection,
    ReEvaluation,
    Scheme,
)
from kechuang.registry.selectors import officer_department_region_q, user_officer_roles, user_organization_ids
from kechuang.review.selectors import assigned_subject_ids

APPLICANT_ACTIONS = {"view", "change", "submit"}


def _expert_application_ids(user: Any) -> QuerySet:
    return assigned_subject_ids(user=user, model=Application)


@register_rule(Scheme)
def scheme_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if action == "view" or user_is_platform_admin(user):
        return qs
    if action == "manage":
        return qs.filter(department_id__in=[r.department_id for r in user_officer_roles(user)])
    return qs.none()


@register_rule(Call)
def call_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    mine = Q(scheme__department_id__in=[r.department_id for r in user_officer_roles(user)])
    if action == "view":
        return qs.filter(~Q(status=CallStatus.DRAFT) | mine)
    if action == "manage":
        return qs.filter(mine)
    return qs.none()


@register_rule(Application)
def application_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    if user is None or not getattr(user, "is_authenticated", False):
        return qs.none()
    officer = officer_department_region_q(
        user, department_field="call__scheme__department_id", region_field="region_path"
    )
    if action == "view":
        mine = user_organization_ids(user)
        own = Q(organization_id__in=mine) | Q(nominator_id__in=mine)
        assigned = Q(pk__in=[int(x) for x in _expert_application_ids(user)])
        return qs.filter(own | officer | assigned)
    if action in {"change", "submit"}:
        admin_of = user_organization_ids(user, admin_only=True)
        return qs.filter(Q(organization_id__in=admin_of) | Q(nominator_id__in=admin_of))
    if action == "decide":
        return qs.filter(officer)
    if action == "review":
        return qs.filter(pk__in=[int(x) for x in _expert_application_ids(user)])
    return qs.none()


# Rows of an application: the user may do with them what they may do with the application.
_through_application = rule_through(Application, "application_id", sees_all=user_is_platform_admin)
register_rule(ApplicationAttachment)(_through_application)
register_rule(ReEvaluation)(_through_application)


# Objections: those who decide on the application.
objection_rule = register_rule(Objection)(
    rule_through(Application, "application_id", sees_all=user_is_platform_admin, as_action="decide")
)
# Certificates: the verification page looks them up by code without ``restrict``; downloads need a view
# right on the application.
certificate_rule = register_rule(Certificate)(
    rule_through(Application, "application_id", sees_all=user_is_platform_admin, as_action="view")
)
