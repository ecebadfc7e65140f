"""Writes of the review machinery: panels, items, conflict-free assignment, sealed score sheets, closing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.carriers.selectors import organization_alliance_ids
from kechuang.core.audit import audit_log, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.models import clean_and_save
from kechuang.core.permissions import ensure_can
from kechuang.core.services import notification_send
from kechuang.core.workflow import transition
from kechuang.registry.models import Expert
from kechuang.registry.selectors import (
    expert_cooperations,
    expert_declared_conflicts,
    expert_pool,
    experts_by_id,
)
from kechuang.registry.services_experts import expert_declare_conflict
from kechuang.review import aggregation
from kechuang.review.assignment import (
    ApplicationProfile,
    AssignmentResult,
    ConflictRules,
    Cooperation,
    ExpertProfile,
    Id,
    assign_experts,
    conflict_reasons,
)
from kechuang.review.choices import (
    ASSIGNMENT_TRANSITIONS,
    PANEL_TRANSITIONS,
    AssignmentStatus,
    PanelStatus,
)
from kechuang.review.models import Panel, PanelItem, ReviewAssignment


def _validate_indicators(indicators: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    cleaned: list[dict[str, str]] = []
    seen: set[str] = set()
    for item in indicators:
        code, name = str(item.get("code", "")).strip(), str(item.get("name", "")).strip()
        try:
            max_score = Decimal(str(item.get("max_score")))
        except (InvalidOperation, ValueError):
            max_score = Decimal(-1)
        if not code or not name or code in seen or not max_score.is_finite() or max_score <= 0:
            raise ApplicationError(_("评分指标不完整或重复：每个指标需要唯一代码、名称和正的满分。"))
        seen.add(code)
        cleaned.append({"code": code, "name": name, "max_score": str(max_score)})
    if not cleaned:
        raise ApplicationError(_("评审组至少需要一个评分指标。"))
    return cleaned


@transaction.atomic
def panel_create(
    *,
    owner: Model,
    name: str,
    department: Any,
    indicators: Sequence[Mapping[str, Any]],
    actor: Any,
    experts_per_item: int = 5,
    method: str = aggregation.Method.TRIMMED_MEAN,
    spread_threshold: Decimal | None = None,
    same_region_digits: int | None = None,
    cooperation_years: int = 3,
) -> Panel:
    panel = Panel(
        name=name,
        owner_type=ContentType.objects.get_for_model(type(owner)),
        owner_id=str(owner.pk),
        department=department,
        indicators=_validate_indicators(indicators),
        experts_per_item=experts_per_item,
        method=method,
        spread_threshold=spread_threshold,
        same_region_digits=same_region_digits,
        cooperation_years=cooperation_years,
    )
    clean_and_save(panel)
    audit_log(actor=actor, action="panel.create", target=panel, after=snapshot(panel))
    return panel


@transaction.atomic
def panel_add_item(*, panel: Panel, subject: Model, organization: Any, label: str, actor: Any) -> PanelItem:
    locked = Panel.objects.select_for_update().get(pk=panel.pk)
    if locked.status != PanelStatus.FORMING:
        raise ApplicationError(_("评审组已开始评审，不能再加入评审对象。"))
    item = PanelItem(
        panel=locked,
        subject_type=ContentType.objects.get_for_model(type(subject)),
        subject_id=str(subject.pk),
        organization=organization,
        label=label,
    )
    clean_and_save(item)
    audit_log(
        actor=actor,
        action="panel.add_item",
        target=locked,
        after={"item": item.pk, "subject": str(subject.pk)},
    )
    return item


@transaction.atomic
def panel_remove_item(*, item: PanelItem, actor: Any) -> None:
    if item.panel.status != PanelStatus.FORMING:
        raise ApplicationError(_("评审组已开始评审，不能再移除评审对象。"))
    audit_log(actor=actor, action="panel.remove_item", target=item.panel, before={"item": item.pk})
    item.delete()


def _industry_fields(industry: Any) -> frozenset[str]:
    """An industry class and all its ancestors' codes (section letter too), to match expert fields."""
    if industry is None:
        return frozenset()
    codes = {industry.code, industry.code_with_section[:1]}
    code = industry.code
    while len(code) > 2:
        code = code[:-1]
        codes.add(code)
    return frozenset(codes)


def _expert_fields(expert: Expert) -> frozenset[str]:
    return frozenset(
        str(f).strip().upper() if str(f)[:1].isalpha() else str(f).strip() for f in expert.fields or []
    )


