"""Reads of the technology market.  Every selector takes the user and scopes by permission first."""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import get_object_or_404_for, restrict
from kechuang.market import search
from kechuang.market.choices import AchievementStatus, ContactStatus, ContractType, DemandStatus
from kechuang.market.models import (
    Achievement,
    Contact,
    Demand,
    EventItem,
    EventOutcome,
    EventRegistration,
    MatchmakingEvent,
    SavedSearch,
    TechContract,
)
from kechuang.matching import Hit, IndexCorruptError, MatchingError, SearchContext
from kechuang.registry.models import Expert, Industry, Organization, Region
from kechuang.registry.selectors import (
    officer_region_q,
    user_is_officer,
    user_officer_roles,
    user_organization_ids,
    user_organizations,
)

logger = logging.getLogger(__name__)

MAX_RESULTS = 200


@dataclass
class Suggestion:
    """One suggested item with the reasons the UI shows."""

    kind: str
    obj: Any
    score: float
    reasons: list[str] = field(default_factory=list)
    features: list[dict[str, Any]] = field(default_factory=list)


def explain_hit(hit: Hit, *, min_trl: int | None = None) -> list[str]:
    """Human-readable reasons (Simplified Chinese; English through gettext) for one engine hit."""
    out: list[str] = []
    if hit.explanation is None:
        return out
    for f in hit.explanation.features:
        if f.key == "terms" and f.detail:
            out.append(_("共同词语：%(terms)s") % {"terms": "、".join(f.detail[:6])})
        elif f.key == "semantic" and f.detail is not None and float(f.detail) >= 0.3:
            out.append(_("语义相近（%(v)s）") % {"v": f"{float(f.detail):.2f}"})
        elif f.key == "industry":
            out.append(_("同行业 %(code)s") % {"code": f.detail})
        elif f.key == "region" and f.score > 0:
            out.append(_("同地区"))
        elif f.key == "maturity" and f.detail:
            if min_trl and f.score < 0:
                out.append(_("TRL %(trl)s，低于要求的 %(min)s") % {"trl": f.detail, "min": min_trl})
            else:
                out.append(_("TRL %(trl)s") % {"trl": f.detail})
        elif f.key == "feedback":
            out.append(_("根据反馈调整（%(v)s）") % {"v": f"{f.score:+.2f}"})
    return out


def _search(kind: str, query: str, **kwargs: Any) -> list[Hit]:
    try:
        return search.get_index(kind).search(query, **kwargs)
    except IndexCorruptError as exc:  # logged by get_index; the operator rebuilds it (docs/operations.md)
        logger.error("search in the %r index failed: %s", kind, exc)
        raise ApplicationError(_("检索服务暂时不可用，请稍后再试或联系管理员。")) from exc
    except MatchingError as exc:
        raise ApplicationError(_("检索条件无效：%(e)s") % {"e": exc}) from exc


def _fetch(qs: QuerySet, hits: list[Hit]) -> list[tuple[Any, Hit]]:
    objs = {str(o.pk): o for o in qs.filter(pk__in=[int(h.id) for h in hits if h.id.isdigit()])}
    return [(objs[h.id], h) for h in hits if h.id in objs]


# ---------------------------------------------------------------------------------------------------------
# achievements


def achievement_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Achievement]:
    filters = filters or {}
    qs = restrict(Achievement.objects.all(), user, "view")
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("owner"):
        qs = qs.filter(owner_id=filters["owner"])
    if filters.get("mine"):
        qs = qs.filter(owner_id__in=user_organization_ids(user))
    if filters.get("maturity"):
        qs = qs.filter(maturity=filters["maturity"])
    return qs.select_related("owner", "field", "owner__region")


def achievement_public_list() -> QuerySet[Achievement]:
    return Achievement.objects.filter(status=AchievementStatus.PUBLISHED).select_related("owner", "field")


def achievement_search(
    *, user: Any, query: str, filters: dict[str, Any] | None = None, k: int = 20
) -> list[tuple[Achievement, list[str]]]:
    """Full-text + semantic search over published achievements, each with its reasons."""
    hits = _search("achievements", query, k=k, filters=filters or None)
    qs = restrict(Achievement.objects.filter(status=AchievementStatus.PUBLISHED), user, "view")
    return [(a, explain_hit(h)) for a, h in _fetch(qs.select_related("owner", "field"), hits)]


