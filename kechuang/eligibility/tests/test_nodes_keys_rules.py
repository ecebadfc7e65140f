"""Rule guarded: the structural key of a tree names each kind of node, so two different computations never
share a column when many rules are selected in one query (:func:`kechuang.eligibility.nodes.structure`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kechuang.eligibility import nodes as n
from kechuang.eligibility import parse_text

EXPR = 'min(stats[last_year].revenue, 1) > -stats[last_year].employees and not verified or known(founded_on) and region under "220000" and size in ["small"] and designated("高新技术企业") and (1 if verified else 2) == 1 and true'
KEY = (
    "Or",
    (
        "And",
        (
            "Compare",
            ">",
            ("minmax", "min", ("stat", "revenue", 2025), ("const", "number", Decimal("1"))),
            ("Neg", ("stat", "employees", 2025)),
        ),
        ("Not", ("Compare", "==", ("fact", "verified"), ("const", "bool", True))),
    ),
    (
        "And",
        ("Known", ("fact", "founded_on")),
        ("under", "region", "220000"),
        ("in", False, ("fact", "size"), ("const", "string", "small")),
        ("designated", "高新技术企业", dt.date(2026, 6, 30)),
        (
            "Compare",
            "==",
            (
                "if",
                ("Compare", "==", ("fact", "verified"), ("const", "bool", True)),
                ("const", "number", Decimal("1")),
                ("const", "number", Decimal("2")),
            ),
            ("const", "number", Decimal("1")),
        ),
        ("bool", True),
    ),
)


def test_the_key_names_every_kind_of_node():
    tree = parse_text("id: r\ntitle: t\nsource: {document: d}\nrule: '" + EXPR + "'").compile(
        dt.date(2026, 6, 30)
    )
    assert n.structure(tree) == KEY
    memo: dict[int, tuple] = {}
    assert n.structure(tree, memo) == KEY and n.structure(tree, memo) == KEY


def test_a_negation_and_a_known_test_of_the_same_value_differ():
    stat = n.Stat("revenue", 2025, None)  # type: ignore[arg-type]
    assert n.structure(n.Neg(stat)) != n.structure(n.Known(stat))
    assert n.structure(n.Not(n.BoolConst(True))) != n.structure(n.Known(n.BoolConst(True)))
    assert n.structure(n.Const(Decimal(1), "number")) != n.structure(n.Const("1", "string"))