def _profiles(
    panel: Panel, items: Sequence[PanelItem], experts: Sequence[Expert]
) -> tuple[list[ApplicationProfile], list[ExpertProfile], ConflictRules]:
    org_ids = {i.organization_id for i in items} | {e.organization_id for e in experts if e.organization_id}
    alliances = organization_alliance_ids(organization_ids=list(org_ids))
    conflicts = expert_declared_conflicts(experts=experts)
    coops = {
        expert_id: [Cooperation(c.organization_id, c.occurred_on) for c in rows]
        for expert_id, rows in expert_cooperations(experts=experts).items()
    }
    applications = [
        ApplicationProfile(
            id=i.pk,
            organization_id=i.organization_id,
            region_code=i.organization.region_id or "",
            fields=_industry_fields(i.organization.industry),
            alliance_ids=frozenset(alliances.get(i.organization_id, ())),
        )
        for i in items
    ]
    profiles = [
        ExpertProfile(
            id=e.pk,
            organization_id=e.organization_id,
            region_code=e.region_id or "",
            fields=_expert_fields(e),
            declared_conflict_organization_ids=frozenset(conflicts.get(e.pk, ())),
            cooperations=tuple(coops.get(e.pk, ())),
            alliance_ids=frozenset(alliances.get(e.organization_id, ()))
            if e.organization_id
            else frozenset(),
            capacity=e.max_load,
        )
        for e in experts
    ]
    declined = frozenset(
        ReviewAssignment.objects.filter(item__panel=panel, status=AssignmentStatus.DECLINED).values_list(
            "item_id", "expert_id"
        )
    )
    rules = ConflictRules(
        reference_date=timezone.localdate(),
        cooperation_years=panel.cooperation_years,
        same_region_digits=panel.same_region_digits,
        excluded_pairs=declined,
    )
    return applications, profiles, rules


@transaction.atomic
def panel_assign(
    *, panel: Panel, actor: Any, experts: Sequence[Expert] | None = None, seed: int = 0
) -> AssignmentResult:
    """Fill every item up to ``experts_per_item`` conflict-free experts; all or nothing.

    Existing (not declined) assignments are kept.  If some item cannot be filled, nothing is written and
    the error lists those items, so the officer can widen the pool or relax the region rule.
    """
    ensure_can(actor, panel, "manage")
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
    if panel.status == PanelStatus.CLOSED:
        raise ApplicationError(_("评审组已结束，不能再分配专家。"))
    pool = list(experts) if experts is not None else list(expert_pool())
    if not pool:
        raise ApplicationError(_("专家库中没有可用的专家。"))
    items = list(panel.items.select_related("organization__industry", "organization"))
    if not items:
        raise ApplicationError(_("评审组中还没有评审对象。"))
    existing: dict[Id, list[Id]] = {}
    for item_id, expert_id in (
        ReviewAssignment.objects.filter(item__panel=panel)
        .exclude(status=AssignmentStatus.DECLINED)
        .values_list("item_id", "expert_id")
    ):
        existing.setdefault(item_id, []).append(expert_id)
    known = {e.pk for e in pool}
    extra = list(experts_by_id(ids={x for v in existing.values() for x in v} - known))
    applications, profiles, rules = _profiles(panel, items, pool + extra)
    result = assign_experts(
        applications,
        profiles,
        per_application=panel.experts_per_item,
        rules=rules,
        existing=existing,
        seed=seed,
    )
    if result.shortfalls:
        labels: dict[Any, str] = {i.pk: i.label for i in items}
        names = "、".join(labels[k] for k in list(result.shortfalls)[:5])
        raise ApplicationError(
            _("有%(n)d个评审对象无法配齐无利益冲突的专家（如：%(names)s），请扩充专家库或放宽地区回避。")
            % {"n": len(result.shortfalls), "names": names},
            extra={"shortfalls": {str(k): v for k, v in result.shortfalls.items()}},
        )
    new_rows = [
        ReviewAssignment(item_id=item_id, expert_id=expert_id)
        for item_id, expert_ids in result.assignments.items()
        for expert_id in expert_ids
        if expert_id not in existing.get(item_id, [])
    ]
    ReviewAssignment.objects.bulk_create(new_rows, batch_size=1000)
    audit_log(
        actor=actor,
        action="panel.assign",
        target=panel,
        after={"created": len(new_rows), "capacity": result.capacity, "repairs": result.repairs},
    )
    return result