def achievement_get(*, user: Any, pk: Any, action: str = "view") -> Achievement:
    return get_object_or_404_for(user, Achievement.objects.select_related("owner", "field"), action, pk=pk)


def achievement_review_queue(*, user: Any) -> QuerySet[Achievement]:
    return restrict(
        Achievement.objects.filter(status=AchievementStatus.SUBMITTED), user, "review"
    ).select_related("owner")


# ---------------------------------------------------------------------------------------------------------
# demands


def demand_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Demand]:
    filters = filters or {}
    qs = restrict(Demand.objects.all(), user, "view")
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("mine"):
        qs = qs.filter(owner_id__in=user_organization_ids(user))
    if filters.get("bounty"):
        qs = qs.filter(is_bounty=True)
    return qs.select_related("owner", "field")


def demand_search(
    *, user: Any, query: str, filters: dict[str, Any] | None = None, k: int = 20
) -> list[tuple[Demand, list[str]]]:
    hits = _search("demands", query, k=k, filters=filters or None)
    qs = restrict(Demand.objects.filter(status=DemandStatus.OPEN), user, "view")
    return [(d, explain_hit(h)) for d, h in _fetch(qs.select_related("owner", "field"), hits)]


def demand_get(*, user: Any, pk: Any, action: str = "view") -> Demand:
    return get_object_or_404_for(user, Demand.objects.select_related("owner", "field"), action, pk=pk)


def demand_confidential_visible(*, user: Any, demand: Demand) -> bool:
    """The confidential part: the owner, and organizations whose contact the owner accepted."""
    orgs = user_organization_ids(user)
    if demand.owner_id in orgs or user_is_platform_admin(user):
        return True
    return Contact.objects.filter(demand=demand, from_org_id__in=orgs, status=ContactStatus.ACCEPTED).exists()


# ---------------------------------------------------------------------------------------------------------
# two-way matching


def demand_suggestions(*, user: Any, demand: Demand, k: int = 10) -> dict[str, list[Suggestion]]:
    """For a demand (its owner only): ranked achievements, experts and institutions, with reasons."""
    demand = demand_get(user=user, pk=demand.pk, action="suggest")
    doc = search.demand_document(demand)
    ctx = SearchContext(
        industry=doc.industry, region=doc.region, min_trl=demand.min_trl, feedback_key=f"demand:{demand.pk}"
    )
    try:
        a_hits = search.get_index("achievements").search_document(doc, k=k * 3, context=ctx)
        e_hits = search.get_index("experts").search_document(doc, k=k, context=ctx)
    except MatchingError:
        a_hits, e_hits = [], []
    achievements_qs = Achievement.objects.filter(status=AchievementStatus.PUBLISHED).exclude(
        owner=demand.owner
    )
    achievements = [
        Suggestion(
            "achievement",
            a,
            h.score,
            explain_hit(h, min_trl=demand.min_trl),
            h.explanation.as_dict() if h.explanation else [],
        )
        for a, h in _fetch(achievements_qs.select_related("owner", "field"), a_hits)
    ]

    experts = [
        Suggestion("expert", e, h.score, explain_hit(h), h.explanation.as_dict() if h.explanation else [])
        for e, h in _fetch(Expert.objects.filter(is_active=True).select_related("organization"), e_hits)
    ]
    institutions: OrderedDict[int, Suggestion] = OrderedDict()
    for s in achievements:
        org = s.obj.owner
        if org.pk not in institutions:
            institutions[org.pk] = Suggestion(
                "organization", org, s.score, [_("相关成果：%(t)s") % {"t": s.obj.title}]
            )
        elif len(institutions[org.pk].reasons) < 3:
            institutions[org.pk].reasons.append(_("相关成果：%(t)s") % {"t": s.obj.title})
    return {
        "achievements": achievements[:k],
        "experts": experts[:k],
        "institutions": list(institutions.values())[:k],
    }


