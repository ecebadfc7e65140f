"""The smallest qualifying change: for a failed rule, the fewest changes of the organisation's facts that
would make it pass (solved per comparison where the rule is linear in one fact), or None."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from . import nodes as n
from .explain import Change, label_of
from .facts import Facts
from .format import OP_SYMBOL, fmt_apart, fmt_value
from .i18n import t as tr
from .i18n import term
from .threevalued import Evaluator


def _fact_leaves(node: n.Node) -> list[n.Fact | n.Stat]:
    """Facts that can move at all (catalogue ``moves``), those the organisation can act on first, then
    the most recent year first (changing last year's R&D is a clearer advice than changing the figure of
    three years ago)."""
    out: list[n.Fact | n.Stat] = []
    for x in n.walk(node):
        if isinstance(x, n.Stat | n.Fact) and x.fact.moves != "none" and not any(x is y for y in out):
            out.append(x)
    return sorted(out, key=lambda x: (not x.fact.actionable, -x.year if isinstance(x, n.Stat) else 0))


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
        if best and node.label and not any(c.actionable for c in best):
            # no alternative the organisation can reach: the reason is the condition itself, not its first
            # alternative (“集成电路企业或工业母机企业：不满足”, not “所属行业须属于 3973”)
            return [Change(tr("change.not_met", name=node.label), label=node.label, actionable=False)]
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
        names = node.left.fact.choices if isinstance(node.left, n.Fact) else {}
        if node.negate:  # the current value named as people know it (大型, not large)
            shown = (
                term(names[cur])
                if isinstance(cur, str) and cur in names
                else fmt_value(cur, "", self.facts.labels)
            )
            return [
                Change(
                    tr("change.not_current", what=label, value=shown),
                    label=label,
                    current=cur,
                    actionable=False,
                )
            ]
        opts = tr("list.sep").join(
            term(names[c.value])
            if isinstance(c.value, str) and c.value in names
            else fmt_value(c.value, "", self.facts.labels)
            for c in node.values
        )
        return [
            Change(tr("change.one_of", what=label, options=opts), label=label, current=cur, actionable=False)
        ]

    def f_Under(self, node: n.Under) -> list[Change] | None:
        label = term(node.left.fact.label)
        if self.facts.code(node.left.name) is None:
            return [Change(tr("change.supply", what=label), fact=node.left.name, label=label)]
        code = fmt_value(node.code, "", self.facts.labels)
        text = tr("change.under", what=label, code=code)
        if node.label and node.label != label:
            text = tr("describe.named", name=node.label, what=text)
        return [Change(text, fact=node.left.name, label=label, actionable=False)]

    def f_Known(self, node: n.Known) -> list[Change] | None:
        label = label_of(node.operand)
        return [Change(tr("change.supply", what=label), label=label)]

    def f_Compare(self, node: n.Compare) -> list[Change] | None:
        ev = Evaluator(self.facts)
        v = ev.visit(node)
        if v is None:  # missing data: supplying it is the change (we cannot know if it will pass)
            return [Change(tr("change.supply", what=lbl), fact=k, label=lbl) for k, lbl in ev.missing.items()]
        for leaf in _fact_leaves(node):
            if not leaf.fact.actionable:
                break  # leaves are sorted actionable first: the rest is a reason, said as it is below
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
            names = node.left.fact.choices if isinstance(node.left, n.Fact) else {}

            def shown(v: object) -> str:
                return (
                    term(names[v])
                    if isinstance(v, str) and v in names
                    else fmt_value(v, fmt, self.facts.labels)
                )

            a = Evaluator(self.facts).visit(node.left)  # known: a comparison with a missing side is unknown
            text = tr("change.is", what=subject, current=shown(a), op=OP_SYMBOL[node.op], value=shown(r))
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
        if not leaf.fact.allows(up=up):
            return None  # the way this fact cannot sensibly move (shrink revenue to qualify)
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
        cur_text, target_text = fmt_apart(x0, target, fmt)
        text = tr(msg, what=label, current=cur_text, target=target_text)
        if node.label:
            text = tr("describe.named", name=node.label, what=text)
        return Change(
            text, fact=name, label=label, current=x0, required=target, actionable=leaf.fact.actionable
        )


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


def smallest_change(tree: n.Node, facts: Facts) -> list[Change] | None:
    return ChangeFinder(facts).find(tree)
