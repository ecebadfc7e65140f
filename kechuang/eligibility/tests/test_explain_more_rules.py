"""Rule guarded (continued from test_explain_rules): a comparison written threshold-first is read from the
fact's side with the operator turned round, a constant condition says it always or never holds, and
explaining a compiled tree directly lists the missing facts (:mod:`kechuang.eligibility.explain`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kechuang.eligibility import parse_text
from kechuang.eligibility.explain import explain_tree
from kechuang.eligibility.facts import Facts
from kechuang.eligibility.i18n import language

TODAY = dt.date(2026, 6, 30)
FACTS = {"stats": {2025: {"revenue": 100, "employees": 60}}}


def step(expr: str):  # type: ignore[no-untyped-def]
    return (
        parse_text("id: r\ntitle: t\nsource: {document: d}\nrule: '" + expr + "'").explain(FACTS, TODAY).step
    )


@pytest.mark.parametrize(
    ("expr", "shown"),
    [
        ("100 < stats[last_year].revenue", "✗ 2025年营业收入 100元，要求 ＞ 100元"),
        ("100 > stats[last_year].revenue", "✗ 2025年营业收入 100元，要求 ＜ 100元"),
        ("100 >= stats[last_year].revenue", "✓ 2025年营业收入 100元，要求 ≤ 100元"),
        ("100 <= stats[last_year].revenue", "✓ 2025年营业收入 100元，要求 ≥ 100元"),
        ("100 == stats[last_year].revenue", "✓ 2025年营业收入 100元，要求 = 100元"),
        ("100 != stats[last_year].revenue", "✗ 2025年营业收入 100元，要求 ≠ 100元"),
        ("stats[last_year].revenue >= stats[last_year].employees * 2",
         "✗ 2025年营业收入 100元，要求 ≥ 120元（2025年从业人员数×2）"),
    ],
)  # fmt: skip
def test_a_threshold_written_first_is_read_from_the_fact_s_side(expr, shown):
    s = step(expr)
    assert s.render() == shown
    assert (s.actual, s.label) == (Decimal(100), "2025年营业收入")


def test_the_threshold_is_the_required_value():
    s = step("stats[last_year].revenue >= stats[last_year].employees * 2")
    assert (s.actual, s.required, s.missing) == (Decimal(100), Decimal(120), {})


def test_a_constant_condition_always_or_never_holds():
    assert step("true").render() == "✓ 总是成立" and step("true").label == "总是成立"
    assert step("false").render() == "✗ 不成立" and step("false").value is False
    with language("en"):
        assert step("true").label != "总是成立" and step("false").label != "不成立"
    labelled = parse_text("id: r\ntitle: t\nsource: {document: d}\nrule: {label: 恒真, when: 'true'}")
    assert labelled.explain({}, TODAY).step.render() == "✓ 恒真"


def test_explaining_a_compiled_tree_lists_the_missing_facts():
    tree = parse_text("id: r\ntitle: t\nsource: {document: d}\nrule: 'stats[last_year].revenue > 1'").compile(
        TODAY
    )
    s = explain_tree(tree, Facts({}), TODAY)
    assert s.render() == "？ 2025年营业收入 （缺少数据），要求 ＞ 1元"
    assert s.missing == {"stats[2025].revenue": "2025年营业收入"}
    assert explain_tree(tree, Facts({"stats": {2025: {"revenue": 2}}})).missing == {}
