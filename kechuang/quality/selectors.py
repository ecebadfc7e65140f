"""Reads of the quality app: ``restrict()`` first for what a user asks; plain counts for other apps.

:func:`credit_blocks` is the hook for recognition, programs and vouchers: call it before accepting an
application and refuse with the reason it returns (a D grade is 失信).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import can, get_object_or_404_for, restrict
from kechuang.quality.choices import (
    COMPLAINT_TERMINAL,
    ComplaintCategory,
    CreditGradeValue,
    PatentKind,
    PatentStatus,
    TrademarkFame,
)
from kechuang.quality.models import (
    Complaint,
    CreditEvent,
    CreditGrade,
    Event,
    Patent,
    PatentDeal,
    Product,
    Standard,
    Trademark,
)
from kechuang.quality.permissions import organization_scope
from kechuang.registry.models import Department, Designation, Industry, Organization, Region
from kechuang.registry.selectors import organization_by_uscc, user_officer_roles, user_organization_ids

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


def organization_products(*, user: Any, organization: Organization) -> QuerySet[Product]:
    return (
        restrict(Product.objects.all(), user).filter(organization=organization).prefetch_related("standards")
    )


def organization_patent_deals(*, user: Any, organization: Organization) -> QuerySet[PatentDeal]:
    """Transfers and licences of the organization's patents, and those it made of patents it no longer holds."""
    return (
        restrict(PatentDeal.objects.all(), user)
        .filter(Q(patent__organization=organization) | Q(from_organization=organization))
        .select_related("patent", "counterparty_organization")
    )


def patent_get(*, user: Any, pk: Any, action: str = "view") -> Patent:
    return get_object_or_404_for(user, Patent.objects.select_related("organization"), action, pk=pk)


def trademark_get(*, user: Any, pk: Any, action: str = "view") -> Trademark:
    return get_object_or_404_for(user, Trademark.objects.select_related("organization"), action, pk=pk)


def register_counts(*, organization: Organization) -> dict[str, int]:
    """The figures of an organization's registers (its page and the yearly figures show them)."""
    today = timezone.localdate()
    patents = Patent.objects.filter(organization=organization).aggregate(
        total=Count("id"),
        valid=Count("id", filter=Q(status=PatentStatus.VALID)),
        valid_inventions=Count("id", filter=VALID_INVENTION),
        lapsed=Count("id", filter=Q(status=PatentStatus.LAPSED)),
    )
    trademarks = Trademark.objects.filter(organization=organization).aggregate(
        total=Count("id"),
        famous=Count("id", filter=~Q(fame=TrademarkFame.NONE) & Q(fame_valid_until__gte=today)),
    )
    return {
        "patents": patents["total"],
        "valid_patents": patents["valid"],
        "valid_inventions": patents["valid_inventions"],
        "lapsed_patents": patents["lapsed"],
        "trademarks": trademarks["total"],
        "famous_trademarks": trademarks["famous"],
        "standards": Standard.objects.filter(organization=organization).count(),
        "products": Product.objects.filter(organization=organization).count(),
    }


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
    """The same count for several regions at once, by region code: one grouped query rolled up."""
    rows = (
        Patent.objects.filter(VALID_INVENTION)
        .values("organization__region_path")
        .annotate(n=Count("id"))
        .order_by()
    )
    out = {r.code: 0 for r in regions}
    for row in rows:
        path = row["organization__region_path"] or ""
        for r in regions:
            if path.startswith(r.path):
                out[r.code] += row["n"]
    return out


def standards_coverage(*, region: Region, by: str = "region") -> list[dict[str, Any]]:
    """产品标准覆盖率 in ``region``'s subtree, per child region (``by="region"``) or per industry section
    (``by="industry"``): products made to at least one standard over all products, in percent."""
    qs = Product.objects.filter(organization__region_path__startswith=region.path)
    out: list[dict[str, Any]]
    if by == "industry":
        by_section = (
            qs.values(code=F("organization__industry__code_with_section"))
            .annotate(total=Count("id"), covered=Count("id", filter=Q(has_standard=True)))
            .order_by()
        )
        names = dict(Industry.objects.filter(level="section").values_list("code", "name"))
        sections: dict[str, dict[str, Any]] = {}
        for row in by_section:
            letter = (row["code"] or "")[:1]
            bucket = sections.setdefault(
                letter, {"key": letter, "label": names.get(letter, _("未填行业")), "total": 0, "covered": 0}
            )
            bucket["total"] += row["total"]
            bucket["covered"] += row["covered"]
        out = [sections[k] for k in sorted(sections)]
    else:
        children = list(Region.objects.filter(parent=region).order_by("code"))
        by_path = (
            qs.values("organization__region_path")
            .annotate(total=Count("id"), covered=Count("id", filter=Q(has_standard=True)))
            .order_by()
        )
        buckets: dict[str, dict[str, Any]] = {
            c.code: {"key": c.code, "label": c.name, "total": 0, "covered": 0} for c in children
        }
        own: dict[str, Any] = {"key": region.code, "label": region.name, "total": 0, "covered": 0}
        for path_row in by_path:
            path = path_row["organization__region_path"] or ""
            target = next((buckets[c.code] for c in children if path.startswith(c.path)), own)
            target["total"] += path_row["total"]
            target["covered"] += path_row["covered"]
        out = [b for b in buckets.values() if b["total"]] + ([own] if own["total"] else [])
    for line in out:
        line["rate"] = round(Decimal(line["covered"]) * 100 / line["total"], 1) if line["total"] else None
    return out


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


