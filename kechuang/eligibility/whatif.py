"""Thresholds of a rule and rules with changed thresholds (for the officers' what-if).

A *threshold* is a numeric constant compared with a fact: ``研发费用占比 >= 3%`` has the threshold
``3%``. ``thresholds(tree)`` lists them with a stable index; ``with_thresholds(tree, {index: value})``
returns a copy of the tree with some of them replaced, ready to explain or compile to SQL.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal

from . import nodes as n
from .explain import label_of
from .format import OP_SYMBOL, fmt_value
from .i18n import t as tr


@dataclass(frozen=True, slots=True)
class Threshold:
    index: int
    label: str
    op: str
    value: Decimal
    fmt: str

    @property
    def text(self) -> str:
        return f"{self.label} {OP_SYMBOL[self.op]} {fmt_value(self.value, self.fmt)}"


def _slots(tree: n.Node) -> list[tuple[str, n.Const, str, str]]:
    """(label, constant, operator, format) for every adjustable constant, in a stable order:
    constants compared with a fact, and the values of ``a if c else b`` tiers."""
    out: list[tuple[str, n.Const, str, str]] = []
    seen: set[int] = set()
    flip = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
    parents: dict[int, str] = {}
    for node in n.walk(tree):
        if isinstance(node, n.Ref) and isinstance(node.body, n.IfElse):
            parents[id(node.body)] = node.label
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, n.Compare):
            for const, subject, op in (
                (node.right, node.left, node.op),
                (node.left, node.right, flip.get(node.op, node.op)),
            ):
                if isinstance(const, n.Const) and const.type == "number" and not isinstance(subject, n.Const):
                    out.append((node.label or label_of(subject), const, op, subject.fmt or const.fmt))
                    break
        elif isinstance(node, n.IfElse):
            name = node.label or parents.get(id(node), "") or tr("whatif.tier")
            if isinstance(node.else_, n.IfElse):
                parents[id(node.else_)] = name
            c = node.cond
            if isinstance(c, n.Compare) and isinstance(c.right, n.Const):
                cond = f"{label_of(c.left)} {OP_SYMBOL[c.op]} {fmt_value(c.right.value, c.left.fmt or c.right.fmt)}"
            else:
                cond = label_of(c)
            for branch, when in ((node.then, cond), (node.else_, tr("whatif.otherwise", cond=cond))):
                if isinstance(branch, n.Const) and branch.type == "number":
                    out.append(
                        (tr("whatif.when", name=name, when=when), branch, "==", node.fmt or branch.fmt)
                    )
    return out


def thresholds(tree: n.Node) -> list[Threshold]:
    result = []
    for i, (label, const, op, fmt) in enumerate(_slots(tree)):
        assert isinstance(const.value, Decimal)
        result.append(Threshold(i, label, op, const.value, fmt))
    return result


def with_thresholds(tree: n.Node, values: dict[int, Decimal]) -> n.Node:
    """A deep copy of ``tree`` with the thresholds at the given indexes replaced."""
    clone = copy.deepcopy(tree)
    slots = _slots(clone)
    for index, value in values.items():
        if not 0 <= index < len(slots):
            raise IndexError(index)
        slots[index][1].value = Decimal(value)
    return clone
