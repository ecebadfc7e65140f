"""Explanation trees: every condition of a rule as a :class:`Step` with the actual value next to the
threshold and the facts missing when the answer is unknown; :class:`Change` is one way to qualify."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from . import nodes as n
from .facts import Facts
from .format import OP_SYMBOL, fmt_apart, fmt_value
from .i18n import t as tr
from .i18n import term
from .threevalued import Evaluator, compare, designation_valid

MARK = {True: "✓", False: "✗", None: "？"}


@dataclass(slots=True)
class Change:
    """One change that would help the organisation qualify."""

    text: str
    fact: str = ""
    label: str = ""
    current: Any = None
    required: Any = None
    actionable: bool = True  # False: cannot be changed by the enterprise (region, age…)

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "fact": self.fact,
            "label": self.label,
            "current": _jsonable(self.current),
            "required": _jsonable(self.required),
            "actionable": self.actionable,
        }


@dataclass(slots=True)
class Step:
    """One node of the explanation tree."""

    label: str
    value: bool | None
    text: str
    actual: Any = None
    required: Any = None
    missing: dict[str, str] = field(default_factory=dict)
    children: list[Step] = field(default_factory=list)

    @property
    def status(self) -> str:
        return {True: "pass", False: "fail", None: "unknown"}[self.value]

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "status": self.status,
            "text": self.text,
            "actual": _jsonable(self.actual),
            "required": _jsonable(self.required),
            "missing": [{"fact": k, "label": v} for k, v in self.missing.items()],
            "children": [c.as_dict() for c in self.children],
        }

    def render(self, indent: int = 0) -> str:
        lines = ["  " * indent + f"{MARK[self.value]} {self.text}"]
        for c in self.children:
            lines.append(c.render(indent + 1))
        return "\n".join(lines)


def _jsonable(v: Any) -> Any:
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


def label_of(node: n.Node) -> str:
    if node.label:
        return node.label
    match node:
        case n.Arith(op=op, left=left, right=right):
            sym = {"+": "＋", "-": "－", "*": "×", "/": "÷"}[op]
            return f"{_paren(left)}{sym}{_paren(right)}"
        case n.Const(value=v, fmt=f):
            return fmt_value(v, f)
    return node.text


def _paren(node: n.Node) -> str:
    s = label_of(node)
    return f"（{s}）" if isinstance(node, n.Arith) and not node.label else s


class Explainer:
    def __init__(self, facts: Facts, today: dt.date | None = None) -> None:
        self.facts = facts
        self.today = today

    def value(self, node: n.Node) -> tuple[Any, dict[str, str]]:
        ev = Evaluator(self.facts)
        v = ev.visit(node)
        return v, ev.missing

    def step(self, node: n.Node) -> Step:
        method = getattr(self, "s_" + type(node).__name__, None)
        if method is None:
            v, missing = self.value(node)
            return Step(label_of(node), v, label_of(node), missing=missing if v is None else {})
        st: Step = method(node)
        if node.label and not isinstance(node, n.Ref):
            st.label = node.label
        return st

    def s_Compare(self, node: n.Compare) -> Step:
        ev = Evaluator(self.facts)
        a, b = ev.visit(node.left), ev.visit(node.right)
        v = compare(node.op, a, b)
        fmt = node.left.fmt or node.right.fmt
        left_const = isinstance(node.left, n.Const) and not isinstance(node.right, n.Const)
        subject, op, other, actual, required = node.left, node.op, node.right, a, b
        if left_const:  # "3% <= ratio" reads better as "ratio ≥ 3%"
            flip = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
            subject, op, other, actual, required = node.right, flip.get(op, op), node.left, b, a
        show = self.shower(subject, fmt)
        thr = show(required) if required is not None else label_of(other)
        shown = show(actual)
        if shown == thr and isinstance(actual, Decimal) and isinstance(required, Decimal):
            # two different numbers that round alike are shown apart, whether the comparison failed
            # (3.999999% ≥ 4%) or passed (3.999999% < 4%): "4%, required < 4%" reads as a contradiction
            shown, thr = fmt_apart(actual, required, fmt)
        subject_label = label_of(subject)
        if node.label and node.label != subject_label:
            name = node.label
            head = tr("describe.named", name=node.label, what=subject_label)
        else:
            name = head = subject_label
        if isinstance(other, n.Const) or required is None:
            text = tr("step.compare", head=head, actual=shown, op=OP_SYMBOL[op], threshold=thr)
        else:
            text = tr(
                "step.compare_with",
                head=head,
                actual=shown,
                op=OP_SYMBOL[op],
                threshold=thr,
                other=label_of(other),
            )
        return Step(name, v, text, actual, required, missing=ev.missing if v is None else {})

    def shower(self, subject: n.Node, fmt: str):  # type: ignore[no-untyped-def]
        choices = subject.fact.choices if isinstance(subject, n.Fact) else {}

        def show(x: Any) -> str:
            if isinstance(x, str) and x in choices:
                return term(choices[x])
            return fmt_value(x, fmt, self.facts.labels)

        return show

    def s_InList(self, node: n.InList) -> Step:
        ev = Evaluator(self.facts)
        actual = ev.visit(node.left)
        hit = None if actual is None else any(actual == c.value for c in node.values)
        v = None if hit is None else (not hit if node.negate else hit)
        choices = getattr(node.left, "fact", None)
        names = choices.choices if choices is not None else {}
        fmt = node.left.fmt

        def show(x: Any) -> str:
            return (
                term(names[x])
                if x in names
                else fmt_value(x, fmt, self.facts.labels)
                if isinstance(x, str)
                else fmt_value(x, fmt)
            )

        opts = tr("list.sep").join(show(c.value) for c in node.values)
        subject = label_of(node.left)
        name = node.label or subject
        head = (
            tr("describe.named", name=node.label, what=subject)
            if node.label and node.label != subject
            else subject
        )
        cur = show(actual) if actual is not None else tr("value.missing")
        key = "step.not_in" if node.negate else ("step.in_one" if len(node.values) == 1 else "step.in")
        text = tr(key, head=head, actual=cur, options=opts)
        return Step(
            name, v, text, actual, [c.value for c in node.values], missing=ev.missing if v is None else {}
        )

    def s_Under(self, node: n.Under) -> Step:
        ev = Evaluator(self.facts)
        v = ev.visit_Under(node)
        got = self.facts.code(node.left.name)
        subject = term(node.left.fact.label)
        name = node.label or subject
        head = (
            tr("describe.named", name=node.label, what=subject)
            if node.label and node.label != subject
            else subject
        )
        cur = fmt_value(got[0], "", self.facts.labels) if got else tr("value.missing")
        text = tr("step.under", head=head, actual=cur, code=fmt_value(node.code, "", self.facts.labels))
        return Step(
            name, v, text, got[0] if got else None, node.code, missing=ev.missing if v is None else {}
        )

    def s_Designated(self, node: n.Designated) -> Step:
        ev = Evaluator(self.facts)
        v = ev.visit_Designated(node)
        name = node.label or tr("describe.designated", kind=term(node.kind))
        when = "" if node.on == self.today else tr("step.on", day=fmt_value(node.on))
        if v is None:
            text = tr("step.designated_missing", name=name + when)
        elif v:
            d = next(
                d
                for d in self.facts.designations or []
                if d["kind"] == node.kind and designation_valid(d, node.on)
            )
            until = tr("step.valid_until", day=fmt_value(d["valid_to"])) if d["valid_to"] else ""
            num = tr("step.certificate", number=d["number"]) if d["number"] else tr("step.designated")
            text = tr("describe.named", name=name + when, what=num + until)
        else:
            held = [d for d in self.facts.designations or [] if d["kind"] == node.kind]
            if held:
                last = max(held, key=lambda d: d["valid_to"] or dt.date.max)
                period = tr(
                    "rule.period", start=fmt_value(last["valid_from"]), end=fmt_value(last["valid_to"])
                )
                text = tr("step.designation_expired", name=name + when, period=period)
            else:
                text = tr("step.designation_none", name=name + when, kind=term(node.kind))
        return Step(name, v, text, missing=ev.missing if v is None else {})

    def s_Known(self, node: n.Known) -> Step:
        v, _ = self.value(node)
        name = node.label or label_of(node.operand)
        return Step(name, v, tr("step.known" if v else "step.unknown", name=name))

    def s_BoolConst(self, node: n.BoolConst) -> Step:
        name = node.label or tr("step.always" if node.value else "step.never")
        return Step(name, node.value, name)

    def _group(self, node: n.And | n.Or) -> Step:
        kids = [self.step(i) for i in node.items]
        if isinstance(node, n.And):
            v: bool | None = (
                False
                if any(k.value is False for k in kids)
                else (None if any(k.value is None for k in kids) else True)
            )
            head = tr("describe.all")
        else:
            v = (
                True
                if any(k.value is True for k in kids)
                else (None if any(k.value is None for k in kids) else False)
            )
            head = tr("describe.any")
        ok = sum(1 for k in kids if k.value)
        missing: dict[str, str] = {}
        if v is None:
            for k in kids:
                if k.value is None:
                    missing.update(k.missing)
        name = node.label or head
        text = tr("step.group", name=name, ok=ok, total=len(kids))
        return Step(name, v, text, missing=missing, children=kids)

    s_And = _group
    s_Or = _group

    def s_Not(self, node: n.Not) -> Step:
        kid = self.step(node.operand)
        v = None if kid.value is None else not kid.value
        name = node.label or tr("describe.not", what=kid.label)
        return Step(name, v, name, missing=kid.missing if v is None else {}, children=[kid])

    def s_Ref(self, node: n.Ref) -> Step:
        inner = self.step(node.body)
        if isinstance(node.body, n.And | n.Or) and not node.body.label:
            text = inner.text.replace(inner.label, node.label, 1)
            return Step(node.label, inner.value, text, missing=inner.missing, children=inner.children)
        if isinstance(node.body, n.Designated):
            inner.text = inner.text.replace(inner.label, node.label, 1)
            inner.label = node.label
            return inner
        if not inner.children and isinstance(node.body, n.Compare | n.InList | n.Under):
            if not inner.text.startswith(node.label):
                inner.text = tr("describe.named", name=node.label, what=inner.text)
            inner.label = node.label
            return inner
        if node.body.__class__ in (n.Arith, n.Stat, n.Fact, n.MinMax, n.IfElse):
            v, missing = self.value(node.body)
            return Step(
                node.label,
                v,
                tr("step.value", name=node.label, value=fmt_value(v, node.fmt)),
                v,
                missing=missing,
            )
        return Step(
            node.label,
            inner.value,
            tr("describe.named", name=node.label, what=inner.text),
            missing=inner.missing,
            children=[inner],
        )

    def s_IfElse(self, node: n.IfElse) -> Step:
        c, _ = self.value(node.cond)
        cond = self.step(node.cond)
        if c is None:  # which branch applies is unknown: say on what it depends, never the expression
            name = node.label or tr("step.depends", what=cond.label)
            return Step(name, None, name, missing=cond.missing, children=[cond])
        branch = self.step(node.then if c else node.else_)
        return Step(branch.label, branch.value, branch.text, branch.actual, branch.required, branch.missing,
                    [cond, *branch.children] if branch.children else [cond, branch])  # fmt: skip


def explain_tree(tree: n.Node, facts: Facts, today: dt.date | None = None) -> Step:
    return Explainer(facts, today).step(tree)