def deal_counterparty(*, user: Any, uscc: str) -> Organization | None:
    """The registered organization a patent deal names by its code (none when no code is given); a code
    that names no organization the user may see is refused on the field, whichever page or API sent it."""
    if not uscc:
        return None
    organization = organization_by_uscc(user=user, uscc=uscc)
    if organization is None:
        raise ApplicationError(
            _("未找到该统一社会信用代码对应的单位。"), extra={"field": "counterparty_uscc"}
        )
    return organization


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


def complaint_statistics(*, user: Any, year: int | None = None) -> dict[str, list[dict[str, Any]]]:
    """Complaints the user may count (officers: their region subtree and their departments'), by region and
    by category: lodged, still open, closed, overdue — each row with its label for the page and export."""
    qs = restrict(Complaint.objects.all(), user, "statistics").annotate(is_overdue=_overdue())
    if year:
        qs = qs.filter(lodged_on__year=year)
    measures = {
        "total": Count("id"),
        "open": Count("id", filter=~Q(status__in=COMPLAINT_TERMINAL)),
        "closed": Count("id", filter=Q(status__in=COMPLAINT_TERMINAL)),
        "overdue": Count("id", filter=Q(is_overdue=True)),
    }
    by_region: list[dict[str, Any]] = []
    for row in qs.values("region__name", "region_id").annotate(**measures).order_by("region_id"):
        line = dict(row)
        line["label"] = line.pop("region__name")
        by_region.append(line)
    labels = dict(ComplaintCategory.choices)
    by_category = [
        {**row, "label": str(labels.get(row["category"], row["category"]))}
        for row in qs.values("category").annotate(**measures).order_by("category")
    ]
    return {"region": by_region, "category": by_category}


def event_list(*, user: Any, kind: str = "", year: int | None = None) -> QuerySet[Event]:
    qs = restrict(Event.objects.all(), user)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(held_on__year=year)
    return qs.select_related("organiser", "region")


def event_get(*, user: Any, pk: Any, action: str = "view") -> Event:
    return get_object_or_404_for(user, Event.objects.select_related("organiser", "region"), action, pk=pk)


def event_totals(*, region: Region, year: int) -> dict[str, dict[str, int]]:
    """Events and participants per kind in ``region``'s subtree and year (what the plans count)."""
    rows = (
        Event.objects.filter(region_path__startswith=region.path, held_on__year=year)
        .values("kind")
        .annotate(events=Count("id"), people=Sum("participants"))
        .order_by()
    )
    return {row["kind"]: {"events": row["events"], "participants": row["people"] or 0} for row in rows}


def event_organisers(*, user: Any) -> QuerySet[Organization]:
    """The organizations the user may record events for (their admin memberships)."""
    return Organization.objects.filter(pk__in=user_organization_ids(user, admin_only=True)).order_by("name")


def fame_candidates(*, organization: Organization) -> list[Trademark]:
    """The trademarks ``organization`` may put forward for 著名商标 (its own, from its register)."""
    return list(Trademark.objects.filter(organization=organization).order_by("registration_no"))


def trademark_of(*, organization: Organization, pk: Any) -> Trademark | None:
    """One of ``organization``'s trademarks by id (None if it is not in its register)."""
    return Trademark.objects.filter(organization=organization, pk=pk).first()


def verify_trademark(*, registration_no: str) -> Trademark | None:
    """A trademark by its registration number, for the public verification page (public registers)."""
    number = (registration_no or "").strip()
    if not number.isdigit():
        return None
    return Trademark.objects.select_related("organization").filter(registration_no=number).first()


def event_organiser(*, pk: Any) -> Organization | None:
    return Organization.objects.filter(pk=pk).first()


def officer_regions(*, user: Any) -> list[Region]:
    """The regions a user may look at as an officer (their own and the ones directly below), top first."""
    if user_is_platform_admin(user):
        top = list(Region.objects.filter(parent__isnull=True).order_by("code"))
    else:
        top = sorted({r.region for r in user_officer_roles(user)}, key=lambda r: r.path)
    out: list[Region] = []
    for region in top:
        out.append(region)
        out.extend(Region.objects.filter(parent=region).order_by("code"))
    return out


def verify_number(*, number: str, today: Any) -> dict[str, Any] | None:
    """What a certificate or trademark registration number stands for, for anyone to check: the holder,
    the title and whether it is in force today (awards and brands are public decisions)."""
    designation = (
        Designation.objects.select_related("organization").filter(certificate_no__iexact=number).first()
    )
    if designation is not None:
        in_force = designation.valid_from <= today and (
            designation.valid_to is None or designation.valid_to >= today
        )
        return {
            "kind": "designation",
            "holder": designation.organization.name,
            "title": designation.get_kind_display(),
            "issuer": designation.issuer,
            "valid_from": designation.valid_from,
            "valid_to": designation.valid_to,
            "in_force": in_force,
        }
    trademark = verify_trademark(registration_no=number)
    if trademark is not None:
        famous = trademark.fame != TrademarkFame.NONE and (
            trademark.fame_valid_until is None or trademark.fame_valid_until >= today
        )
        return {
            "kind": "trademark",
            "holder": trademark.organization.name,
            "title": f"{trademark.name}（{trademark.get_fame_display() if famous else _('注册商标')}）",
            "issuer": "",
            "valid_from": trademark.fame_since if famous else None,
            "valid_to": trademark.fame_valid_until if famous else trademark.valid_until,
            "in_force": trademark.valid_until is None or trademark.valid_until >= today,
        }
    return None
