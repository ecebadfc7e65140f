"""Which conditions of a rule its scenario cases leave untested (``python -m kechuang.eligibility coverage``).

The cases of a rule file are written from the law's text; this module checks that they reach every
condition the rule states. A *condition* is each comparison, list, code-hierarchy and designation test
of the compiled tree (also those inside a value, such as the brackets of ``5% if revenue <= 5000万 …`` and
the founding-date tests of ``sum_operating_years``, which are the partial operating years). Each one needs
cases in which it is

* false and true;
* unknown — data missing — when it reads a fact an organisation can lack (every fact but its kind);
* at its edge — both sides equal — when it compares numbers or dates, so that “以上”“不低于”“不超过”
  (inclusive) and “超过”“低于” (exclusive) are tested where they differ;

the effective period needs a case dated before its start (and after its end when it has one), and every
case names the article (and clause) of the law it tests (``cites:``). Conditions that are the same
computation (the founding-date test of one year in three sums) count once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import nodes as n
from .describe import describe
from .facts import Facts
from .i18n import t as tr
from .rules import Case, Rule
from .threevalued import Evaluator

CONDITIONS = (n.Compare, n.InList, n.Under, n.Designated)
# what a citation looks like: 第十一条, （五）, 四、, 附件2, 第二款 …
CITATION = re.compile(
    r"第[一二三四五六七八九十百零〇0-9]+[条款项]|（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|附件"
)
NEEDS = ("false", "true", "unknown", "edge")


@dataclass(frozen=True, slots=True)
class Gap:
    """One thing the cases of a rule do not test: ``need`` (false, true, unknown, edge, before, after,
    cites) of ``condition`` (its words; for ``cites``, the case's name)."""

    condition: str
    need: str

    def render(self) -> str:
        return tr(f"coverage.{self.need}", condition=self.condition)


def body(rule: Rule, today: dt.date) -> n.Node:
    """The rule's condition tree on ``today`` without the effective-period gate."""
    tree = rule.compile(today)
    if not rule.in_force(today) and isinstance(tree, n.And) and isinstance(tree.items[0], n.BoolConst):
        return tree.items[1]
    return tree


def conditions(tree: n.Node) -> list[n.Node]:
    """The conditions of a tree, in a fixed order (the same for every application date)."""
    return [x for x in n.walk(tree) if isinstance(x, CONDITIONS)]


def _can_be_missing(node: n.Node) -> bool:
    if isinstance(node, n.Designated):
        return True
    return any(isinstance(x, n.Stat) or (isinstance(x, n.Fact) and x.name != "kind") for x in n.walk(node))


def _comparable(a: Any, b: Any) -> bool:
    return (isinstance(a, Decimal) and isinstance(b, Decimal)) or (
        isinstance(a, dt.date) and isinstance(b, dt.date)
    )


def seen(rule: Rule, case: Case) -> list[set[str]]:
    """For each condition of the rule (in :func:`conditions` order): what this case makes of it —
    ``true``, ``false``, ``unknown``, and ``edge`` when both sides of a comparison are equal."""
    facts = Facts(case.facts, rule.catalogue)
    out: list[set[str]] = []
    for node in conditions(body(rule, case.today)):
        ev = Evaluator(facts)
        value = ev.visit(node)
        got = {"true" if value else "false"} if value is not None else {"unknown"}
        if isinstance(node, n.Compare):
            left, right = ev.visit(node.left), ev.visit(node.right)
            if _comparable(left, right) and left == right:
                got.add("edge")
        out.append(got)
    return out


def gaps(rule: Rule) -> list[Gap]:
    """Everything the rule's cases leave untested (empty: every condition is reached every way)."""
    cases = rule.cases()
    today = rule.cases_today or (cases[0].today if cases else dt.date.today())
    nodes = conditions(body(rule, today))
    seen_by: dict[int, set[str]] = {i: set() for i in range(len(nodes))}
    for case in cases:
        if rule.in_force(case.today):
            for i, got in enumerate(seen(rule, case)):
                seen_by[i] |= got
    groups: dict[tuple[Any, ...], list[int]] = {}
    for i, node in enumerate(nodes):
        groups.setdefault(n.structure(node), []).append(i)
    out: list[Gap] = []
    for indices in groups.values():
        node = nodes[indices[0]]
        got = set().union(*(seen_by[i] for i in indices))
        wanted = ["false", "true"]
        if _can_be_missing(node):
            wanted.append("unknown")
        if isinstance(node, n.Compare) and _numeric_or_date(node):
            wanted.append("edge")
        words = describe(node).text
        out += [Gap(words, need) for need in wanted if need not in got]
    if rule.effective_from and not any(c.today < rule.effective_from for c in cases):
        out.append(Gap(rule.title, "before"))
    if rule.effective_to and not any(c.today > rule.effective_to for c in cases):
        out.append(Gap(rule.title, "after"))
    out += [Gap(c.name, "cites") for c in cases if not CITATION.search(c.cites)]
    return out


def _numeric_or_date(node: n.Compare) -> bool:
    sides = (n.unref(node.left), n.unref(node.right))
    return all(
        (isinstance(s, n.Const) and s.type in ("number", "date"))
        or (isinstance(s, n.Fact | n.Stat) and s.fact.type in ("money", "number", "ratio", "count", "date"))
        or isinstance(s, n.Arith | n.MinMax | n.IfElse | n.Neg)
        for s in sides
    )
