"""Who may see and do what with shared resources.

* Instruments are public (anyone may search them); the owner organization's members manage them. Their
  open-sharing evaluation (``evaluate``) is seen by the owner's members and the officers of the region.
* A booking is seen by the requesting organization's members (``apply``: rate; ``cancel``) and by the
  owner's members (``manage``: approve, decline, record the use; ``cancel`` too). Others: 404.
* A voucher scheme and its vouchers are managed by the officers of the scheme's department whose region
  subtree holds the scheme (both conditions: another region of the same department, or another
  department of the same region, gets 404). The enterprise's members see their vouchers and redeem them.
* A voucher application is seen by the enterprise's members (``apply``: withdraw) and the scheme's
  officers (``manage``: issue, decline).
* Service agencies, their catalogues and park checks are public; the agency organization's admins list
  services; officers of a park's region record presence checks. An order is seen by the enterprise's
  members (``apply``: rate) and the agency's (``manage``: accept, decline, deliver); either side cancels.
* The commissioner pool is public; officers of a commissioner's region manage the pool entry and the
  annual assessment. A dispatch (and its logs) is seen by the commissioner, the host's members and the
  officers of the host's region, who end it; the commissioner logs work (``log``); the host confirms or
  disputes each log (``confirm``; a village's logs: the region's officers).
* A redemption is seen by the enterprise, the provider and the scheme's officers; the provider's admins
  claim settlement (``claim``); the officers approve and pay it (``settle``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.permissions import register_rule
from kechuang.registry.selectors import (
    officer_department_region_q,
    officer_region_q,
    user_organization_ids,
)
from kechuang.resources.models import (
    AgencyService,
    Assessment,
    Booking,
    Commissioner,
    Dispatch,
    Instrument,
    ParkPresence,
    Redemption,
    ServiceAgency,
    ServiceOrder,
    Voucher,
    VoucherApplication,
    VoucherScheme,
    WorkLog,
)


def scheme_officer_q(user: Any, prefix: str = "") -> Q:
    """Rows of schemes whose department the user serves, in a region subtree the user serves."""
    return officer_department_region_q(
        user, department_field=f"{prefix}department_id", region_field=f"{prefix}region_path"
    )


@register_rule(Instrument)
def instrument_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if action == "view" or user_is_platform_admin(user):
        return qs
    if action == "manage":
        return qs.filter(owner_id__in=user_organization_ids(user))
    if action == "evaluate":
        return qs.filter(officer_region_q(user, "region_path") | Q(owner_id__in=user_organization_ids(user)))
    return qs.none()


@register_rule(Booking)
def booking_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    orgs = user_organization_ids(user)
    if action == "view" or action == "cancel":
        return qs.filter(Q(organization_id__in=orgs) | Q(instrument__owner_id__in=orgs))
    if action == "apply":
        return qs.filter(organization_id__in=orgs)
    if action == "manage":
        return qs.filter(instrument__owner_id__in=orgs)
    return qs.none()


@register_rule(VoucherScheme)
def scheme_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    if action in {"view", "manage"}:
        return qs.filter(scheme_officer_q(user))
    return qs.none()


@register_rule(Voucher)
def voucher_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    if action == "view":
        return qs.filter(
            scheme_officer_q(user, "scheme__") | Q(enterprise_id__in=user_organization_ids(user))
        )
    if action == "redeem":
        return qs.filter(enterprise_id__in=user_organization_ids(user))
    if action == "manage":
        return qs.filter(scheme_officer_q(user, "scheme__"))
    return qs.none()


@register_rule(Redemption)
def redemption_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    if action == "view":
        orgs = user_organization_ids(user)
        return qs.filter(
            scheme_officer_q(user, "voucher__scheme__")
            | Q(voucher__enterprise_id__in=orgs)
            | Q(provider_id__in=orgs)
        )
    if action == "claim":
        return qs.filter(provider_id__in=user_organization_ids(user, admin_only=True))
    if action == "settle":
        return qs.filter(scheme_officer_q(user, "voucher__scheme__"))
    return qs.none()


@register_rule(VoucherApplication)
def application_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    if action == "view":
        return qs.filter(
            scheme_officer_q(user, "scheme__") | Q(enterprise_id__in=user_organization_ids(user))
        )
    if action == "apply":
        return qs.filter(enterprise_id__in=user_organization_ids(user))
    if action == "manage":
        return qs.filter(scheme_officer_q(user, "scheme__"))
    return qs.none()


@register_rule(ServiceAgency)
def agency_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if action == "view" or user_is_platform_admin(user):
        return qs
    if action == "manage":
        return qs.filter(organization_id__in=user_organization_ids(user, admin_only=True))
    return qs.none()


@register_rule(AgencyService)
def agency_service_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if action == "view" or user_is_platform_admin(user):
        return qs
    if action == "manage":
        return qs.filter(agency__organization_id__in=user_organization_ids(user, admin_only=True))
    return qs.none()


@register_rule(ParkPresence)
def presence_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if action == "view" or user_is_platform_admin(user):
        return qs
    if action == "manage":
        return qs.filter(officer_region_q(user, "region_path"))
    return qs.none()


@register_rule(ServiceOrder)
def order_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    orgs = user_organization_ids(user)
    if action in {"view", "cancel"}:
        return qs.filter(Q(enterprise_id__in=orgs) | Q(service__agency__organization_id__in=orgs))
    if action == "apply":
        return qs.filter(enterprise_id__in=orgs)
    if action == "manage":
        return qs.filter(service__agency__organization_id__in=orgs)
    return qs.none()


def _host_q(user: Any, prefix: str = "") -> Q:
    """Rows of dispatches whose host the user belongs to (the enterprise, or the park's operator)."""
    orgs = user_organization_ids(user)
    return Q(**{f"{prefix}organization_id__in": orgs}) | Q(**{f"{prefix}park__operator_id__in": orgs})


SCIENCE = ["science"]  # the commissioner programme is the science departments'


@register_rule(Commissioner)
def commissioner_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if action == "view" or user_is_platform_admin(user):
        return qs
    if action == "manage":
        return qs.filter(officer_region_q(user, "region_path", department_kinds=SCIENCE))
    return qs.none()


@register_rule(Dispatch)
def dispatch_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    if action == "view":
        return qs.filter(
            officer_region_q(user, "region_path") | Q(commissioner__user_id=user.pk) | _host_q(user)
        )
    if action == "manage":
        return qs.filter(officer_region_q(user, "region_path", department_kinds=SCIENCE))
    if action == "log":
        return qs.filter(commissioner__user_id=user.pk)
    return qs.none()


@register_rule(WorkLog)
def worklog_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    if action == "view":
        return qs.filter(
            officer_region_q(user, "dispatch__region_path")
            | Q(dispatch__commissioner__user_id=user.pk)
            | _host_q(user, "dispatch__")
        )
    if action == "confirm":  # the host; a village's logs are confirmed by the region's officers
        return qs.filter(
            _host_q(user, "dispatch__")
            | (
                Q(dispatch__host_kind="village")
                & officer_region_q(user, "dispatch__region_path", department_kinds=SCIENCE)
            )
        )
    return qs.none()


@register_rule(Assessment)
def assessment_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    if action == "view":
        return qs.filter(
            officer_region_q(user, "commissioner__region_path") | Q(commissioner__user_id=user.pk)
        )
    if action == "manage":
        return qs.filter(officer_region_q(user, "commissioner__region_path", department_kinds=SCIENCE))
    return qs.none()
