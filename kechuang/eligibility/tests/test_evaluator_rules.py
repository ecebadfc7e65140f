"""Rules of the three-valued evaluator (``kechuang/eligibility/threevalued.py``), as properties.

Kleene logic against the full truth table; each comparison and arithmetic operator against Python's on
every ordering; unknown facts propagate and are named; the memoising evaluator answers as the plain one.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
from decimal import Decimal

import pytest

from kechuang.eligibility import Facts
from kechuang.eligibility.catalogue import DEFAULT_CATALOGUE
from kechuang.eligibility.compiler import Context, compile_condition
from kechuang.eligibility.threevalued import (
    ELIGIBLE,
    INELIGIBLE,
    STATUS,
    STATUS_ZH,
    UNKNOWN,
    Evaluator,
    compare,
    designation_valid,
    evaluate,
)

TODAY = dt.date(2026, 6, 30)
VALUES = [True, False, None]


def tree(text):
    return compile_condition(text, Context(DEFAULT_CATALOGUE, TODAY))


def bools(a, b):
    facts = {}
    if a is not None:
        facts["verified"] = a
    if b is not None:
        facts["in_park"] = b
    return Facts(facts)


def kleene_and(a, b):
    if a is False or b is False:
        return False
    return None if a is None or b is None else True


def kleene_or(a, b):
    if a is True or b is True:
        return True
    return None if a is None or b is None else False


@pytest.mark.parametrize(("a", "b"), list(itertools.product(VALUES, VALUES)))
def test_rule_and_or_not_follow_kleene_logic(a, b):
    facts = bools(a, b)
    assert evaluate(tree("verified and in_park"), facts) is kleene_and(a, b)
    assert evaluate(tree("verified or in_park"), facts) is kleene_or(a, b)
    assert evaluate(tree("not verified"), facts) is (None if a is None else not a)
    assert evaluate(tree("verified and in_park and verified"), facts) is kleene_and(a, b)
    assert evaluate(tree("verified or in_park or verified"), facts) is kleene_or(a, b)


def test_rule_false_decides_and_true_decides_or_whatever_comes_after():
    # the unknown part after the deciding one is not even needed
    evaluator = Evaluator(Facts({"verified": False}))
    assert evaluator.visit(tree("verified and in_park")) is False
    evaluator = Evaluator(Facts({"verified": True}))
    assert evaluator.visit(tree("verified or in_park")) is True
    # an unknown before a deciding one does not hide it
    assert evaluate(tree("in_park and verified"), Facts({"verified": False})) is False
    assert evaluate(tree("in_park or verified"), Facts({"verified": True})) is True


OPS = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


@pytest.mark.parametrize("op", sorted(OPS))
def test_rule_each_comparison_is_its_operator_on_every_ordering(op):
    for a, b in [(1, 2), (2, 2), (3, 2)]:
        assert compare(op, Decimal(a), Decimal(b)) is OPS[op](a, b)
        facts = Facts({"stats": {2025: {"revenue": a}}})
        assert evaluate(tree(f"stats[last_year].revenue {op} {b}"), facts) is OPS[op](a, b)
    assert compare(op, None, 1) is None and compare(op, 1, None) is None
    assert evaluate(tree(f"stats[last_year].revenue {op} 1"), Facts({})) is None


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("stats[last_year].revenue + stats[last_year].profit", 13),
        ("stats[last_year].revenue - stats[last_year].profit", 7),
        ("stats[last_year].revenue * stats[last_year].profit", 30),
        ("stats[last_year].revenue / stats[last_year].profit", Decimal(10) / Decimal(3)),
        ("-stats[last_year].profit", -3),
        ("min(stats[last_year].revenue, stats[last_year].profit)", 3),
        ("max(stats[last_year].revenue, stats[last_year].profit)", 10),
        ("(stats[last_year].revenue if verified else stats[last_year].profit)", 10),
        ("(stats[last_year].revenue if in_park else stats[last_year].profit)", 3),
    ],
)
def test_rule_arithmetic_is_exact(expr, expected):
    facts = Facts({"stats": {2025: {"revenue": 10, "profit": 3}}, "verified": True, "in_park": False})
    assert evaluate(tree(f"{expr} == {expected}"), facts) is True
    assert evaluate(tree(f"{expr} == {expected} + 1"), facts) is False


@pytest.mark.parametrize(
    "expr",
    [
        "stats[last_year].revenue + stats[last_year].profit",
        "stats[last_year].profit + stats[last_year].revenue",
        "stats[last_year].revenue - stats[last_year].profit",
        "stats[last_year].revenue * stats[last_year].profit",
        "stats[last_year].revenue / stats[last_year].profit",
        "stats[last_year].profit / stats[last_year].revenue",
        "-stats[last_year].profit",
        "min(stats[last_year].revenue, stats[last_year].profit)",
        "max(stats[last_year].profit, stats[last_year].revenue)",
        "(1 if verified else 2)",
    ],
)
def test_rule_an_unknown_operand_makes_the_value_unknown(expr):
    facts = Facts({"stats": {2025: {"revenue": 10}}})
    evaluator = Evaluator(facts)
    assert evaluator.visit(tree(f"{expr} > 0")) is None
    assert evaluator.missing, "the missing fact is named"


def test_rule_division_by_zero_is_unknown_not_an_error():
    facts = Facts({"stats": {2025: {"revenue": 0, "profit": 3}}})
    assert evaluate(tree("stats[last_year].profit / stats[last_year].revenue > 0"), facts) is None
    facts = Facts({"stats": {2025: {"revenue": 3, "profit": 0}}})
    assert evaluate(tree("stats[last_year].profit / stats[last_year].revenue == 0"), facts) is True


def test_rule_missing_facts_are_named_with_their_labels():
    evaluator = Evaluator(Facts({}))
    text = (
        'verified and stats[last_year].revenue > 0 and region under "220000" and designated("高新技术企业")'
    )
    assert evaluator.visit(tree(text)) is None
    assert set(evaluator.missing) == {"verified", "stats[2025].revenue", "region", "designations"}
    assert evaluator.missing["verified"] == "信息已核验"
    assert evaluator.missing["region"] == "所在地区"
    assert "营业收入" in evaluator.missing["stats[2025].revenue"]
    assert evaluator.missing["designations"]
    known = Evaluator(Facts({"verified": True, "region": "220102", "designations": []}))
    known.visit(tree(text))
    assert set(known.missing) == {"stats[2025].revenue"}


def test_rule_known_looks_without_marking_facts_missing():
    evaluator = Evaluator(Facts({"verified": True}))
    assert evaluator.visit(tree("known(stats[last_year].revenue) or verified")) is True
    assert evaluator.missing == {}
    assert evaluate(tree("known(stats[last_year].revenue)"), Facts({"stats": {2025: {"revenue": 0}}})) is True


@pytest.mark.parametrize(
    ("text", "facts", "expected"),
    [
        ('size in ["small", "micro"]', {"size": "small"}, True),
        ('size in ["small", "micro"]', {"size": "large"}, False),
        ('size not in ["small", "micro"]', {"size": "large"}, True),
        ('size not in ["small", "micro"]', {"size": "small"}, False),
        ('size not in ["small", "micro"]', {}, None),
        ('region under "220102"', {"region": "220102"}, True),
        ('region under "220102"', {"region": "220103"}, False),
        ('region under "220102"', {}, None),
    ],
)
def test_rule_membership_and_hierarchy(text, facts, expected):
    assert evaluate(tree(text), Facts(facts)) is expected


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "expected"),
    [
        (None, None, True),
        (dt.date(2026, 6, 30), None, True),
        (dt.date(2026, 7, 1), None, False),
        (None, dt.date(2026, 6, 30), True),
        (None, dt.date(2026, 6, 29), False),
        (dt.date(2026, 1, 1), dt.date(2026, 12, 31), True),
    ],
)
def test_rule_a_designation_is_valid_on_its_first_and_last_day(valid_from, valid_to, expected):
    d = {"kind": "高新技术企业", "valid_from": valid_from, "valid_to": valid_to}
    assert designation_valid(d, TODAY) is expected


def test_rule_designated_needs_the_kind_and_a_valid_period():
    on = {"kind": "高新技术企业", "valid_from": "2026-01-01", "valid_to": "2026-12-31"}
    other = {**on, "kind": "瞪羚企业"}
    expired = {**on, "valid_to": "2026-06-29"}
    check = tree('designated("高新技术企业")')
    assert evaluate(check, Facts({"designations": [other, on]})) is True
    assert evaluate(check, Facts({"designations": [other]})) is False
    assert evaluate(check, Facts({"designations": [expired]})) is False


TEXTS = [
    "verified and in_park",
    "not (verified or in_park)",
    "stats[last_year].revenue > 5 and stats[last_year].revenue < 20",
    "(stats[last_year].revenue if verified else 0) >= 10",
    'known(stats[last_year].revenue) and size in ["small"]',
]
FACTS = [
    {},
    {"verified": True, "stats": {2025: {"revenue": 10}}, "size": "small"},
    {"verified": False, "in_park": True, "stats": {2025: {"revenue": 30}}},
]


@pytest.mark.parametrize("text", TEXTS)
def test_rule_the_memoising_evaluator_answers_as_the_plain_one(text):
    compiled = tree(text)
    for facts in FACTS:
        plain, memo = Evaluator(Facts(facts)), Evaluator(Facts(facts), memo=True)
        assert memo.visit(compiled) is plain.visit(compiled)
        assert memo.visit(compiled) is plain.visit(compiled), "a second visit reads the memo"
        assert memo.missing == plain.missing


def test_rule_memo_keeps_one_value_per_node():
    compiled = tree("verified and in_park")
    evaluator = Evaluator(Facts({"verified": True, "in_park": True}), memo=True)
    assert evaluator.visit(compiled) is True
    assert evaluator._memo[id(compiled)] is True
    assert Evaluator(Facts({}))._memo == {} and "visit" not in vars(Evaluator(Facts({})))


def test_rule_status_names():
    assert STATUS == {True: ELIGIBLE, False: INELIGIBLE, None: UNKNOWN}
    assert (ELIGIBLE, INELIGIBLE, UNKNOWN) == ("eligible", "ineligible", "unknown")
    assert STATUS_ZH == {"eligible": "符合", "ineligible": "不符合", "unknown": "无法判断（缺少数据）"}
