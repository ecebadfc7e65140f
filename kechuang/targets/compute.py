"""Compute metric definitions over the database, for one region or thousands, in grouped queries.

All aggregates of a batch that read the same catalogue model are answered by ONE query::

    SELECT <region path>, COUNT(*) FILTER (WHERE …) AS a0, SUM(x) FILTER (WHERE …) AS a1 …
    FROM … WHERE <time> [AND <region subtree>] GROUP BY <region path>

and the per-path results are rolled up the region tree in Python (``metrics.rollup``), so the cost
does not grow with the number of regions asked for: the dashboard (a plan's region and its children)
and the all-counties computation run the same code.

Statistical disclosure control is applied here, once, so the API, the dashboards, the snapshots and the
exports all obey it: an aggregate over confidential figures (``FieldSpec.confidential``) is computed
with companion values in the same grouped query — distinct contributors, the largest figure, the
population before confidential filters — and ``metrics.disclose`` replaces a value that could reveal one
respondent by a ``Withheld`` (``TARGETS_DISCLOSURE_MIN_UNITS``, default 3 organizations;
``TARGETS_DISCLOSURE_DOMINANCE``, default 0.85 of the total).

Grouped results are kept in Django's cache for ``TARGETS_LIVE_CACHE_SECONDS`` (default 300; 0 turns it
off): a dashboard's "live" values are at most that old, and repeated views of a busy dashboard do not
re-aggregate the registry. The "as of" history is exact regardless: it comes from value snapshots.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import Abs
from django.utils.translation import gettext as _

from kechuang.targets.metrics import (
    ABS_TOTAL,
    POPULATION,
    TOP,
    UNITS,
    Aggregate,
    Condition,
    Metric,
    ModelSpec,
    Withheld,
    aggregates,
    disclose,
    guard_key,
    guards,
    rollup,
)

Value = Decimal | Withheld | None

# Beyond this many requested subtrees the region restriction is dropped and the whole table is grouped:
# an OR of thousands of LIKE clauses costs more than reading the rows.
REGION_FILTER_LIMIT = 30


@dataclass(frozen=True)
class RegionRef:
    code: str
    path: str


def _condition_q(cond: Condition) -> Q:
    lookup = cond.field.lookup
    if cond.operator == "":
        return Q(**{lookup: cond.value})
    if cond.operator == "in":
        return Q(**{f"{lookup}__in": list(cond.value)})
    return Q(**{f"{lookup}__{cond.operator}": cond.value})


def _aggregate_q(agg: Aggregate, *, public_only: bool = False) -> Q | None:
    """The aggregate's row filter; ``public_only``: without the conditions on confidential fields."""
    conds = [c for c in agg.where if not (public_only and c.field.confidential)]
    if not conds:
        return None
    q = Q()
    for cond in conds:
        q &= _condition_q(cond)
    return q


def _and(*parts: Q | None) -> Q | None:
    present = [p for p in parts if p is not None]
    if not present:
        return None
    q = present[0]
    for p in present[1:]:
        q &= p
    return q


def _guard_annotation(agg: Aggregate, name: str) -> Any:
    spec = agg.model
    distinct = not spec.unit_unique
    if name == POPULATION:
        return Count(spec.unit, distinct=distinct, filter=_aggregate_q(agg, public_only=True))
    assert agg.field is not None
    lookup = agg.field.lookup
    cond = _aggregate_q(agg)
    if name == UNITS:
        return Count(spec.unit, distinct=distinct, filter=_and(cond, Q(**{f"{lookup}__isnull": False})))
    if name == TOP:
        return Max(Abs(lookup), filter=cond)
    assert name == ABS_TOTAL
    return Sum(Abs(lookup), filter=cond)


def min_units() -> int:
    return int(getattr(settings, "TARGETS_DISCLOSURE_MIN_UNITS", 3))


def dominance() -> Decimal | None:
    """The share of a total one organization may not exceed; None (setting 0 or empty): no such rule."""
    share = Decimal(str(getattr(settings, "TARGETS_DISCLOSURE_DOMINANCE", "0.85") or 0))
    return share if share > 0 else None


def withheld_text(value: Withheld) -> str:
    """Why a figure is not shown, in the user's language (e.g. "不足3家，不予公开")."""
    return _(value.template) % value.params


def _time_q(spec: ModelSpec, on: date, year: int | None) -> Q:
    if spec.time == "year_field":
        return Q(**{spec.time_fields[0]: year}) if year is not None else Q(pk__in=[])
    if spec.time == "valid_range":
        start, end = spec.time_fields
        started = Q(**{f"{start}__lte": on}) | Q(**{f"{start}__isnull": True})
        return started & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": on}))
    if spec.time == "since":
        (start,) = spec.time_fields
        return Q(**{f"{start}__lte": on}) | Q(**{f"{start}__isnull": True})
    if spec.time == "event_date":
        (when,) = spec.time_fields
        return Q(**{f"{when}__gte": date(on.year, 1, 1), f"{when}__lte": on})
    return Q()


def _minimal_prefixes(paths: Sequence[str]) -> list[str]:
    out: list[str] = []
    for p in sorted(set(paths)):
        if not any(p.startswith(q) for q in out):
            out.append(p)
    return out