@transaction.atomic
def panel_open(*, panel: Panel, actor: Any, expected_version: int | None = None) -> Panel:
    """Start scoring: every item must have its full complement of experts."""
    ensure_can(actor, panel, "manage")
    short = [
        item.label
        for item in panel.items.all()
        if item.assignments.exclude(status=AssignmentStatus.DECLINED).count() < panel.experts_per_item
    ]
    if short:
        raise ApplicationError(
            _("还有%(n)d个评审对象未配齐专家，请先分配专家。") % {"n": len(short)},
            extra={"items": short[:20]},
        )
    transition(
        obj=panel,
        to=PanelStatus.SCORING,
        actor=actor,
        transitions=PANEL_TRANSITIONS,
        expected_version=expected_version,
    )
    _notify_experts(ReviewAssignment.objects.filter(item__panel=panel, status=AssignmentStatus.ASSIGNED))
    return panel


def _notify_experts(assignments: Any) -> None:
    """Tell each expert their score sheets are open: one message per expert, linking the sheet (or the
    list, when there are several)."""
    by_expert: dict[int, list[ReviewAssignment]] = {}
    for a in assignments.select_related("expert__user", "item__panel"):
        if a.expert.user_id:
            by_expert.setdefault(a.expert_id, []).append(a)
    for mine in by_expert.values():
        first = mine[0]
        link = (
            reverse("review:assignment_detail", args=[first.pk])
            if len(mine) == 1
            else reverse("review:my_assignments")
        )
        notification_send(
            recipient=first.expert.user,
            title=_("评审已开始：%(panel)s（%(n)d项待评分）")
            % {"panel": first.item.panel.name, "n": len(mine)},
            body=_("请阅读申报材料并提交评分；与您有利益关联的，请申请回避。"),
            link=link,
            kind="review.scoring",
        )


@transaction.atomic
def assignment_decline(*, assignment: ReviewAssignment, actor: Any, reason: str) -> ReviewAssignment | None:
    """The expert declares a conflict (回避): the declaration is recorded and a replacement assigned.

    Returns the replacement assignment, or ``None`` when no conflict-free expert is left (the officer is
    then told on the panel page).
    """
    ensure_can(actor, assignment, "score")
    if not reason.strip():
        raise ApplicationError(_("请说明回避原因。"))
    item = assignment.item
    if item.panel.status == PanelStatus.CLOSED:
        raise ApplicationError(_("评审已结束，不能再申请回避。"))
    transition(
        obj=assignment,
        to=AssignmentStatus.DECLINED,
        actor=actor,
        transitions=ASSIGNMENT_TRANSITIONS,
        note=reason,
    )
    ReviewAssignment.objects.filter(pk=assignment.pk).update(decline_reason=reason.strip())
    expert_declare_conflict(
        expert=assignment.expert, organization=item.organization, reason=reason, actor=actor
    )
    items = [PanelItem.objects.select_related("organization__industry", "organization").get(pk=item.pk)]
    current = item.assignments.exclude(status=AssignmentStatus.DECLINED)
    kept = set(current.values_list("expert_id", flat=True))
    pool = [e for e in expert_pool() if e.pk not in kept and e.pk != assignment.expert_id]
    applications, profiles, rules = _profiles(item.panel, items, pool)
    loads: dict[int, int] = {}
    for expert_id in (
        ReviewAssignment.objects.filter(item__panel=item.panel)
        .exclude(status=AssignmentStatus.DECLINED)
        .values_list("expert_id", flat=True)
    ):
        loads[expert_id] = loads.get(expert_id, 0) + 1
    kept_orgs = set(current.values_list("expert__organization_id", flat=True)) - {None}
    candidates = [
        p
        for p in profiles
        if not conflict_reasons(applications[0], p, rules)
        and (p.organization_id is None or p.organization_id not in kept_orgs)
        and (p.capacity is None or loads.get(p.id, 0) < p.capacity)  # type: ignore[arg-type]
    ]
    replacement = None
    if candidates:
        app_fields = applications[0].fields
        best = min(candidates, key=lambda p: (not (p.fields & app_fields), loads.get(p.id, 0), p.id))  # type: ignore[arg-type]
        replacement = ReviewAssignment(item=item, expert_id=best.id)
        clean_and_save(replacement)
        if item.panel.status == PanelStatus.SCORING:
            _notify_experts(ReviewAssignment.objects.filter(pk=replacement.pk))
    audit_log(
        actor=actor,
        action="assignment.decline",
        target=assignment,
        after={"reason": reason, "replacement": replacement.expert_id if replacement else None},
    )
    return replacement


