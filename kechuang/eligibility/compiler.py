"""Checking and compiling: syntax tree → typed, backend-neutral tree (:mod:`.nodes`).

Every name is looked up in the fact catalogue or among the named conditions; every operator is
type-checked; ``today``, ``last_year`` and date arithmetic are folded into constants for the given
application date. Errors carry the position and a Chinese reason.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from . import nodes as n
from . import syntax as s
from .catalogue import DESIGNATION_KINDS, Catalogue
from .errors import RuleError, Span
from .format import fmt_date
from .i18n import t as tr
from .i18n import term

TYPE_NAMES = {
    "number": "数值",
    "string": "文字",
    "bool": "条件（真/假）",
    "date": "日期",
    "duration": "时长",
    "year": "年度",
    "list": "列表",
}


def tn(type_name: str) -> str:
    """A value type's name in the active language (for error messages)."""
    return term(TYPE_NAMES[type_name])


INDUSTRY_CODE = re.compile(r"^([A-T])?(\d{2,4})?$")


def normalise_code(fact: str, code: str) -> str:
    """Industry codes may be written with their section letter ("C3311"); store them without it
    ("3311"), the bare section letter ("C") stays as it is."""
    code = code.strip().upper()
    if fact == "industry":
        m = INDUSTRY_CODE.match(code)
        if m and m.group(2):
            return m.group(2)
    return code


@dataclass(frozen=True, slots=True)
class Duration:
    years: int = 0
    months: int = 0
    days: int = 0

    def neg(self) -> Duration:
        return Duration(-self.years, -self.months, -self.days)

    def apply(self, d: dt.date) -> dt.date:
        """``d`` moved by this duration; a result outside the calendar (years 1 to 9999) is a
        :class:`RuleError`, never a wrapped-around or endless computation."""
        month_index = d.year * 12 + (d.month - 1) + self.years * 12 + self.months
        year, month = divmod(month_index, 12)
        month += 1
        if not dt.MINYEAR <= year <= dt.MAXYEAR:
            raise RuleError(tr("compile.date_out_of_range", date=fmt_date(d)))
        day = min(d.day, calendar.monthrange(year, month)[1])  # 29 Feb + 1 year → 28 Feb
        try:
            return dt.date(year, month, day) + dt.timedelta(days=self.days)
        except OverflowError:
            raise RuleError(tr("compile.date_out_of_range", date=fmt_date(d))) from None


@dataclass(slots=True)
class Typed:
    node: n.Node | None  # None for compile-time-only values (year, duration, list)
    type: str
    const: object = None  # for year / duration / list
    span: Span = field(default_factory=lambda: Span(0, 0))


@dataclass(slots=True)
class Definition:
    """A named condition or value from ``define:`` (``label`` shown in explanations)."""

    name: str
    text: str
    label: str = ""
    fmt: str = ""
    where: str = ""


@dataclass(slots=True)
class Context:
    catalogue: Catalogue
    today: dt.date
    definitions: Mapping[str, Definition] = field(default_factory=dict)
    designation_kinds: frozenset[str] = DESIGNATION_KINDS
    _cache: dict[str, Typed] = field(default_factory=dict)
    _stack: list[str] = field(default_factory=list)

    @property
    def last_year(self) -> int:
        return self.today.year - 1


