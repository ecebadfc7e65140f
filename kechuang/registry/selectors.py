"""Reads of the registry. Every list starts from what the user may see.

The second half answers who a user is in the directory — officer of which departments and regions,
member of which organizations, review expert — and reads memberships, invitations and the expert pool.
Every app's permission rules build on these role helpers."""

# Page and keyset_page are re-exported for views: ``selectors.Page``.

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_platform_admin, user_is_signed_in
from kechuang.core.pagination import Page, keyset_page
from kechuang.core.permissions import can, get_object_or_404_for, restrict
from kechuang.core.text import normalize_for_search
from kechuang.registry import industry_aliases
from kechuang.registry.choices import MembershipRole, OrganizationKind, VerificationStatus
from kechuang.registry.models import (
    Department,
    Designation,
    Expert,
    ExpertConflict,
    ExpertCooperation,
    Industry,
    Invitation,
    Membership,
    OfficerAssignment,
    Organization,
    Park,
    ParkMembership,
    Region,
    YearlyStatistics,
)


@dataclass(frozen=True)
class OrganizationFilters:
    q: str = ""
    kind: str = ""
    region: str = ""
    industry: str = ""
    size: str = ""
    verification_status: str = ""
    designation: str = ""
    park: int | None = None


def organization_list(*, user: Any, filters: OrganizationFilters | None = None) -> QuerySet[Organization]:
    """Organizations the user may see, filtered; newest first. Region and industry filters include subtrees."""
    f = filters or OrganizationFilters()
    qs = restrict(Organization.objects.all(), user, "view")
    if f.q:
        code = f.q.strip().upper()
        if len(code) == 18 and code.isascii() and code.isalnum():
            # A whole 统一社会信用代码: the unique index answers at once (a substring search scans every row).
            qs = qs.filter(uscc=code)
        else:
            qs = qs.filter(search_text__contains=normalize_for_search(f.q))
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.region:
        region = Region.objects.filter(code=f.region).only("path").first()
        qs = qs.filter(region_path__startswith=region.path) if region else qs.none()
    if f.industry:
        industry = (
            Industry.objects.filter(Q(code=f.industry) | Q(code_with_section=f.industry)).only("path").first()
        )
        qs = qs.filter(industry__path__startswith=industry.path) if industry else qs.none()
    if f.size:
        qs = qs.filter(size=f.size)
    if f.verification_status:
        qs = qs.filter(verification_status=f.verification_status)
    if f.designation:
        # Currently held designations only; a subquery keeps rows unique without DISTINCT.
        today = timezone.localdate()
        holders = Designation.objects.filter(kind=f.designation).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=today)
        )
        qs = qs.filter(pk__in=holders.values("organization_id"))
    if f.park:
        qs = qs.filter(park_memberships__park_id=f.park)
    return qs.select_related("region", "industry").order_by("-id")


# What a list row shows: loading only these keeps the per-row cost (type conversion) small.
LIST_COLUMNS = (
    "id",
    "name",
    "uscc",
    "kind",
    "size",
    "verification_status",
    "region__code",
    "region__name",
    "region__parent_id",
    "region__parent__code",
    "region__parent__name",
    "region__parent__parent_id",
    "region__parent__parent__code",
    "region__parent__parent__name",
    "region__parent__parent__parent_id",
    "industry__code",
    "industry__code_with_section",
    "industry__name",
)


def organization_page(
    *,
    user: Any,
    filters: OrganizationFilters | None = None,
    queryset: QuerySet[Organization] | None = None,
    after: int | None = None,
    before: int | None = None,
    size: int = 50,
) -> Page:
    """A page of the organization list with region ancestry, industry and current designations loaded.

    Two queries whatever ``size`` is: the rows (with joins) and the designations. Pass ``queryset`` (from
    :func:`organization_list`, already scoped) to reuse it for a count without resolving filters twice.
    """
    today = timezone.localdate()
    base = queryset if queryset is not None else organization_list(user=user, filters=filters)
    current = Designation.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    qs = (
        base.select_related("region__parent__parent", "industry")
        .only(*LIST_COLUMNS)
        .prefetch_related(
            Prefetch(
                "designations",
                queryset=current.only("id", "organization_id", "kind").order_by("kind"),
                to_attr="current_designations",
            )
        )
    )
    return keyset_page(qs, after=after, before=before, size=size)


def organization_get(*, user: Any, pk: Any, action: str = "view") -> Organization:
    return get_object_or_404_for(
        user,
        Organization.objects.select_related("region__parent__parent", "industry", "verified_by"),
        action,
        pk=pk,
    )


