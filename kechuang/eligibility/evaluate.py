"""Three-valued evaluation, explanation trees and the smallest qualifying change.

``evaluate`` answers True / False / None (unknown) fast; ``explain`` returns the whole tree of
:class:`Step` with the actual value next to the threshold, the missing facts when the answer is
unknown, and for a failed rule the smallest set of :class:`Change` that would make it pass, where
that can be computed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from . import nodes as n
from .facts import Facts
from .format import OP_SYMBOL, fmt_value
from .i18n import t as tr
from .i18n import term

ELIGIBLE, INELIGIBLE, UNKNOWN = "eligible", "ineligible", "unknown"
STATUS = {True: ELIGIBLE, False: INELIGIBLE, None: UNKNOWN}
STATUS_ZH = {ELIGIBLE: "符合", INELIGIBLE: "不符合", UNKNOWN: "无法判断（缺少数据）"}
MARK = {True: "✓", False: "✗", None: "？"}


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
        return any(d["kind"] == node.kind and _valid(d, node.on) for d in des)

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


def _valid(d: dict[str, Any], on: dt.date) -> bool:
    start, end = d["valid_from"], d["valid_to"]
    return (start is None or start <= on) and (end is None or on <= end)


def evaluate(tree: n.Node, facts: Facts) -> bool | None:
    """True (eligible), False (not eligible) or None (unknown: facts missing)."""
    return Evaluator(facts).visit(tree)  # type: ignore[no-any-return]


# --- explanation ------------------------------------------------------------------------------


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
        subject_label = label_of(subject)
        if node.label and node.label != subject_label:
            name = node.label
            head = tr("describe.named", name=node.label, what=subject_label)
        else:
            name = head = subject_label
        if isinstance(other, n.Const) or required is None:
            text = tr("step.compare", head=head, actual=show(actual), op=OP_SYMBOL[op], threshold=thr)
        else:
            text = tr(
                "step.compare_with",
                head=head,
                actual=show(actual),
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
                d for d in self.facts.designations or [] if d["kind"] == node.kind and _valid(d, node.on)
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
        if c is None:
            return Step(
                node.label or node.text, None, node.label or node.text, missing=cond.missing, children=[cond]
            )
        branch = self.step(node.then if c else node.else_)
        return Step(branch.label, branch.value, branch.text, branch.actual, branch.required, branch.missing,
                    [cond, *branch.children] if branch.children else [cond, branch])  # fmt: skip


# --- smallest qualifying change ---------------------------------------------------------------

ADJUSTABLE_FACTS: set[str] = set()  # organisation facts an enterprise can change (yearly figures always can)


def _fact_leaves(node: n.Node) -> list[n.Fact | n.Stat]:
    """Facts an enterprise can change, most recent year first (changing last year's R&D is a
    clearer advice than changing the figure of three years ago)."""
    out: list[n.Fact | n.Stat] = []
    for x in n.walk(node):
        adjustable = isinstance(x, n.Stat) or (isinstance(x, n.Fact) and x.name in ADJUSTABLE_FACTS)
        if adjustable and not any(x is y for y in out):
            out.append(x)  # type: ignore[arg-type]
    return sorted(out, key=lambda x: -x.year if isinstance(x, n.Stat) else 0)


def _key(leaf: n.Fact | n.Stat) -> tuple[str, Any]:
    if isinstance(leaf, n.Stat):
        return ("stat", (leaf.field, leaf.year))
    return ("fact", leaf.name)


class ChangeFinder:
    """Smallest set of changes that would turn a failed rule into a passing one (or None)."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.base = Evaluator(facts, memo=True)  # values with the actual facts, computed once per node

    def find(self, node: n.Node) -> list[Change] | None:
        v = self.base.visit(node)
        if v is True:
            return []
        method = getattr(self, "f_" + type(node).__name__, None)
        if method is None:
            return None
        result: list[Change] | None = method(node)
        return result

    def f_Ref(self, node: n.Ref) -> list[Change] | None:
        got = self.find(node.body)
        if got is not None and len(got) == 1 and not got[0].fact and node.label:
            got[0].text = tr("describe.named", name=node.label, what=got[0].text)
        return got

    def f_And(self, node: n.And) -> list[Change] | None:
        out: list[Change] = []
        for item in node.items:
            got = self.find(item)
            if got is None:
                return None
            out.extend(got)
        return _dedupe(out)

    def f_Or(self, node: n.Or) -> list[Change] | None:
        best: list[Change] | None = None
        for item in node.items:
            got = self.find(item)
            if got is None:
                continue
            rank = (sum(1 for c in got if not c.actionable), len(got))
            if best is None or rank < (sum(1 for c in best if not c.actionable), len(best)):
                best = got
        return best

    def f_IfElse(self, node: n.IfElse) -> list[Change] | None:
        c = Evaluator(self.facts).visit(node.cond)
        if c is None:
            return None
        return self.find(node.then if c else node.else_)

    def f_Designated(self, node: n.Designated) -> list[Change] | None:
        if self.facts.designations is None:
            label = tr("label.designations")
            return [Change(tr("change.supply", what=label), fact="designations", label=label)]
        kind = term(node.kind)
        return [Change(tr("change.obtain", kind=kind), fact=f"designated:{node.kind}", label=kind)]

    def f_InList(self, node: n.InList) -> list[Change] | None:
        ev = Evaluator(self.facts)
        cur = ev.visit(node.left)
        label = label_of(node.left)
        if cur is None:
            return [
                Change(tr("change.supply", what=label), fact=k, label=lbl) for k, lbl in ev.missing.items()
            ]
        if node.negate:
            return [
                Change(
                    tr("change.not_current", what=label, value=cur),
                    label=label,
                    current=cur,
                    actionable=False,
                )
            ]
        opts = tr("list.sep").join(str(c.value) for c in node.values)
        return [
            Change(tr("change.one_of", what=label, options=opts), label=label, current=cur, actionable=False)
        ]

    def f_Under(self, node: n.Under) -> list[Change] | None:
        label = term(node.left.fact.label)
        if self.facts.code(node.left.name) is None:
            return [Change(tr("change.supply", what=label), fact=node.left.name, label=label)]
        code = fmt_value(node.code, "", self.facts.labels)
        return [
            Change(
                tr("change.under", what=label, code=code), fact=node.left.name, label=label, actionable=False
            )
        ]

    def f_Known(self, node: n.Known) -> list[Change] | None:
        label = label_of(node.operand)
        return [Change(tr("change.supply", what=label), label=label)]

    def f_Compare(self, node: n.Compare) -> list[Change] | None:
        ev = Evaluator(self.facts)
        v = ev.visit(node)
        if v is None:  # missing data: supplying it is the change (we cannot know if it will pass)
            return [Change(tr("change.supply", what=lbl), fact=k, label=lbl) for k, lbl in ev.missing.items()]
        for leaf in _fact_leaves(node):
            got = self._solve(node, leaf)
            if got is not None:
                return [got]
        # a fixed fact (founded_on, kind…): say what is required, not actionable
        fmt = node.left.fmt or node.right.fmt
        r = Evaluator(self.facts).visit(node.right)
        subject = label_of(node.left)
        if isinstance(r, dt.date):
            key = {
                "<=": "change.date_le",
                "<": "change.date_lt",
                ">=": "change.date_ge",
                ">": "change.date_gt",
            }
            text = tr(key.get(node.op, "change.must"), what=subject, op=OP_SYMBOL[node.op],
                      value=fmt_value(r, fmt, self.facts.labels))  # fmt: skip
        else:
            text = tr(
                "change.must", what=subject, op=OP_SYMBOL[node.op], value=fmt_value(r, fmt, self.facts.labels)
            )
        if node.label and node.label != subject:
            text = tr("describe.named", name=node.label, what=text)
        return [Change(text, label=subject, required=r, actionable=False)]

    def _solve(self, node: n.Compare, leaf: n.Fact | n.Stat) -> Change | None:
        """Treat the comparison as linear in one fact and solve for the value that makes it pass."""
        key = _key(leaf)
        x0 = Evaluator(self.facts).visit(leaf)
        if x0 is None:
            return None

        def g(x: Decimal) -> Decimal | None:
            f = self.facts.with_override(key, x)
            ev = Evaluator(f)
            a, b = ev.visit(node.left), ev.visit(node.right)
            if a is None or b is None:
                return None
            return a - b  # type: ignore[no-any-return]

        d0, d1, d2 = g(x0), g(x0 + 1), g(x0 + 2)
        if d0 is None or d1 is None or d2 is None:
            return None
        slope = d1 - d0
        if slope == 0 or abs((d2 - d1) - slope) > abs(slope) * Decimal("1e-9"):
            return None  # not linear in this fact
        target = x0 - d0 / slope  # g(target) == 0
        integral = leaf.fact.type in ("count", "money")
        up = (slope > 0) == (node.op in (">", ">="))
        if node.op in ("==", "!="):
            return None
        if integral:
            target = target.to_integral_value(rounding=ROUND_CEILING if up else ROUND_FLOOR)
        for _ in range(3):  # step over a strict bound
            f = self.facts.with_override(key, target)
            if Evaluator(f).visit(node) is True:
                break
            target = (
                target + (1 if up else -1)
                if integral
                else target + (Decimal("0.01") if up else Decimal("-0.01"))
            )
        else:
            return None
        if target < 0:
            return None
        fmt = leaf.fmt
        label = leaf.label or term(leaf.fact.label)
        name = f"stats[{leaf.year}].{leaf.field}" if isinstance(leaf, n.Stat) else leaf.name
        msg = "change.raise" if target > x0 else "change.lower"
        text = tr(msg, what=label, current=fmt_value(x0, fmt), target=fmt_value(target, fmt))
        if node.label:
            text = tr("describe.named", name=node.label, what=text)
        return Change(text, fact=name, label=label, current=x0, required=target)


def _dedupe(changes: list[Change]) -> list[Change]:
    seen: dict[str, Change] = {}
    for c in changes:
        k = c.fact or c.text
        if k in seen and c.required is not None and seen[k].required is not None:
            # two conditions on the same fact: keep the stricter one
            if (c.required > seen[k].required) == (c.required > (c.current or 0)):
                seen[k] = c
        else:
            seen.setdefault(k, c)
    return list(seen.values())


def explain_tree(tree: n.Node, facts: Facts, today: dt.date | None = None) -> Step:
    return Explainer(facts, today).step(tree)


def smallest_change(tree: n.Node, facts: Facts) -> list[Change] | None:
    return ChangeFinder(facts).find(tree)
