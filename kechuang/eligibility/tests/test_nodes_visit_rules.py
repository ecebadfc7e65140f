"""Rules of the expression tree's interface to backends (:mod:`kechuang.eligibility.nodes`), found unguarded
by the mutation run (issue 19, ``benchmarks/mutation.py eligibility_nodes``): a backend that forgets a node
type fails loudly whichever way it dispatches; dispatch is per visitor class and node class; every node of
every kind is walked, parents before children, in the written order; a named condition is a condition when
its body is; the structural key's memo holds every subtree's key and is trusted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kechuang.eligibility import nodes as n
from kechuang.eligibility import parse_text

TODAY = dt.date(2026, 6, 30)


def tree(expr: str, define: str = "") -> n.Node:
    text = "id: r\ntitle: t\nsource: {document: d}\n" + define + "rule: '" + expr.replace("'", "''") + "'"
    return parse_text(text).compile(TODAY)


def test_accept_calls_the_visitors_method_for_the_nodes_class():
    """Rule: ``node.accept(visitor)`` is ``visitor.visit_<node class>(node)``."""

    class Names(n.Visitor[str]):
        def visit_Const(self, node: n.Const) -> str:
            return f"常量{node.value}"

        def visit_BoolConst(self, node: n.BoolConst) -> str:
            return f"真假{node.value}"

    assert n.Const(Decimal(3), "number").accept(Names()) == "常量3"
    assert n.BoolConst(True).accept(Names()) == "真假True"


def test_a_visitor_missing_a_node_type_fails_loudly_and_other_names_are_plain_missing_attributes():
    """Rule: a backend that forgets a node type raises NotImplementedError naming its class and the node
    type, through ``accept`` as through ``visit``; any other missing attribute is an AttributeError (so
    ``hasattr``/``getattr`` with a default keep working)."""

    class Partial(n.Visitor[int]):
        pass

    with pytest.raises(NotImplementedError) as e:
        n.Known(n.BoolConst(True)).accept(Partial())
    assert str(e.value) == "Partial does not handle Known"
    with pytest.raises(NotImplementedError) as e:
        Partial().visit(n.Not(n.BoolConst(True)))
    assert str(e.value) == "Partial does not handle Not"
    with pytest.raises(AttributeError) as attr:
        Partial().colour  # noqa: B018
    assert attr.type is AttributeError and attr.value.args == ("colour",)
    assert getattr(Partial(), "colour", "默认") == "默认"


def test_dispatch_is_per_visitor_class_and_node_class():
    """Rule: each visitor class gets its own method for each node class, however the calls interleave."""

    class One(n.Visitor[str]):
        def visit_Const(self, node: n.Const) -> str:
            return "一常"

        def visit_BoolConst(self, node: n.BoolConst) -> str:
            return "一真"

    class Two(n.Visitor[str]):
        def visit_Const(self, node: n.Const) -> str:
            return "二常"

    const, boolean = n.Const(Decimal(1), "number"), n.BoolConst(False)
    got = [
        One().visit(const),
        Two().visit(const),
        One().visit(boolean),
        One().visit(const),
        Two().visit(const),
    ]
    assert got == ["一常", "二常", "一真", "一常", "二常"]
    with pytest.raises(NotImplementedError, match="Two does not handle BoolConst"):
        Two().visit(boolean)


def test_a_named_reference_is_visited_as_its_body_by_default():
    """Rule: backends compute a ``Ref`` (a ``define:`` name) as its body unless they say otherwise."""

    class Consts(n.Visitor[object]):
        def visit_Const(self, node: n.Const) -> object:
            return node.value

    assert Consts().visit(n.Ref("名", n.Ref("内", n.Const("值", "string")))) == "值"


def test_walk_visits_every_kind_of_node_parents_first_in_written_order():
    """Rule: ``walk`` yields each node once, a parent before its children, children in the order written
    (every kind with children: arithmetic, negation, min/max, if/else, lists, ``under``, known, named)."""
    t = tree(
        "研发 and min(stats[last_year].revenue, 2) > -stats[last_year].employees * 3 "
        'and (1 if verified else 2) == 1 and size in ["small", "micro"] and region under "220000" '
        "and known(founded_on)",
        define="define: {研发: 'stats[last_year].rd_expenditure > 0'}\n",
    )
    kinds = [
        type(x).__name__
        + (f":{x.value}" if isinstance(x, n.Const) else "")
        + (f":{x.field}" if isinstance(x, n.Stat) else "")
        + (f":{x.name}" if isinstance(x, n.Fact) else "")
        for x in n.walk(t)
    ]
    assert kinds == [
        "And",
        "Ref", "Compare", "Stat:rd_expenditure", "Const:0",
        "Compare", "MinMax", "Stat:revenue", "Const:2", "Arith", "Neg", "Stat:employees", "Const:3",
        "Compare", "IfElse", "Compare", "Fact:verified", "Const:True", "Const:1", "Const:2", "Const:1",
        "InList", "Fact:size", "Const:small", "Const:micro",
        "Under", "Fact:region",
        "Known", "Fact:founded_on",
    ]  # fmt: skip
    assert n.children(n.Designated("高新技术企业", TODAY)) == []
    assert n.children(n.BoolConst(True)) == []


def test_a_named_reference_or_an_if_else_is_a_condition_when_its_value_is():
    """Rule: a ``Ref`` is a condition when its body is; ``a if c else b`` when its branches are."""
    cond = n.Compare(">", n.Const(Decimal(1), "number"), n.Const(Decimal(0), "number"))
    number = n.Const(Decimal(1), "number")
    assert n.is_boolean(n.Ref("条件", cond)) and not n.is_boolean(n.Ref("数", number))
    assert n.is_boolean(n.IfElse(cond, n.BoolConst(True), n.BoolConst(False)))
    assert not n.is_boolean(n.IfElse(cond, number, number))
    for node in (n.Known(number), n.Designated("高新技术企业", TODAY), n.Not(cond), n.Or([cond])):
        assert n.is_boolean(node)
    assert not n.is_boolean(n.Neg(number)) and not n.is_boolean(n.Arith("+", number, number))


def test_the_structural_keys_memo_holds_every_subtrees_key_and_is_trusted():
    """Rule: with a memo (keyed by node identity), ``structure`` records the key of every subtree it
    computes and returns a recorded key without recomputing it — what lets a backend that shares a memo
    across rules compute a shared sub-expression once."""
    t = tree(
        "研发 and min(stats[last_year].revenue, 2) > -stats[last_year].employees * 3 "
        'and (1 if verified else 2) == 1 and not (size in ["small"]) or known(founded_on)',
        define="define: {研发: 'stats[last_year].rd_expenditure > 0'}\n",
    )
    memo: dict[int, tuple] = {}
    key = n.structure(t, memo)
    assert key == n.structure(t)
    walked = list(n.walk(t))
    assert {type(x).__name__ for x in walked} >= {"Ref", "MinMax", "IfElse", "InList", "Neg", "Known", "Not"}
    for sub in walked:
        assert memo[id(sub)] == n.structure(sub)
    const = n.Const(Decimal(1), "number")
    assert n.structure(const, {id(const): ("记下的",)}) == ("记下的",)
    assert n.structure(const, {}) == ("const", "number", Decimal(1))


def test_a_node_without_a_structural_key_is_refused_by_name():
    """Rule: a node type the key does not know is refused, naming it (never given a key that could
    collide with another computation's)."""

    class Strange(n.Node):
        pass

    with pytest.raises(NotImplementedError) as e:
        n.structure(Strange())
    assert str(e.value) == "no structural key for Strange"