class Compiler:
    def __init__(self, text: str, ctx: Context) -> None:
        self.text = text
        self.ctx = ctx

    def err(self, reason: str, span: Span) -> RuleError:
        return RuleError(reason, text=self.text, span=span)

    def src(self, span: Span) -> str:
        return self.text[span.start : span.end]

    # entry points ------------------------------------------------------------------------------
    def condition(self, tree: s.S) -> n.Node:
        t = self.compile(tree)
        return self.as_condition(t)

    def as_condition(self, t: Typed) -> n.Node:
        if t.type != "bool":
            raise self.err(tr("compile.need_condition", got=tn(t.type)), t.span)
        assert t.node is not None
        node = t.node
        if isinstance(node, n.Fact):  # a yes/no fact used on its own: ``verified``
            return n.Compare("==", node, n.Const(True, "bool"), text=node.text, label=node.label)
        return node

    def value(self, tree: s.S) -> Typed:
        return self.compile(tree)

    # dispatch ----------------------------------------------------------------------------------
    def compile(self, tree: s.S) -> Typed:
        method: Callable[[s.S], Typed] = getattr(self, "c_" + type(tree).__name__)
        t = method(tree)
        t.span = tree.span
        if t.node is not None and not t.node.text:
            t.node.text = self.src(tree.span)
        return t

    def c_SNum(self, t: s.SNum) -> Typed:
        fmt = (
            "percent"
            if t.unit in ("%", "％")
            else ("money" if t.unit in ("万", "亿", "万元", "亿元", "元") else "")
        )
        return Typed(n.Const(t.value, "number", fmt=fmt), "number")

    def c_SStr(self, t: s.SStr) -> Typed:
        return Typed(n.Const(t.value, "string"), "string")

    def c_SBool(self, t: s.SBool) -> Typed:
        return Typed(n.BoolConst(t.value), "bool")

    def c_SList(self, t: s.SList) -> Typed:
        items = [self.compile(i) for i in t.items]
        for i in items:
            if not isinstance(i.node, n.Const):
                raise self.err(tr("compile.list_constants"), i.span)
        return Typed(None, "list", const=items)

    def c_SName(self, t: s.SName) -> Typed:
        name = t.name
        ctx = self.ctx
        if name == "today":
            return Typed(n.Const(ctx.today, "date", fmt="date", label=tr("label.today")), "date")
        if name == "last_year":
            return Typed(None, "year", const=ctx.last_year)
        if name == "this_year":
            return Typed(None, "year", const=ctx.today.year)
        if name in ctx.definitions:
            return self.reference(name, t.span)
        fact = ctx.catalogue.fact(name)
        if fact is not None:
            vt = fact.value_type
            fmt = {"money": "money", "ratio": "percent", "count": "count", "date": "date"}.get(fact.type, "")
            return Typed(n.Fact(name, fact, label=term(fact.label), fmt=fmt), vt)
        if name == "stats":
            raise self.err(tr("compile.stats_needs_year"), t.span)
        if ctx.catalogue.stat(name) is not None:
            raise self.err(tr("compile.stat_as_fact", name=name), t.span)
        raise self.err(tr("compile.unknown_name", name=name, hint=self.suggest(name)), t.span)

    def suggest(self, name: str) -> str:
        pool = [f.name for f in self.ctx.catalogue.facts] + list(self.ctx.definitions)
        pool += ["today", "last_year", "this_year", "stats"]
        close = difflib.get_close_matches(name, pool, n=1)
        return tr("compile.did_you_mean", name=close[0]) if close else ""

    def reference(self, name: str, span: Span) -> Typed:
        ctx = self.ctx
        if name in ctx._stack:
            chain = " → ".join([*ctx._stack[ctx._stack.index(name) :], name])
            raise self.err(tr("compile.cycle", chain=chain), span)
        if name not in ctx._cache:
            d = ctx.definitions[name]
            ctx._stack.append(name)
            try:
                tree = s.parse(d.text)
                inner = Compiler(d.text, ctx)
                t = inner.compile(tree)
                if t.type == "bool":
                    t = Typed(inner.as_condition(t), "bool")
            except RuleError as e:
                raise e.located(where=d.where or f"define.{name}") from None
            finally:
                ctx._stack.pop()
            if t.node is None:
                raise RuleError(tr("compile.definition_type", name=name), where=d.where or f"define.{name}")
            fmt = d.fmt or t.node.fmt
            ctx._cache[name] = Typed(n.Ref(name, t.node, label=d.label or name, fmt=fmt, text=name), t.type)
        cached = ctx._cache[name]
        return Typed(cached.node, cached.type)

    def c_SAttr(self, t: s.SAttr) -> Typed:
        if isinstance(t.obj, s.SIndex) and isinstance(t.obj.obj, s.SName) and t.obj.obj.name == "stats":
            year = self.year(t.obj.index)
            fact = self.ctx.catalogue.stat(t.attr)
            if fact is None:
                pool = [f.name for f in self.ctx.catalogue.stats]
                close = difflib.get_close_matches(t.attr, pool, n=1)
                hint = tr("compile.did_you_mean", name=close[0]) if close else ""
                raise self.err(tr("compile.unknown_stat", name=t.attr, hint=hint), t.attr_span)
            return Typed(self.stat(t.attr, year), "number")
        raise self.err(tr("compile.dot_only_stats"), t.span)

    def stat(self, field_name: str, year: int) -> n.Stat:
        fact = self.ctx.catalogue.stat(field_name)
        assert fact is not None
        fmt = {"money": "money", "ratio": "percent", "count": "count"}.get(fact.type, "")
        return n.Stat(
            field_name, year, fact, label=tr("label.stat", year=year, label=term(fact.label)), fmt=fmt
        )

    def year(self, tree: s.S) -> int:
        t = self.compile(tree)
        if t.type == "year":
            return int(t.const)  # type: ignore[call-overload]
        if isinstance(t.node, n.Const) and t.type == "number":
            v = t.node.value
            assert isinstance(v, Decimal)
            if v == v.to_integral_value() and 1900 <= v <= 2200:
                return int(v)
        raise self.err(tr("compile.year"), tree.span)

    def c_SIndex(self, t: s.SIndex) -> Typed:
        if isinstance(t.obj, s.SName) and t.obj.name == "stats":
            raise self.err(tr("compile.stats_needs_field"), Span(t.span.end, t.span.end + 1))
        raise self.err(tr("compile.index_only_stats"), t.span)

    def c_SUnary(self, t: s.SUnary) -> Typed:
        o = self.compile(t.operand)
        if o.type == "year":
            return Typed(None, "year", const=-int(o.const))  # type: ignore[call-overload]
        if o.type != "number":
            raise self.err(tr("compile.neg_number", got=tn(o.type)), t.span)
        assert o.node is not None
        if isinstance(o.node, n.Const):
            value = o.node.value
            assert isinstance(value, Decimal)
            return Typed(n.Const(-value, "number", fmt=o.node.fmt), "number")
        return Typed(n.Neg(o.node, fmt=o.node.fmt), "number")

    def c_SBin(self, t: s.SBin) -> Typed:
        a, b = self.compile(t.left), self.compile(t.right)
        op = t.op
        # year arithmetic: last_year - 1
        if a.type == "year" and b.type == "number" and op in "+-" and isinstance(b.node, n.Const):
            k = int(b.node.value)  # type: ignore[arg-type]
            return Typed(None, "year", const=int(a.const) + (k if op == "+" else -k))  # type: ignore[call-overload]
        # date arithmetic: today - years(1)
        if a.type == "date" and b.type == "duration" and op in "+-":
            if not isinstance(a.node, n.Const):
                raise self.err(tr("compile.date_arith"), t.span)
            assert isinstance(b.const, Duration)
            dur = b.const if op == "+" else b.const.neg()
            try:
                d = dur.apply(a.node.value)  # type: ignore[arg-type]
            except RuleError as e:
                raise self.err(e.reason, t.span) from None
            return Typed(n.Const(d, "date", fmt="date"), "date")
        if a.type != "number" or b.type != "number":
            bad = a if a.type != "number" else b
            raise self.err(tr("compile.arith_numbers", op=op, got=tn(bad.type)), bad.span)
        assert a.node is not None and b.node is not None
        if isinstance(a.node, n.Const) and isinstance(b.node, n.Const):
            x, y = a.node.value, b.node.value
            assert isinstance(x, Decimal) and isinstance(y, Decimal)
            if op == "/" and y == 0:
                raise self.err(tr("compile.division_by_zero"), t.right.span)
            v = {"+": x + y, "-": x - y, "*": x * y, "/": x / y if y else Decimal(0)}[op]
            return Typed(n.Const(v, "number", fmt=a.node.fmt or b.node.fmt), "number")
        fmt = arith_fmt(op, a.node.fmt, b.node.fmt)
        return Typed(n.Arith(op, a.node, b.node, fmt=fmt), "number")

    def c_SCompare(self, t: s.SCompare) -> Typed:
        operands = [self.compile(o) for o in t.operands]
        parts: list[n.Node] = []
        for (op, op_span), a, b in zip(t.ops, operands, operands[1:], strict=False):
            parts.append(self.compare(op, op_span, a, b))
        if len(parts) == 1:
            return Typed(parts[0], "bool")
        return Typed(n.And(parts), "bool")

    def compare(self, op: str, op_span: Span, a: Typed, b: Typed) -> n.Node:
        for x in (a, b):
            if x.node is None:
                raise self.err(tr("compile.cannot_compare", got=tn(x.type)), x.span)
        if a.type != b.type:
            raise self.err(
                tr("compile.compare_types", op=op, left=tn(a.type), right=tn(b.type)),
                a.span.join(b.span),
            )
        if a.type in ("string", "bool") and op not in ("==", "!="):
            raise self.err(tr("compile.eq_only", type=tn(a.type)), op_span)
        self.check_choice(a, b)
        self.check_choice(b, a)
        assert a.node is not None and b.node is not None
        text = self.src(a.span.join(b.span))
        return n.Compare(op, a.node, b.node, text=text)

    def check_choice(self, fact: Typed, other: Typed) -> None:
        if isinstance(fact.node, n.Fact) and fact.node.fact.choices and isinstance(other.node, n.Const):
            choices = fact.node.fact.choices
            if other.node.value not in choices:
                allowed = tr("list.sep").join(
                    tr("value.labelled", label=k, code=term(v)) for k, v in choices.items()
                )
                raise self.err(
                    tr(
                        "compile.bad_choice",
                        fact=term(fact.node.fact.label),
                        value=other.node.value,
                        allowed=allowed,
                    ),
                    other.span,
                )

    def c_SIn(self, t: s.SIn) -> Typed:
        left, right = self.compile(t.left), self.compile(t.right)
        if right.type != "list":
            raise self.err(tr("compile.in_needs_list"), right.span)
        if left.node is None or left.type in ("bool",):
            raise self.err(tr("compile.in_type", type=tn(left.type)), left.span)
        values: list[n.Const] = []
        for item in right.const:  # type: ignore[attr-defined]
            if item.type != left.type:
                raise self.err(tr("compile.list_item_type", want=tn(left.type), got=tn(item.type)), item.span)
            self.check_choice(left, item)
            values.append(item.node)
        if not values:
            raise self.err(tr("compile.empty_list"), right.span)
        return Typed(n.InList(left.node, values, t.negate), "bool")

    def c_SUnder(self, t: s.SUnder) -> Typed:
        left, right = self.compile(t.left), self.compile(t.right)
        if not (isinstance(left.node, n.Fact) and left.node.fact.type == "code"):
            raise self.err(tr("compile.under_left"), left.span)
        if not (isinstance(right.node, n.Const) and right.type == "string"):
            raise self.err(tr("compile.under_right"), right.span)
        code = normalise_code(left.node.name, str(right.node.value))
        if not code:
            raise self.err(tr("compile.empty_code"), right.span)
        return Typed(n.Under(left.node, code), "bool")

    def c_SBool3(self, t: s.SBool3) -> Typed:
        items = [self.condition(i) for i in t.items]
        return Typed(n.And(items) if t.op == "and" else n.Or(items), "bool")

    def c_SNot(self, t: s.SNot) -> Typed:
        return Typed(n.Not(self.condition(t.operand)), "bool")

    def c_SIf(self, t: s.SIf) -> Typed:
        cond = self.condition(t.cond)
        a, b = self.compile(t.then), self.compile(t.else_)
        if a.type != b.type or a.node is None or b.node is None:
            raise self.err(tr("compile.if_types", a=tn(a.type), b=tn(b.type)), t.span)
        if a.type == "bool":
            then, other = self.as_condition(a), self.as_condition(b)
        else:
            then, other = a.node, b.node
        return Typed(n.IfElse(cond, then, other, fmt=a.node.fmt or b.node.fmt), a.type)

    # functions ---------------------------------------------------------------------------------
    def c_SCall(self, t: s.SCall) -> Typed:
        fn = FUNCTIONS.get(t.func)
        if fn is None:
            raise self.err(
                tr("compile.unknown_function", name=t.func, available=tr("list.sep").join(FUNCTIONS)),
                t.func_span,
            )
        return fn(self, t)

    def args(self, t: s.SCall, count: int, kw: tuple[str, ...] = ()) -> tuple[list[s.S], dict[str, s.S]]:
        if len(t.args) != count:
            raise self.err(tr("compile.arg_count", name=t.func, count=count, got=len(t.args)), t.span)
        for k, v in t.kwargs.items():
            if k not in kw:
                raise self.err(tr("compile.no_such_arg", name=t.func, arg=k), v.span)
        return t.args, t.kwargs

    def f_date(self, t: s.SCall) -> Typed:
        (arg,), _ = self.args(t, 1)
        if not isinstance(arg, s.SStr):
            raise self.err(tr("compile.date_arg"), arg.span)
        try:
            d = dt.date.fromisoformat(arg.value)
        except ValueError:
            raise self.err(tr("compile.bad_date", value=arg.value), arg.span) from None
        return Typed(n.Const(d, "date", fmt="date"), "date")

    def duration(self, t: s.SCall, unit: str) -> Typed:
        (arg,), _ = self.args(t, 1)
        a = self.compile(arg)
        if not (isinstance(a.node, n.Const) and a.type == "number"):
            raise self.err(tr("compile.int_constant", name=t.func), arg.span)
        k = int(a.node.value)  # type: ignore[arg-type]
        return Typed(None, "duration", const=Duration(**{unit: k}))

    def f_designated(self, t: s.SCall) -> Typed:
        (arg,), kw = self.args(t, 1, ("on",))
        if not isinstance(arg, s.SStr):
            raise self.err(tr("compile.designated_arg"), arg.span)
        kinds = self.ctx.designation_kinds
        if kinds and arg.value not in kinds:
            close = difflib.get_close_matches(arg.value, list(kinds), n=1, cutoff=0.3)
            hint = tr("compile.did_you_mean", name=close[0]) if close else ""
            raise self.err(tr("compile.unknown_designation", name=arg.value, hint=hint), arg.span)
        on = self.ctx.today
        if "on" in kw:
            o = self.compile(kw["on"])
            if not (isinstance(o.node, n.Const) and o.type == "date"):
                raise self.err(tr("compile.on_date"), kw["on"].span)
            on = o.node.value  # type: ignore[assignment]
        return Typed(
            n.Designated(arg.value, on, label=tr("describe.designated", kind=term(arg.value))), "bool"
        )

    def f_known(self, t: s.SCall) -> Typed:
        (arg,), _ = self.args(t, 1)
        a = self.compile(arg)
        if a.node is None:
            raise self.err(tr("compile.known_arg"), arg.span)
        return Typed(n.Known(a.node), "bool")

    def f_minmax(self, t: s.SCall) -> Typed:
        if len(t.args) < 2 or t.kwargs:
            raise self.err(tr("compile.two_args", name=t.func), t.span)
        args = [self.compile(a) for a in t.args]
        for a in args:
            if a.type != "number":
                raise self.err(tr("compile.number_args", name=t.func), a.span)
        nodes_ = [a.node for a in args]
        fmt = next((x.fmt for x in nodes_ if x is not None and x.fmt), "")
        return Typed(n.MinMax(t.func, nodes_, fmt=fmt), "number")  # type: ignore[arg-type]

    def stat_name(self, arg: s.S) -> str:
        if not isinstance(arg, s.SName) or self.ctx.catalogue.stat(arg.name) is None:
            raise self.err(tr("compile.stat_name"), arg.span)
        return arg.name

    def f_sum_years(self, t: s.SCall) -> Typed:
        (field_arg, count_arg), _ = self.args(t, 2)
        name = self.stat_name(field_arg)
        c = self.compile(count_arg)
        if not (isinstance(c.node, n.Const) and c.type == "number") or not 1 <= int(c.node.value) <= 10:  # type: ignore[arg-type]
            raise self.err(tr("compile.year_count"), count_arg.span)
        k = int(c.node.value)  # type: ignore[arg-type]
        last = self.ctx.last_year
        node: n.Node = self.stat(name, last - k + 1)
        for y in range(last - k + 2, last + 1):
            node = n.Arith("+", node, self.stat(name, y), fmt=node.fmt)
        fact = self.ctx.catalogue.stat(name)
        assert fact is not None
        node.label = tr("label.sum_years", first=last - k + 1, last=last, label=term(fact.label))
        return Typed(node, "number")

    def f_sum_operating_years(self, t: s.SCall) -> Typed:
        """``sum_operating_years(fact, 3)``: the last three calendar years, counting only those the
        organisation operated in (founded on or before the year's last day) — “近三个会计年度（实际经营期
        不满三年的按实际经营时间计算）”. A year before the founding counts as nothing, not as missing; an
        unknown founding date makes the sum unknown. Built of ``a if c else 0`` so every backend reads it."""
        (field_arg, count_arg), _ = self.args(t, 2)
        name = self.stat_name(field_arg)
        c = self.compile(count_arg)
        if not (isinstance(c.node, n.Const) and c.type == "number") or not 1 <= int(c.node.value) <= 10:  # type: ignore[arg-type]
            raise self.err(tr("compile.year_count"), count_arg.span)
        k = int(c.node.value)  # type: ignore[arg-type]
        founded_def = self.ctx.catalogue.fact("founded_on")
        if founded_def is None:
            raise self.err(tr("compile.unknown_name", name="founded_on", hint=""), t.span)
        last = self.ctx.last_year
        fact = self.ctx.catalogue.stat(name)
        assert fact is not None
        fmt = self.stat(name, last).fmt
        node: n.Node | None = None
        for y in range(last - k + 1, last + 1):
            item: n.Node = self.stat(name, y)
            if y < last:  # the last year counts always: a firm not operating in it fails (一) anyway
                founded = n.Fact("founded_on", founded_def, label=term(founded_def.label))
                in_operation = n.Compare("<=", founded, n.Const(dt.date(y, 12, 31), "date", fmt="date"))
                item = n.IfElse(in_operation, item, n.Const(Decimal(0), "number", fmt=fmt), fmt=fmt)
            node = item if node is None else n.Arith("+", node, item, fmt=fmt)
        assert node is not None
        node.label = tr("label.sum_operating_years", first=last - k + 1, last=last, label=term(fact.label))
        return Typed(node, "number")

    def f_growth(self, t: s.SCall) -> Typed:
        (field_arg,), _ = self.args(t, 1)
        name = self.stat_name(field_arg)
        last = self.ctx.last_year
        cur, prev = self.stat(name, last), self.stat(name, last - 1)
        node = n.Arith("/", n.Arith("-", cur, prev), prev, fmt="percent")
        node.label = tr("label.growth", year=last, label=term(cur.fact.label))
        return Typed(node, "number")


