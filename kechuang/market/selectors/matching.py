"""Search and two-way matching: the engine's hits turned into rows the user may see, with the reasons
the UI shows (Simplified Chinese; English through gettext)."""

from __future__ import annotations

import itertools
import logging
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import restrict
from kechuang.core.text import is_latin_query
from kechuang.market import search
from kechuang.market.choices import AchievementStatus, DemandStatus
from kechuang.market.models import Achievement, Demand
from kechuang.market.selectors.listings import achievement_get, demand_get
from kechuang.matching import Hit, IndexCorruptError, MatchingError, SearchContext, compare
from kechuang.registry.models import Expert, Industry, Organization

logger = logging.getLogger(__name__)


@dataclass
class Suggestion:
    """One suggested item with the reasons the UI shows."""

    kind: str
    obj: Any
    score: float
    reasons: list[str] = field(default_factory=list)
    features: list[dict[str, Any]] = field(default_factory=list)
    previous_id: int | None = None  # the suggestion just above (for "why is this one below that one")


# Words too general to show as a reason or to match an expert on: every demand mentions some of them.
GENERIC_TERMS = frozenset(
    [
        "材料",
        "技术",
        "系统",
        "方法",
        "设备",
        "工艺",
        "应用",
        "研究",
        "开发",
        "产品",
        "生产",
        "制造",
        "装置",
        "工程",
        "设计",
        "管理",
        "服务",
        "平台",
        "控制",
        "检测",
        "质量",
        "性能",
        "新型",
        "智能",
        "创新",
        "需求",
        "企业",
        "项目",
        "提高",
        "提升",
        "解决",
        "实现",
        "优化",
        "改进",
        "关键",
        "结构",
        "处理",
        "数据",
        "信息",
        "成本",
        "效率",
        "工作",
        "行业",
        "领域",
        "合作",
        "转化",
        "成果",
        "专家",
        "单位",
        "推广",
        "建设",
        "发展",
        "相关",
        "一种",
        "基于",
    ]
)


def specific_terms(hit: Hit) -> list[str]:
    """The shared whole terms of a hit without the generic ones."""
    feat = hit.explanation.get("terms") if hit.explanation else None
    return [t for t in (feat.detail or []) if t not in GENERIC_TERMS] if feat else []


def substantive(hit: Hit) -> bool:
    """Whether a hit shares something specific with the query: two specific terms, or one of three or
    more characters (``激光器``), not a single field word such as ``材料``."""
    terms = specific_terms(hit)
    return len(terms) >= 2 or any(len(t) >= 3 for t in terms)


def on_topic(hit: Hit) -> bool:
    """Whether a suggested listing is worth showing: something specific shared, or clearly close in
    content, or in the same field — not a lone generic word (技术, 材料)."""
    if substantive(hit) or hit.explanation is None:
        return True
    sem = hit.explanation.get("semantic")
    if sem is not None and sem.detail is not None and float(sem.detail) >= 0.3:
        return True
    return hit.explanation.get("field") is not None


_INDUSTRY_NAMES: dict[str, str] = {}


def industry_name(code: str) -> str:
    """An industry code as the engine gives it (``C39``, ``C``, ``C3911``) by its name, the code kept in
    brackets; the reference table is read once per process (it does not change while the site runs)."""
    if not _INDUSTRY_NAMES:
        _INDUSTRY_NAMES.update(Industry.objects.values_list("code_with_section", "name"))
    name = _INDUSTRY_NAMES.get(code.upper()) or _INDUSTRY_NAMES.get(code.upper()[:3])
    return f"{name}（{code}）" if name else code


