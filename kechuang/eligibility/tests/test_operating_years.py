"""“近三个会计年度（实际经营期不满三年的按实际经营时间计算）”: ``sum_operating_years(fact, 3)`` counts only
the years the organisation operated in (issue 12)."""

from __future__ import annotations

import datetime as dt

import pytest

from kechuang.eligibility import RuleError, parse_text
from kechuang.eligibility.catalogue import DEFAULT_CATALOGUE
from kechuang.eligibility.compiler import Context, compile_condition
from kechuang.eligibility.evaluate import evaluate
from kechuang.eligibility.facts import Facts

TODAY = dt.date(2026, 6, 30)
RATIO = "sum_operating_years(rd_expenditure, 3) / sum_operating_years(revenue, 3) >= 5%"
YOUNG = {
    "founded_on": "2024-10-30",  # 20 months before the application date
    "stats": {2024: {"revenue": 2_000_000, "rd_expenditure": 200_000},
              2025: {"revenue": 18_000_000, "rd_expenditure": 800_000}},
}  # fmt: skip


def rule(expr: str = RATIO):  # type: ignore[no-untyped-def]
    return parse_text(f"id: r\ntitle: 测试\nsource: {{document: 文件, article: 第一条}}\nrule: '{expr}'\n")


def test_years_before_the_founding_count_as_nothing_not_as_missing():
    r = rule().explain(YOUNG, TODAY)
    assert r.status == "eligible" and not r.missing
    assert "2024—2025年" not in r.step.render()
    assert "2023—2025年（按实际经营年度）研发费用合计" in r.step.render()


def test_the_fixed_three_years_still_ask_for_data_that_cannot_exist():
    r = rule("sum_years(rd_expenditure, 3) / sum_years(revenue, 3) >= 5%").explain(YOUNG, TODAY)
    assert r.status == "unknown"
    assert sorted(r.missing) == ["stats[2023].rd_expenditure", "stats[2023].revenue"]


def test_the_founding_year_counts_and_an_older_firm_needs_all_three_years():
    facts = {**YOUNG, "founded_on": "2023-12-31"}
    r = rule().explain(facts, TODAY)
    assert r.status == "unknown"
    assert sorted(r.missing) == ["stats[2023].rd_expenditure", "stats[2023].revenue"]
    facts = {**YOUNG, "founded_on": "2024-01-01"}
    assert rule().explain(facts, TODAY).status == "eligible"


def test_a_year_of_a_young_firm_that_is_reported_is_ignored_before_the_founding():
    facts = {**YOUNG, "stats": {**YOUNG["stats"], 2023: {"revenue": 100_000_000, "rd_expenditure": 0}}}
    assert evaluate(compile_condition(RATIO, Context(DEFAULT_CATALOGUE, TODAY)), Facts(facts)) is True


def test_an_unknown_founding_date_is_unknown():
    facts = {"stats": YOUNG["stats"]}
    r = rule().explain(facts, TODAY)
    assert r.status == "unknown" and list(r.missing) == ["founded_on"]


def test_the_smallest_change_is_last_years_figure():
    facts = {**YOUNG, "stats": {**YOUNG["stats"], 2025: {"revenue": 18_000_000, "rd_expenditure": 500_000}}}
    r = rule().explain(facts, TODAY)
    assert r.status == "ineligible"
    assert [c.text for c in r.changes] == ["2025年研发费用从 50万元 提高到 80万元"]


def test_english_label():
    r = rule().explain(YOUNG, TODAY, lang="en")
    assert "R&D expenditure, 2023–2025 total (years in operation)" in r.step.render()


def test_the_year_count_must_be_a_constant():
    with pytest.raises(RuleError) as e:
        rule("sum_operating_years(revenue, 0) > 0")
    assert e.value.reason == "年数应当是 1 到 10 的整数"


def test_a_value_just_below_the_threshold_is_not_shown_equal_to_it():
    facts = {"founded_on": "2018-01-01",
             "stats": {y: {"revenue": 200_000_000, "rd_expenditure": 8_000_000} for y in (2023, 2024)}}  # fmt: skip
    facts["stats"][2025] = {"revenue": 200_000_000, "rd_expenditure": 7_999_999}
    r = rule("sum_operating_years(rd_expenditure, 3) / sum_operating_years(revenue, 3) >= 4%").explain(
        facts, TODAY
    )
    assert r.status == "ineligible"
    assert "合计 3.99999983%，要求 ≥ 4%" in r.step.render()
    assert [c.text for c in r.changes] == ["2025年研发费用从 799.9999万元 提高到 800万元"]
