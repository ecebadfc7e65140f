"""Reads of the targets app: plans the user may see, the live dashboard, a unit's own list, history."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import can, get_object_or_404_for, restrict
from kechuang.core.text import normalize_for_search
from kechuang.registry.models import Department, Region
from kechuang.registry.selectors import officer_department_ids
from kechuang.targets.catalogue import get_catalogue
from kechuang.targets.choices import ReportStatus, SupervisionKind, ValueSource
from kechuang.targets.compute import RegionRef, Value, compute_many
from kechuang.targets.forecast import GREY, Assessment, assess
from kechuang.targets.metrics import Metric, Withheld, parse
from kechuang.targets.models import (
    Allocation,
    Indicator,
    Plan,
    ProgressReport,
    SupervisionRecord,
    Task,
    ValueSnapshot,
)
from kechuang.targets.permissions import can_compute_metric_for


def plan_list(*, user: Any, q: str = "") -> QuerySet[Plan]:
    """Plans the user may see; ``q`` (Traditional or Simplified) matches the title or document number."""
    qs = restrict(Plan.objects.all(), user, "view")
    text = normalize_for_search(q)
    if text:
        qs = qs.filter(Q(title__icontains=text) | Q(document_number__icontains=text))
    return qs.select_related("region", "department").order_by("-period_end", "id")


def plan_get(*, user: Any, pk: Any, action: str = "view") -> Plan:
    # The permission joins indicators × tasks × their units and de-duplicates: on the plan's id only (a
    # DISTINCT over every column, source text included, cost 100+ ms per dashboard), then one row by id.
    visible = get_object_or_404_for(user, Plan.objects.only("pk"), action, pk=pk)
    return Plan.objects.select_related("region", "department").get(pk=visible.pk)


def indicator_get(*, user: Any, pk: Any, action: str = "view") -> Indicator:
    return get_object_or_404_for(
        user,
        Indicator.objects.select_related("plan", "plan__region", "plan__department", "lead_unit"),
        action,
        pk=pk,
    )


def task_get(*, user: Any, pk: Any, action: str = "view") -> Task:
    return get_object_or_404_for(
        user,
        Task.objects.select_related("plan", "plan__region", "plan__department", "lead_unit"),
        action,
        pk=pk,
    )


def report_get(*, user: Any, pk: Any, action: str = "view") -> ProgressReport:
    return get_object_or_404_for(
        user,
        ProgressReport.objects.select_related("indicator__plan", "task__plan", "department", "submitted_by"),
        action,
        pk=pk,
    )


def can_manage(*, user: Any, plan: Plan) -> bool:
    return can(user, plan, "change")


def snapshot_regions(plan: Plan) -> list[Region]:
    """The regions a snapshot of the plan records: its own and every region a target is allocated to."""
    codes = {plan.region_id} | set(
        Allocation.objects.filter(indicator__plan=plan, region__isnull=False).values_list(
            "region_id", flat=True
        )
    )
    return list(Region.objects.filter(code__in=codes).order_by("path"))


# --------------------------------------------------------------------------------------------- values
def parsed_metric(indicator: Indicator) -> Metric | None:
    if indicator.source != ValueSource.COMPUTED or not indicator.metric:
        return None
    return parse(indicator.metric, get_catalogue())


def reported_values(*, indicators: Sequence[Indicator], on: dt.date) -> dict[int, Decimal]:
    """The latest accepted reported value up to ``on`` for each reported indicator (one query)."""
    ids = [i.pk for i in indicators if i.source == ValueSource.REPORTED]
    if not ids:
        return {}
    out: dict[int, Decimal] = {}
    rows = (
        ProgressReport.objects.filter(
            indicator_id__in=ids, status=ReportStatus.ACCEPTED, as_of__lte=on, value__isnull=False
        )
        .order_by("indicator_id", "-as_of", "-id")
        .values_list("indicator_id", "value")
    )
    for indicator_id, value in rows:
        if value is not None:
            out.setdefault(indicator_id, value)
    return out


def metric_compute(
    *, user: Any, metric: Metric, region_codes: Sequence[str], on: dt.date
) -> dict[str, Value]:
    """{region code: value} of a validated metric for each region asked for (its subtree), as of ``on``.

    A region outside the user's area (``permissions.metric_region_paths``) is refused with the same
    message as an unknown one: whether it exists is not told either. Values that would reveal one
    organization's confidential figures are ``Withheld``."""
    codes = list(dict.fromkeys(region_codes))
    regions = list(Region.objects.filter(code__in=codes))
    if (
        not codes
        or len(regions) != len(codes)
        or not all(can_compute_metric_for(user, metric, r.path) for r in regions)
    ):
        raise ApplicationError(_("请提供有效的地区代码。"))
    (values,) = compute_many([metric], [RegionRef(r.code, r.path) for r in regions], on=on)
    return {code: values[code] for code in codes}


