"""Indicator systems (指标体系): parse, validate, and score by threshold tables.

A scheme stores its indicator system as JSON::

    {"indicators": [
        {"code": "rd_intensity", "name": "研发投入强度", "max_score": "20", "method": "threshold",
         "metric": "rd_intensity", "bands": [{"min": "1.5", "score": "8"}, {"min": "3", "score": "14"},
                                             {"min": "5", "score": "20"}]},
        {"code": "innovation", "name": "技术创新能力", "max_score": "30", "method": "expert"}
    ]}

A threshold indicator takes the highest band whose ``min`` the metric reaches (below the first band: 0
points); ``"direction": "lower"`` inverts this for figures where less is better (bands then carry
``max``).  Metrics come from the enterprise's yearly figures (registry ``YearlyStatistics`` field names;
money in 元).  Expert indicators are scored on score sheets and aggregated by the review machinery.

Plain Python apart from translated messages, so it is cheap to test and reuse (programs, acceptance).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

HUNDRED = Decimal(100)
TEN_THOUSAND = Decimal(10000)


class IndicatorSystemError(ValueError):
    """The indicator-system JSON is not valid; ``problems`` lists every translated message."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _ratio(numerator: str, denominator: str, scale: Decimal) -> Callable[[Mapping[str, Any]], Decimal | None]:
    def compute(figures: Mapping[str, Any]) -> Decimal | None:
        n, d = figures.get(numerator), figures.get(denominator)
        if n is None or d is None or Decimal(str(d)) == 0:
            return None
        return Decimal(str(n)) * scale / Decimal(str(d))

    return compute


def _plain(name: str, scale: Decimal = Decimal(1)) -> Callable[[Mapping[str, Any]], Decimal | None]:
    def compute(figures: Mapping[str, Any]) -> Decimal | None:
        v = figures.get(name)
        return None if v is None else Decimal(str(v)) / scale

    return compute


@dataclass(frozen=True, slots=True)
class Metric:
    code: str
    label: str  # msgid, translated on display
    unit: str
    compute: Callable[[Mapping[str, Any]], Decimal | None]


# Figures come from YearlyStatistics (money in 元); labels are msgids.
METRICS: dict[str, Metric] = {
    m.code: m
    for m in (
        Metric("rd_intensity", "研发投入占营业收入比例", "%", _ratio("rd_expenditure", "revenue", HUNDRED)),
        Metric("rd_staff_ratio", "研发人员占职工总数比例", "%", _ratio("rd_staff", "employees", HUNDRED)),
        Metric(
            "new_product_share",
            "新产品产值占营业收入比例",
            "%",
            _ratio("new_product_output", "revenue", HUNDRED),
        ),
        Metric("revenue_wan", "营业收入", "万元", _plain("revenue", TEN_THOUSAND)),
        Metric("rd_expenditure_wan", "研发经费支出", "万元", _plain("rd_expenditure", TEN_THOUSAND)),
        Metric("rd_staff", "研发人员数", "人", _plain("rd_staff")),
        Metric("employees", "职工总数", "人", _plain("employees")),
        Metric("valid_invention_patents", "有效发明专利数", "件", _plain("valid_invention_patents")),
        Metric("exports_wan", "出口额", "万元", _plain("exports", TEN_THOUSAND)),
    )
}


@dataclass(frozen=True, slots=True)
class Band:
    bound: Decimal  # ``min`` for higher-is-better, ``max`` for lower-is-better
    score: Decimal


@dataclass(frozen=True, slots=True)
class Indicator:
    code: str
    name: str
    max_score: Decimal
    method: str  # "threshold" | "expert"
    metric: str = ""
    direction: str = "higher"
    bands: tuple[Band, ...] = ()


@dataclass(frozen=True, slots=True)
class IndicatorSystem:
    indicators: tuple[Indicator, ...]

    @property
    def max_total(self) -> Decimal:
        return sum((i.max_score for i in self.indicators), Decimal(0))

    @property
    def expert_indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.method == "expert")

    @property
    def threshold_indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.method == "threshold")