def achievement_suggestions(
    *, user: Any, achievement: Achievement, k: int = 10
) -> dict[str, list[Suggestion]]:
    """For an achievement (its owner only): open demands and enterprises likely to need it."""
    achievement = achievement_get(user=user, pk=achievement.pk, action="change")
    doc = search.achievement_document(achievement)
    ctx = SearchContext(
        industry=doc.industry, region=doc.region, feedback_key=f"achievement:{achievement.pk}"
    )
    try:
        d_hits = search.get_index("demands").search_document(doc, k=k * 2, context=ctx)
    except MatchingError:
        d_hits = []
    demands = [
        Suggestion("demand", d, h.score, explain_hit(h), h.explanation.as_dict() if h.explanation else [])
        for d, h in _fetch(
            Demand.objects.filter(status=DemandStatus.OPEN)
            .exclude(owner=achievement.owner)
            .select_related("owner"),
            d_hits,
        )
    ]
    enterprises: OrderedDict[int, Suggestion] = OrderedDict()
    for s in demands:
        org = s.obj.owner
        if org.pk not in enterprises:
            enterprises[org.pk] = Suggestion(
                "organization", org, s.score, [_("相关需求：%(t)s") % {"t": s.obj.title}]
            )
    if achievement.field is not None and len(enterprises) < k:
        division = achievement.field.code_with_section[:3]
        same_industry = (
            Organization.objects.filter(kind="enterprise", industry__code_with_section__startswith=division)
            .exclude(pk=achievement.owner_id)
            .exclude(pk__in=list(enterprises))
            .order_by("-pk")[: k - len(enterprises)]
        )
        for org in same_industry:
            reasons = [_("同行业 %(code)s") % {"code": division}]
            if org.region_path[:2] == achievement.owner.region_path[:2]:
                reasons.append(_("同地区"))
            enterprises[org.pk] = Suggestion("organization", org, 0.0, reasons)
    return {"demands": demands[:k], "enterprises": list(enterprises.values())[:k]}


# ---------------------------------------------------------------------------------------------------------
# contacts, events, contracts, saved searches


def contact_list(*, user: Any) -> QuerySet[Contact]:
    return restrict(Contact.objects.all(), user, "view").select_related(
        "from_org", "to_org", "achievement", "demand"
    )


def contact_get(*, user: Any, pk: Any) -> Contact:
    return get_object_or_404_for(
        user, Contact.objects.select_related("from_org", "to_org", "achievement", "demand"), "view", pk=pk
    )


def event_list(*, user: Any) -> QuerySet[MatchmakingEvent]:
    """Published events (public) and the drafts the user manages."""
    return restrict(MatchmakingEvent.objects.all(), user, "view").select_related("organizer", "region")


def event_get(*, user: Any, pk: Any, action: str = "view") -> MatchmakingEvent:
    return get_object_or_404_for(
        user, MatchmakingEvent.objects.select_related("organizer", "region"), action, pk=pk
    )


def event_items(*, event: MatchmakingEvent) -> QuerySet[EventItem]:
    return event.items.select_related("achievement__owner", "demand__owner")


def event_registrations(*, event: MatchmakingEvent) -> QuerySet[EventRegistration]:
    return event.registrations.select_related("organization", "organization__region", "user").order_by("id")


def event_outcomes(*, event: MatchmakingEvent) -> QuerySet[EventOutcome]:
    return event.outcomes.select_related(
        "seller", "buyer", "item__achievement", "item__demand", "contract"
    ).order_by("id")


def event_item_candidates(
    *, user: Any, event: MatchmakingEvent, query: str, k: int = 20
) -> list[tuple[str, Any]]:
    """Published achievements and open demands matching ``query`` that the event does not show yet."""
    shown_a = set(event.items.values_list("achievement_id", flat=True))
    shown_d = set(event.items.values_list("demand_id", flat=True))
    out: list[tuple[str, Any]] = [
        ("achievement", a) for a, _r in achievement_search(user=user, query=query, k=k) if a.pk not in shown_a
    ]
    out += [("demand", d) for d, _r in demand_search(user=user, query=query, k=k) if d.pk not in shown_d]
    return out


def event_party_choices(*, event: MatchmakingEvent) -> list[Organization]:
    """Organizations an outcome can name: the organizer, the registered ones and the owners of the items."""
    ids = {event.organizer_id}
    ids |= set(event.registrations.values_list("organization_id", flat=True))
    for a_owner, d_owner in event.items.values_list("achievement__owner_id", "demand__owner_id"):
        ids |= {x for x in (a_owner, d_owner) if x}
    return list(Organization.objects.filter(pk__in=ids).order_by("name"))


def event_outcome_get(*, user: Any, pk: Any) -> EventOutcome:
    """An outcome of an event the user may see (outcomes are shown on the event's page)."""
    return get_object_or_404_for(
        user,
        EventOutcome.objects.select_related(
            "event", "seller", "buyer", "item__achievement", "item__demand", "contract"
        ),
        "view",
        pk=pk,
    )


