"""A rule read aloud: the compiled tree as an outline of conditions in words, for the rule editor.

``describe(tree)`` gives ``Line(text, children)``: ``以下条件须全部满足`` / ``2025年研发费用 ≥ 100万元`` /
``主体类型为 企业`` … in the active language (:mod:`.i18n`). The policy's own labels are kept and the
condition they name is shown after them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import nodes as n
from .explain import label_of
from .format import OP_SYMBOL, fmt_value
from .i18n import t, term


@dataclass(slots=True)
class Line:
    text: str
    children: list[Line] = field(default_factory=list)

    def render(self, indent: int = 0) -> str:
        return "\n".join(["  " * indent + "- " + self.text, *(c.render(indent + 1) for c in self.children)])


def _show(subject: n.Node, value: Any) -> str:
    choices = subject.fact.choices if isinstance(subject, n.Fact) else {}
    if isinstance(value, str) and value in choices:
        return term(choices[value])
    return fmt_value(value, subject.fmt)


def _condition(node: n.Node) -> tuple[str, list[Line]]:
    """The words for one condition and, for a group, its items."""
    match node:
        case n.And(items=items):
            return t("describe.all"), [describe(i) for i in items]
        case n.Or(items=items):
            return t("describe.any"), [describe(i) for i in items]
        case n.Not(operand=operand):
            text, kids = _condition(operand)
            inner = operand.label or text
            return t("describe.not", what=inner), kids
        case n.Compare(op=op, left=left, right=right):
            flip = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
            if isinstance(left, n.Const) and not isinstance(right, n.Const):
                left, right, op = right, left, flip.get(op, op)
            if (
                isinstance(right, n.Const | n.BoolConst)
                and isinstance(right.value, bool)
                and op in ("==", "!=")
            ):
                yes = right.value == (op == "==")  # ``verified == false``: 信息已核验：否, never “= false”
                return t("describe.is_true" if yes else "describe.is_false", what=label_of(left)), []
            other = _show(left, right.value) if isinstance(right, n.Const) else label_of(right)
            return f"{label_of(left)} {OP_SYMBOL[op]} {other}", []
        case n.InList(left=left, values=values, negate=negate):
            opts = t("list.sep").join(_show(left, c.value) for c in values)
            key = "describe.not_in" if negate else ("describe.in" if len(values) > 1 else "describe.eq")
            return t(key, what=label_of(left), options=opts), []
        case n.Under(left=left, code=code):
            return t("describe.under", what=left.label or left.fact.label, code=fmt_value(code)), []
        case n.Designated(kind=kind):
            return t("describe.designated", kind=kind), []
        case n.Known(operand=operand):
            return t("describe.known", what=label_of(operand)), []
        case n.BoolConst(value=value):
            return node.label or t("step.always" if value else "step.never"), []
        case n.Ref(body=body):
            return _condition(body)
    return label_of(node), []


def describe(node: n.Node) -> Line:
    """The outline of a condition tree (``rule.compile(today)``) in words."""
    text, kids = _condition(node)
    name = node.label
    if isinstance(node, n.Ref) and not isinstance(node.body, n.And | n.Or):
        name = node.label or node.name
    if name and name != text:
        text = t("describe.named", name=name, what=text)
    return Line(text, kids)
