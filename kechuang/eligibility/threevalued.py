"""Three-valued evaluation: a compiled rule's answer for one organisation, True / False / None
(unknown: facts missing), with the facts it needed but did not find. The hot path of every check."""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import nodes as n
from .facts import Facts
from .i18n import t as tr
from .i18n import term

ELIGIBLE, INELIGIBLE, UNKNOWN = "eligible", "ineligible", "unknown"
STATUS = {True: ELIGIBLE, False: INELIGIBLE, None: UNKNOWN}
STATUS_ZH = {ELIGIBLE: "符合", INELIGIBLE: "不符合", UNKNOWN: "无法判断（缺少数据）"}


class Evaluator(n.Visitor[Any]):
    """Computes a node's value for one organisation; records facts it needed but did not find."""

    def __init__(self, facts: Facts, *, memo: bool = False) -> None:
        self.facts = facts
        self.missing: dict[str, str] = {}
        self._memo: dict[int, Any] = {}
        if memo:  # only then the memoising visit (the plain one is the hot path: no extra call per node)
            self.visit = self._visit_memo  # type: ignore[method-assign]

    def _visit_memo(self, node: n.Node) -> Any:
        if isinstance(node, n.Fact | n.Stat | n.Const):
            return n.Visitor.visit(self, node)
        memo = self._memo
        key = id(node)
        if key in memo:
            return memo[key]
        value = memo[key] = n.Visitor.visit(self, node)
        return value

    # values
    def visit_Const(self, node: n.Const) -> Any:
        return node.value

    def visit_Fact(self, node: n.Fact) -> Any:
        v = self.facts.fact(node.name)
        if v is None:
            self.missing[node.name] = term(node.fact.label)
        return v

    def visit_Stat(self, node: n.Stat) -> Any:
        v = self.facts.stat(node.field, node.year)
        if v is None:
            self.missing[f"stats[{node.year}].{node.field}"] = node.label
        return v

    def visit_Arith(self, node: n.Arith) -> Any:
        a, b = self.visit(node.left), self.visit(node.right)
        if a is None or b is None:
            return None
        if node.op == "+":
            return a + b
        if node.op == "-":
            return a - b
        if node.op == "*":
            return a * b
        return None if b == 0 else a / b

    def visit_Neg(self, node: n.Neg) -> Any:
        v = self.visit(node.operand)
        return None if v is None else -v

    def visit_MinMax(self, node: n.MinMax) -> Any:
        vals = [self.visit(a) for a in node.args]
        if any(v is None for v in vals):
            return None
        return min(vals) if node.func == "min" else max(vals)

    def visit_IfElse(self, node: n.IfElse) -> Any:
        c = self.visit(node.cond)
        if c is None:
            return None
        return self.visit(node.then if c else node.else_)

    # conditions
    def visit_Compare(self, node: n.Compare) -> bool | None:
        return compare(node.op, self.visit(node.left), self.visit(node.right))

    def visit_InList(self, node: n.InList) -> bool | None:
        v = self.visit(node.left)
        if v is None:
            return None
        hit = any(v == c.value for c in node.values)
        return (not hit) if node.negate else hit

    def visit_Under(self, node: n.Under) -> bool | None:
        got = self.facts.code(node.left.name)
        if got is None:
            self.missing[node.left.name] = term(node.left.fact.label)
            return None
        code, ancestors = got
        return code == node.code or node.code in ancestors

    def visit_Designated(self, node: n.Designated) -> bool | None:
        des = self.facts.designations
        if des is None:
            self.missing["designations"] = tr("label.designations")
            return None
        return any(d["kind"] == node.kind and designation_valid(d, node.on) for d in des)

    def visit_Known(self, node: n.Known) -> bool:
        # a separate evaluator: facts looked at here are not "missing" for the answer
        return Evaluator(self.facts).visit(node.operand) is not None

    def visit_BoolConst(self, node: n.BoolConst) -> bool:
        return node.value

    def visit_And(self, node: n.And) -> bool | None:
        result: bool | None = True
        for item in node.items:
            v = self.visit(item)
            if v is False:
                return False
            if v is None:
                result = None
        return result

    def visit_Or(self, node: n.Or) -> bool | None:
        result: bool | None = False
        for item in node.items:
            v = self.visit(item)
            if v is True:
                return True
            if v is None:
                result = None
        return result

    def visit_Not(self, node: n.Not) -> bool | None:
        v = self.visit(node.operand)
        return None if v is None else not v


def compare(op: str, a: Any, b: Any) -> bool | None:
    if a is None or b is None:
        return None
    if op == "==":
        return bool(a == b)
    if op == "!=":
        return bool(a != b)
    if op == "<":
        return bool(a < b)
    if op == "<=":
        return bool(a <= b)
    if op == ">":
        return bool(a > b)
    return bool(a >= b)


def designation_valid(d: dict[str, Any], on: dt.date) -> bool:
    start, end = d["valid_from"], d["valid_to"]
    return (start is None or start <= on) and (end is None or on <= end)


def evaluate(tree: n.Node, facts: Facts) -> bool | None:
    """True (eligible), False (not eligible) or None (unknown: facts missing)."""
    return Evaluator(facts).visit(tree)  # type: ignore[no-any-return]