def _parse_scores(panel: Panel, scores: Mapping[str, Any]) -> dict[str, Decimal]:
    parsed: dict[str, Decimal] = {}
    for ind in panel.indicators:
        raw = scores.get(ind["code"])
        if raw is None or str(raw).strip() == "":
            raise ApplicationError(
                _("请为“%(name)s”打分。") % {"name": ind["name"]}, extra={"field": ind["code"]}
            )
        try:
            value = Decimal(str(raw).strip())
        except InvalidOperation:
            value = None
        maximum = Decimal(ind["max_score"])
        if value is None or not value.is_finite() or value < 0 or value > maximum:
            raise ApplicationError(
                _("“%(name)s”的得分必须在0到%(max)s之间。") % {"name": ind["name"], "max": maximum},
                extra={"field": ind["code"]},
            )
        if value.as_tuple().exponent < -2:  # type: ignore[operator]
            raise ApplicationError(
                _("“%(name)s”的得分最多保留两位小数。") % {"name": ind["name"]}, extra={"field": ind["code"]}
            )
        parsed[ind["code"]] = value
    unknown = set(scores) - set(parsed)
    if unknown:
        raise ApplicationError(_("评分表包含未知指标。"), extra={"fields": sorted(unknown)})
    return parsed


@transaction.atomic
def score_submit(
    *, assignment: ReviewAssignment, actor: Any, scores: Mapping[str, Any], comment: str = ""
) -> ReviewAssignment:
    """The expert submits a score sheet.  Refused outside scoring, after sealing, or out of range."""
    ensure_can(actor, assignment, "score")
    locked = ReviewAssignment.objects.select_for_update().select_related("item__panel").get(pk=assignment.pk)
    panel = locked.item.panel
    if panel.status == PanelStatus.CLOSED:
        raise ApplicationError(_("评审已结束，评分已封存，不能再提交或修改。"))
    if panel.status != PanelStatus.SCORING:
        raise ApplicationError(_("评审尚未开始，暂不能评分。"))
    if locked.status == AssignmentStatus.DECLINED:
        raise ApplicationError(_("您已回避此评审对象，不能评分。"))
    if locked.status == AssignmentStatus.SUBMITTED:
        raise ApplicationError(_("评分已提交，不能重复提交。"))
    parsed = _parse_scores(panel, scores)
    if not comment.strip():
        raise ApplicationError(_("请填写评审意见。"), extra={"field": "comment"})
    ReviewAssignment.objects.filter(pk=locked.pk).update(
        scores={k: str(v) for k, v in parsed.items()},
        total=sum(parsed.values(), Decimal(0)),
        comment=comment.strip(),
        submitted_at=timezone.now(),
    )
    locked.refresh_from_db()
    transition(obj=locked, to=AssignmentStatus.SUBMITTED, actor=actor, transitions=ASSIGNMENT_TRANSITIONS)
    return locked


@transaction.atomic
def panel_close(
    *, panel: Panel, actor: Any, expected_version: int | None = None
) -> dict[int, aggregation.AggregateResult]:
    """Close the panel: unseal and aggregate every item.  Every assigned expert must have scored."""
    ensure_can(actor, panel, "manage")
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
    if panel.status != PanelStatus.SCORING:
        raise ApplicationError(_("只有评审中的评审组才能结束评审。"))
    pending = ReviewAssignment.objects.filter(item__panel=panel, status=AssignmentStatus.ASSIGNED).count()
    if pending:
        raise ApplicationError(
            _("还有%(n)d份评分表未提交，不能结束评审。") % {"n": pending}, extra={"pending": pending}
        )
    weights = [aggregation.IndicatorWeight(i["code"], Decimal(i["max_score"])) for i in panel.indicators]
    results: dict[int, aggregation.AggregateResult] = {}
    items = list(panel.items.prefetch_related("assignments"))
    for item in items:
        sheets = {
            a.expert_id: a.scores for a in item.assignments.all() if a.status == AssignmentStatus.SUBMITTED
        }
        if not sheets:
            raise ApplicationError(_("“%(label)s”没有任何有效评分。") % {"label": item.label})
        res = aggregation.aggregate(
            sheets, indicators=weights, method=panel.method, spread_threshold=panel.spread_threshold
        )
        results[item.pk] = res
        item.score = res.total
        item.spread = res.consensus.spread
        item.flagged = res.flagged
        item.details = {
            "per_indicator": {k: str(v) for k, v in res.per_indicator.items()},
            "experts": len(sheets),
            "trimmed": res.trimmed,
            "method": str(res.method),
        }
    PanelItem.objects.bulk_update(
        items, ["score", "spread", "flagged", "details", "updated_at"], batch_size=500
    )
    Panel.objects.filter(pk=panel.pk).update(closed_at=timezone.now())
    panel.refresh_from_db()
    transition(
        obj=panel,
        to=PanelStatus.CLOSED,
        actor=actor,
        transitions=PANEL_TRANSITIONS,
        expected_version=expected_version,
    )
    return results