def explain_hit(hit: Hit, *, min_trl: int | None = None) -> list[str]:
    """Human-readable reasons (Simplified Chinese; English through gettext) for one engine hit: the
    whole terms both share, the field both sit in, closeness of content — plain phrases, no scores."""
    out: list[str] = []
    if hit.explanation is None:
        return out
    for f in hit.explanation.features:
        if f.key == "terms" and f.detail:
            terms = specific_terms(hit) or list(f.detail)
            out.append(_("共同词语：%(terms)s") % {"terms": "、".join(terms[:6])})
        elif f.key == "related" and f.detail:
            out.append(_("相近词语：%(terms)s") % {"terms": "、".join(list(f.detail)[:6])})
        elif f.key == "field" and f.detail:
            out.append(_("同属领域：%(field)s") % {"field": f.detail})
        elif f.key == "semantic" and f.detail is not None and float(f.detail) >= 0.3:
            out.append(_("内容高度相近") if float(f.detail) >= 0.6 else _("内容相近"))
        elif f.key == "industry":
            out.append(_("同行业：%(name)s") % {"name": industry_name(str(f.detail))})
        elif f.key == "region" and f.score > 0:
            out.append(_("同地区"))
        elif f.key == "maturity" and f.detail:
            if min_trl and f.score < 0:
                out.append(
                    _("技术成熟度 %(trl)s 级，低于要求的 %(min)s 级") % {"trl": f.detail, "min": min_trl}
                )
            else:
                out.append(_("技术成熟度 %(trl)s 级") % {"trl": f.detail})
        elif f.key == "feedback":
            out.append(_("已按反馈调高排序") if f.score > 0 else _("已按反馈调低排序"))
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


def _suggest(kind: str, qs: QuerySet, hits: list[Hit], *, min_trl: int | None = None) -> list[Suggestion]:
    return [
        Suggestion(
            kind,
            obj,
            h.score,
            explain_hit(h, min_trl=min_trl),
            h.explanation.as_dict() if h.explanation else [],
        )
        for obj, h in _fetch(qs, hits)
    ]


def _owners(suggestions: list[Suggestion], label: str, *, max_reasons: int) -> OrderedDict[int, Suggestion]:
    """The owners of suggested listings, best first, each with up to ``max_reasons`` of its listings."""
    owners: OrderedDict[int, Suggestion] = OrderedDict()
    for s in suggestions:
        org = s.obj.owner
        reason = label % {"t": s.obj.title}
        if org.pk not in owners:
            owners[org.pk] = Suggestion("organization", org, s.score, [reason])
        elif len(owners[org.pk].reasons) < max_reasons:
            owners[org.pk].reasons.append(reason)
    return owners


# Chinese keywords offered when a query in Latin letters finds nothing: the texts are Chinese, and English
# words reach them only through the dictionary (CC-CEDICT). Each is written in several of the demo's
# abstracts (kechuang/market/data/csl_apache.jsonl.gz: 3 to 18 of them; a test checks).
CHINESE_EXAMPLES = ("锂离子电池", "传感器", "神经网络", "玉米", "中药")


def latin_query_examples(q: str) -> tuple[str, ...]:
    """The Chinese keywords to suggest for a search typed in Latin letters only, else none. The page says,
    in Chinese, that the texts are Chinese: when nothing was found, to use Chinese keywords; otherwise that
    the English words were searched through the dictionary and Chinese keywords find more."""
    return CHINESE_EXAMPLES if is_latin_query(q) else ()


def achievement_search(
    *, user: Any, query: str, filters: dict[str, Any] | None = None, k: int = 20
) -> list[tuple[Achievement, list[str]]]:
    """Full-text + semantic search over published achievements, each with its reasons."""
    hits = _search("achievements", query, k=k, filters=filters or None)
    qs = restrict(Achievement.objects.filter(status=AchievementStatus.PUBLISHED), user, "view")
    return [(a, explain_hit(h)) for a, h in _fetch(qs.select_related("owner", "field"), hits)]