def organization_get_for(*, user: Any, pk: Any, action: str) -> Organization:
    """The organization for an action: 404 if the user cannot see it (hidden and missing alike), 403 if
    they can see it but may not do ``action`` (a member asking to edit, an organization asking to verify)."""
    org = organization_get(user=user, pk=pk)
    if action != "view" and not can(user, org, action):
        raise PermissionDenied(_("您无权对该主体执行此操作。"))
    return org


def organization_statistics(*, organization: Organization) -> QuerySet[YearlyStatistics]:
    return organization.statistics.order_by("-year")


def statistics_latest(*, organization: Organization) -> YearlyStatistics | None:
    return organization.statistics.order_by("-year").first()


def organization_with_uscc(*, uscc: str) -> Organization | None:
    """Any organization by its 统一社会信用代码, without a permission check — for naming one that is not
    the user's (a complaint's subject, a nominee): directory identities are public. None when none."""
    code = (uscc or "").strip().upper()
    return Organization.objects.filter(uscc=code).first() if code else None


def organization_by_uscc(*, user: Any, uscc: str, action: str = "view") -> Organization | None:
    """The organization with this code if the user may act on it, else None (missing and hidden alike)."""
    code = (uscc or "").strip().upper()
    if not code:
        return None
    return restrict(Organization.objects.filter(uscc=code), user, action).first()


def verification_queue(*, user: Any) -> QuerySet[Organization]:
    """Self-registered organizations waiting for this officer's check, oldest first."""
    return (
        restrict(Organization.objects.filter(verification_status=VerificationStatus.PENDING), user, "verify")
        .select_related("region__parent__parent", "industry")
        .order_by("id")
    )


def organization_designations(*, organization: Organization) -> QuerySet[Designation]:
    return organization.designations.order_by("-valid_from", "kind")


def organization_parks(*, organization: Organization) -> QuerySet[ParkMembership]:
    return organization.park_memberships.select_related("park").order_by("park__name")


def park_list(*, user: Any, region: str = "", level: str = "", kind: str = "") -> QuerySet[Park]:
    """Parks (public reference data), optionally in a region subtree, of a level or kind."""
    qs = restrict(Park.objects.all(), user, "view")
    if region:
        found = Region.objects.filter(code=region).only("path").first()
        qs = qs.filter(region__path__startswith=found.path) if found else qs.none()
    if level:
        qs = qs.filter(level=level)
    if kind:
        qs = qs.filter(kind=kind)
    return (
        qs.select_related("region__parent__parent")
        .annotate(member_count=Count("memberships"))
        .order_by("name")
    )


def park_choices(*, user: Any) -> list[tuple[int, str]]:
    return list(restrict(Park.objects.all(), user, "view").order_by("name").values_list("id", "name"))


def park_get(*, user: Any, pk: Any, action: str = "view") -> Park:
    return get_object_or_404_for(
        user, Park.objects.select_related("region__parent__parent", "operator"), action, pk=pk
    )


def park_members(*, user: Any, park: Park) -> QuerySet[Organization]:
    """Organizations in the park that the user may see."""
    return organization_list(user=user, filters=OrganizationFilters(park=park.pk))


def _by_level(levels: list[str]) -> Case:
    """Order by hierarchy depth (province before county), not by the level names' alphabetical order."""
    return Case(*(When(level=lv, then=Value(i)) for i, lv in enumerate(levels)), default=Value(len(levels)))


def region_search(*, q: str, limit: int = 20) -> QuerySet[Region]:
    """Regions by code prefix, name, or pinyin initials (``ccs`` → 长春市)."""
    text = (q or "").strip()
    qs = Region.objects.all()
    if not text:
        return qs.filter(level="province")[:limit]
    if text.isdigit():
        return qs.filter(code__startswith=text)[:limit]
    order = _by_level(["province", "prefecture", "county"])
    if text.isascii():
        return qs.filter(pinyin_initials__startswith=text.lower()).order_by(order, "code")[:limit]
    name = normalize_for_search(text)
    exact = Case(When(Q(name=name) | Q(full_name=name), then=Value(0)), default=Value(1))
    return qs.filter(Q(name__contains=name) | Q(full_name__contains=name)).order_by(exact, order, "code")[
        :limit
    ]


