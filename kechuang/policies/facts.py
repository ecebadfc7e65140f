"""Facts about organisations in the shape the eligibility engine reads, built from the registry.

The mapping mirrors :mod:`kechuang.policies.compiler` exactly (same tables, same NULL handling), so
explaining one organisation and selecting in SQL give the same answer — the property test checks it.
Batched: a handful of queries for any number of organisations (three for one organisation fetched with
its industry, the explain path).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections, router
from django.db.models import CharField, IntegerField, QuerySet, Value
from django.db.models.functions import Cast

from kechuang.registry.choices import DesignationKind, VerificationStatus
from kechuang.registry.models import (
    Designation,
    Industry,
    Organization,
    ParkMembership,
    Region,
    YearlyStatistics,
)
from kechuang.registry.rule_facts import path_ancestors

from .models import PolicyStatistics

DESIGNATION_LABELS = {value: str(label) for value, label in DesignationKind.choices}

# Every section letter (A–T) and division (01–97) of GB/T 4754: the codes rules are written with.
SECTIONS_AND_DIVISIONS = frozenset([*"ABCDEFGHIJKLMNOPQRST", *(f"{i:02d}" for i in range(1, 98))])


# One row layout for every table the facts come from, so that they are read in ONE ``UNION ALL``
# query: (source, organisation, year, registry figures…, declared figures…, designation kind, valid from,
# valid to, certificate number, code, name). Each branch fills its own columns, the rest are typed NULLs.
STATS, DECLARED, DESIGNATION, PARK, CODE_NAME, INDUSTRY_PATH = range(6)


def _layout() -> list[tuple[str, Any]]:
    ys = [(f, YearlyStatistics._meta.get_field(f)) for f in YearlyStatistics.FIGURES]
    ps = [(f, PolicyStatistics._meta.get_field(f)) for f in PolicyStatistics.FIGURES]
    d = Designation._meta
    return [
        ("source", IntegerField()),
        ("organization_id", IntegerField()),
        ("year", IntegerField()),
        *((f"ys.{name}", field) for name, field in ys),
        *((f"ps.{name}", field) for name, field in ps),
        ("kind", d.get_field("kind")),
        ("valid_from", d.get_field("valid_from")),
        ("valid_to", d.get_field("valid_to")),
        ("certificate_no", d.get_field("certificate_no")),
        ("code", CharField()),
        ("name", CharField()),
    ]


def _branch(qs: QuerySet[Any], source: int, columns: dict[str, Any]) -> QuerySet[Any]:
    """``qs`` as one branch of the union: ``columns`` maps layout names to its fields or expressions."""
    items: list[Any] = []
    for name, field in _layout():
        if name == "source":
            items.append(Value(source, output_field=IntegerField()))
        elif name in columns:
            items.append(columns[name])
        else:  # typed: PostgreSQL would take an untyped NULL in the first branches for text
            items.append(Cast(Value(None), output_field=field))
    return qs.order_by().values_list(*items)


def _union(
    ids: list[int],
    years: list[int] | None,
    industry_codes: list[str],
    region_names: list[str],
    industry_names: list[str],
) -> QuerySet[Any]:
    ys = {f"ys.{f}": f for f in YearlyStatistics.FIGURES}
    ps = {f"ps.{f}": f for f in PolicyStatistics.FIGURES}
    year_filter: dict[str, Any] = {"year__in": years} if years is not None else {}
    base = {"organization_id": "organization_id"}
    parts = [
        _branch(YearlyStatistics.objects.filter(organization_id__in=ids, **year_filter), STATS,
                {**base, "year": "year", **ys}),
        _branch(PolicyStatistics.objects.filter(organization_id__in=ids, **year_filter), DECLARED,
                {**base, "year": "year", **ps}),
        _branch(Designation.objects.filter(organization_id__in=ids), DESIGNATION,
                {**base, "kind": "kind", "valid_from": "valid_from", "valid_to": "valid_to",
                 "certificate_no": "certificate_no"}),
        _branch(ParkMembership.objects.filter(organization_id__in=ids), PARK, base),
    ]  # fmt: skip
    names = {"code": "code", "name": "name"}
    if industry_codes:
        parts.append(
            _branch(Industry.objects.filter(code__in=industry_codes), INDUSTRY_PATH, {"code": "code", "name": "path"})
        )  # fmt: skip
    if region_names:
        parts.append(_branch(Region.objects.filter(code__in=region_names), CODE_NAME, names))
    if industry_names:
        parts.append(_branch(Industry.objects.filter(code__in=industry_names), CODE_NAME, names))
    return parts[0].union(*parts[1:], all=True)


@dataclass(slots=True)
class _Prepared:
    """The union's SQL for one shape of input, compiled once: each parameter is an input's position
    (``("ids", 3)``) or a constant; and the compiler that converts its rows (decimals on SQLite…)."""

    sql: str
    params: list[tuple[str, Any]]
    compiler: Any
    converters: Any


_PREPARED: dict[tuple[Any, ...], _Prepared] = {}


def _prepare(
    connection: Any, ids: int, years: int | None, industry_codes: int, region_names: int, industry_names: int
) -> _Prepared:
    """Compile the union for inputs of these lengths with marker values, and record where each
    input's values go among the parameters. Building the ORM union of seven branches costs ~6 ms of
    Python; the explain path asks for the same shape (one organisation) again and again."""
    markers: dict[Any, tuple[str, int]] = {}

    def mark(name: str, count: int, make: Any) -> list[Any]:
        values = [make(i) for i in range(count)]
        markers.update((v, (name, i)) for i, v in enumerate(values))
        return values

    qs = _union(
        mark("ids", ids, lambda i: -1 - i),
        None if years is None else mark("years", years, lambda i: -1_000_000_000 - i),
        mark("industry_codes", industry_codes, lambda i: f"§i{i}§"),
        mark("region_names", region_names, lambda i: f"§r{i}§"),
        mark("industry_names", industry_names, lambda i: f"§n{i}§"),
    )
    compiler = qs.query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    slots = [markers.get(p, ("const", p)) if isinstance(p, int | str) else ("const", p) for p in params]
    if {s for s in slots if s[0] != "const"} != set(markers.values()):  # each input value has its place
        raise AssertionError("facts union: an input value is not among the parameters")
    fields = [col[0] for col in compiler.select[: compiler.col_count]]
    return _Prepared(sql, slots, compiler, compiler.get_converters(fields))


def _load(
    ids: list[int],
    years: list[int] | None,
    *,
    industry_codes: set[str] = frozenset(),  # type: ignore[assignment]
    region_names: set[str] = frozenset(),  # type: ignore[assignment]
    industry_names: set[str] = frozenset(),  # type: ignore[assignment]
) -> dict[int, list[tuple[Any, ...]]]:
    """The union's rows by source, in ONE query (its SQL compiled once per shape of input)."""
    connection = connections[router.db_for_read(YearlyStatistics)]
    inputs: dict[str, list[Any]] = {
        "ids": ids,
        "years": years or [],
        "industry_codes": sorted(industry_codes),
        "region_names": sorted(region_names),
        "industry_names": sorted(industry_names),
    }
    key = (id(connection), len(ids), None if years is None else len(years), len(industry_codes),
           len(region_names), len(industry_names))  # fmt: skip
    prepared = _PREPARED.get(key)
    if prepared is None:
        if len(_PREPARED) > 256:
            _PREPARED.clear()
        prepared = _PREPARED[key] = _prepare(connection, *key[1:])
    params = [value if name == "const" else inputs[name][value] for name, value in prepared.params]
    with connection.cursor() as cursor:
        cursor.execute(prepared.sql, params)
        rows: Iterable[Any] = cursor.fetchall()
    if prepared.converters:
        rows = prepared.compiler.apply_converters(rows, prepared.converters)
    by_source: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        by_source[int(row[0])].append(tuple(row))
    return by_source