def indicator_values(
    *,
    indicators: Sequence[Indicator],
    regions: Sequence[Any],
    on: dt.date,
    fresh: bool = False,
    refresh: bool = False,
) -> dict[tuple[int, str], Value]:
    """{(indicator id, region code): value} — computed indicators from the records in grouped queries
    (one per catalogue model; ``Withheld`` where a value would reveal one organization's confidential
    figures), reported ones from accepted reports (for the plan's own region)."""
    refs = [RegionRef(r.code, r.path) for r in regions]
    computed = [(i, parsed_metric(i)) for i in indicators]
    live = [(i, m) for i, m in computed if m is not None]
    results = compute_many([m for _, m in live], refs, on=on, fresh=fresh, refresh=refresh) if live else []
    out: dict[tuple[int, str], Value] = {}
    for (ind, _m), per_region in zip(live, results, strict=True):
        for code, value in per_region.items():
            out[(ind.pk, code)] = value
    reported = reported_values(indicators=indicators, on=on)
    for ind in indicators:
        if ind.source == ValueSource.REPORTED:
            for r in refs:
                out[(ind.pk, r.code)] = reported.get(ind.pk) if r.code == ind.plan.region_id else None
    return out


# --------------------------------------------------------------------------------------------- dashboard
@dataclass
class RegionCell:
    region: Region
    actual: Decimal | Withheld | None
    target: Decimal | None
    share: float | None  # actual / allocated target


# What a status reads as; a row without a judgement says why (never a bare "no data").
STATUS_LABELS = {
    "green": gettext_noop("正常"),
    "amber": gettext_noop("预警"),
    "red": gettext_noop("滞后"),
}
WITHHELD = gettext_noop("不予公开")
NOT_ALLOCATED = gettext_noop("未分解到本地区")
NOT_APPLICABLE = gettext_noop("不适用")
NOT_REPORTED = gettext_noop("尚未填报")
NO_BASELINE = gettext_noop("未设基期值")
GREY_ORDER = (NOT_ALLOCATED, NOT_REPORTED, NOT_APPLICABLE, NO_BASELINE, WITHHELD)


@dataclass(frozen=True)
class RowState:
    """A row's judgement as the page shows it: ``status`` (green/amber/red/grey: the colour), ``label``
    (a short word, untranslated msgid) and ``note`` (the whole reason, untranslated msgid and params)."""

    status: str
    label: str
    note: str
    params: tuple[tuple[str, str], ...] = ()

    @property
    def label_text(self) -> str:
        return _(self.label)

    @property
    def note_text(self) -> str:
        return _(self.note) % dict(self.params) if self.params else _(self.note)


