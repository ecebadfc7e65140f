"""Rules of the compiler the mutation run found unguarded (issue 19, ``benchmarks/mutation.py
eligibility_compiler``): each test names its rule — an amount must be a number and the refusal points at the
whole formula; the compiled tree types its constants (a date from ``today`` is a date); ``this_year`` is the
application date's year; a bare ``stats`` and a named condition of the wrong type are refused with their
reason and place; a sum over operating years needs the founding date in the catalogue."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kechuang.eligibility import RuleError, parse_text
from kechuang.eligibility import nodes as n
from kechuang.eligibility.catalogue import DEFAULT_CATALOGUE, Catalogue
from kechuang.eligibility.compiler import Context, Definition, compile_condition, compile_value

TODAY = dt.date(2026, 6, 30)


def ctx(**kw: object) -> Context:
    return Context(DEFAULT_CATALOGUE, TODAY, **kw)  # type: ignore[arg-type]


def test_an_amount_formula_that_is_not_a_number_is_refused_over_its_whole_text():
    """Rule: a benefit's amount must compute a number; the refusal says what the formula is instead and
    points at the formula from its first character."""
    with pytest.raises(RuleError) as e:
        compile_value('kind == "enterprise"', ctx())
    assert e.value.reason == "这里需要一个数值，实际是条件（真/假）"
    assert (e.value.position, e.value.span.end) == (0, len('kind == "enterprise"'))  # type: ignore[union-attr]
    with pytest.raises(RuleError) as e:
        compile_value("kind", ctx())
    assert e.value.reason == "这里需要一个数值，实际是文字"
    assert compile_value("stats[last_year].revenue * 10%", ctx()) is not None


def test_a_date_computed_from_today_is_a_date_constant():
    """Rule: the compiled tree types every constant — ``today`` and ``today ± a duration`` are dates
    (folded for the application date), so the coverage check and the explanations treat them as dates."""
    tree = compile_condition("founded_on <= today - years(2)", ctx())
    assert isinstance(tree, n.Compare) and isinstance(tree.right, n.Const)
    assert (tree.right.value, tree.right.type, tree.right.fmt) == (dt.date(2024, 6, 30), "date", "date")
    tree = compile_condition("founded_on <= today", ctx())
    assert isinstance(tree, n.Compare) and isinstance(tree.right, n.Const)
    assert (tree.right.value, tree.right.type, tree.right.fmt) == (TODAY, "date", "date")
    assert tree.right.label == "申请日"


def test_this_year_is_the_application_dates_year():
    """Rule: ``this_year`` is the calendar year of the application date (``last_year`` the one before)."""
    tree = compile_condition("stats[this_year].revenue > 0", ctx())
    assert isinstance(tree, n.Compare) and isinstance(tree.left, n.Stat)
    assert tree.left.year == 2026
    tree = compile_condition("stats[this_year - 1].revenue > 0", ctx())
    assert tree.left.year == 2025  # type: ignore[attr-defined]
    rule = parse_text("id: r\ntitle: t\nsource: {document: d}\nrule: 'stats[this_year].employees >= 10'")
    assert rule.evaluate({"stats": {2026: {"employees": 12}, 2025: {"employees": 1}}}, TODAY) is True


def test_stats_alone_is_refused_with_how_to_write_it():
    """Rule: ``stats`` needs a year and a field; written alone it is refused with an example."""
    with pytest.raises(RuleError) as e:
        compile_condition("stats > 1", ctx())
    assert e.value.reason == "“stats”后面要写年度和字段，例如 stats[last_year].revenue"
    assert e.value.position == 0


def test_a_named_condition_that_is_neither_condition_nor_number_is_refused_at_its_definition():
    """Rule: a named condition must be a condition or a number; a list is refused, and the error names
    the definition (``define.<name>``) where it is written, not the rule using it."""
    for definition in (Definition("x", "[1, 2]"), Definition("x", "[1, 2]", where="define.x")):
        with pytest.raises(RuleError) as e:
            compile_condition("x", ctx(definitions={"x": definition}))
        assert e.value.reason == "命名条件“x”必须是条件或数值"
        assert e.value.where == "define.x"
    with pytest.raises(RuleError) as e:
        compile_condition("x", ctx(definitions={"x": Definition("x", "[1]", where="define.其他")}))
    assert e.value.where == "define.其他"
    with pytest.raises(RuleError) as e:
        parse_text("id: r\ntitle: t\nsource: {document: d}\ndefine: {小: '[1, 2]'}\nrule: '小'")
    assert (e.value.reason, e.value.where) == ("命名条件“小”必须是条件或数值", "define.小")


def test_a_sum_over_operating_years_needs_the_founding_date_in_the_catalogue():
    """Rule: ``sum_operating_years`` counts only the years the organisation operated in, so a catalogue
    without ``founded_on`` cannot compute it: refused, naming the missing fact."""
    without = Catalogue(
        [f for f in [*DEFAULT_CATALOGUE.facts, *DEFAULT_CATALOGUE.stats] if f.name != "founded_on"]
    )
    with pytest.raises(RuleError) as e:
        compile_condition("sum_operating_years(revenue, 3) > 0", Context(without, TODAY))
    assert e.value.reason == "未知的事实或条件“founded_on”"
    assert e.value.position == 0
    tree = compile_condition("sum_operating_years(revenue, 2) > 0", ctx())
    assert isinstance(tree, n.Compare) and isinstance(tree.right, n.Const)
    assert tree.right.value == Decimal(0)


@pytest.mark.parametrize(
    ("expr", "reason"),
    [
        ('verified in ["a"]', "条件（真/假）不能用“in”判断"),
        ("last_year in [1]", "年度不能用“in”判断"),
        ("known(last_year)", "known() 的参数应当是一个事实"),
        ("known([1])", "known() 的参数应当是一个事实"),
        ("stas > 1", "未知的事实或条件“stas”，是不是“stats”？"),
    ],
)
def test_what_cannot_be_asked_is_refused_with_its_reason(expr, reason):
    """Rule: ``in`` asks a value (not a condition or a bare year) whether it is in a list; ``known()`` asks
    about a fact; an unknown name suggests the closest name a rule may use, ``stats`` included."""
    with pytest.raises(RuleError) as e:
        compile_condition(expr, ctx())
    assert e.value.reason == reason


def test_money_times_a_count_and_money_divided_by_a_number_are_money():
    """Rule: an amount times a count (每人补助 × 人数) or an amount divided by a plain number is an amount,
    shown in 万元/亿元."""
    for expr in ("stats[last_year].employees * 1万 > 0", "stats[last_year].revenue / 2 > 0"):
        tree = compile_condition(expr, ctx())
        assert tree.left.fmt == "money"  # type: ignore[attr-defined]
    assert compile_condition("stats[last_year].employees * 2 > 0", ctx()).left.fmt == "count"  # type: ignore[attr-defined]


def test_each_comparison_of_a_chain_keeps_its_own_text():
    """Rule: ``1亿 <= x < 2亿`` is two comparisons, each with its own source text (what explanations and
    labels read), the chain with the whole."""
    tree = compile_condition("1亿 <= stats[last_year].revenue < 2亿", ctx())
    assert isinstance(tree, n.And)
    assert [c.text for c in tree.items] == [
        "1亿 <= stats[last_year].revenue",
        "stats[last_year].revenue < 2亿",
    ]


def test_a_named_conditions_node_carries_its_name():
    """Rule: a ``define:`` name compiles to a reference carrying that name (its label defaults to it)."""
    tree = compile_condition(
        "规模 and verified", ctx(definitions={"规模": Definition("规模", "stats[last_year].employees >= 10")})
    )
    ref = tree.items[0]  # type: ignore[attr-defined]
    assert isinstance(ref, n.Ref) and (ref.name, ref.label) == ("规模", "规模")
