"""Rule guarded (continued from test_changes_rules): the smallest change for facts that move both ways, whole
units rounded the way the fact moves, the most recent year first, an equality never solved, a bound never
below zero, named conditions and codes named as people know them (:mod:`kechuang.eligibility.changes`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kechuang.eligibility import parse_text
from kechuang.eligibility.catalogue import DEFAULT_CATALOGUE, Catalogue, FactDef
from kechuang.eligibility.rules import Rule

TODAY = dt.date(2026, 6, 30)
D = Decimal
CAT = Catalogue([*DEFAULT_CATALOGUE.facts, *DEFAULT_CATALOGUE.stats,
                 FactDef("debt", "负债", "money", per_year=True, moves="both", actionable=True),
                 FactDef("score", "评分", "number", per_year=True, moves="both", actionable=True),
                 FactDef("carriers", "创新载体数", "count", moves="up", actionable=True)])  # fmt: skip


def changes(expr: str, facts: dict, catalogue: Catalogue = CAT) -> list[tuple]:
    rule = Rule({"id": "r", "title": "t", "source": {"document": "d"}, "rule": expr}, catalogue=catalogue)
    res = rule.explain(facts, TODAY)
    assert res.status == "ineligible"
    return [(c.text, c.fact, c.current, c.required, c.actionable) for c in res.changes or []]


def y(**row):  # type: ignore[no-untyped-def]
    return {"kind": "enterprise", "stats": {2025: row}}


def test_whole_units_are_rounded_the_way_the_fact_moves():
    assert changes("stats[last_year].rd_expenditure * 3 >= 1000", y(rd_expenditure=100)) == [
        ("2025年研发费用从 100元 提高到 334元", "stats[2025].rd_expenditure", D(100), D(334), True)
    ]
    assert changes("stats[last_year].debt * 3 <= 1000", y(debt=500)) == [
        ("2025年负债从 500元 降低到 333元", "stats[2025].debt", D(500), D(333), True)
    ]


def test_a_number_steps_over_a_strict_bound_by_a_hundredth_either_way():
    assert changes("stats[last_year].score < 60", y(score=60))[0][3] == D("59.99")
    assert changes("stats[last_year].score > 60", y(score=60))[0][3] == D("60.01")


def test_a_bound_may_reach_zero_but_never_go_below_it():
    assert changes("stats[last_year].debt <= 0", y(debt=5)) == [
        ("2025年负债从 5元 降低到 0元", "stats[2025].debt", D(5), D(0), True)
    ]
    [(_text, fact, _, required, actionable)] = changes("stats[last_year].debt < 0", y(debt=5))
    assert (fact, actionable, required) == ("", False, D(0))


def test_an_equality_is_never_solved_even_for_a_fact_that_moves_both_ways():
    for op in ("==", "!="):
        [(_text, fact, *_, actionable)] = changes(
            f"stats[last_year].debt {op} 100万", y(debt=1000000 if op == "!=" else 5)
        )
        assert (fact, actionable) == ("", False), op


def test_two_bounds_on_one_fact_keep_the_stricter_whichever_way_it_moves():
    both = "stats[last_year].debt <= 100万 and stats[last_year].debt <= 50万"
    assert changes(both, y(debt=2000000))[0][3] == D(500000)
    assert changes("stats[last_year].debt <= 50万 and stats[last_year].debt <= 100万", y(debt=2000000))[0][
        3
    ] == D(500000)


def test_the_most_recent_year_is_moved_first_and_an_organisation_level_fact_by_its_name():
    expr = "stats[last_year - 1].rd_expenditure + stats[last_year].rd_expenditure >= 300万"
    facts = {
        "kind": "enterprise",
        "stats": {2024: {"rd_expenditure": 1000000}, 2025: {"rd_expenditure": 1000000}},
    }
    assert changes(expr, facts)[0][:2] == (
        "2025年研发费用从 100万元 提高到 200万元",
        "stats[2025].rd_expenditure",
    )
    assert changes("carriers >= 2", {"carriers": 1}) == [
        ("创新载体数从 1 提高到 2", "carriers", D(1), D(2), True)
    ]


def test_a_comparison_that_cannot_be_computed_nearby_is_a_reason():
    [(_text, fact, *_, actionable)] = changes("100 / (stats[last_year].rd_staff - 11) >= 50", y(rd_staff=9))
    assert (fact, actionable) == ("", False)


def test_dates_compared_for_equality_say_what_is_required():
    [(text, *_)] = changes('founded_on == date("2020-01-01")', {"founded_on": "2019-01-01"})
    assert text == "成立日期须= 2020年1月1日"
    [(text, *_)] = changes('founded_on != date("2019-01-01")', {"founded_on": "2019-01-01"})
    assert text == "成立日期须≠ 2019年1月1日"


def rule(text: str):  # type: ignore[no-untyped-def]
    return parse_text("id: r\ntitle: t\nsource: {document: d}\n" + text)


def test_a_named_condition_prefixes_its_one_reason():
    r = rule("define:\n  小企业: {label: 小型企业, expr: 'size in [\"small\"]'}\nrule: {use: 小企业}\n")
    [c] = r.explain({"size": "large"}, TODAY).changes
    assert c.text == "小型企业：企业规模须为 小型 之一"
    two = rule(
        'define:\n  两项: {label: 两项, expr: \'size in ["small"] and region under "220000"\'}\nrule: {use: 两项}\n'
    )
    assert [c.text for c in two.explain({"size": "large", "region": "410105"}, TODAY).changes] == [
        "企业规模须为 小型 之一",
        "所在地区须属于 220000",
    ]
    advice = rule(
        "define:\n  研发: {label: 研发达标, expr: 'stats[last_year].rd_expenditure >= 100万'}\nrule: {use: 研发}\n"
    )
    [c] = advice.explain({"stats": {2025: {"rd_expenditure": 5}}}, TODAY).changes
    assert c.text == "2025年研发费用从 5元 提高到 100万元"  # advice names its fact, not the condition


def test_codes_in_lists_are_named_with_their_labels():
    facts = {"region": "220104", "labels": {"220102": "朝阳区", "220104": "绿园区"}}
    [c] = rule("rule: 'region in [\"220102\"]'").explain(facts, TODAY).changes
    assert c.text == "所在地区须为 朝阳区（220102） 之一"
    [c] = rule("rule: 'region not in [\"220104\"]'").explain(facts, TODAY).changes
    assert c.text == "所在地区不得为当前的“绿园区（220104）”"
    [c] = (
        rule("rule: 'region under \"220100\"'")
        .explain({"region": "410105", "labels": {"220100": "长春市"}}, TODAY)
        .changes
    )
    assert c.text == "所在地区须属于 长春市（220100）"


def test_a_missing_code_beside_a_failed_condition_is_to_be_supplied():
    r = rule("rule:\n  all: ['region under \"220000\"', 'kind == \"university\"']\n")
    assert [
        (c.text, c.fact, c.label, c.actionable) for c in r.explain({"kind": "enterprise"}, TODAY).changes
    ] == [
        ("补充所在地区", "region", "所在地区", True),
        ("主体类型 企业，要求 = 高等院校", "", "主体类型", False),
    ]