def row_state(
    *,
    indicator: Indicator,
    region: Region,
    actual: Decimal | Withheld | None,
    target: Decimal | None,
    assessment: Assessment,
    on: dt.date,
) -> RowState:
    """Why a row has the status it has; for a row without a judgement, the honest reason: the region was
    given no share of the target, the figures for the year have not been reported (or the registry holds
    none yet), a reported indicator has no figure below the plan's region, there is no baseline, or the
    figure is withheld to protect one organization's data."""
    if assessment.status != GREY:
        return RowState(assessment.status, STATUS_LABELS[assessment.status], assessment.reason)
    plan = indicator.plan
    if isinstance(actual, Withheld):
        return RowState(GREY, WITHHELD, gettext_noop("实际值不予公开"))
    if target is None:
        return RowState(
            GREY,
            NOT_ALLOCATED,
            gettext_noop("规划没有把这项目标分解到%(region)s，只考核%(plan_region)s的总数"),
            (("region", region.name), ("plan_region", plan.region.name)),
        )
    if indicator.source == ValueSource.REPORTED and region.code != plan.region_id:
        return RowState(
            GREY,
            NOT_APPLICABLE,
            gettext_noop("这项指标由责任单位按%(plan_region)s填报，没有分地区的数"),
            (("plan_region", plan.region.name),),
        )
    if actual is None:
        if indicator.source == ValueSource.REPORTED and indicator.lead_unit_id is None:
            return RowState(GREY, NOT_REPORTED, gettext_noop("文件没有明确这项指标的责任单位，无人填报"))
        if indicator.source == ValueSource.REPORTED:
            return RowState(GREY, NOT_REPORTED, gettext_noop("责任单位尚未报送经审核通过的进展报告"))
        return RowState(
            GREY,
            NOT_REPORTED,
            gettext_noop("主体库中还没有%(year)s年及以前的相关统计数据"),
            (("year", str(on.year)),),
        )
    return RowState(GREY, NO_BASELINE, gettext_noop("没有基期值，无法判断序时进度"))


@dataclass
class IndicatorRow:
    indicator: Indicator
    actual: Decimal | Withheld | None  # Withheld: not published (too few organizations behind it)
    assessment: Assessment
    history: list[tuple[dt.date, Decimal | None]]
    cells: list[RegionCell] = field(default_factory=list)
    target: Decimal | None = None  # the target for the shown region (plan's, or the allocation)
    state: RowState | None = None
    baseline: Decimal | None = None  # the shown region's (the plan's; a sub-region's recorded value then)

    @property
    def status(self) -> str:
        return self.assessment.status


@dataclass
class Dashboard:
    plan: Plan
    region: Region
    children: list[Region]
    on: dt.date
    rows: list[IndicatorRow]
    unit: Department | None
    units: list[Department]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for row in self.rows:
            out[row.status] += 1
        return dict(out)

    def summary(self) -> list[tuple[str, str, int]]:
        """(colour, label, rows) for the summary line: 正常 / 预警 / 滞后, then each reason a row has no
        judgement (未分解到本地区 12, 尚未填报 2 …), so "no data" is never the whole story."""
        counts = self.counts()
        out = [(status, _(label), counts.get(status, 0)) for status, label in STATUS_LABELS.items()]
        grey: dict[str, int] = defaultdict(int)
        for row in self.rows:
            if row.state is not None and row.state.status == GREY:
                grey[row.state.label] += 1
        out.extend((GREY, _(label), grey[label]) for label in GREY_ORDER if grey.get(label))
        return out


def _assess_row(
    ind: Indicator,
    *,
    actual: Decimal | None,
    target: Decimal,
    baseline: Decimal | None,
    history: list[tuple[dt.date, Decimal | None]],
    on: dt.date,
) -> Assessment:
    points: list[tuple[dt.date, Decimal]] = [(d, v) for d, v in history if v is not None]
    if actual is not None and (not points or points[-1][0] < on):
        points.append((on, actual))
    return assess(
        actual=actual,
        baseline=baseline,
        baseline_date=ind.baseline_date,
        target=target,
        target_date=ind.target_date,
        on=on,
        direction=ind.direction,
        history=points,
    )


def default_on(plan: Plan) -> dt.date:
    """The date a plan is shown as of by default: today; for a plan that has ended, its last day — its
    goals were set for that date (an annual plan's are counts within its year, e.g. enterprises newly
    recognised in 2009; a 2014–2020 plan's are the 2020 figures). Later dates stay one click away."""
    return min(timezone.localdate(), plan.period_end)