def event_registration_get(*, user: Any, event: MatchmakingEvent, organization_id: Any) -> EventRegistration:
    """The registration of one of the user's own organizations (others: 404)."""
    return get_object_or_404_for(
        user,
        EventRegistration.objects.filter(event=event).select_related("organization", "event"),
        "cancel",
        organization_id=organization_id,
    )


def organizer_choices(*, user: Any, limit: int = 200) -> list[Organization]:
    """Organizations the user may name as an event's organizer: their own, and for officers the
    universities, institutes, intermediaries and departments of their region subtree."""
    own = list(user_organizations(user))
    if user_is_platform_admin(user) or user_is_officer(user):
        qs = Organization.objects.filter(
            kind__in=["university", "institute", "intermediary", "park_operator", "government"]
        )
        if not user_is_platform_admin(user):
            qs = qs.filter(officer_region_q(user, "region_path"))
        own += [o for o in qs.order_by("name")[:limit] if o not in own]
    return own


def event_region_choices(*, user: Any) -> QuerySet[Region]:
    """Regions offered for an event: officers' subtrees and the provinces of the user's organizations."""
    qs = Region.objects.all()
    if not user_is_platform_admin(user):
        q = officer_region_q(user, "path")
        for org in user_organizations(user):
            q |= Q(path__startswith=org.region_path[:7])
        qs = qs.filter(q)
    return qs.order_by("code")


def contract_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[TechContract]:
    filters = filters or {}
    qs = restrict(TechContract.objects.all(), user, "view")
    if filters.get("contract_type"):
        qs = qs.filter(contract_type=filters["contract_type"])
    if filters.get("year"):
        qs = qs.filter(signed_on__year=filters["year"])
    return qs.select_related("seller", "buyer", "region", "field")


