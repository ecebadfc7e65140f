"""Who may see and act on policy rows.

* Documents and published measures are public; drafts are for officers and platform admins.
* Changing a measure (its rule): platform admins; officers for measures of their region subtree or of
  their own department. A measure's rule versions are seen by those who may change the measure.
* Selecting, pushing, what-if (``select``): officers and admins — the organisations they see are
  still limited to their region subtree by the registry's own rule.
* Claims: the claiming organisation's members see them; only its admins act on them (start, submit,
  withdraw) — the same rule as recognition applications, which the organisation's admin files; a member
  who may see a claim but not move it is refused with a message. Officers of the claim's region subtree
  see and review it if they serve the region's science bureau (科技局, which runs the 政策兑现 desk) or the
  measure's own responsible department; another department of the region (质监局, 工信局 …) does not.
  Disbursements follow their claim. Other organisations and regions get 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.permissions import register_rule
from kechuang.policies.choices import MeasureStatus
from kechuang.policies.models import (
    Claim,
    Disbursement,
    Measure,
    MeasureRuleVersion,
    PolicyDocument,
    PolicyStatistics,
    PushNotice,
)
from kechuang.registry.choices import DepartmentKind
from kechuang.registry.selectors import (
    officer_department_ids,
    officer_region_q,
    user_is_officer,
    user_officer_roles,
    user_organization_ids,
)


def claim_desk_q(user: Any, prefix: str = "") -> Q:
    """Claims (``prefix`` leads from the queried model to the claim) an officer reviews: in a region subtree
    the user serves, for the science bureau's desk or for the measure's own department. No role → none."""
    q = Q(pk__in=[])
    for role in user_officer_roles(user):
        here = Q(**{f"{prefix}region_path__startswith": role.region.path})
        if role.department.kind == DepartmentKind.SCIENCE:
            q |= here
        else:
            q |= here & Q(**{f"{prefix}measure__department_id": role.department_id})
    return q


@register_rule(PolicyDocument)
def document_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if action == "view" or user_is_platform_admin(user):
        return qs
    if action == "change" and user_is_officer(user):
        return qs
    return qs.none()


@register_rule(Measure)
def measure_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    officer = user_is_officer(user)
    if action == "view":
        return qs if officer else qs.filter(status=MeasureStatus.PUBLISHED)
    if action == "select" and officer:
        return qs
    if action == "change" and officer:
        return qs.filter(
            officer_region_q(user, "region__path") | Q(department_id__in=officer_department_ids(user))
        )
    return qs.none()


@register_rule(MeasureRuleVersion)
def measure_rule_version_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    if action == "view":
        return qs.filter(measure__in=measure_rule(Measure.objects.all(), user, "change"))
    return qs.none()


@register_rule(Claim)
def claim_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    if action == "view":
        return qs.filter(claim_desk_q(user) | Q(organization_id__in=user_organization_ids(user)))
    if action == "apply":  # the enterprise's own moves (submit, withdraw): its admins only
        return qs.filter(organization_id__in=user_organization_ids(user, admin_only=True))
    if action == "review":
        return qs.filter(claim_desk_q(user))
    return qs.none()


@register_rule(Disbursement)
def disbursement_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    if action == "view":
        return qs.filter(
            claim_desk_q(user, "claim__") | Q(claim__organization_id__in=user_organization_ids(user))
        )
    return qs.none()


@register_rule(PushNotice)
def push_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    if action == "view":
        return qs.filter(officer_region_q(user) | Q(organization_id__in=user_organization_ids(user)))
    return qs.none()


@register_rule(PolicyStatistics)
def policy_statistics_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    own = user_organization_ids(user) if action == "view" else user_organization_ids(user, admin_only=True)
    return qs.filter(officer_region_q(user, "organization__region_path") | Q(organization_id__in=own))