def _duration(unit: str) -> Callable[[Compiler, s.SCall], Typed]:
    return lambda c, t: c.duration(t, unit)


FUNCTIONS: dict[str, Callable[[Compiler, s.SCall], Typed]] = {
    "date": Compiler.f_date,
    "years": _duration("years"),
    "months": _duration("months"),
    "days": _duration("days"),
    "designated": Compiler.f_designated,
    "known": Compiler.f_known,
    "min": Compiler.f_minmax,
    "max": Compiler.f_minmax,
    "sum_years": Compiler.f_sum_years,
    "sum_operating_years": Compiler.f_sum_operating_years,
    "growth": Compiler.f_growth,
}


def arith_fmt(op: str, a: str, b: str) -> str:
    if op == "/" and a in ("money", "count") and b in ("money", "count"):
        return "percent"
    if op in "+-":
        return a or b
    if op == "*":
        return "money" if "money" in (a, b) else (a or b)
    if op == "/" and a == "money" and not b:
        return "money"
    return ""


def compile_condition(text: str, ctx: Context) -> n.Node:
    """Parse and check one condition expression; raise :class:`RuleError` when it is wrong."""
    return Compiler(text, ctx).condition(s.parse(text))


def compile_value(text: str, ctx: Context) -> n.Node:
    """Parse and check one numeric expression (an amount formula, for example)."""
    c = Compiler(text, ctx)
    t = c.value(s.parse(text))
    if t.type != "number" or t.node is None:
        raise RuleError(tr("compile.need_number", got=tn(t.type)), text=text, span=Span(0, len(text)))
    return t.node
