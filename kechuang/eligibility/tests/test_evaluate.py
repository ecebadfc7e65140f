import datetime as dt
import importlib
from decimal import Decimal

import pytest

import kechuang.eligibility as package
from kechuang.eligibility import Facts
from kechuang.eligibility.catalogue import DEFAULT_CATALOGUE
from kechuang.eligibility.compiler import Context, compile_condition
from kechuang.eligibility.evaluate import evaluate, explain_tree, smallest_change
from kechuang.eligibility.format import fmt_value

TODAY = dt.date(2026, 6, 30)


def ev(text, facts):
    tree = compile_condition(text, Context(DEFAULT_CATALOGUE, TODAY))
    return evaluate(tree, Facts(facts))


@pytest.mark.parametrize(
    ("text", "facts", "expected"),
    [
        # Kleene logic: false dominates and, true dominates or, unknown otherwise
        ('kind == "enterprise" and stats[last_year].revenue > 0', {"kind": "university"}, False),
        ('kind == "enterprise" and stats[last_year].revenue > 0', {"kind": "enterprise"}, None),
        ('kind == "enterprise" or stats[last_year].revenue > 0', {"kind": "enterprise"}, True),
        ('kind == "university" or stats[last_year].revenue > 0', {"kind": "enterprise"}, None),
        ("not (stats[last_year].revenue > 0)", {}, None),
        # division by zero is unknown, like SQL's x / NULLIF(0, 0)
        (
            "stats[last_year].rd_expenditure / stats[last_year].revenue >= 3%",
            {"stats": {2025: {"rd_expenditure": 1, "revenue": 0}}},
            None,
        ),
        # conditional value with unknown condition is unknown
        ("(1 if stats[last_year].revenue > 0 else 2) == 2", {}, None),
        ('size in ["small", "micro"]', {"size": "micro"}, True),
        ('size not in ["small", "micro"]', {"size": "micro"}, False),
        ('size in ["small", "micro"]', {}, None),
        ('region under "220000"', {"region": "220102"}, True),
        ('region under "220100"', {"region": "220102"}, True),
        ('region under "110000"', {"region": "220102"}, False),
        ('industry under "C"', {"industry": "3311"}, True),
        ('industry under "C33"', {"industry": "C3311"}, True),
        ('industry under "I"', {"industry": "C3311"}, False),
        ("known(stats[last_year].revenue)", {}, False),
        ("min(stats[last_year].revenue, 10) == 10", {"stats": {2025: {"revenue": 50}}}, True),
        ("founded_on <= today - years(1)", {"founded_on": "2025-06-30"}, True),
        ("founded_on <= today - years(1)", {"founded_on": "2025-07-01"}, False),
        ('designated("高新技术企业")', {"designations": []}, False),
        (
            'designated("高新技术企业")',
            {
                "designations": [
                    {"kind": "高新技术企业", "valid_from": "2024-01-01", "valid_to": "2026-06-30"}
                ]
            },
            True,
        ),
        (
            'designated("高新技术企业", on=today + years(1))',
            {
                "designations": [
                    {"kind": "高新技术企业", "valid_from": "2024-01-01", "valid_to": "2026-06-30"}
                ]
            },
            False,
        ),
        ('designated("高新技术企业")', {}, None),
        ("verified", {"verified": False}, False),
    ],
)
def test_three_valued_semantics(text, facts, expected):
    assert ev(text, facts) is expected


def test_explanation_shows_actual_and_threshold():
    tree = compile_condition(
        "stats[last_year].rd_expenditure / stats[last_year].revenue >= 3%", Context(DEFAULT_CATALOGUE, TODAY)
    )
    tree.label = "研发费用占比"
    step = explain_tree(tree, Facts({"stats": {2025: {"rd_expenditure": 280000, "revenue": 10000000}}}))
    assert step.value is False
    assert step.text == "研发费用占比：2025年研发费用÷2025年营业收入 2.8%，要求 ≥ 3%"
    changes = smallest_change(tree, Facts({"stats": {2025: {"rd_expenditure": 280000, "revenue": 10000000}}}))
    assert changes is not None
    assert [c.text for c in changes] == ["研发费用占比：2025年研发费用从 28万元 提高到 30万元"]
    assert changes[0].required == Decimal(300000)


def test_unknown_lists_missing_facts():
    tree = compile_condition(
        'stats[last_year].revenue > 0 and size == "small"', Context(DEFAULT_CATALOGUE, TODAY)
    )
    step = explain_tree(tree, Facts({"size": "small"}))
    assert step.value is None
    assert step.missing == {"stats[2025].revenue": "2025年营业收入"}


def test_or_picks_the_smallest_change():
    text = (
        "stats[last_year].rd_expenditure >= 100万"
        " or (stats[last_year].revenue >= 1亿 and stats[last_year].rd_institutions >= 1)"
    )
    tree = compile_condition(text, Context(DEFAULT_CATALOGUE, TODAY))
    f = Facts({"stats": {2025: {"rd_expenditure": 900000, "revenue": 50000000, "rd_institutions": 0}}})
    changes = smallest_change(tree, f)
    assert changes is not None
    assert [c.text for c in changes] == ["2025年研发费用从 90万元 提高到 100万元"]


def test_strict_bound_steps_over():
    tree = compile_condition("stats[last_year].rd_institutions > 2", Context(DEFAULT_CATALOGUE, TODAY))
    changes = smallest_change(tree, Facts({"stats": {2025: {"rd_institutions": 1}}}))
    assert changes is not None
    assert changes[0].required == 3


def test_amount_and_money_formatting():
    assert fmt_value(Decimal("52000000"), "money") == "5200万元"
    assert fmt_value(Decimal("250000000"), "money") == "2.5亿元"
    assert fmt_value(Decimal("850"), "money") == "850元"
    assert fmt_value(Decimal("0.0283"), "percent") == "2.83%"
    assert fmt_value(dt.date(2026, 11, 26)) == "2026年11月26日"


def test_the_package_evaluate_stays_the_function_once_its_module_is_imported():
    importlib.import_module("kechuang.eligibility.evaluate")
    assert package.evaluate is evaluate and callable(package.evaluate)
