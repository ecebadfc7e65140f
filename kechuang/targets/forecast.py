"""Progress arithmetic for indicators: the straight path, a least-squares forecast, red/amber/green.

Pure functions over numbers and dates (no Django), so the dashboard, the annual report and the API all
judge an indicator the same way.

* The *expected value* on a date is the point on the straight line from (baseline date, baseline) to
  (target date, target) — the "时间过半、任务过半" reading of a plan.
* The *forecast* extends the least-squares line through the history (value snapshots) to the deadline.
* The *status* is green when the actual value is on or ahead of the straight path (or the target is
  already met), amber when it is behind but within a tolerance or the forecast still reaches the target,
  red otherwise; grey when there is no actual value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

AT_LEAST = "at_least"
AT_MOST = "at_most"

GREEN = "green"
AMBER = "amber"
RED = "red"
GREY = "grey"

DAYS_PER_YEAR = 365.25


def _(message: str) -> str:
    """Marks a reason for translation; pages translate it with the ``reason`` filter."""
    return message


def _years(d: date, origin: date) -> float:
    return (d - origin).days / DAYS_PER_YEAR


def expected_on_path(
    *, baseline: float, baseline_date: date, target: float, target_date: date, on: date
) -> float:
    """Value the straight path from baseline to target reaches on ``on`` (clamped to the period)."""
    if target_date <= baseline_date:
        raise ValueError("target date must be after the baseline date")
    if on <= baseline_date:
        return float(baseline)
    if on >= target_date:
        return float(target)
    share = (on - baseline_date).days / (target_date - baseline_date).days
    return float(baseline) + (float(target) - float(baseline)) * share


@dataclass(frozen=True)
class Forecast:
    value: float  # predicted value at the deadline
    slope_per_year: float
    points: int
    r_squared: float | None


def linear_forecast(history: Sequence[tuple[date, float | Decimal]], *, at: date) -> Forecast | None:
    """Least-squares line through ``history`` evaluated at ``at``; ``None`` with fewer than two dates.

    With exactly two dates this is the line through them; a flat history forecasts itself.
    """
    points = [(d, float(v)) for d, v in history if v is not None]
    if len({d for d, _ in points}) < 2:
        return None
    origin = min(d for d, _ in points)
    xs = [_years(d, origin) for d, _ in points]
    ys = [v for _, v in points]
    n = len(points)
    mx = sum(xs) / n
    my = sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    intercept = my - slope * mx
    syy = sum((y - my) ** 2 for y in ys)
    r2 = None if syy == 0 else (sxy * sxy) / (sxx * syy)
    return Forecast(
        value=intercept + slope * _years(at, origin), slope_per_year=slope, points=n, r_squared=r2
    )


@dataclass(frozen=True)
class Assessment:
    status: str
    expected: float | None
    gap: float | None  # actual − expected, signed so that positive is good
    progress: float | None  # share of the way from baseline to target (0..1+, may be negative)
    forecast: float | None
    reason: str


def _better(direction: str, a: float, b: float) -> bool:
    """True if ``a`` is at least as good as ``b`` for the direction."""
    return a >= b if direction == AT_LEAST else a <= b


def assess(
    *,
    actual: float | Decimal | None,
    baseline: float | Decimal | None,
    baseline_date: date,
    target: float | Decimal,
    target_date: date,
    on: date,
    direction: str = AT_LEAST,
    history: Sequence[tuple[date, float | Decimal]] = (),
    tolerance: float = 0.1,
) -> Assessment:
    """Judge an indicator on ``on``. ``tolerance`` is the share of the whole distance (target − baseline)
    by which the actual value may trail the straight path and still be amber rather than red."""
    if direction not in (AT_LEAST, AT_MOST):
        raise ValueError(f"unknown direction {direction!r}")
    t = float(target)
    if on >= target_date:
        # The deadline has passed: the outcome is known, no path or forecast is needed.
        if actual is None:
            return Assessment(GREY, t, None, None, None, _("没有实际值"))
        final = float(actual)
        final_gap = (final - t) * (1.0 if direction == AT_LEAST else -1.0)
        final_progress = None
        if baseline is not None and float(baseline) != t:
            final_progress = (final - float(baseline)) / (t - float(baseline))
        if _better(direction, final, t):
            return Assessment(GREEN, t, final_gap, final_progress, None, _("已达到目标值"))
        return Assessment(RED, t, final_gap, final_progress, None, _("截止日期已过,未达到目标值"))
    if baseline is None:
        return Assessment(GREY, None, None, None, None, _("未设定基期值"))
    b = float(baseline)
    expected = expected_on_path(
        baseline=b, baseline_date=baseline_date, target=t, target_date=target_date, on=on
    )
    fc = linear_forecast(history, at=target_date)
    forecast = fc.value if fc else None
    if actual is None:
        return Assessment(GREY, expected, None, None, forecast, _("没有实际值"))
    a = float(actual)
    sign = 1.0 if direction == AT_LEAST else -1.0
    gap = (a - expected) * sign
    distance = t - b
    progress = (a - b) / distance if distance else (1.0 if _better(direction, a, t) else 0.0)
    if _better(direction, a, t):
        return Assessment(GREEN, expected, gap, progress, forecast, _("已达到目标值"))
    if gap >= 0:
        return Assessment(GREEN, expected, gap, progress, forecast, _("进度不低于序时进度"))
    if forecast is not None and _better(direction, forecast, t):
        return Assessment(
            AMBER, expected, gap, progress, forecast, _("落后于序时进度,但按趋势预计可按期完成")
        )
    if abs(gap) <= abs(distance) * tolerance:
        return Assessment(AMBER, expected, gap, progress, forecast, _("略落后于序时进度"))
    return Assessment(RED, expected, gap, progress, forecast, _("明显落后于序时进度,按趋势预计不能按期完成"))
