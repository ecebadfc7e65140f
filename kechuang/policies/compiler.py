"""Compile an eligibility rule (the engine's neutral tree) into ONE Django ORM expression.

``select(tree, queryset)`` returns the organisations for which the rule is *true*; no Python loop
over organisations. The SQL has exactly the engine's three-valued semantics (see
:mod:`kechuang.eligibility.nodes`): comparisons and arithmetic propagate NULL, ``AND``/``OR``/``NOT``
are SQL's Kleene connectives, division by zero is NULL (``NULLIF``), ``a if c else b`` is NULL when
``c`` is NULL, ``min``/``max`` are NULL when any argument is. ``WHERE <rule>`` keeps rows where the
rule is true, so the selection equals the set the evaluator calls eligible; ``WHERE NOT <rule>``
gives the ineligible ones, and the rest are unknown.

Where facts live:
* ``kind``, ``size`` (blank → NULL), ``founded_on``, ``verified`` on ``Organization``;
* ``region under X`` → ``region_path`` starts with X's path (never NULL);
* ``industry under X`` → the industry's path starts with X's path (one join to the small industry
  table), NULL when the industry is not recorded;
* ``in_park`` → ``id IN (park members)``; ``designated(k, on)`` → ``id IN (holders valid on`` ``on``), both
  uncorrelated so the database builds each set once;
* ``stats[Y].f`` → a LEFT JOIN (``FilteredRelation``) on the registry's ``YearlyStatistics`` or the
  policies app's ``PolicyStatistics`` for year Y — one join per table and year used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import (
    BooleanField,
    Case,
    DateField,
    DecimalField,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Func,
    Max,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.sql import Query

from kechuang.eligibility import nodes as n
from kechuang.registry.choices import DesignationKind
from kechuang.registry.models import Designation, Industry, ParkMembership, Region, YearlyStatistics

from .models import PolicyStatistics

DESIGNATION_CODES = {str(label): value for value, label in DesignationKind.choices}
STAT_TABLES = {f: ("statistics", "ys") for f in YearlyStatistics.FIGURES}
STAT_TABLES.update({f: ("policy_statistics", "ps") for f in PolicyStatistics.FIGURES})

_PLACEHOLDER = re.compile(r"\{(\d+)\}")


class Sql(Func):
    """An SQL fragment with numbered placeholders ``{0}``, ``{1}`` for its argument expressions.

    Lets us write ``CASE WHEN {0} IS NULL THEN NULL WHEN {0} THEN {1} ELSE {2} END`` once for every
    database, with the parameters repeated in the right order when a placeholder is reused.
    """

    def __init__(self, sql: str, *args: Any, output_field: Any = None, sqlite: str | None = None) -> None:
        super().__init__(*args, output_field=output_field)
        self.sql_text = sql
        self.sqlite_text = sqlite

    def _render(self, compiler: Any, connection: Any, text: str) -> tuple[str, list[Any]]:
        compiled = [compiler.compile(e) for e in self.get_source_expressions()]
        params: list[Any] = []

        def sub(m: re.Match[str]) -> str:
            sql, p = compiled[int(m.group(1))]
            params.extend(p)
            return str(sql)

        return _PLACEHOLDER.sub(sub, text), params

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        return self._render(compiler, connection, self.sql_text)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        return self._render(compiler, connection, self.sqlite_text or self.sql_text)


NUMBER = DecimalField(max_digits=38, decimal_places=10)
BOOL = BooleanField()


def number(expr: Any) -> Sql:
    """Exact numeric on PostgreSQL (integer columns would divide as integers), REAL on SQLite (whose
    Decimal parameters arrive as text and would not compare as numbers)."""
    return Sql("CAST({0} AS NUMERIC)", expr, output_field=NUMBER, sqlite="CAST({0} AS REAL)")


def boolean(q: Q) -> ExpressionWrapper:
    return ExpressionWrapper(q, output_field=BOOL)


TRUE = Sql("(1 = 1)", output_field=BOOL)
FALSE = Sql("(1 = 0)", output_field=BOOL)
NULL_BOOL = Sql("(CASE WHEN 1 = 0 THEN (1 = 1) END)", output_field=BOOL)

COMPARE = {"==": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


class DjangoCompiler(n.Visitor[Any]):
    """Visits the neutral tree and returns Django expressions; collects the joins it needs."""

    def __init__(self) -> None:
        self.joins: dict[str, FilteredRelation] = {}
        self._paths: dict[tuple[str, str], str | None] = {}

    # values ------------------------------------------------------------------------------------
    def visit_Const(self, node: n.Const) -> Any:
        v = node.value
        if node.type == "number":
            return number(Value(Decimal(v), output_field=NUMBER))  # type: ignore[arg-type]
        if node.type == "date":
            return Value(v, output_field=DateField())
        if node.type == "bool":
            return TRUE if v else FALSE
        return Value(v, output_field=TextField())

    def visit_Fact(self, node: n.Fact) -> Any:
        name = node.name
        if name == "kind":
            return F("kind")
        if name == "size":
            return Sql("NULLIF({0}, '')", F("size"), output_field=TextField())
        if name == "founded_on":
            return F("founded_on")
        if name == "verified":
            return boolean(Q(verification_status="verified"))
        if name == "in_park":
            # uncorrelated IN: PostgreSQL builds the set once (hashed subplan) instead of probing per row
            return boolean(Q(pk__in=ParkMembership.objects.values("organization_id")))
        if name in ("region", "industry"):
            return F("region_id") if name == "region" else F("industry_id")
        raise NotImplementedError(f"fact {name} has no SQL mapping")

    def visit_Stat(self, node: n.Stat) -> Any:
        relation, prefix = STAT_TABLES[node.field]
        alias = f"{prefix}_{node.year}"
        if alias not in self.joins:
            self.joins[alias] = FilteredRelation(relation, condition=Q(**{f"{relation}__year": node.year}))
        return number(F(f"{alias}__{node.field}"))

    def visit_Arith(self, node: n.Arith) -> Any:
        a, b = self.visit(node.left), self.visit(node.right)
        if node.op == "/":
            return Sql("({0} / NULLIF({1}, 0))", a, b, output_field=NUMBER)
        return Sql("({0} " + node.op + " {1})", a, b, output_field=NUMBER)

    def visit_Neg(self, node: n.Neg) -> Any:
        return Sql("(- {0})", self.visit(node.operand), output_field=NUMBER)

    def visit_MinMax(self, node: n.MinMax) -> Any:
        args = [self.visit(a) for a in node.args]
        out = args[0]
        pick = "<=" if node.func == "min" else ">="
        for nxt in args[1:]:
            out = Sql(
                "(CASE WHEN {0} IS NULL OR {1} IS NULL THEN NULL WHEN {0} "
                + pick
                + " {1} THEN {0} ELSE {1} END)",
                out,
                nxt,
                output_field=NUMBER,
            )
        return out

    def visit_IfElse(self, node: n.IfElse) -> Any:
        c, a, b = self.visit(node.cond), self.visit(node.then), self.visit(node.else_)
        out = BOOL if n.is_boolean(node.then) else NUMBER
        # a simple CASE evaluates the condition once; NULL matches neither arm, so the value is NULL
        return Sql("(CASE {0} WHEN TRUE THEN {1} WHEN FALSE THEN {2} END)", c, a, b, output_field=out)

    # conditions --------------------------------------------------------------------------------
    def visit_Compare(self, node: n.Compare) -> Any:
        left, right = node.left, node.right
        # a yes/no fact compared with true/false: the fact's own boolean expression
        for fact, other in ((left, right), (right, left)):
            if isinstance(other, n.Const) and other.type == "bool" and node.op in ("==", "!="):
                expr = self.visit(fact)
                positive = bool(other.value) == (node.op == "==")
                return expr if positive else Sql("(NOT {0})", expr, output_field=BOOL)
            if isinstance(other, n.BoolConst) and node.op in ("==", "!="):
                expr = self.visit(fact)
                positive = other.value == (node.op == "==")
                return expr if positive else Sql("(NOT {0})", expr, output_field=BOOL)
        sql = "({0} " + COMPARE[node.op] + " {1})"
        return Sql(sql, self.visit(left), self.visit(right), output_field=BOOL)

    def visit_InList(self, node: n.InList) -> Any:
        left = self.visit(node.left)
        values = [self.visit(v) for v in node.values]
        slots = ", ".join(f"{{{i + 1}}}" for i in range(len(values)))
        op = "NOT IN" if node.negate else "IN"
        return Sql("({0} " + op + " (" + slots + "))", left, *values, output_field=BOOL)

    def visit_Under(self, node: n.Under) -> Any:
        if node.left.name == "region":
            path = self._path(Region, node.code)
            return boolean(Q(region_path__startswith=path)) if path else FALSE
        path = self._path(Industry, node.code)
        codes = (
            list(Industry.objects.filter(path__startswith=path).values_list("code", flat=True))
            if path
            else []
        )
        inside = boolean(Q(industry_id__in=codes)) if codes else FALSE
        return Sql(
            "(CASE WHEN {0} IS NULL THEN NULL ELSE {1} END)", F("industry_id"), inside, output_field=BOOL
        )

    def _path(self, model: Any, code: str) -> str | None:
        key = (model.__name__, code)
        if key not in self._paths:
            self._paths[key] = model.objects.filter(code=code).values_list("path", flat=True).first()
        return self._paths[key]

    def visit_Designated(self, node: n.Designated) -> Any:
        code = DESIGNATION_CODES.get(node.kind)
        if code is None:
            return FALSE
        qs = Designation.objects.filter(
            organization=OuterRef("pk"), kind=code, valid_from__lte=node.on
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=node.on))
        return Exists(qs)

    def visit_Known(self, node: n.Known) -> Any:
        return Sql("({0} IS NOT NULL)", self.visit(node.operand), output_field=BOOL)

    def visit_BoolConst(self, node: n.BoolConst) -> Any:
        return TRUE if node.value else FALSE

    def visit_And(self, node: n.And) -> Any:
        return self._join(node.items, " AND ")

    def visit_Or(self, node: n.Or) -> Any:
        return self._join(node.items, " OR ")

    def _join(self, items: list[n.Node], op: str) -> Any:
        parts = [self.visit(i) for i in items]
        if len(parts) == 1:
            return parts[0]
        return Sql("(" + op.join(f"{{{i}}}" for i in range(len(parts))) + ")", *parts, output_field=BOOL)

    def visit_Not(self, node: n.Not) -> Any:
        return Sql("(NOT {0})", self.visit(node.operand), output_field=BOOL)


def compile_rule(tree: n.Node) -> tuple[Expression, dict[str, FilteredRelation]]:
    """The rule as one boolean expression plus the joins it needs (apply with ``queryset.alias``)."""
    c = DjangoCompiler()
    expr = c.visit(tree)
    if isinstance(expr, Exists | ExpressionWrapper):  # make it composable with NOT etc.
        expr = Sql("{0}", expr, output_field=BOOL)
    return expr, c.joins


def compile_value(tree: n.Node) -> tuple[Expression, dict[str, FilteredRelation]]:
    c = DjangoCompiler()
    return c.visit(tree), c.joins


def select(tree: n.Node, queryset: QuerySet, *, value: bool | None = True) -> QuerySet:
    """Organisations of ``queryset`` for which the rule is true (``value=True``), false (``False``)
    or unknown (``None``) — one SQL query."""
    expr, joins = compile_rule(tree)
    qs = queryset.alias(**joins) if joins else queryset
    if value is True:
        return qs.filter(expr)
    if value is False:
        return qs.filter(Sql("(NOT {0})", expr, output_field=BOOL))
    return qs.filter(Sql("({0} IS NULL)", expr, output_field=BOOL))


# nodes that read the organisation row or another table: always computed in the inner query
_ROW_NODES = (n.Fact, n.Stat, n.Under, n.Designated)


def _arithmetic(node: n.Node) -> bool:
    """Numbers from figures and constants only (no condition inside)."""
    node = n.unref(node)
    if isinstance(node, n.Const | n.Stat):
        return True
    if isinstance(node, n.Arith | n.Neg | n.MinMax):
        return all(_arithmetic(c) for c in n.children(node))
    return False


def plan_many(trees: list[n.Node]) -> tuple[dict[tuple[Any, ...], n.Node], dict[int, tuple[Any, ...]]]:
    """The sub-expressions :func:`select_many` computes once per organisation, in the inner query
    (keyed by :func:`~kechuang.eligibility.nodes.structure`).

    Every node that reads a column or another table (facts, yearly figures, ``under``,
    ``designated``), and every arithmetic expression over figures used more than once — in one rule
    or across rules: the same ratio compared with different thresholds, in a tier and in a
    condition — becomes one column; the outer query computes the rules' logic from these columns,
    so an expensive NUMERIC division is done once per organisation however many rules use it."""
    memo: dict[int, tuple[Any, ...]] = {}
    counts: dict[tuple[Any, ...], int] = {}

    def count(node: n.Node) -> None:
        node = n.unref(node)
        k = n.structure(node, memo)
        counts[k] = counts.get(k, 0) + 1
        for child in n.children(node):
            count(child)

    for t in trees:
        count(t)
    columns: dict[tuple[Any, ...], n.Node] = {}

    def mark(node: n.Node) -> None:
        node = n.unref(node)
        if isinstance(node, n.Const | n.BoolConst):
            return
        k = n.structure(node, memo)
        if isinstance(node, _ROW_NODES) or (counts[k] > 1 and _arithmetic(node)):
            columns.setdefault(k, node)
            return
        for child in n.children(node):
            mark(child)

    for t in trees:
        mark(t)
    return columns, memo


class _Outer(DjangoCompiler):
    """Compiles a rule for the middle level of :func:`select_many`: what the inner level computed is a
    reference to its column; a designation or park membership is a flag from the joined sets."""

    def __init__(self, refs: dict[tuple[Any, ...], str], memo: dict[int, tuple[Any, ...]]) -> None:
        super().__init__()
        self.refs = refs
        self.memo = memo

    def visit(self, node: n.Node) -> Any:
        ref = self.refs.get(n.structure(node, self.memo))
        if ref is not None:
            return Sql(ref, output_field=BOOL if n.is_boolean(node) else NUMBER)
        return super().visit(node)


def _in_park(node: n.Node) -> bool:
    return isinstance(node, n.Fact) and node.name == "in_park"


def _designation_flag(node: n.Designated) -> Any:
    """1 when the organisation holds the designation on the date, else 0 (aggregated with MAX)."""
    code = DESIGNATION_CODES[node.kind]
    valid = Q(kind=code, valid_from__lte=node.on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=node.on))
    return Max(Case(When(valid, then=Value(1)), default=Value(0)))


@dataclass(slots=True)
class ManyQuery:
    """The one-pass query of :func:`select_many`: its SQL and parameters, and for each rule the index
    of its result column (identical rules share one)."""

    sql: str
    params: list[Any]
    slots: list[int]
    postgres: bool


def select_many(trees: list[n.Node], queryset: QuerySet, *, value: bool | None = True) -> list[list[int]]:
    """The ids of the organisations of ``queryset`` for which each rule is true (``value=True``), false
    (``False``) or unknown (``None``) — ALL rules in ONE query, one pass over the organisations.

    Three levels (PostgreSQL keeps each a separate step: ``OFFSET 0``):

    1. inner (the ORM over ``queryset``): each yearly table joined once per year used (the union of
       the rules' joins), and every column :func:`plan_many` chose — facts, figures, and each shared
       arithmetic expression computed once per organisation;
    2. middle: the inner rows LEFT JOINed with the organisations' designations (one flag per
       designation and date, aggregated) and park memberships, and one three-valued column per rule
       — the rule's logic over those columns, with the wanted value tested;
    3. outer: per rule, the ids where its column is true (``array_agg … FILTER`` on PostgreSQL,
       ``group_concat … FILTER`` on SQLite).

    Joins instead of correlated sub-queries keep level 1 parallel-safe (PostgreSQL computes it in its
    parallel workers). For this query's transaction JIT compilation is limited to plain expression
    code (no inlining, no optimisation) and ``work_mem`` raised (:data:`MANY_SETTINGS`). Same three-valued semantics as :func:`select`, so the sets are equal —
    the agreement tests check it on SQLite and PostgreSQL. For batch jobs (免申即享 lists, nightly
    qualification counts) that need many measures over many organisations."""
    if not trees:
        return []
    try:
        q = select_many_query(trees, queryset, value=value)
    except EmptyResultSet:  # a queryset that can select nothing (``none()``, ``pk__in=[]``)
        return [[] for _ in trees]
    with transaction.atomic(using=queryset.db), connections[queryset.db].cursor() as cursor:
        if q.postgres:
            for setting in MANY_SETTINGS:
                cursor.execute(setting)
        cursor.execute(q.sql, q.params)
        row = cursor.fetchone()
    if q.postgres:
        got = [list(ids or []) for ids in row]
    else:
        got = [[int(i) for i in ids.split(",")] if ids else [] for ids in row]
    return [list(got[i]) for i in q.slots]


# for the one-pass query's transaction only: JIT-compile the expressions but neither inline nor optimise
# them (with both, compiling a hundred rules took 15 s of a 37 s query; expressions alone save 10–20 %
# over no JIT), and keep the per-year hash joins in memory
MANY_SETTINGS = (
    "SET LOCAL jit_inline_above_cost = -1",
    "SET LOCAL jit_optimize_above_cost = -1",
    "SET LOCAL work_mem = '64MB'",
)


def select_many_query(trees: list[n.Node], queryset: QuerySet, *, value: bool | None = True) -> ManyQuery:
    """Build (not run) the one-pass query of :func:`select_many`."""
    db = queryset.db
    connection = connections[db]
    postgres = connection.vendor == "postgresql"
    fence = " OFFSET 0" if postgres else ""
    shared, memo = plan_many(trees)

    # 1. inner
    refs: dict[tuple[Any, ...], str] = {}
    inner = DjangoCompiler()
    annotations: dict[str, Any] = {}
    flags: dict[str, Any] = {}
    park = False
    for k, node in shared.items():
        if isinstance(node, n.Designated):
            if node.kind not in DESIGNATION_CODES:
                continue  # an unknown designation is never held: FALSE, compiled in the middle level
            name = f"d{len(flags)}"
            flags[name] = _designation_flag(node)
            refs[k] = f'(COALESCE("d"."{name}", 0) = 1)'
        elif _in_park(node):
            park = True
            refs[k] = '("p"."organization_id" IS NOT NULL)'
        else:
            name = f"c{len(annotations)}"
            annotations[name] = inner.visit(node)
            refs[k] = f'"t"."{name}"'
    qs = queryset.order_by()
    if inner.joins:
        qs = qs.alias(**inner.joins)
    qs = qs.annotate(row_id=F("pk"), **annotations).values_list("row_id", *annotations)
    inner_sql, inner_params = qs.query.get_compiler(using=db).as_sql()
    joins, join_params = "", []
    if flags:
        des = Designation.objects.order_by().values("organization_id").annotate(**flags)
        sql, p = des.query.get_compiler(using=db).as_sql()
        joins += f' LEFT OUTER JOIN ({sql}) "d" ON "d"."organization_id" = "t"."row_id"'
        join_params.extend(p)
    if park:
        members = ParkMembership.objects.order_by().values("organization_id").distinct()
        sql, p = members.query.get_compiler(using=db).as_sql()
        joins += f' LEFT OUTER JOIN ({sql}) "p" ON "p"."organization_id" = "t"."row_id"'
        join_params.extend(p)

    # 2. middle: one column per distinct rule
    outer = _Outer(refs, memo)
    query = Query(queryset.model)
    compiler = query.get_compiler(using=db)
    columns: dict[tuple[Any, ...], str] = {}
    middle: list[str] = []
    middle_params: list[Any] = []
    for tree in trees:
        key = n.structure(tree, memo)
        if key in columns:
            continue
        expr = outer.visit(tree)
        if value is False:
            expr = Sql("(NOT {0})", expr, output_field=BOOL)
        elif value is None:
            expr = Sql("({0} IS NULL)", expr, output_field=BOOL)
        sql, p = compiler.compile(expr.resolve_expression(query))
        columns[key] = f"r{len(columns)}"
        middle.append(f'{sql} AS "{columns[key]}"')
        middle_params.extend(p)

    # 3. outer
    agg = "array_agg" if postgres else "group_concat"
    outer_sql = ", ".join(f'{agg}("u"."row_id") FILTER (WHERE "u"."{c}")' for c in columns.values())
    sql = (
        f'SELECT {outer_sql} FROM (SELECT "t"."row_id", {", ".join(middle)} '
        f'FROM ({inner_sql}{fence}) "t"{joins}{fence}) "u"'
    )
    params = [*middle_params, *inner_params, *join_params]
    index = {c: i for i, c in enumerate(columns.values())}
    slots = [index[columns[n.structure(t, memo)]] for t in trees]
    return ManyQuery(sql, params, slots, postgres)


def annotate_status(tree: n.Node, queryset: QuerySet, name: str = "eligible") -> QuerySet:
    """Annotate each organisation with the rule's value (True / False / None)."""
    expr, joins = compile_rule(tree)
    qs = queryset.alias(**joins) if joins else queryset
    return qs.annotate(**{name: expr})