def industry_search(*, q: str, limit: int = 20) -> list[Industry]:
    """Industries by code (``C33``, ``3311``), pinyin initials, or a part of the name — then the divisions
    the text names through the search words (光电 → 39 计算机、通信和其他电子设备制造业, 40 仪器仪表制造业:
    :mod:`kechuang.registry.industry_aliases`); those carry ``matched_aliases`` (the words, shown as the
    reason), the others an empty list."""
    text = (q or "").strip()
    qs = Industry.objects.all()
    if not text:
        return _no_aliases(qs.filter(level="section")[:limit])
    upper = text.upper()
    if upper[:1].isalpha() and upper[1:].isdigit() and upper.isascii() and len(upper) > 1:
        return _no_aliases(qs.filter(code_with_section__startswith=upper)[:limit])
    if text.isdigit():
        return _no_aliases(qs.filter(code__startswith=text).order_by("code")[:limit])
    order = _by_level(["section", "division", "group", "class"])
    if text.isascii():
        return _no_aliases(
            qs.filter(pinyin_initials__startswith=text.lower()).order_by(order, "code")[:limit]
        )
    name = normalize_for_search(text)
    exact = Case(When(name=name, then=Value(0)), default=Value(1))
    found = _no_aliases(qs.filter(name__contains=name).order_by(exact, order, "code")[:limit])
    by_alias = industry_aliases.divisions_for(text)
    shown = {i.code for i in found}
    wanted = [code for code in by_alias if code not in shown][: max(limit - len(found), 0)]
    divisions = Industry.objects.in_bulk(wanted)
    for code in wanted:
        if code in divisions:
            division = divisions[code]
            division.matched_aliases = by_alias[code]  # type: ignore[attr-defined]
            found.append(division)
    return found


def _no_aliases(industries: Iterable[Industry]) -> list[Industry]:
    out = list(industries)
    for industry in out:
        industry.matched_aliases = []  # type: ignore[attr-defined]
    return out


def department_list(
    *, user: Any, region: str = "", kind: str = "", subtree: bool = False
) -> QuerySet[Department]:
    """Government departments, by region (exactly, or with ``subtree`` every region below) and kind."""
    qs = restrict(Department.objects.all(), user, "view").select_related("region")
    if region:
        if subtree:
            found = Region.objects.filter(code=region).only("path").first()
            qs = qs.filter(region__path__startswith=found.path) if found else qs.none()
        else:
            qs = qs.filter(region_id=region)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def region_get(*, code: str) -> Region:
    region = Region.objects.select_related("parent").filter(code=code).first()
    if region is None:
        raise Http404(_("行政区划代码“%(code)s”不存在。") % {"code": code})
    return region


def region_children(*, region: Region) -> QuerySet[Region]:
    return Region.objects.filter(parent=region).order_by("code")


def industry_get(*, code: str) -> Industry:
    text = (code or "").strip().upper()
    industry = (
        Industry.objects.select_related("parent").filter(Q(code=text) | Q(code_with_section=text)).first()
    )
    if industry is None:
        raise Http404(_("国民经济行业代码“%(code)s”不存在。") % {"code": code})
    return industry


def industry_children(*, industry: Industry) -> QuerySet[Industry]:
    return Industry.objects.filter(parent=industry).order_by("code_with_section")


# ---------------------------------------------------------------------------------------------------------
# Who the user is in the directory (cached on the user object for the request)


def user_officer_roles(user: Any) -> list[OfficerAssignment]:
    """The departments the user serves, each with its region subtree (cached on the user object)."""
    if not user_is_signed_in(user):
        return []
    cached = getattr(user, "_officer_roles", None)
    if cached is None:
        cached = list(
            OfficerAssignment.objects.filter(user=user, ended_on__isnull=True).select_related(
                "department", "region", "department__region"
            )
        )
        user._officer_roles = cached
    return cached


def user_is_officer(user: Any) -> bool:
    return bool(user_officer_roles(user))