def _cached_industry_paths(organizations: Sequence[Organization]) -> tuple[dict[str, str], set[str]]:
    """Industry paths known without a query (organisations fetched with ``select_related("industry")``),
    and the codes whose path must be read."""
    field = Organization._meta.get_field("industry")
    paths: dict[str, str] = {}
    missing: set[str] = set()
    for o in organizations:
        if not o.industry_id:
            continue
        if field.is_cached(o) and o.industry is not None:
            paths[o.industry_id] = o.industry.path
        else:
            missing.add(o.industry_id)
    return paths, missing


def organization_facts(
    organizations: Sequence[Organization], *, years: Iterable[int] | None = None, labels: bool = False
) -> dict[int, dict[str, Any]]:
    """Engine facts for each organisation (keyed by id). ``years`` limits the statistics loaded.

    ONE query for any number of organisations: both yearly tables, designations, park memberships,
    the industries' paths and (``labels``) the names of every region and industry code, as branches of
    one ``UNION ALL``. With ``labels`` and organisations not fetched with ``select_related("industry")``
    the industry paths are read first (the names depend on them): two queries.
    """
    if not organizations:
        return {}
    ids = list(dict.fromkeys(o.pk for o in organizations))
    year_list = list(years) if years is not None else None
    industry_paths, unknown_paths = _cached_industry_paths(organizations)
    region_codes: set[str] = set()
    industry_codes: set[str] = set()
    if labels:
        if unknown_paths:
            industry_paths.update(Industry.objects.filter(code__in=unknown_paths).values_list("code", "path"))
            unknown_paths = set()
        region_codes = {c for o in organizations for c in o.region_path.strip("/").split("/") if c}
        industry_codes = {c for p in industry_paths.values() for c in p.strip("/").split("/") if c}
        # rules name industries by section letter or division ("要求属于 B / D"): name them all (same query)
        industry_codes |= SECTIONS_AND_DIVISIONS
    rows = _load(
        ids, year_list, industry_codes=unknown_paths, region_names=region_codes, industry_names=industry_codes
    )
    layout = [name for name, _ in _layout()]
    col = {name: i for i, name in enumerate(layout)}
    ys_slice = [(f, col[f"ys.{f}"]) for f in YearlyStatistics.FIGURES]
    ps_slice = [(f, col[f"ps.{f}"]) for f in PolicyStatistics.FIGURES]
    stats: dict[int, dict[int, dict[str, Any]]] = defaultdict(lambda: defaultdict(dict))
    for source, figures in ((STATS, ys_slice), (DECLARED, ps_slice)):
        # newest year first, registry before declared figures: the order reading each table gives
        for row in sorted(rows[source], key=lambda r: -r[2]):
            target = stats[row[1]][row[2]]
            for name, i in figures:
                target[name] = row[i]
    designations: dict[int, list[dict[str, Any]]] = defaultdict(list)
    k, vf, vt, no = col["kind"], col["valid_from"], col["valid_to"], col["certificate_no"]
    for row in sorted(rows[DESIGNATION], key=lambda r: r[vf], reverse=True):  # the model's order
        designations[row[1]].append(
            {"kind": DESIGNATION_LABELS.get(row[k], row[k]), "valid_from": row[vf], "valid_to": row[vt],
             "number": row[no]}
        )  # fmt: skip
    in_park = {row[1] for row in rows[PARK]}
    code_at, name_at = col["code"], col["name"]
    industry_paths.update((row[code_at], row[name_at]) for row in rows[INDUSTRY_PATH])
    # a region code and an industry code never collide (six digits vs. a letter or 2–4 digits)
    names = {row[code_at]: row[name_at] for row in rows[CODE_NAME]}
    out: dict[int, dict[str, Any]] = {}
    for o in organizations:
        facts: dict[str, Any] = {
            "kind": o.kind,
            "size": o.size or None,
            "founded_on": o.founded_on,
            "verified": o.verification_status == VerificationStatus.VERIFIED,
            "in_park": o.pk in in_park,
            "region": {"code": o.region_id, "ancestors": path_ancestors(o.region_path, o.region_id)},
            "industry": None,
            "stats": {y: dict(v) for y, v in stats.get(o.pk, {}).items()},
            "designations": designations.get(o.pk, []),
        }
        if o.industry_id:
            facts["industry"] = {
                "code": o.industry_id,
                "ancestors": path_ancestors(industry_paths.get(o.industry_id, ""), o.industry_id),
            }
        if labels:
            facts["labels"] = names
        out[o.pk] = facts
    return out


def facts_for(organization: Organization, *, labels: bool = True) -> dict[str, Any]:
    return organization_facts([organization], labels=labels)[organization.pk]
