"""The backend-neutral expression tree a rule compiles to, and the visitor interface.

The tree is what every backend consumes: the Python evaluator (:mod:`.evaluate`) walks it with
three-valued logic; the Django side (``kechuang.policies.compiler``) walks it with a
:class:`Visitor` and builds one ORM expression. Everything that depends on the application date
(``today``, ``last_year``, date arithmetic) is already folded into constants, so backends only see
facts, constants, arithmetic, comparisons and boolean connectives.

Semantics every backend must follow (these are SQL's, so ``WHERE <rule>`` selects exactly the
organisations the evaluator calls eligible):

* a missing fact is *unknown* (``None`` / SQL ``NULL``);
* arithmetic with an unknown operand is unknown; division by zero is unknown (``NULLIF``);
* a comparison with an unknown side is unknown; ``x in [..]`` with unknown ``x`` is unknown;
* ``and`` / ``or`` / ``not`` are Kleene's (SQL's): ``false and unknown`` is false,
  ``true or unknown`` is true, ``not unknown`` is unknown;
* ``a if c else b`` is unknown when ``c`` is unknown (SQL: ``CASE WHEN c IS NULL THEN NULL ...``);
* ``min``/``max`` are unknown when any argument is unknown (unlike PostgreSQL's LEAST/GREATEST);
* ``designated(kind)`` and counts are never unknown once the registry is the source: no row means
  false / 0;
* ``known(x)`` is true when ``x`` is known (``IS NOT NULL``), never unknown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Generic, TypeVar

from .catalogue import FactDef

Value = Decimal | str | bool | dt.date | None


@dataclass(eq=False, slots=True)
class Node:
    """Base of all tree nodes. ``text`` is the source expression (for labels), ``label`` the
    human name a rule writer gave it, ``fmt`` how to show its value (``percent``, ``money``…)."""

    text: str = field(default="", kw_only=True)
    label: str = field(default="", kw_only=True)
    fmt: str = field(default="", kw_only=True)

    def accept(self, visitor: Visitor[Any]) -> Any:
        return getattr(visitor, "visit_" + type(self).__name__)(self)


# values -----------------------------------------------------------------------------------------


@dataclass(eq=False, slots=True)
class Const(Node):
    value: Value
    type: str  # number | string | bool | date


@dataclass(eq=False, slots=True)
class Fact(Node):
    """An organisation fact (``kind``, ``founded_on``, ``carriers``…)."""

    name: str
    fact: FactDef


@dataclass(eq=False, slots=True)
class Stat(Node):
    """A yearly statistic of a given calendar year (``stats[2025].revenue``)."""

    field: str
    year: int
    fact: FactDef


@dataclass(eq=False, slots=True)
class Arith(Node):
    op: str  # + - * /
    left: Node
    right: Node


@dataclass(eq=False, slots=True)
class Neg(Node):
    operand: Node


@dataclass(eq=False, slots=True)
class MinMax(Node):
    func: str  # min | max
    args: list[Node]


@dataclass(eq=False, slots=True)
class IfElse(Node):
    cond: Node
    then: Node
    else_: Node


# conditions -------------------------------------------------------------------------------------


@dataclass(eq=False, slots=True)
class Compare(Node):
    op: str  # == != < <= > >=
    left: Node
    right: Node


@dataclass(eq=False, slots=True)
class InList(Node):
    left: Node
    values: list[Const]
    negate: bool = False


@dataclass(eq=False, slots=True)
class Under(Node):
    """``region under "220000"``: the code equals ``code`` or lies below it in the hierarchy."""

    left: Fact
    code: str


@dataclass(eq=False, slots=True)
class Designated(Node):
    """Holds a designation (高新技术企业, 专精特新中小企业…) valid on ``on``."""

    kind: str
    on: dt.date


@dataclass(eq=False, slots=True)
class Known(Node):
    operand: Node


@dataclass(eq=False, slots=True)
class BoolConst(Node):
    value: bool


@dataclass(eq=False, slots=True)
class And(Node):
    items: list[Node]


@dataclass(eq=False, slots=True)
class Or(Node):
    items: list[Node]


@dataclass(eq=False, slots=True)
class Not(Node):
    operand: Node


@dataclass(eq=False, slots=True)
class Ref(Node):
    """A named, reusable condition or value (``define:`` in a rule file); backends just visit
    ``body``, the explanation shows it as one labelled step."""

    name: str
    body: Node


BOOLEAN_NODES = (Compare, InList, Under, Designated, Known, BoolConst, And, Or, Not)

T = TypeVar("T")
_DISPATCH: dict[tuple[type, type], Any] = {}


class Visitor(Generic[T]):
    """Dispatch on node type: subclass and implement ``visit_<NodeClass>`` for every node class.

    The default ``visit_Ref`` visits the body; every other method raises, so a backend that forgets
    a node type fails loudly instead of silently mis-selecting.
    """

    def visit(self, node: Node) -> T:
        key = (type(self), type(node))
        fn = _DISPATCH.get(key)
        if fn is None:
            fn = getattr(type(self), "visit_" + type(node).__name__, None)
            if fn is None:
                raise NotImplementedError(f"{type(self).__name__} does not handle {type(node).__name__}")
            _DISPATCH[key] = fn
        return fn(self, node)  # type: ignore[no-any-return]

    def visit_Ref(self, node: Ref) -> T:
        return self.visit(node.body)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("visit_"):
            raise NotImplementedError(f"{type(self).__name__} does not handle {name[6:]}")
        raise AttributeError(name)


def is_boolean(node: Node) -> bool:
    if isinstance(node, Ref):
        return is_boolean(node.body)
    if isinstance(node, IfElse):
        return is_boolean(node.then)
    return isinstance(node, BOOLEAN_NODES)


def walk(node: Node):  # type: ignore[no-untyped-def]
    """Yield every node of the tree (pre-order; iterative, no generator per level)."""
    stack = [node]
    while stack:
        x = stack.pop()
        yield x
        kids = children(x)
        if kids:
            stack.extend(reversed(kids))


def children(node: Node) -> list[Node]:
    match node:
        case Arith(left=left, right=right) | Compare(left=left, right=right):
            return [left, right]
        case Neg(operand=o) | Not(operand=o) | Known(operand=o):
            return [o]
        case MinMax(args=args):
            return list(args)
        case IfElse(cond=c, then=t, else_=e):
            return [c, t, e]
        case InList(left=left, values=values):
            return [left, *values]
        case Under(left=left):
            return [left]
        case And(items=items) | Or(items=items):
            return list(items)
        case Ref(body=body):
            return [body]
    return []


def unref(node: Node) -> Node:
    """The node a named reference stands for (backends compute a ``Ref`` as its body)."""
    while isinstance(node, Ref):
        node = node.body
    return node


def structure(node: Node, memo: dict[int, tuple[Any, ...]] | None = None) -> tuple[Any, ...]:
    """A hashable key, equal for two subtrees that compute the same value for every organisation.

    Labels, source texts and display formats are ignored and a ``Ref`` is its body, so the same
    sub-expression written in two rules (``研发费用占比`` in a rule and in its threshold variant) gets
    the same key — what a backend needs to compute a shared sub-expression once. ``memo`` (keyed by
    node identity) avoids recomputing keys of shared subtrees.
    """
    if memo is not None:
        got = memo.get(id(node))
        if got is not None:
            return got
    key: tuple[Any, ...]
    match node:
        case Ref(body=body):
            key = structure(body, memo)
        case Const(value=v, type=t):
            key = ("const", t, v)
        case Fact(name=name):
            key = ("fact", name)
        case Stat(field=f, year=y):
            key = ("stat", f, y)
        case Arith(op=op, left=left, right=right) | Compare(op=op, left=left, right=right):
            key = (type(node).__name__, op, structure(left, memo), structure(right, memo))
        case Neg(operand=o) | Not(operand=o) | Known(operand=o):
            key = (type(node).__name__, structure(o, memo))
        case MinMax(func=func, args=args):
            key = ("minmax", func, *(structure(a, memo) for a in args))
        case IfElse(cond=c, then=t, else_=e):
            key = ("if", structure(c, memo), structure(t, memo), structure(e, memo))
        case InList(left=left, values=values, negate=negate):
            key = ("in", negate, structure(left, memo), *(structure(v, memo) for v in values))
        case Under(left=left, code=code):
            key = ("under", left.name, code)
        case Designated(kind=kind, on=on):
            key = ("designated", kind, on)
        case BoolConst(value=v):
            key = ("bool", v)
        case And(items=items) | Or(items=items):
            key = (type(node).__name__, *(structure(i, memo) for i in items))
        case _:
            raise NotImplementedError(f"no structural key for {type(node).__name__}")
    if memo is not None:
        memo[id(node)] = key
    return key