def user_memberships(user: Any) -> list[Membership]:
    if not user_is_signed_in(user):
        return []
    cached = getattr(user, "_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("organization"))
        user._memberships = cached
    return cached


def user_organization_ids(user: Any, *, admin_only: bool = False) -> list[int]:
    return [
        m.organization_id for m in user_memberships(user) if not admin_only or m.role == MembershipRole.ADMIN
    ]


def reports_yearly_statistics(organization: Organization) -> bool:
    """Whether the organization files yearly figures (营业收入, 研发费用 …): a government department (a county
    science bureau acting as a recommending unit) does not, so nobody asks it to."""
    return organization.kind != OrganizationKind.GOVERNMENT


def user_organizations(user: Any, *, admin_only: bool = False) -> list[Organization]:
    return [
        m.organization for m in user_memberships(user) if not admin_only or m.role == MembershipRole.ADMIN
    ]


def officer_region_q(
    user: Any, field: str = "region_path", *, department_kinds: list[str] | None = None
) -> Q:
    """A filter matching rows whose ``field`` (a region path) lies in one of the user's region subtrees.

    With ``department_kinds``, only assignments in departments of those kinds count. No role → matches nothing.
    """
    q = Q(pk__in=[])
    for role in user_officer_roles(user):
        if department_kinds is not None and role.department.kind not in department_kinds:
            continue
        q |= Q(**{f"{field}__startswith": role.region.path})
    return q


def officer_serves(user: Any, path: str) -> bool:
    """Whether ``path`` (a region path) lies in one of the region subtrees the user serves as an officer."""
    return any(path.startswith(r.region.path) for r in user_officer_roles(user))


def officer_department_region_q(user: Any, *, department_field: str, region_field: str) -> Q:
    """A filter matching rows of a department the user serves in whose ``region_field`` (a region path)
    lies in the subtree the user serves that department for (one appointment covers both). No role → none."""
    q = Q(pk__in=[])
    for role in user_officer_roles(user):
        q |= Q(**{department_field: role.department_id, f"{region_field}__startswith": role.region.path})
    return q


def officer_department_ids(user: Any) -> list[int]:
    return [role.department_id for role in user_officer_roles(user)]


def expert_for_user(*, user: Any) -> Expert | None:
    """The user's active entry in the expert pool, or None.

    The signed-in user of a page comes with it already (``kechuang.registry.auth.DirectoryBackend`` loads
    it in the same query); any other user object costs one query, then Django caches the relation.
    """
    if not user_is_signed_in(user):
        return None
    try:
        expert = user.expert_profile
    except Expert.DoesNotExist:
        return None
    return expert if expert.is_active else None


def user_is_expert(user: Any) -> bool:
    """Whether the user is a review expert: an active entry in the expert pool (stored nowhere else)."""
    return expert_for_user(user=user) is not None


def user_role_labels(user: Any) -> list[str]:
    """Human-readable roles for the header and the home page."""
    labels: list[str] = []
    if user_is_platform_admin(user):
        labels.append(_("平台管理员"))
    labels += [str(role.department) for role in user_officer_roles(user)]
    labels += [
        _("%(org)s（%(role)s）") % {"org": m.organization.name, "role": m.get_role_display()}
        for m in user_memberships(user)
    ]
    if user_is_expert(user):
        labels.append(_("评审专家"))
    return labels


# ---------------------------------------------------------------------------------------------------------
# Members and invitations


def membership_list(*, organization: Organization) -> QuerySet[Membership]:
    return Membership.objects.filter(organization=organization).select_related("user").order_by("role", "id")


def invitation_list(*, user: Any, organization: Organization) -> QuerySet[Invitation]:
    """Invitations of an organization that the user manages (others: none), newest first."""
    return (
        restrict(Invitation.objects.filter(organization=organization), user, "view")
        .select_related("invited_by", "accepted_by")
        .order_by("-id")
    )


def invitation_by_token(*, token: str) -> Invitation | None:
    """The invitation carrying this token (the token is the secret), or None."""
    if not token or len(token) > 64:
        return None
    return Invitation.objects.select_related("organization", "invited_by").filter(token=token).first()


def invitations_for_user(*, user: Any) -> list[Invitation]:
    """Open invitations addressed to the user's email (shown on the home page of users without a role)."""
    if not user_is_signed_in(user) or not user.email:
        return []
    return list(
        Invitation.objects.filter(
            email__iexact=user.email, accepted_at__isnull=True, expires_at__gt=timezone.now()
        ).select_related("organization")[:10]
    )


# ---------------------------------------------------------------------------------------------------------
# The expert pool (read by review to assign experts and by the market to suggest them)


def expert_pool() -> QuerySet[Expert]:
    """Every active expert: the pool panels draw from."""
    return Expert.objects.filter(is_active=True)


def experts_by_id(*, ids: Any) -> QuerySet[Expert]:
    """These experts, active or not (e.g. those already assigned to a panel)."""
    return Expert.objects.filter(pk__in=ids)


def expert_declared_conflicts(*, experts: Any) -> dict[int, set[int]]:
    """Expert id → ids of the organizations the expert declared a conflict of interest with."""
    conflicts: dict[int, set[int]] = {}
    for expert_id, org_id in ExpertConflict.objects.filter(expert__in=experts).values_list(
        "expert_id", "organization_id"
    ):
        conflicts.setdefault(expert_id, set()).add(org_id)
    return conflicts


def expert_cooperations(*, experts: Any) -> dict[int, list[ExpertCooperation]]:
    """Expert id → the expert's past co-operations (organization and date only)."""
    coops: dict[int, list[ExpertCooperation]] = {}
    for c in ExpertCooperation.objects.filter(expert__in=experts).only(
        "expert_id", "organization_id", "occurred_on"
    ):
        coops.setdefault(c.expert_id, []).append(c)
    return coops