def dashboard_warm(*, plan: Plan, on: dt.date | None = None) -> int:
    """Recompute and cache the live values the plan's default dashboard shows (its region and the
    child regions), so visitors never wait for the aggregation. Returns the number of values."""
    on = on or default_on(plan)
    region = plan.region
    regions = [region, *Region.objects.filter(parent_id=region.code).order_by("code")]
    indicators = list(plan.indicators.select_related("plan"))
    return len(indicator_values(indicators=indicators, regions=regions, on=on, refresh=True))


def plan_dashboard(
    *,
    user: Any,
    plan: Plan,
    region: Region | None = None,
    unit: Department | None = None,
    on: dt.date | None = None,
) -> Dashboard:
    """Every indicator of the plan for ``region`` (default: the plan's) as of ``on``: actual, target,
    straight-path expectation, forecast, status, trend, and one cell per child region (drill-down).
    With ``unit``, only the indicators that unit leads or takes part in."""
    on = on or default_on(plan)
    region = region or plan.region
    if not region.path.startswith(plan.region.path):
        region = plan.region
    indicators_qs = plan.indicators.select_related("lead_unit", "plan").prefetch_related(
        "participating_units", Prefetch("allocations", queryset=Allocation.objects.select_related("region"))
    )
    if unit is not None:
        indicators_qs = indicators_qs.filter(Q(lead_unit=unit) | Q(participating_units=unit)).distinct()
    indicators = list(indicators_qs)
    children = list(Region.objects.filter(parent_id=region.code).order_by("code"))
    values = indicator_values(indicators=indicators, regions=[region, *children], on=on)
    if on < timezone.localdate():
        # "As of" a past date: the values recorded on that date are exact even if records changed since
        # — unless the value is withheld today (a snapshot may predate disclosure control). Reported
        # indicators need none: each accepted report carries its own as-of date (one accepted later for
        # that date shows at once).
        computed_ids = [i.pk for i in indicators if i.source != ValueSource.REPORTED]
        for ind_id, region_id, value in ValueSnapshot.objects.filter(
            indicator__in=computed_ids, region_id__in=[region.code, *[c.code for c in children]], taken_on=on
        ).values_list("indicator_id", "region_id", "value"):
            if not isinstance(values.get((ind_id, region_id)), Withheld):
                values[(ind_id, region_id)] = value
    history: dict[int, list[tuple[dt.date, Decimal | None]]] = defaultdict(list)
    baselines: dict[int, Decimal | None] = {}
    for ind_id, taken_on, value in (
        ValueSnapshot.objects.filter(indicator__plan=plan, region_id=region.code, taken_on__lte=on)
        .order_by("indicator_id", "taken_on")
        .values_list("indicator_id", "taken_on", "value")
    ):
        history[ind_id].append((taken_on, value))
    rows = []
    for ind in indicators:
        allocations = {a.region_id: a for a in ind.allocations.all() if a.region_id}
        if region.code == plan.region_id:
            target: Decimal | None = ind.target_value
            baseline = ind.baseline_value
        else:
            alloc = allocations.get(region.code)
            target = alloc.target_value if alloc else None
            baseline = next((v for d, v in history[ind.pk] if d <= ind.baseline_date), None)
            baselines[ind.pk] = baseline
        actual = values.get((ind.pk, region.code))
        if isinstance(actual, Withheld):
            # nothing derived from the figure either: no progress, no forecast, no recorded trend
            history[ind.pk] = []
            assessment = Assessment(GREY, None, None, None, None, gettext_noop("实际值不予公开"))
        elif target is None:
            assessment = Assessment(GREY, None, None, None, None, gettext_noop("该地区未分解目标"))
        else:
            assessment = _assess_row(
                ind, actual=actual, target=target, baseline=baseline, history=history[ind.pk], on=on
            )
        cells = []
        for child in children:
            alloc = allocations.get(child.code)
            child_actual = values.get((ind.pk, child.code))
            share = (
                float(child_actual / alloc.target_value)
                if alloc and isinstance(child_actual, Decimal) and alloc.target_value
                else None
            )
            cells.append(
                RegionCell(
                    region=child,
                    actual=child_actual,
                    target=alloc.target_value if alloc else None,
                    share=share,
                )
            )
        state = row_state(
            indicator=ind, region=region, actual=actual, target=target, assessment=assessment, on=on
        )
        rows.append(
            IndicatorRow(
                indicator=ind,
                actual=actual,
                assessment=assessment,
                history=history[ind.pk],
                cells=cells,
                target=target,
                state=state,
                baseline=baseline,
            )
        )
    units = list(
        Department.objects.filter(
            Q(pk__in=plan.indicators.values("lead_unit"))
            | Q(pk__in=plan.indicators.values("participating_units"))
        ).order_by("kind", "id")
    )
    return Dashboard(plan=plan, region=region, children=children, on=on, rows=rows, unit=unit, units=units)