def _dec(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


def parse_indicator_system(
    data: Mapping[str, Any], *, require_total: Decimal | None = None
) -> IndicatorSystem:
    """Validate the JSON form and return the typed system; raise :class:`IndicatorSystemError`."""
    problems: list[str] = []
    raw = data.get("indicators") if isinstance(data, Mapping) else None
    if not isinstance(raw, list) or not raw:
        raise IndicatorSystemError([_("指标体系至少需要一个指标。")])
    indicators: list[Indicator] = []
    seen: set[str] = set()
    for n, item in enumerate(raw, start=1):
        if not isinstance(item, Mapping):
            problems.append(_("第%(n)d个指标格式不正确。") % {"n": n})
            continue
        code = str(item.get("code", "")).strip()
        name = str(item.get("name", "")).strip()
        if not code or not name:
            problems.append(_("第%(n)d个指标缺少代码或名称。") % {"n": n})
            continue
        if code in seen:
            problems.append(_("指标代码“%(code)s”重复。") % {"code": code})
        seen.add(code)
        max_score = _dec(item.get("max_score"))
        if max_score is None or max_score <= 0:
            problems.append(_("指标“%(name)s”的满分必须是正数。") % {"name": name})
            continue
        method = item.get("method")
        if method == "expert":
            indicators.append(Indicator(code=code, name=name, max_score=max_score, method="expert"))
            continue
        if method != "threshold":
            problems.append(_("指标“%(name)s”的计分方式必须是阈值或专家打分。") % {"name": name})
            continue
        metric = str(item.get("metric", ""))
        if metric not in METRICS:
            problems.append(
                _("指标“%(name)s”引用了未知的数据项“%(metric)s”。") % {"name": name, "metric": metric}
            )
            continue
        direction = item.get("direction", "higher")
        if direction not in ("higher", "lower"):
            problems.append(_("指标“%(name)s”的方向必须是越高越好或越低越好。") % {"name": name})
            continue
        key = "min" if direction == "higher" else "max"
        bands: list[Band] = []
        raw_bands = item.get("bands")
        if not isinstance(raw_bands, list) or not raw_bands:
            problems.append(_("指标“%(name)s”缺少阈值表。") % {"name": name})
            continue
        for b in raw_bands:
            bound = _dec(b.get(key)) if isinstance(b, Mapping) else None
            score = _dec(b.get("score")) if isinstance(b, Mapping) else None
            if bound is None or score is None:
                problems.append(_("指标“%(name)s”的阈值表有一行缺少界限或分值。") % {"name": name})
                break
            if score < 0 or score > max_score:
                problems.append(
                    _("指标“%(name)s”的分值%(score)s超出0至%(max)s的范围。")
                    % {"name": name, "score": score, "max": max_score}
                )
                break
            bands.append(Band(bound=bound, score=score))
        else:
            bounds = [b.bound for b in bands]
            ordered = sorted(bounds) if direction == "higher" else sorted(bounds, reverse=True)
            if bounds != ordered or len(set(bounds)) != len(bounds):
                problems.append(_("指标“%(name)s”的阈值必须严格单调排列。") % {"name": name})
            elif any(a.score > b.score for a, b in itertools.pairwise(bands)):
                problems.append(_("指标“%(name)s”的分值不能随档次提高而降低。") % {"name": name})
            else:
                indicators.append(
                    Indicator(
                        code=code,
                        name=name,
                        max_score=max_score,
                        method="threshold",
                        metric=metric,
                        direction=direction,
                        bands=tuple(bands),
                    )
                )
    if not problems and require_total is not None:
        total = sum((i.max_score for i in indicators), Decimal(0))
        if total != require_total:
            problems.append(
                _("各指标满分之和为%(total)s，应为%(expected)s。")
                % {"total": total, "expected": require_total}
            )
    if problems:
        raise IndicatorSystemError(problems)
    return IndicatorSystem(indicators=tuple(indicators))


@dataclass(frozen=True, slots=True)
class IndicatorScore:
    """One line of the automatic score sheet, with the reason shown to applicant and officer."""

    code: str
    name: str
    value: Decimal | None
    unit: str
    points: Decimal
    max_score: Decimal
    band: Band | None


def score_indicator(indicator: Indicator, figures: Mapping[str, Any]) -> IndicatorScore:
    """Score one threshold indicator from the figures (missing figure or below the first band: 0)."""
    metric = METRICS[indicator.metric]
    value = metric.compute(figures)
    matched: Band | None = None
    if value is not None:
        for band in indicator.bands:
            reached = value >= band.bound if indicator.direction == "higher" else value <= band.bound
            if reached:
                matched = band
    return IndicatorScore(
        code=indicator.code,
        name=indicator.name,
        value=None if value is None else value.quantize(Decimal("0.01")),
        unit=metric.unit,
        points=matched.score if matched else Decimal(0),
        max_score=indicator.max_score,
        band=matched,
    )


@dataclass(frozen=True, slots=True)
class SystemScore:
    lines: tuple[IndicatorScore, ...]

    @property
    def points(self) -> Decimal:
        return sum((line.points for line in self.lines), Decimal(0))

    @property
    def max_points(self) -> Decimal:
        return sum((line.max_score for line in self.lines), Decimal(0))


def score_figures(system: IndicatorSystem, figures: Mapping[str, Any]) -> SystemScore:
    """Score every threshold indicator of ``system``; expert indicators are left to the panel."""
    return SystemScore(lines=tuple(score_indicator(i, figures) for i in system.threshold_indicators))
