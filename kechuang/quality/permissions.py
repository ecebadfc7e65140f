"""Who may see and change the quality registers, credit records and complaints.

* Registers (patents, trademarks, standards): the organization's members see them, its admins change
  them; officers whose region subtree holds the organization see and change them.
* Credit events and grades: the organization's members see them; officers of its region subtree see
  and record them (an organization does not grade itself).
* Products, patent transfers and licences follow the registers; events (宣传周, 科技活动月) are seen by
  anyone signed in and kept by their organiser's admins and the officers of their region subtree.
* Complaints: the lodger (and the members of the organization lodging it) follow and close them; officers
  of the complaint's region subtree see unassigned complaints and assign them (the workflow refuses a
  second assignment); officers of the assigned
  department (whatever region they serve) see and answer them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kechuang.accounts.selectors import user_is_platform_admin, user_is_signed_in
from kechuang.core.permissions import register_rule
from kechuang.quality.choices import ComplaintStatus
from kechuang.quality.models import (
    Complaint,
    CreditEvent,
    CreditGrade,
    Event,
    Patent,
    PatentDeal,
    Product,
    ProductStandard,
    Standard,
    Trademark,
)
from kechuang.registry.models import Organization
from kechuang.registry.selectors import (
    officer_department_ids,
    officer_region_q,
    officer_serves,
    user_organization_ids,
)


def organization_scope(user: Any, organization: Organization, action: str) -> bool:
    """The registers' rule for one organization, whether or not it has rows yet (``view``/``change``);
    ``credit`` asks whether the user may record credit events about it (officers only)."""
    if user_is_platform_admin(user):
        return True
    if officer_serves(user, organization.region_path):
        return True
    if action == "view":
        return organization.pk in user_organization_ids(user)
    if action == "change":
        return organization.pk in user_organization_ids(user, admin_only=True)
    return False


def _via_organization(prefix: str):  # type: ignore[no-untyped-def]
    """The registers' rule for rows reached through ``<prefix>organization``."""

    def rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
        if user_is_platform_admin(user):
            return qs
        officers = officer_region_q(user, f"{prefix}organization__region_path")
        key = f"{prefix}organization_id__in"
        if action == "view":
            return qs.filter(officers | Q(**{key: user_organization_ids(user)}))
        if action == "change":
            return qs.filter(officers | Q(**{key: user_organization_ids(user, admin_only=True)}))
        return qs.none()

    return rule


_register_rule = _via_organization("")
for _register in (Patent, Trademark, Standard, Product):
    register_rule(_register)(_register_rule)
register_rule(PatentDeal)(_via_organization("patent__"))
register_rule(ProductStandard)(_via_organization("product__"))


@register_rule(Event)
def event_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    """Events are public records once held: anyone signed in sees them; the organiser's admins and the
    officers of the event's region subtree correct them."""
    if user_is_platform_admin(user):
        return qs
    if not user_is_signed_in(user):
        return qs.none()
    if action == "view":
        return qs
    if action == "change":
        return qs.filter(
            officer_region_q(user) | Q(organiser_id__in=user_organization_ids(user, admin_only=True))
        )
    return qs.none()


def _credit_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    officers = officer_region_q(user, "organization__region_path")
    if action == "view":
        return qs.filter(officers | Q(organization_id__in=user_organization_ids(user)))
    if action == "change":
        return qs.filter(officers)
    return qs.none()


for _credit in (CreditEvent, CreditGrade):
    register_rule(_credit)(_credit_rule)


@register_rule(Complaint)
def complaint_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    if not user_is_signed_in(user):
        return qs.none()
    lodger = Q(lodged_by=user) | Q(lodging_organization_id__in=user_organization_ids(user))
    unassigned = Q(status=ComplaintStatus.LODGED) & officer_region_q(user)
    department = Q(department_id__in=officer_department_ids(user))
    if action == "view":
        return qs.filter(lodger | unassigned | department)
    if action == "assign":
        return qs.filter(officer_region_q(user))
    if action == "statistics":
        return qs.filter(officer_region_q(user) | department)
    if action == "answer":
        return qs.filter(department)
    if action == "close":
        return qs.filter(lodger)
    return qs.none()
