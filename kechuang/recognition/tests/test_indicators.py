from decimal import Decimal

import pytest

from kechuang.recognition.indicators import (
    IndicatorSystemError,
    parse_indicator_system,
    score_figures,
)

D = Decimal

SYSTEM = {
    "indicators": [
        {
            "code": "rd",
            "name": "研发投入强度",
            "max_score": "20",
            "method": "threshold",
            "metric": "rd_intensity",
            "bands": [{"min": "1.5", "score": "8"}, {"min": "3", "score": "14"}, {"min": "5", "score": "20"}],
        },
        {
            "code": "pat",
            "name": "有效发明专利",
            "max_score": "20",
            "method": "threshold",
            "metric": "valid_invention_patents",
            "bands": [{"min": 1, "score": 5}, {"min": 5, "score": 12}, {"min": 10, "score": 20}],
        },
        {
            "code": "energy",
            "name": "单位能耗",
            "max_score": "10",
            "method": "threshold",
            "metric": "employees",
            "direction": "lower",
            "bands": [{"max": 500, "score": 4}, {"max": 100, "score": 10}],
        },
        {"code": "cap", "name": "技术创新能力", "max_score": "50", "method": "expert"},
    ]
}


def figures(**kw):
    base = {
        "revenue": D("100000000"),
        "rd_expenditure": D("3000000"),
        "valid_invention_patents": 4,
        "employees": 300,
    }
    base.update(kw)
    return base


def test_parse():
    system = parse_indicator_system(SYSTEM, require_total=D(100))
    assert system.max_total == 100
    assert [i.code for i in system.expert_indicators] == ["cap"]
    assert [i.code for i in system.threshold_indicators] == ["rd", "pat", "energy"]


@pytest.mark.parametrize(
    ("rd", "points"),
    [("0", 0), ("1499999", 0), ("1500000", 8), ("2999999", 8), ("3000000", 14), ("5000000", 20), ("9e7", 20)],
)
def test_threshold_bands_higher_is_better(rd, points):
    score = score_figures(parse_indicator_system(SYSTEM), figures(rd_expenditure=D(rd)))
    assert score.lines[0].points == points


def test_band_boundary_is_inclusive_and_value_shown():
    line = score_figures(parse_indicator_system(SYSTEM), figures()).lines[0]
    assert line.value == D("3.00")
    assert line.unit == "%"
    assert line.band.bound == 3


@pytest.mark.parametrize(("employees", "points"), [(600, 0), (500, 4), (101, 4), (100, 10), (5, 10)])
def test_threshold_bands_lower_is_better(employees, points):
    score = score_figures(parse_indicator_system(SYSTEM), figures(employees=employees))
    assert score.lines[2].points == points


def test_total_points_and_max():
    score = score_figures(parse_indicator_system(SYSTEM), figures())
    assert score.points == 14 + 5 + 4
    assert score.max_points == 50


def test_missing_figure_scores_zero():
    score = score_figures(parse_indicator_system(SYSTEM), figures(revenue=None))
    assert score.lines[0].points == 0
    assert score.lines[0].value is None


def test_zero_revenue_is_missing_not_division_error():
    assert score_figures(parse_indicator_system(SYSTEM), figures(revenue=0)).lines[0].value is None


def _problems(data, **kw):
    with pytest.raises(IndicatorSystemError) as exc:
        parse_indicator_system(data, **kw)
    return exc.value.problems


def one(**kw):
    item = {"code": "x", "name": "指标X", "max_score": "10", "method": "threshold", "metric": "rd_staff"}
    item["bands"] = [{"min": 1, "score": 5}, {"min": 2, "score": 10}]
    item.update(kw)
    return {"indicators": [item]}


def test_errors_empty():
    assert _problems({"indicators": []}) == ["指标体系至少需要一个指标。"]


def test_errors_unknown_metric():
    assert _problems(one(metric="foo")) == ["指标“指标X”引用了未知的数据项“foo”。"]


def test_errors_non_monotonic_bands():
    assert _problems(one(bands=[{"min": 2, "score": 5}, {"min": 1, "score": 10}])) == [
        "指标“指标X”的阈值必须严格单调排列。"
    ]


def test_errors_decreasing_scores():
    assert _problems(one(bands=[{"min": 1, "score": 8}, {"min": 2, "score": 5}])) == [
        "指标“指标X”的分值不能随档次提高而降低。"
    ]


def test_errors_score_above_max():
    assert _problems(one(bands=[{"min": 1, "score": 11}])) == ["指标“指标X”的分值11超出0至10的范围。"]


def test_errors_bad_method_and_max():
    assert _problems(one(method="vote")) == ["指标“指标X”的计分方式必须是阈值或专家打分。"]
    assert _problems(one(max_score="-1")) == ["指标“指标X”的满分必须是正数。"]


def test_errors_duplicate_code_and_total():
    data = {"indicators": [one()["indicators"][0], one()["indicators"][0]]}
    assert _problems(data) == ["指标代码“x”重复。"]
    assert _problems(one(), require_total=D(100)) == ["各指标满分之和为10，应为100。"]
