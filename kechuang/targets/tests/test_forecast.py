"""Straight path, least-squares forecast and red/amber/green status."""

from __future__ import annotations

from datetime import date

import pytest

from kechuang.targets.forecast import (
    AMBER,
    AT_MOST,
    GREEN,
    GREY,
    RED,
    assess,
    expected_on_path,
    linear_forecast,
)

START, END = date(2015, 1, 1), date(2021, 1, 1)


def test_expected_on_path_is_linear_and_clamped() -> None:
    kw = dict(baseline=100, baseline_date=START, target=500, target_date=END)
    assert expected_on_path(on=date(2014, 6, 1), **kw) == 100
    assert expected_on_path(on=END, **kw) == 500
    assert expected_on_path(on=date(2030, 1, 1), **kw) == 500
    mid = date.fromordinal((START.toordinal() + END.toordinal()) // 2)
    assert expected_on_path(on=mid, **kw) == pytest.approx(300, abs=0.1)


def test_expected_on_path_refuses_backwards_period() -> None:
    with pytest.raises(ValueError, match="target date must be after the baseline date"):
        expected_on_path(baseline=0, baseline_date=END, target=1, target_date=START, on=END)


def test_linear_forecast_exact_line() -> None:
    hist = [(date(2015 + i, 1, 1), 100 + 50 * i) for i in range(4)]
    fc = linear_forecast(hist, at=date(2021, 1, 1))
    assert fc is not None
    assert fc.value == pytest.approx(400, rel=0.01)
    assert fc.slope_per_year == pytest.approx(50, rel=0.01)
    assert fc.r_squared == pytest.approx(1.0)
    assert fc.points == 4


def test_linear_forecast_least_squares_with_noise() -> None:
    hist = [(date(2015, 1, 1), 0), (date(2016, 1, 1), 2), (date(2017, 1, 1), 1), (date(2018, 1, 1), 3)]
    fc = linear_forecast(hist, at=date(2019, 1, 1))
    assert fc is not None
    # slope = 0.8/yr (by hand: x̄=1.5, ȳ=1.5, Sxy=4, Sxx=5), intercept 0.3 → 0.3+0.8*4 = 3.5
    assert fc.slope_per_year == pytest.approx(0.8, rel=0.01)
    assert fc.value == pytest.approx(3.5, abs=0.02)


def test_linear_forecast_needs_two_dates() -> None:
    assert linear_forecast([], at=END) is None
    assert linear_forecast([(START, 1), (START, 2)], at=END) is None
    flat = linear_forecast([(START, 7), (date(2016, 1, 1), 7)], at=END)
    assert flat is not None and flat.value == pytest.approx(7) and flat.r_squared is None


def _assess(actual, history=(), on=date(2018, 1, 1), **kw):
    base = dict(baseline=100, baseline_date=START, target=400, target_date=END, on=on, history=history)
    base.update(kw)
    return assess(actual=actual, **base)


def test_green_when_on_path_or_target_met() -> None:
    a = _assess(260)  # expected ≈ 250 on 2018-01-01
    assert a.status == GREEN and a.reason == "进度不低于序时进度"
    assert a.expected == pytest.approx(250, abs=0.5)
    assert _assess(400).reason == "已达到目标值"


def test_amber_when_slightly_behind() -> None:
    a = _assess(230)  # 20 behind, tolerance 10% of 300 = 30
    assert a.status == AMBER and a.reason == "略落后于序时进度"


def test_amber_when_behind_but_forecast_reaches_target() -> None:
    hist = [(date(2016, 1, 1), 100), (date(2017, 1, 1), 150), (date(2018, 1, 1), 200)]
    # growth accelerating is not modelled; a steep line still reaches 400 by 2021 only if slope ≥ 66.7
    steep = [(date(2017, 1, 1), 100), (date(2018, 1, 1), 200)]
    assert _assess(200, history=hist).status == RED
    a = _assess(200, history=steep)
    assert a.status == AMBER and a.forecast == pytest.approx(500, rel=0.01)


def test_red_when_far_behind() -> None:
    a = _assess(150)
    assert a.status == RED
    assert a.gap == pytest.approx(-100, abs=0.5)
    assert a.progress == pytest.approx(50 / 300)


def test_grey_without_actual() -> None:
    assert _assess(None).status == GREY


def test_at_most_direction_mirrors() -> None:
    # energy use per unit: from 100 down to 40
    kw = dict(baseline=100, target=40, direction=AT_MOST)
    assert _assess(60, **kw).status == GREEN  # expected 70 on 2018-01-01
    assert _assess(75, **kw).status == AMBER  # 5 worse than path, tolerance 6
    assert _assess(95, **kw).status == RED
    assert _assess(39, **kw).reason == "已达到目标值"


def test_unknown_direction_refused() -> None:
    with pytest.raises(ValueError, match="unknown direction 'more'"):
        _assess(1, direction="more")


def test_after_deadline_outcome_is_judged_against_target_only() -> None:
    after = date(2022, 6, 1)
    a = _assess(410, on=after)
    assert (a.status, a.reason, a.forecast) == (GREEN, "已达到目标值", None)
    a = _assess(390, on=after, baseline=None)
    assert (a.status, a.reason) == (RED, "截止日期已过,未达到目标值")
    assert a.progress is None and a.gap == pytest.approx(-10)


def test_no_baseline_before_deadline_is_grey() -> None:
    a = _assess(300, baseline=None)
    assert (a.status, a.reason) == (GREY, "未设定基期值")