def statistics_year(spec: ModelSpec, on: date, region_paths: Sequence[str] = ()) -> int | None:
    """The latest year up to ``on``'s year for which the model has rows (in the regions, if few)."""
    model = apps.get_model(spec.model)
    field = spec.time_fields[0]
    qs = model._default_manager.filter(**{f"{field}__lte": on.year}, **dict(spec.base_filter))
    prefixes = _minimal_prefixes(region_paths)
    if prefixes and len(prefixes) <= REGION_FILTER_LIMIT:
        region_q = Q()
        for p in prefixes:
            region_q |= Q(**{f"{spec.region_path}__startswith": p})
        qs = qs.filter(region_q)
    return qs.order_by().aggregate(y=Max(field))["y"]


def cache_seconds() -> int:
    return int(getattr(settings, "TARGETS_LIVE_CACHE_SECONDS", 300))


def _cache_key(spec: ModelSpec, aggs: Sequence[Aggregate], regions: Sequence[RegionRef], on: date) -> str:
    scope = "|".join(sorted(f"{r.code}={r.path}" for r in regions))
    raw = f"{spec.key}#{on.isoformat()}#{scope}#" + "#".join(sorted(a.key() for a in aggs))
    # v2: entries carry the disclosure guards; older entries (without them) are never read
    return "targets:grouped:v2:" + hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _model_values(
    spec: ModelSpec,
    aggs: Sequence[Aggregate],
    regions: Sequence[RegionRef],
    on: date,
    *,
    fresh: bool = False,
    refresh: bool = False,
) -> dict[str, dict[str, Decimal]]:
    """{aggregate key: {region code: value}} for the regions' subtrees: one GROUP BY query rolled up the
    tree — or the cached result of that, unless ``fresh``."""
    ttl = 0 if fresh else cache_seconds()
    key = _cache_key(spec, aggs, regions, on) if ttl > 0 else ""
    if key and not refresh:
        hit = cache.get(key)
        if hit is not None:
            return hit
    wanted = {r.code: r.path for r in regions}
    out = {
        agg_key: rollup(
            leaf, {p: p for p in leaf}, wanted, how="max" if agg_key.endswith(f"#{TOP}") else "sum"
        )
        for agg_key, leaf in _grouped_query(spec, aggs, regions, on).items()
    }
    if key:
        cache.set(key, out, ttl)
    return out


def _grouped_query(
    spec: ModelSpec, aggs: Sequence[Aggregate], regions: Sequence[RegionRef], on: date
) -> dict[str, dict[str, Decimal]]:
    model = apps.get_model(spec.model)
    year = statistics_year(spec, on, [r.path for r in regions]) if spec.time == "year_field" else None
    qs = model._default_manager.filter(_time_q(spec, on, year), **dict(spec.base_filter))
    prefixes = _minimal_prefixes([r.path for r in regions])
    if len(prefixes) <= REGION_FILTER_LIMIT:
        region_q = Q()
        for p in prefixes:
            region_q |= Q(**{f"{spec.region_path}__startswith": p})
        qs = qs.filter(region_q)
    annotations: dict[str, Any] = {}
    names: dict[str, str] = {}
    for i, agg in enumerate(aggs):
        name = f"a{i}"
        names[name] = agg.key()
        cond = _aggregate_q(agg)
        if agg.op == "count":
            annotations[name] = Count("pk", filter=cond)
        else:
            assert agg.field is not None
            annotations[name] = Sum(agg.field.lookup, filter=cond)
        for j, guard in enumerate(guards(agg)):
            names[f"{name}g{j}"] = guard_key(agg, guard)
            annotations[f"{name}g{j}"] = _guard_annotation(agg, guard)
    rows = qs.order_by().values(spec.region_path).annotate(**annotations)
    out: dict[str, dict[str, Decimal]] = {key: {} for key in names.values()}
    for row in rows:
        path = row[spec.region_path]
        for name, key in names.items():
            if row[name] is not None:
                out[key][path] = Decimal(row[name])
    return out


def compute_many(
    metrics: Sequence[Metric],
    regions: Sequence[RegionRef],
    *,
    on: date,
    fresh: bool = False,
    refresh: bool = False,
) -> list[dict[str, Value]]:
    """For each metric, {region code: value} for every region (its whole subtree), as of ``on``; a
    value that would reveal one respondent's confidential figures is a ``Withheld``.

    Equal aggregates are computed once; one query per catalogue model (plus one for the statistics
    year of models that have one). ``fresh`` bypasses the cache; ``refresh`` recomputes and stores."""
    by_model: dict[str, dict[str, Aggregate]] = defaultdict(dict)
    specs: dict[str, ModelSpec] = {}
    for metric in metrics:
        for agg in aggregates(metric):
            by_model[agg.model.key][agg.key()] = agg
            specs[agg.model.key] = agg.model
    wanted = {r.code: r.path for r in regions}
    per_region: dict[str, dict[str, Decimal]] = {r.code: {} for r in regions}
    for model_key, aggs in by_model.items():
        for key, rolled in _model_values(
            specs[model_key], list(aggs.values()), regions, on, fresh=fresh, refresh=refresh
        ).items():
            for code, value in rolled.items():
                per_region[code][key] = value
    least, share = min_units(), dominance()
    return [
        {code: disclose(metric, per_region[code], min_units=least, dominance=share) for code in wanted}
        for metric in metrics
    ]


def compute_one(metric: Metric, region: RegionRef, *, on: date) -> Value:
    return compute_many([metric], [region], on=on)[0][region.code]


def region_refs(regions: Mapping[str, str] | Sequence[Any]) -> list[RegionRef]:
    if isinstance(regions, Mapping):
        return [RegionRef(code, path) for code, path in regions.items()]
    return [RegionRef(r.code, r.path) for r in regions]