def demand_search(
    *, user: Any, query: str, filters: dict[str, Any] | None = None, k: int = 20
) -> list[tuple[Demand, list[str]]]:
    hits = _search("demands", query, k=k, filters=filters or None)
    qs = restrict(Demand.objects.filter(status=DemandStatus.OPEN), user, "view")
    return [(d, explain_hit(h)) for d, h in _fetch(qs.select_related("owner", "field"), hits)]


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
    a_hits = [h for h in a_hits if on_topic(h)]
    achievements_qs = Achievement.objects.filter(status=AchievementStatus.PUBLISHED).exclude(
        owner=demand.owner
    )
    achievements = _suggest(
        "achievement", achievements_qs.select_related("owner", "field"), a_hits, min_trl=demand.min_trl
    )
    # experts only on something specific they share with the demand (their work, directions, biography)
    e_hits = [h for h in e_hits if substantive(h)]
    experts = _suggest("expert", Expert.objects.filter(is_active=True).select_related("organization"), e_hits)
    institutions = _owners(achievements, _("相关成果：%(t)s"), max_reasons=3)
    for above, below in itertools.pairwise(achievements[:k]):
        below.previous_id = above.obj.pk
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
    demands_qs = Demand.objects.filter(status=DemandStatus.OPEN).exclude(owner=achievement.owner)
    demands = _suggest("demand", demands_qs.select_related("owner"), d_hits)
    enterprises = _owners(demands, _("相关需求：%(t)s"), max_reasons=1)
    if achievement.field is not None and len(enterprises) < k:
        division = achievement.field.code_with_section[:3]
        same_industry = (
            Organization.objects.filter(kind="enterprise", industry__code_with_section__startswith=division)
            .exclude(pk=achievement.owner_id)
            .exclude(pk__in=list(enterprises))
            .order_by("-pk")[: k - len(enterprises)]
        )
        for org in same_industry:
            reasons = [_("同行业：%(name)s") % {"name": industry_name(division)}]
            if org.region_path[:2] == achievement.owner.region_path[:2]:
                reasons.append(_("同地区"))
            enterprises[org.pk] = Suggestion("organization", org, 0.0, reasons)
    return {"demands": demands[:k], "enterprises": list(enterprises.values())[:k]}


def _why_lines(f: Any, above: str, below: str) -> str | None:
    """One plain sentence for a feature on which ``above`` beats ``below`` (no scores shown)."""
    da, db = f.detail
    if f.key == "terms":
        ta, tb = "、".join((da or [])[:4]), "、".join((db or [])[:4])
        if ta and tb:
            return _("「%(a)s」与需求共有的词语更关键（%(ta)s；而「%(b)s」是 %(tb)s）") % {
                "a": above,
                "b": below,
                "ta": ta,
                "tb": tb,
            }
        if ta:
            return _("「%(a)s」与需求共有词语（%(ta)s），「%(b)s」没有") % {"a": above, "b": below, "ta": ta}
        return None
    if f.key == "field" and da:
        return _("「%(a)s」与需求同属领域：%(f)s") % {"a": above, "f": da}
    if f.key == "semantic":
        return _("「%(a)s」的内容与需求更相近") % {"a": above}
    if f.key == "industry":
        return _("「%(a)s」与需求同行业") % {"a": above}
    if f.key == "region":
        return _("「%(a)s」与需求同地区") % {"a": above}
    if f.key == "maturity":
        return _("「%(a)s」的技术成熟度更符合要求") % {"a": above}
    if f.key == "feedback":
        return _("您的反馈调整了两者的先后")
    return None


def why_above(*, user: Any, demand: Demand, above_id: int, below_id: int) -> list[str]:
    """For a demand's owner: why one suggested achievement ranks above another, in plain sentences
    drawn from the same scores that ranked them (largest difference first).  Empty when either is not
    among the current suggestions."""
    demand = demand_get(user=user, pk=demand.pk, action="suggest")
    doc = search.demand_document(demand)
    ctx = SearchContext(
        industry=doc.industry, region=doc.region, min_trl=demand.min_trl, feedback_key=f"demand:{demand.pk}"
    )
    try:
        hits = search.get_index("achievements").search_document(doc, k=30, context=ctx)
    except MatchingError:
        return []
    qs = Achievement.objects.filter(status=AchievementStatus.PUBLISHED).exclude(owner=demand.owner)
    by_id = {str(a.pk): (a, h) for a, h in _fetch(qs, hits)}
    if str(above_id) not in by_id or str(below_id) not in by_id:
        return []
    (a, ha), (b, hb) = by_id[str(above_id)], by_id[str(below_id)]
    if hb.score > ha.score:
        (a, ha), (b, hb) = (b, hb), (a, ha)
    lines = []
    for f in compare(ha, hb):
        if f.score <= 0.005:
            continue
        line = _why_lines(f, a.title, b.title)
        if line and line not in lines:
            lines.append(line)
    if not lines:
        lines.append(_("两者与需求的相关程度几乎相同。"))
    return lines