# --------------------------------------------------------------------------------------------- lists
@dataclass
class UnitList:
    indicators: list[Indicator]
    tasks: list[Task]
    overdue: list[Task]


def responsibility_list(*, user: Any, today: dt.date | None = None) -> UnitList:
    """What the user's units are responsible for: indicators and tasks they lead or take part in."""
    today = today or timezone.localdate()
    ids = officer_department_ids(user)
    q = Q(lead_unit_id__in=ids) | Q(participating_units__in=ids)
    indicators = list(
        restrict(Indicator.objects.filter(q), user, "view")
        .distinct()
        .select_related("plan", "lead_unit")
        .order_by("plan_id", "position")
    )
    tasks = list(
        restrict(Task.objects.filter(q), user, "view")
        .distinct()
        .select_related("plan", "lead_unit")
        .order_by("due_date", "plan_id", "position")
    )
    overdue = [t for t in tasks if t.overdue_on(today)]
    return UnitList(indicators=indicators, tasks=tasks, overdue=overdue)


def report_list(*, user: Any, plan: Plan | None = None, status: str = "") -> QuerySet[ProgressReport]:
    qs = restrict(ProgressReport.objects.all(), user, "view")
    if plan is not None:
        qs = qs.filter(Q(indicator__plan=plan) | Q(task__plan=plan))
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("indicator", "task", "department", "submitted_by").prefetch_related(
        "attachments"
    )


def supervision_list(
    *, user: Any, plan: Plan | None = None, task: Task | None = None
) -> QuerySet[SupervisionRecord]:
    qs = restrict(SupervisionRecord.objects.all(), user, "view")
    if plan is not None:
        qs = qs.filter(task__plan=plan)
    if task is not None:
        qs = qs.filter(task=task)
    return qs.select_related("task", "department").order_by("-sent_on", "-id")


def escalated_tasks(*, user: Any, plan: Plan) -> QuerySet[Task]:
    return restrict(
        Task.objects.filter(plan=plan, supervision__kind=SupervisionKind.ESCALATION), user, "view"
    ).distinct()


def indicator_history(*, indicator: Indicator, region: Region) -> list[tuple[dt.date, Decimal | None]]:
    return list(
        ValueSnapshot.objects.filter(indicator=indicator, region_id=region.code)
        .order_by("taken_on")
        .values_list("taken_on", "value")
    )


def indicator_versions(*, indicator: Indicator, history: list[tuple[dt.date, Any]]) -> list[dict[str, Any]]:
    """The indicator's definition versions, each with the period it applies to and the figures measured
    under it (from the snapshot history), newest first."""
    versions = list(indicator.versions.select_related("created_by").order_by("number"))
    rows = []
    for i, version in enumerate(versions):
        until = versions[i + 1].valid_from - dt.timedelta(days=1) if i + 1 < len(versions) else None
        figures = [(d, v) for d, v in history if d >= version.valid_from and (until is None or d <= until)]
        rows.append({"version": version, "until": until, "figures": figures})
    return rows[::-1]
