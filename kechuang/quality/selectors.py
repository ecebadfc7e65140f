"""Reads of the quality app: ``restrict()`` first for what a user asks; plain counts for other apps.

:func:`credit_blocks` is the hook for recognition, programs and vouchers: call it before accepting an
application and refuse with the reason it returns (a D grade is 失信).
"""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import can, get_object_or_404_for, restrict
from kechuang.quality.choices import COMPLAINT_TERMINAL, CreditGradeValue, PatentKind, PatentStatus
from kechuang.quality.models import Complaint, CreditEvent, CreditGrade, Patent, Standard, Trademark
from kechuang.quality.permissions import organization_scope
from kechuang.registry.models import Department, Organization, Region

VALID_INVENTION = Q(kind=PatentKind.INVENTION, status=PatentStatus.VALID)

# ------------------------------------------------------------------------------------------ registers


def registers_allowed(*, user: Any, organization: Organization, action: str = "view") -> bool:
    """May ``user`` see (``view``) or keep (``change``) the organization's registers?"""
    return organization_scope(user, organization, action)


def organization_patents(*, user: Any, organization: Organization) -> QuerySet[Patent]:
    return restrict(Patent.objects.all(), user).filter(organization=organization)


def organization_trademarks(*, user: Any, organization: Organization) -> QuerySet[Trademark]:
    return restrict(Trademark.objects.all(), user).filter(organization=organization)


def organization_standards(*, user: Any, organization: Organization) -> QuerySet[Standard]:
    return restrict(Standard.objects.all(), user).filter(organization=organization)


def valid_invention_patents(*, organization_ids: list[int]) -> dict[int, int]:
    """有效发明专利 per organization, from the register (organizations without any are left out)."""
    rows = (
        Patent.objects.filter(VALID_INVENTION, organization_id__in=organization_ids)
        .values("organization_id")
        .annotate(n=Count("id"))
    )
    return {row["organization_id"]: row["n"] for row in rows}


def valid_invention_patents_in_region(*, region: Region) -> int:
    """有效发明专利 held by the organizations of ``region``'s subtree (for the targets catalogue)."""
    return Patent.objects.filter(VALID_INVENTION, organization__region_path__startswith=region.path).count()


def valid_invention_patents_by_region(*, regions: list[Region]) -> dict[str, int]:
    """The same count for several regions at once, by region code."""
    return {r.code: valid_invention_patents_in_region(region=r) for r in regions}


# ------------------------------------------------------------------------------------------ credit


def credit_grade(*, organization: Organization) -> CreditGrade | None:
    """The organization's current grade (``None`` when it has never been graded: no event recorded)."""
    return CreditGrade.objects.filter(organization=organization, is_current=True).first()


def credit_blocks(*, organization: Organization) -> str | None:
    """The reason the organization is refused as 失信 (grade D), or ``None`` when it is not.

    Other apps (recognition, programs, vouchers) call this before accepting an application and show the
    reason; the quality app does not reach into them.
    """
    grade = credit_grade(organization=organization)
    if grade is None or grade.grade != CreditGradeValue.D:
        return None
    return _("%(org)s质量信用等级为D级（失信）：%(reason)s。") % {
        "org": organization.name,
        "reason": grade.reason,
    }


def credit_events(*, user: Any, organization: Organization) -> QuerySet[CreditEvent]:
    return restrict(CreditEvent.objects.all(), user).filter(organization=organization)


def credit_history(*, user: Any, organization: Organization) -> QuerySet[CreditGrade]:
    return restrict(CreditGrade.objects.all(), user).filter(organization=organization)


# ------------------------------------------------------------------------------------------ complaints


def _overdue() -> ExpressionWrapper:
    """Overdue: past the deadline and not closed — computed here once, for lists and details alike."""
    return ExpressionWrapper(
        Q(deadline__lt=timezone.localdate()) & ~Q(status__in=COMPLAINT_TERMINAL),
        output_field=BooleanField(),
    )


def complaint_list(*, user: Any, status: str = "", overdue: bool = False) -> QuerySet[Complaint]:
    qs = restrict(Complaint.objects.all(), user).annotate(is_overdue=_overdue())
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(is_overdue=True)
    return qs.select_related("region", "department", "about", "lodging_organization")


def complaint_get(*, user: Any, pk: Any, action: str = "view") -> Complaint:
    qs = Complaint.objects.annotate(is_overdue=_overdue()).select_related("region", "department", "about")
    return get_object_or_404_for(user, qs, action, pk=pk)


def ip_organization(*, user: Any, pk: Any, action: str = "view") -> Organization:
    """The organization whose registers ``user`` asks for; hidden and missing are the same 404."""
    organization = Organization.objects.select_related("region").filter(pk=pk).first()
    if organization is None or not organization_scope(user, organization, action):
        raise Http404(_("对象不存在或无权访问。"))
    return organization


REFUSALS = {
    "assign": gettext_lazy("只有投诉所在地区的政府部门工作人员可以交办投诉。"),
    "answer": gettext_lazy("只有承办部门可以答复投诉。"),
    "close": gettext_lazy("只有投诉人可以办结投诉。"),
}


def complaint_get_or_refuse(*, user: Any, pk: Any, action: str) -> Complaint:
    """The complaint if ``user`` may ``action`` it; 404 when they may not even see it, else the refusal."""
    complaint = complaint_get(user=user, pk=pk)
    if not can(user, complaint, action):
        raise ApplicationError(str(REFUSALS[action]), extra={"code": "not_allowed"})
    return complaint


def complaint_departments(*, complaint: Complaint) -> QuerySet[Department]:
    """The departments a complaint may be assigned to: those of its region and the regions above it."""
    paths = [complaint.region_path[: i + 1] for i, ch in enumerate(complaint.region_path) if ch == "/"]
    return (
        Department.objects.filter(region__path__in=paths)
        .select_related("region")
        .order_by("region__path", "name")
    )


def complaint_region(*, code: str) -> Region | None:
    return Region.objects.filter(code=code.strip()).first()


def complaint_about(*, uscc: str) -> Organization | None:
    """The organization complained about, by its 统一社会信用代码 (directory entries are public)."""
    code = (uscc or "").strip().upper()
    return Organization.objects.filter(uscc=code).first() if code else None
