"""Rule guarded: a refusal always says where (file, place in the rule, the character with a caret under it,
two columns per Chinese character) and why (:mod:`kechuang.eligibility.errors`); a located copy keeps what it
knew; the tree's structural key is equal exactly for the same computation (:mod:`kechuang.eligibility.nodes`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kechuang.eligibility import nodes as n
from kechuang.eligibility import parse_text
from kechuang.eligibility.catalogue import DEFAULT_CATALOGUE
from kechuang.eligibility.errors import FactsError, RuleError, Span
from kechuang.eligibility.i18n import language


def test_a_refusal_says_where_and_why():
    e = RuleError("坏了", text="kind == 1", span=Span(5, 7), where="rule.all[1]", file="a.yaml")
    assert e.render() == "a.yaml：rule.all[1]：第 6 个字符处：坏了\n    kind == 1\n         ^^"
    assert str(e) == e.render() and e.position == 5
    assert RuleError("r").render() == "r" and RuleError("r").position is None
    assert RuleError("r", where="w").render() == "w：r"
    assert RuleError("r", file="f").render() == "f：r"
    assert RuleError("r", text="ab", span=Span(1, 2)).render() == "第 2 个字符处：r\n    ab\n     ^"
    assert RuleError("r", text="ab", span=Span(1, 1)).render().endswith("\n     ^")  # at least one caret
    assert RuleError("r", text="ab", span=Span(1, 9)).render().endswith("\n     ^")  # not past the end
    assert RuleError("r", span=Span(1, 2)).render() == "r"  # no text: no caret
    with language("en"):
        assert RuleError("r", where="w").render() == "w: r"


def test_the_caret_lines_up_under_chinese_characters():
    e = RuleError("r", text="研发 > 1", span=Span(3, 4))
    assert e.render() == "第 4 个字符处：r\n    研发 > 1\n         ^"


def test_a_located_copy_keeps_what_it_knew():
    e = RuleError("r", text="t", span=Span(0, 1), line=3, column=4)
    assert e.as_dict() == {"reason": "r", "where": "", "file": "", "position": 0, "text": "t", "line": 3,
                           "column": 4}  # fmt: skip
    located = e.located(where="rule", file="a.yaml")
    assert (located.where, located.file, located.line, located.column, located.span) == ("rule", "a.yaml", 3, 4,
                                                                                         Span(0, 1))  # fmt: skip
    again = located.located(where="other", file="b.yaml")
    assert (again.where, again.file) == ("rule", "a.yaml")
    at = RuleError("r", where="w", file="f").at(7, 8)
    assert (at.line, at.column, at.where, at.file, at.reason) == (7, 8, "w", "f", "r")
    assert Span(3, 5).join(Span(1, 4)) == Span(1, 5) and Span(1, 2).join(Span(4, 6)) == Span(1, 6)


def test_a_facts_error_names_the_field_and_stays_as_it_is():
    f = FactsError("理由", field="stats[2025].revenue")
    assert (f.field, f.where, f.render()) == (
        "stats[2025].revenue",
        "stats[2025].revenue",
        "stats[2025].revenue：理由",
    )
    assert f.located(where="x", file="y") is f
    assert isinstance(f, RuleError)


TODAY = dt.date(2026, 6, 30)


def tree(expr: str) -> n.Node:
    return parse_text(
        "id: r\ntitle: t\nsource: {document: d}\nrule: '" + expr.replace("'", "''") + "'"
    ).compile(TODAY)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("stats[last_year].revenue > 1", "stats[last_year].revenue > 1", True),
        ("stats[last_year].revenue > 1", "stats[last_year].revenue >= 1", False),
        ("stats[last_year].revenue > 1", "stats[last_year].revenue > 2", False),
        ("stats[last_year].revenue > 1", "stats[last_year - 1].revenue > 1", False),
        ("stats[last_year].revenue > 1", "stats[last_year].employees > 1", False),
        ('size in ["small"]', 'size in ["small"]', True),
        ('size in ["small"]', 'size not in ["small"]', False),
        ('size in ["small"]', 'size in ["micro"]', False),
        ('region under "220000"', 'region under "220000"', True),
        ('region under "220000"', 'region under "410000"', False),
        ('designated("高新技术企业")', 'designated("高新技术企业", on=today)', True),
        ('designated("高新技术企业")', 'designated("高新技术企业", on=today - days(1))', False),
        ('designated("高新技术企业")', 'designated("瞪羚企业")', False),
        ('verified and size == "small"', 'verified and size == "small"', True),
        ('verified and size == "small"', 'verified or size == "small"', False),
        ("not verified", "not verified", True),
        ("known(stats[last_year].revenue)", "known(stats[last_year].employees)", False),
        ("min(stats[last_year].revenue, 1) > 0", "max(stats[last_year].revenue, 1) > 0", False),
        ("-stats[last_year].revenue < 0", "-stats[last_year].revenue < 0", True),
        ("(1 if verified else 2) > 0", "(1 if verified else 3) > 0", False),
        ("stats[last_year].revenue + 1 > 0", "stats[last_year].revenue - 1 > 0", False),
        ('kind == "enterprise"', 'kind == "university"', False),
    ],
)
def test_the_structural_key_is_equal_exactly_for_the_same_computation(a, b, same):
    assert (n.structure(tree(a)) == n.structure(tree(b))) is same


def test_labels_and_names_do_not_change_the_key():
    fact = DEFAULT_CATALOGUE.stat("revenue")
    one = n.Compare(
        ">", n.Stat("revenue", 2025, fact, label="收入"), n.Const(Decimal(1), "number"), label="甲"
    )
    two = n.Compare(">", n.Stat("revenue", 2025, fact), n.Const(Decimal(1), "number", text="1"), label="乙")
    assert n.structure(one) == n.structure(two)
    ref = n.Ref("名", one)
    assert n.structure(ref) == n.structure(one) and n.unref(n.Ref("外", ref)) is one
    memo: dict[int, tuple] = {}
    assert n.structure(ref, memo) == n.structure(one) and memo[id(ref)] == n.structure(one)
    assert n.structure(n.BoolConst(True)) != n.structure(n.BoolConst(False))


def test_walk_visits_every_node_in_order_and_a_visitor_must_handle_each():
    t = tree("stats[last_year].revenue > 1 and not verified")
    kinds = [type(x).__name__ for x in n.walk(t)]
    assert kinds == ["And", "Compare", "Stat", "Const", "Not", "Compare", "Fact", "Const"]
    assert n.children(n.Const(Decimal(1), "number")) == []
    assert n.is_boolean(t) and not n.is_boolean(t.items[0].left)

    class Partial(n.Visitor[int]):
        def visit_And(self, node: n.And) -> int:
            return 1

    assert Partial().visit(t) == 1
    with pytest.raises(NotImplementedError, match="Partial does not handle Compare"):
        Partial().visit(t.items[0])