def contract_statistics(
    *, user: Any, filters: dict[str, Any] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Counts, contract amounts and technology-transaction amounts by region, field and type."""
    qs = contract_list(user=user, filters=filters)

    def group(key: str, label: str) -> list[dict[str, Any]]:
        rows = qs.values(key, label).annotate(
            n=Count("id"), amount=Sum("amount"), tech_amount=Sum("tech_amount")
        )
        return [
            {
                "key": r[key],
                "label": r[label] or _("未填写"),
                "count": r["n"],
                "amount": r["amount"],
                "tech_amount": r["tech_amount"],
            }
            for r in rows.order_by("-tech_amount")
        ]

    by_type = [
        {
            **row,
            "label": dict(TechContract._meta.get_field("contract_type").flatchoices).get(
                row["key"], row["key"]
            ),
        }
        for row in group("contract_type", "contract_type")
    ]
    return {
        "by_region": group("region_id", "region__name"),
        "by_field": group("field__code_with_section", "field__name"),
        "by_type": by_type,
    }


def saved_search_list(*, user: Any) -> QuerySet[SavedSearch]:
    return restrict(SavedSearch.objects.all(), user, "view")


def my_market_summary(*, user: Any) -> dict[str, Any]:
    orgs = user_organization_ids(user)
    return {
        "achievements": Achievement.objects.filter(owner_id__in=orgs).count(),
        "demands": Demand.objects.filter(owner_id__in=orgs).count(),
        "contacts_pending": Contact.objects.filter(to_org_id__in=orgs, status=ContactStatus.PENDING).count(),
        "contacts": Contact.objects.filter(Q(from_org_id__in=orgs) | Q(to_org_id__in=orgs)).count(),
    }


# ---------------------------------------------------------------------------------------------------------
# contract statistics with the region tree rolled up


@dataclass
class StatRow:
    """One line of a statistics table: amounts in 元 (pages show 万元)."""

    key: str
    label: str
    count: int = 0
    amount: Decimal = Decimal(0)
    tech_amount: Decimal = Decimal(0)
    drill: str = ""  # a region code to drill into, when the region has subdivisions

    def add(self, count: int, amount: Decimal | None, tech_amount: Decimal | None) -> None:
        self.count += count
        self.amount += amount or 0
        self.tech_amount += tech_amount or 0


def contract_statistics_roots(*, user: Any) -> list[Region]:
    """Where the user's statistics start: the officer's regions (outermost only); platform admins the
    provinces that have contracts."""
    if user_is_platform_admin(user):
        paths = TechContract.objects.values_list("region_path", flat=True).distinct()
        codes = sorted({p[:6] for p in paths})
        return list(Region.objects.filter(code__in=codes).order_by("code"))
    regions = sorted({r.region for r in user_officer_roles(user)}, key=lambda r: r.path)
    return [r for r in regions if not any(r.path != o.path and r.path.startswith(o.path) for o in regions)]


def contract_statistics_rollup(
    *, user: Any, region_code: str = "", filters: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Contracts of the user's region subtree by region (one line per direct subdivision of ``region``,
    rolled up, plus the region's own level), by field (GB/T 4754 section) and by type.

    Officers see their region subtree only; a region outside it is a 404.
    """
    roots = contract_statistics_roots(user=user)
    if region_code:
        region = Region.objects.filter(code=region_code).first()
        if region is None or not any(region.path.startswith(r.path) for r in roots):
            raise Http404(_("对象不存在或无权访问。"))
    elif len(roots) == 1:
        region = roots[0]
    else:
        region = None
    filters = filters or {}
    qs = restrict(TechContract.objects.all(), user, "statistics")
    if filters.get("contract_type"):
        qs = qs.filter(contract_type=filters["contract_type"])
    if str(filters.get("year", "")).isdigit():
        qs = qs.filter(signed_on__year=int(filters["year"]))
    if region is not None:
        qs = qs.filter(region_path__startswith=region.path)

    # by region: the direct subdivisions (or the roots when there are several), each rolled up
    parts = list(region.children.order_by("code")) if region is not None else roots
    grandchildren = set(Region.objects.filter(parent__in=parts).values_list("parent_id", flat=True))
    rows = {p.path: StatRow(p.code, p.name, drill=p.code if p.code in grandchildren else "") for p in parts}
    own_level = StatRow(region.code, _("%(name)s本级") % {"name": region.name}) if region else None
    totals = StatRow("", _("合计"))
    grouped = qs.values("region_path").annotate(n=Count("id"), a=Sum("amount"), t=Sum("tech_amount"))
    for g in grouped:
        totals.add(g["n"], g["a"], g["t"])
        target = next((row for path, row in rows.items() if g["region_path"].startswith(path)), None)
        if target is None and own_level is not None:
            target = own_level
        if target is not None:
            target.add(g["n"], g["a"], g["t"])
    by_region = [r for r in rows.values() if r.count]
    by_region.sort(key=lambda r: (-r.tech_amount, r.key))
    if own_level is not None and own_level.count:
        by_region.append(own_level)

    # by field: the GB/T 4754 section (门类) of the contract's technical field
    sections = dict(Industry.objects.filter(level="section").values_list("code", "name"))
    by_field_map: dict[str, StatRow] = {}
    for g in qs.values("field__code_with_section").annotate(
        n=Count("id"), a=Sum("amount"), t=Sum("tech_amount")
    ):
        code = (g["field__code_with_section"] or "")[:1]
        row = by_field_map.setdefault(
            code, StatRow(code, f"{code} {sections.get(code, '')}".strip() if code else _("未填写"))
        )
        row.add(g["n"], g["a"], g["t"])
    by_field = sorted(by_field_map.values(), key=lambda r: (-r.tech_amount, r.key))

    labels = dict(ContractType.choices)
    by_type = [
        StatRow(
            g["contract_type"],
            str(labels.get(g["contract_type"], g["contract_type"])),
            g["n"],
            g["a"],
            g["t"],
        )
        for g in qs.values("contract_type").annotate(n=Count("id"), a=Sum("amount"), t=Sum("tech_amount"))
    ]
    by_type.sort(key=lambda r: (-r.tech_amount, r.key))
    up = region.parent if region is not None and region not in roots else None
    return {
        "region": region,
        "up": up,
        "roots": roots,
        "by_region": by_region,
        "by_field": by_field,
        "by_type": by_type,
        "total": totals,
    }


def expert_of_user(*, user: Any) -> Any:
    """The user's own entry in the expert pool (404 when the user is not an expert)."""
    expert = (
        Expert.objects.filter(user=user).select_related("organization").first()
        if user.is_authenticated
        else None
    )
    if expert is None:
        raise Http404(_("对象不存在或无权访问。"))
    return expert


def expert_of_user_exists(*, user: Any) -> bool:
    return bool(user.is_authenticated) and Expert.objects.filter(user=user).exists()
