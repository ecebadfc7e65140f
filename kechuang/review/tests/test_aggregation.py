from decimal import Decimal

import pytest

from kechuang.review.aggregation import (
    IndicatorWeight,
    Method,
    aggregate,
    competition_rank,
    consensus,
    mean,
    trimmed_mean,
)

D = Decimal


def test_mean_rounds_half_up():
    assert mean([80, 85, 86]) == D("83.67")
    assert mean([D("0.125")]) == D("0.13")


def test_mean_of_floats_is_exact():
    assert mean([0.1, 0.2]) == D("0.15")


def test_mean_of_nothing():
    with pytest.raises(ValueError):
        mean([])


def test_trimmed_mean_drops_one_highest_and_one_lowest():
    assert trimmed_mean([60, 80, 82, 84, 99]) == D("82.00")


def test_trimmed_mean_drops_only_one_of_equal_extremes():
    assert trimmed_mean([70, 70, 80, 90, 90]) == D("80.00")


def test_trimmed_mean_falls_back_to_mean_below_three_scores():
    assert trimmed_mean([60, 90]) == D("75.00")


def test_trimmed_mean_with_three_scores_is_the_median():
    assert trimmed_mean([10, 50, 90]) == D("50.00")


def test_consensus_flags_only_strictly_above_threshold():
    assert consensus([70, 85], threshold=15).flagged is False
    c = consensus([70, D("85.5")], threshold=15)
    assert c.flagged is True
    assert c.spread == D("15.5")


def test_consensus_without_threshold_never_flags():
    assert consensus([0, 100], threshold=None).flagged is False


INDICATORS = [IndicatorWeight("a", D(40)), IndicatorWeight("b", D(60))]


def test_aggregate_totals_per_expert_then_trims():
    sheets = {
        "e1": {"a": 30, "b": 50},  # 80
        "e2": {"a": 20, "b": 40},  # 60 lowest
        "e3": {"a": 40, "b": 60},  # 100 highest
        "e4": {"a": 35, "b": 55},  # 90
    }
    result = aggregate(sheets, indicators=INDICATORS, method=Method.TRIMMED_MEAN, spread_threshold=30)
    assert result.total == D("85.00")
    assert result.expert_totals == {"e1": 80, "e2": 60, "e3": 100, "e4": 90}
    assert result.per_indicator == {"a": D("32.50"), "b": D("52.50")}
    assert result.trimmed is True
    assert result.consensus.spread == 40
    assert result.flagged is True


def test_aggregate_mean_and_indicator_consensus():
    sheets = {"e1": {"a": 10, "b": 50}, "e2": {"a": 30, "b": 52}}
    result = aggregate(sheets, indicators=INDICATORS, method="mean", indicator_spread_threshold=15)
    assert result.total == D("71.00")
    assert result.trimmed is False
    assert result.indicator_consensus["a"].flagged is True
    assert result.indicator_consensus["b"].flagged is False
    assert result.flagged is True


def test_aggregate_rejects_missing_indicator():
    with pytest.raises(ValueError, match="misses b"):
        aggregate({"e1": {"a": 10}}, indicators=INDICATORS)


@pytest.mark.parametrize("bad", [-1, D("40.01")])
def test_aggregate_rejects_out_of_range(bad):
    with pytest.raises(ValueError, match="outside"):
        aggregate({"e1": {"a": bad, "b": 1}}, indicators=INDICATORS)


def test_aggregate_rejects_empty():
    with pytest.raises(ValueError):
        aggregate({}, indicators=INDICATORS)


def test_competition_rank():
    assert competition_rank({"x": 90, "y": D("85.5"), "z": D("85.50"), "w": 70}) == {
        "x": 1,
        "y": 2,
        "z": 2,
        "w": 4,
    }
