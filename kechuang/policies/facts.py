"""Facts about organisations in the shape the eligibility engine reads, built from the registry.

The mapping mirrors :mod:`kechuang.policies.compiler` exactly (same tables, same NULL handling), so
explaining one organisation and selecting in SQL give the same answer — the property test checks it.
Batched: a handful of queries for any number of organisations (three for one organisation fetched with
its industry, the explain path).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import CharField, DateField, IntegerField, Value

from kechuang.registry.choices import DesignationKind, VerificationStatus
from kechuang.registry.models import (
    Designation,
    Industry,
    Organization,
    ParkMembership,
    Region,
    YearlyStatistics,
)

from .models import PolicyStatistics

DESIGNATION_LABELS = {value: str(label) for value, label in DesignationKind.choices}


def _ancestors(path: str, code: str) -> list[str]:
    return [c for c in path.strip("/").split("/") if c and c != code]


def _null(field: Any) -> Value:
    """A typed NULL for a column that only the other branch of a ``UNION ALL`` has (so both branches
    convert their values the same way)."""
    return Value(None, output_field=field)


def _statistics(ids: list[int], years: list[int] | None) -> dict[int, dict[int, dict[str, Any]]]:
    """Both yearly tables — the registry's figures and the declared policy figures — in ONE query:
    ``{organisation id: {year: {figure: value}}}``; a table without a row for the year adds no key."""
    ys_fields = [YearlyStatistics._meta.get_field(f) for f in YearlyStatistics.FIGURES]
    ps_fields = [PolicyStatistics._meta.get_field(f) for f in PolicyStatistics.FIGURES]
    year_filter: dict[str, Any] = {"year__in": years} if years is not None else {}
    registry = (
        YearlyStatistics.objects.filter(organization_id__in=ids, **year_filter)
        .order_by()
        .values_list(
            Value(0, output_field=IntegerField()),
            "organization_id",
            "year",
            *YearlyStatistics.FIGURES,
            *(_null(f) for f in ps_fields),
        )
    )
    declared = (
        PolicyStatistics.objects.filter(organization_id__in=ids, **year_filter)
        .order_by()
        .values_list(
            Value(1, output_field=IntegerField()),
            "organization_id",
            "year",
            *(_null(f) for f in ys_fields),
            *PolicyStatistics.FIGURES,
        )
    )
    names = (YearlyStatistics.FIGURES, PolicyStatistics.FIGURES)
    start = (3, 3 + len(ys_fields))
    stats: dict[int, dict[int, dict[str, Any]]] = defaultdict(lambda: defaultdict(dict))
    rows = sorted(registry.union(declared, all=True), key=lambda r: (r[0], -r[2]))  # as before: newest first
    for row in rows:
        source = int(row[0])
        target = stats[row[1]][row[2]]
        for i, f in enumerate(names[source]):
            target[f] = row[start[source] + i]
    return stats


def _designations_and_parks(ids: list[int]) -> tuple[dict[int, list[dict[str, Any]]], set[int]]:
    """Designations and park memberships in ONE query (a membership is a row with no designation)."""
    date = DateField()
    held = (
        Designation.objects.filter(organization_id__in=ids)
        .order_by()
        .values_list("organization_id", "kind", "valid_from", "valid_to", "certificate_no")
    )
    parks = (
        ParkMembership.objects.filter(organization_id__in=ids)
        .order_by()
        .values_list(
            "organization_id",
            Value(None, output_field=CharField()),
            _null(date),
            _null(date),
            Value(None, output_field=CharField()),
        )
    )
    designations: dict[int, list[dict[str, Any]]] = defaultdict(list)
    in_park: set[int] = set()
    for org_id, kind, valid_from, valid_to, number in held.union(parks, all=True):
        if kind is None:
            in_park.add(org_id)
            continue
        designations[org_id].append(
            {
                "kind": DESIGNATION_LABELS.get(kind, kind),
                "valid_from": valid_from,
                "valid_to": valid_to,
                "number": number,
            }
        )
    for held_by_one in designations.values():
        held_by_one.sort(key=lambda d: d["valid_from"], reverse=True)  # the model's order: newest first
    return designations, in_park


def _industry_paths(organizations: Sequence[Organization]) -> dict[str, str]:
    """Industry code → path; no query when the organisations were fetched with their industry."""
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
    if missing:
        paths.update(Industry.objects.filter(code__in=missing).values_list("code", "path"))
    return paths


def _code_names(region_codes: set[str], industry_codes: set[str]) -> dict[str, str]:
    """The names of region and industry codes, in ONE query."""
    regions = Region.objects.filter(code__in=region_codes).order_by().values_list("code", "name")
    industries = Industry.objects.filter(code__in=industry_codes).order_by().values_list("code", "name")
    parts = ([regions] if region_codes else []) + ([industries] if industry_codes else [])
    if not parts:
        return {}
    rows = parts[0].union(parts[1], all=True) if len(parts) == 2 else parts[0]
    return dict(rows)


def organization_facts(
    organizations: Sequence[Organization], *, years: Iterable[int] | None = None, labels: bool = False
) -> dict[int, dict[str, Any]]:
    """Engine facts for each organisation (keyed by id). ``years`` limits the statistics loaded.

    Two queries for any number of organisations — both yearly tables in one ``UNION ALL``,
    designations and park memberships in another — plus the industries' paths when the organisations
    were not fetched with ``select_related("industry")``, and with ``labels`` the names of every region
    and industry code (one more).
    """
    ids = [o.pk for o in organizations]
    stats = _statistics(ids, list(years) if years is not None else None)
    designations, in_park = _designations_and_parks(ids)
    industry_paths = _industry_paths(organizations)
    names: dict[str, str] = {}
    if labels:
        codes = {c for o in organizations for c in o.region_path.strip("/").split("/") if c}
        icodes = {c for p in industry_paths.values() for c in p.strip("/").split("/") if c}
        # a region code and an industry code never collide (six digits vs. a letter or 2–4 digits)
        names = _code_names(codes, icodes)
    out: dict[int, dict[str, Any]] = {}
    for o in organizations:
        facts: dict[str, Any] = {
            "kind": o.kind,
            "size": o.size or None,
            "founded_on": o.founded_on,
            "verified": o.verification_status == VerificationStatus.VERIFIED,
            "in_park": o.pk in in_park,
            "region": {"code": o.region_id, "ancestors": _ancestors(o.region_path, o.region_id)},
            "industry": None,
            "stats": {y: dict(v) for y, v in stats.get(o.pk, {}).items()},
            "designations": designations.get(o.pk, []),
        }
        if o.industry_id:
            facts["industry"] = {
                "code": o.industry_id,
                "ancestors": _ancestors(industry_paths.get(o.industry_id, ""), o.industry_id),
            }
        if labels:
            facts["labels"] = names
        out[o.pk] = facts
    return out


def facts_for(organization: Organization, *, labels: bool = True) -> dict[str, Any]:
    return organization_facts([organization], labels=labels)[organization.pk]
