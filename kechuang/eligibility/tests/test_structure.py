"""Structural keys (what a backend may compute once) and the evaluator's cheap fact override."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kechuang.eligibility import Facts
from kechuang.eligibility import nodes as n
from kechuang.eligibility.catalogue import DEFAULT_CATALOGUE
from kechuang.eligibility.compiler import Context, Definition, compile_condition
from kechuang.eligibility.evaluate import Evaluator

TODAY = dt.date(2026, 6, 30)


def tree(text: str, **definitions: str) -> n.Node:
    defs = {k: Definition(k, v, label=f"名为{k}") for k, v in definitions.items()}
    return compile_condition(text, Context(DEFAULT_CATALOGUE, TODAY, defs))


def test_same_computation_same_key_whatever_labels_and_names():
    ratio = "stats[last_year].rd_expenditure / stats[last_year].revenue"
    named = tree("占比 >= 3%", 占比=ratio)  # a Ref with a label
    plain = tree(f"{ratio} >= 3%")
    assert n.structure(named) == n.structure(plain)
    assert n.structure(n.unref(named.left)) == n.structure(plain.left)  # type: ignore[attr-defined]
    assert n.structure(tree(f"{ratio} >= 4%")) != n.structure(plain)
    assert n.structure(tree(f"{ratio} > 3%")) != n.structure(plain)
    assert n.structure(tree("stats[last_year - 1].revenue > 0")) != n.structure(
        tree("stats[last_year].revenue > 0")
    )
    assert n.structure(tree('designated("高新技术企业")')) != n.structure(
        tree('designated("高新技术企业", on=today - years(1))')
    )
    assert n.structure(tree('size not in ["small"]')) != n.structure(tree('size in ["small"]'))


def test_override_changes_one_fact_and_copies_nothing():
    facts = Facts({"kind": "enterprise", "stats": {2025: {"revenue": 100, "employees": 3}}})
    other = facts.with_override(("stat", ("revenue", 2025)), Decimal(7))
    assert other.stat("revenue", 2025) == 7 and facts.stat("revenue", 2025) == 100
    assert other.stat("employees", 2025) == 3 and other.fact("kind") == "enterprise"
    kind = facts.with_override(("fact", "kind"), "university")
    assert kind.fact("kind") == "university" and facts.fact("kind") == "enterprise"
    assert kind.stat("revenue", 2025) == 100 and kind.designations is None


def test_memoising_evaluator_gives_the_plain_answers():
    t = tree('(stats[last_year].revenue > 10 and kind == "enterprise") or stats[last_year].employees > 5')
    for data in (
        {},
        {"kind": "enterprise", "stats": {2025: {"revenue": 11}}},
        {"stats": {2025: {"employees": 2}}},
    ):
        f = Facts(data)
        memo = Evaluator(f, memo=True)
        assert memo.visit(t) == Evaluator(f).visit(t)
        assert memo.visit(t) == Evaluator(f).visit(t)  # second time from the memo
