"""Reads of the technology market.  Every selector takes the user and scopes by permission first."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_platform_admin, user_organization_ids
from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import get_object_or_404_for, restrict
from kechuang.market import search
from kechuang.market.choices import AchievementStatus, ContactStatus, DemandStatus
from kechuang.market.models import (
    Achievement,
    Contact,
    Demand,
    MatchmakingEvent,
    SavedSearch,
    TechContract,
)
from kechuang.matching import Hit, MatchingError, SearchContext
from kechuang.registry.models import Organization

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
    from kechuang.review.models import Expert

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
    return restrict(MatchmakingEvent.objects.all(), user, "view").select_related("organizer", "region")


def event_get(*, user: Any, pk: Any) -> MatchmakingEvent:
    return get_object_or_404_for(
        user, MatchmakingEvent.objects.select_related("organizer", "region"), "view", pk=pk
    )


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
