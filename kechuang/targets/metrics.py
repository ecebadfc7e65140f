"""A small declarative language for indicator metrics, validated against a catalogue.

An indicator's actual value is computed from the platform's records by a *definition* written in YAML or
JSON — new indicators need no code. Plain Python (no Django import): parsing, validation, the list of
fields a definition reads (for permission checks) and the arithmetic that combines grouped aggregates;
``kechuang.targets.compute`` turns a definition into ORM queries.

Grammar (YAML)::

    # count of rows
    op: count
    model: designation
    where: {kind: 高新技术企业}

    # sum of a numeric field
    op: sum
    model: yearly_statistics
    field: valid_invention_patents

    # ratio of two aggregates, optionally scaled (percent)
    op: ratio
    numerator:   {op: sum, model: yearly_statistics, field: new_product_output}
    denominator: {op: sum, model: yearly_statistics, field: revenue}
    scale: 100

``where`` maps a filter name to a value; a filter name is a catalogue field optionally followed by an
operator suffix ``__in``, ``__gte``, ``__lte`` or ``__isnull``. The region subtree and the year are NOT
part of a definition: they are the computation's arguments, so one definition computes for every region
(one grouped query per aggregate, rolled up along the region tree) and for every year.

Each catalogue model says how it is placed in a region (``region_path``) and in time (``time``: a year
field, a validity range, an event date or nothing); each field has a type and optionally the permission
needed to read it. Unknown models, fields, operators and ill-typed values are refused with the reason.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

import yaml


def _(message: str) -> str:
    """Marks a message for translation; the Django layer translates ``MetricError.template``."""
    return message


OPS = ("count", "sum", "ratio")
FIELD_TYPES = ("int", "decimal", "str", "bool", "date", "choice")
NUMERIC = ("int", "decimal")
OPERATORS = ("", "in", "gte", "lte", "isnull")
TIME_MODES = ("year_field", "valid_range", "since", "event_date", "none")


class MetricError(ValueError):
    """A definition that cannot be accepted. ``template`` is the untranslated message, ``params`` its
    values, ``path`` where in the definition the problem is."""

    def __init__(self, template: str, location: str = "", **params: Any) -> None:
        self.template = template
        self.params = params
        self.path = location
        super().__init__(template % params if params else template)


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    label: str
    orm: str = ""  # ORM lookup path if it differs from the name
    choices: tuple[str, ...] = ()
    permission: str = ""  # permission codename needed to read the field; "" = readable with the model
    # An individual respondent's reported figure (统计调查对象的个体资料, e.g. revenue, R&D spending, staff):
    # statistics over it are published only for groups that cannot reveal one respondent (see ``disclose``).
    confidential: bool = False

    @property
    def lookup(self) -> str:
        return self.orm or self.name


@dataclass(frozen=True)
class ModelSpec:
    """A countable kind of record: how it is reached, placed in a region and in time."""

    key: str
    label: str
    model: str  # "app_label.ModelName"
    region_path: str  # ORM lookup of the region's materialised path, e.g. "organization__region_path"
    time: str = "none"
    # year_field ("year",): the latest year with figures up to the date; valid_range ("valid_from",
    # "valid_to"): valid on the date; since ("established_on",): existing on the date; event_date
    # ("signed_on",): happened in the date's year up to the date; none: always counted.
    time_fields: tuple[str, ...] = ()
    fields: tuple[FieldSpec, ...] = ()
    permission: str = ""  # permission needed to read rows of the model at all
    base_filter: Mapping[str, Any] = field(default_factory=dict)  # e.g. only approved rows
    # ORM lookup of the respondent a row belongs to (e.g. "organization" for yearly statistics): groups are
    # sized in respondents, and each respondent must lie in one region. ``unit_unique``: a respondent has
    # at most one row among those a computation selects (yearly statistics: one per organization and
    # year), so respondents are counted as rows — COUNT(DISTINCT) costs a sort per group — and the
    # largest row is the largest respondent (the dominance rule).
    unit: str = "pk"
    unit_unique: bool = True

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)


class Catalogue:
    """The models and fields a metric may name. Apps register their models (``register``) so that, e.g.,
    carriers plug in when their app lands without changing this module."""

    def __init__(self, specs: Iterable[ModelSpec] = ()) -> None:
        self._specs: dict[str, ModelSpec] = {}
        for spec in specs:
            self.register(spec)

    def register(self, spec: ModelSpec) -> None:
        if spec.time not in TIME_MODES:
            raise ValueError(f"unknown time mode {spec.time!r} for {spec.key}")
        for f in spec.fields:
            if f.type not in FIELD_TYPES:
                raise ValueError(f"unknown field type {f.type!r} for {spec.key}.{f.name}")
        self._specs[spec.key] = spec

    def get(self, key: str) -> ModelSpec | None:
        return self._specs.get(key)

    def keys(self) -> list[str]:
        return sorted(self._specs)

    def __contains__(self, key: object) -> bool:
        return key in self._specs


# ------------------------------------------------------------------------------------------ the tree
@dataclass(frozen=True)
class Condition:
    field: FieldSpec
    operator: str  # one of OPERATORS
    value: Any


@dataclass(frozen=True)
class Aggregate:
    op: str  # "count" or "sum"
    model: ModelSpec
    field: FieldSpec | None
    where: tuple[Condition, ...]

    def key(self) -> str:
        """Stable identity, so equal aggregates in one plan are computed once."""
        conds = ",".join(f"{c.field.name}__{c.operator}={c.value!r}" for c in self.where)
        return f"{self.op}:{self.model.key}:{self.field.name if self.field else ''}:{conds}"

    @property
    def sums_confidential(self) -> bool:
        """It adds up respondents' confidential figures: the group must be large enough and no one in it
        may dominate the total."""
        return self.op == "sum" and self.field is not None and self.field.confidential

    @property
    def filters_confidential(self) -> bool:
        """It selects rows by a confidential figure (e.g. ``revenue__gte``): over a tiny population the
        answer tells that respondent's figure, so the population must be large enough."""
        return any(c.field.confidential for c in self.where)


@dataclass(frozen=True)
class Ratio:
    numerator: Aggregate
    denominator: Aggregate
    scale: Decimal


Metric = Aggregate | Ratio


def aggregates(metric: Metric) -> list[Aggregate]:
    return [metric.numerator, metric.denominator] if isinstance(metric, Ratio) else [metric]


def fields_read(metric: Metric) -> list[tuple[ModelSpec, FieldSpec | None]]:
    """Every (model, field) a metric reads — the model itself (None) plus summed and filtered fields."""
    out: list[tuple[ModelSpec, FieldSpec | None]] = []
    for agg in aggregates(metric):
        out.append((agg.model, None))
        if agg.field:
            out.append((agg.model, agg.field))
        out.extend((agg.model, c.field) for c in agg.where)
    return out


# ------------------------------------------------------------------------------------------ parsing
def load_text(text: str) -> dict:
    """Read a definition from YAML (JSON is valid YAML)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise MetricError(_("定义不是有效的 YAML/JSON:%(error)s"), error=str(exc).splitlines()[0]) from exc
    if not isinstance(data, dict):
        raise MetricError(_("定义必须是一个映射(键: 值)。"))
    return data


def dump_text(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _coerce(spec: FieldSpec, value: Any, path: str) -> Any:
    def bad() -> MetricError:
        return MetricError(
            _("%(path)s:值 %(value)s 不符合字段 %(field)s 的类型 %(type)s。"),
            path,
            path=path,
            value=json.dumps(value, ensure_ascii=False, default=str),
            field=spec.name,
            type=spec.type,
        )

    if spec.type == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad()
        return value
    if spec.type == "decimal":
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise bad()
        try:
            return Decimal(str(value))
        except ArithmeticError:
            raise bad() from None
    if spec.type == "bool":
        if not isinstance(value, bool):
            raise bad()
        return value
    if spec.type == "choice":
        if value not in spec.choices:
            raise MetricError(
                _("%(path)s:%(value)s 不是字段 %(field)s 的可选值(可选:%(choices)s)。"),
                path,
                path=path,
                value=value,
                field=spec.name,
                choices="、".join(spec.choices),
            )
        return value
    if not isinstance(value, str):  # str and date (ISO text)
        raise bad()
    return value


def _parse_where(model: ModelSpec, where: Any, path: str) -> tuple[Condition, ...]:
    if where in (None, {}):
        return ()
    if not isinstance(where, dict):
        raise MetricError(_("%(path)s:where 必须是映射。"), path, path=path)
    conds = []
    for raw_key in sorted(where):
        value = where[raw_key]
        name, _sep, operator = str(raw_key).partition("__")
        p = f"{path}.{raw_key}"
        spec = model.field(name)
        if spec is None:
            raise MetricError(
                _("%(path)s:模型 %(model)s 没有字段 %(field)s(可用:%(known)s)。"),
                p,
                path=p,
                model=model.key,
                field=name,
                known="、".join(f.name for f in model.fields),
            )
        if operator not in OPERATORS:
            raise MetricError(
                _("%(path)s:不支持的条件运算 %(operator)s(可用:in、gte、lte、isnull)。"),
                p,
                path=p,
                operator=operator,
            )
        if operator == "in":
            if not isinstance(value, list) or not value:
                raise MetricError(_("%(path)s:in 需要一个非空列表。"), p, path=p)
            value = tuple(_coerce(spec, v, p) for v in value)
        elif operator == "isnull":
            if not isinstance(value, bool):
                raise MetricError(_("%(path)s:isnull 需要 true 或 false。"), p, path=p)
        else:
            if operator in ("gte", "lte") and spec.type not in (*NUMERIC, "date"):
                raise MetricError(
                    _("%(path)s:字段 %(field)s 不是数值或日期,不能比较大小。"), p, path=p, field=name
                )
            value = _coerce(spec, value, p)
        conds.append(Condition(field=spec, operator=operator, value=value))
    return tuple(conds)


_KNOWN_KEYS = {
    "count": {"op", "model", "where"},
    "sum": {"op", "model", "field", "where"},
    "ratio": {"op", "numerator", "denominator", "scale"},
}


def _parse_aggregate(data: Any, catalogue: Catalogue, path: str) -> Aggregate:
    if not isinstance(data, dict):
        raise MetricError(_("%(path)s:必须是映射。"), path, path=path)
    op = data.get("op")
    if op not in ("count", "sum"):
        raise MetricError(_("%(path)s:op 必须是 count、sum 或 ratio,而不是 %(op)s。"), path, path=path, op=op)
    extra = sorted(set(data) - _KNOWN_KEYS[op])
    if extra:
        raise MetricError(_("%(path)s:未知的键 %(keys)s。"), path, path=path, keys="、".join(extra))
    model = catalogue.get(str(data.get("model")))
    if model is None:
        raise MetricError(
            _("%(path)s:未知的模型 %(model)s(可用:%(known)s)。"),
            f"{path}.model",
            path=f"{path}.model",
            model=data.get("model"),
            known="、".join(catalogue.keys()),
        )
    spec = None
    if op == "sum":
        name = data.get("field")
        spec = model.field(str(name))
        if spec is None:
            raise MetricError(
                _("%(path)s:模型 %(model)s 没有字段 %(field)s(可用:%(known)s)。"),
                f"{path}.field",
                path=f"{path}.field",
                model=model.key,
                field=name,
                known="、".join(f.name for f in model.fields),
            )
        if spec.type not in NUMERIC:
            raise MetricError(
                _("%(path)s:字段 %(field)s 不是数值,不能求和。"),
                f"{path}.field",
                path=f"{path}.field",
                field=name,
            )
    return Aggregate(
        op=op, model=model, field=spec, where=_parse_where(model, data.get("where"), f"{path}.where")
    )


def parse(definition: Mapping[str, Any] | str, catalogue: Catalogue) -> Metric:
    """Validate a definition (mapping, or YAML/JSON text) and return its tree."""
    if isinstance(definition, str):
        data = load_text(definition)
    elif isinstance(definition, Mapping):
        data = dict(definition)
    else:  # a number, a list, null from a JSON body
        raise MetricError(_("定义必须是一个映射(键: 值)。"))
    if data.get("op") == "ratio":
        extra = sorted(set(data) - _KNOWN_KEYS["ratio"])
        if extra:
            raise MetricError(_("%(path)s:未知的键 %(keys)s。"), "$", path="$", keys="、".join(extra))
        for part in ("numerator", "denominator"):
            if part not in data:
                raise MetricError(_("%(path)s:比率缺少 %(part)s。"), "$", path="$", part=part)
        scale = data.get("scale", 1)
        if isinstance(scale, bool) or not isinstance(scale, int | float) or scale <= 0:
            raise MetricError(_("%(path)s:scale 必须是正数。"), "$.scale", path="$.scale")
        return Ratio(
            numerator=_parse_aggregate(data["numerator"], catalogue, "$.numerator"),
            denominator=_parse_aggregate(data["denominator"], catalogue, "$.denominator"),
            scale=Decimal(str(scale)),
        )
    return _parse_aggregate(data, catalogue, "$")


def check_readable(metric: Metric, can_read: Callable[[ModelSpec, FieldSpec | None], bool]) -> None:
    """Refuse a metric that reads a model or field the user may not read."""
    for model, spec in fields_read(metric):
        if not can_read(model, spec):
            if spec is None:
                raise MetricError(_("您无权读取 %(model)s 的数据。"), "$", model=model.label)
            raise MetricError(
                _("您无权读取字段 %(model)s.%(field)s(%(label)s)。"),
                "$",
                model=model.key,
                field=spec.name,
                label=spec.label,
            )


# ------------------------------------------------------------------------------------------ arithmetic
def combine(metric: Metric, values: Mapping[str, Decimal | int | None]) -> Decimal | None:
    """Final value from the aggregates' values (keyed by ``Aggregate.key()``). A ratio with a zero or
    missing denominator has no value (None) rather than a made-up zero."""
    if isinstance(metric, Ratio):
        num = values.get(metric.numerator.key())
        den = values.get(metric.denominator.key())
        if num is None or not den:
            return None
        return (Decimal(num) * metric.scale / Decimal(den)).quantize(Decimal("0.01"))
    value = values.get(metric.key())
    if value is None:
        return Decimal(0)
    return Decimal(value)


K = TypeVar("K", bound=Hashable)
W = TypeVar("W", bound=Hashable)


def rollup(
    leaf_values: Mapping[K, Decimal | int],
    paths: Mapping[K, str],
    wanted: Mapping[W, str],
    *,
    how: str = "sum",
) -> dict[W, Decimal]:
    """Sum per-region values up the tree (``how="max"``: the largest of them; for non-negative values).

    ``leaf_values``: region id → value for the rows placed directly in that region (from one GROUP BY).
    ``paths``: region id → materialised path of every region that carries a value.
    ``wanted``: region id → path of the regions to report. A wanted region receives the values of all
    regions whose path starts with its own (its subtree, itself included).
    """
    by_prefix: dict[str, W] = {p: rid for rid, p in wanted.items()}
    out: dict[W, Decimal] = {rid: Decimal(0) for rid in wanted}
    prefix_lengths = sorted({len(p) for p in by_prefix})
    for rid, value in leaf_values.items():
        path = paths.get(rid)
        if path is None:
            continue
        for n in prefix_lengths:
            if n > len(path):
                break
            target = by_prefix.get(path[:n])
            # "22/2201" must not swallow "22/22010": the prefix ends at a separator or the path's end
            if target is not None and (n == len(path) or not path[n - 1].isalnum() or not path[n].isalnum()):
                out[target] = (
                    max(out[target], Decimal(value)) if how == "max" else out[target] + Decimal(value)
                )
    return out


# ------------------------------------------------------------------------------------------ disclosure
# Statistical disclosure control (统计调查对象的个体资料保密): a statistic over respondents' confidential
# figures is published only when it cannot reveal one respondent's figure. Each guarded aggregate is
# computed with companion values, keyed ``guard_key(aggregate, name)``:
UNITS = "units"  # distinct respondents contributing a figure to a confidential sum
TOP = "top"  # the largest absolute figure among them (one row per respondent and period)
ABS_TOTAL = "abs_total"  # the sum of absolute figures (profit may be negative)
POPULATION = "population"  # distinct respondents selected before confidential filters are applied

FEW = "few"
DOMINANT = "dominant"


def guard_key(agg: Aggregate, name: str) -> str:
    return f"{agg.key()}#{name}"


def guards(agg: Aggregate) -> list[str]:
    """The companion values an aggregate needs (none for an aggregate over public data only)."""
    names = [UNITS, TOP, ABS_TOTAL] if agg.sums_confidential else []
    if agg.filters_confidential:
        names.append(POPULATION)
    return names


@dataclass(frozen=True)
class Withheld:
    """A figure that is not published. ``reason``: FEW (fewer than ``min_units`` respondents) or
    DOMINANT (one respondent makes up more than the dominance share of the total)."""

    reason: str
    min_units: int

    @property
    def template(self) -> str:
        if self.reason == FEW:
            return _("不足%(count)s家，不予公开")
        return _("为保护统计调查对象的信息，不予公开")

    @property
    def params(self) -> dict[str, Any]:
        return {"count": self.min_units}

    def __str__(self) -> str:
        return self.template % self.params


def withheld(
    agg: Aggregate, values: Mapping[str, Any], *, min_units: int, dominance: Decimal | None
) -> Withheld | None:
    """Whether the aggregate's value must be withheld for one region, from its companion values.

    * a population selected by a confidential filter of 1 to ``min_units - 1`` respondents: the count or
      sum over it tells their figures (``revenue__gte`` probed one threshold at a time);
    * a confidential sum with 1 to ``min_units - 1`` contributors;
    * a confidential sum where one contributor exceeds ``dominance`` of the absolute total.

    Missing companion values withhold (fail closed). An empty group reveals nothing and is published.
    """

    def get(name: str) -> Decimal | None:
        value = values.get(guard_key(agg, name))
        return None if value is None else Decimal(value)

    few = Withheld(FEW, min_units)
    if agg.filters_confidential:
        population = get(POPULATION)
        if population is None or 0 < population < min_units:
            return few
    if agg.sums_confidential:
        units, top, total = get(UNITS), get(TOP), get(ABS_TOTAL)
        if units is None or top is None or total is None or 0 < units < min_units:
            return few
        if dominance is not None and total > 0 and top > dominance * total:
            return Withheld(DOMINANT, min_units)
    return None


def disclose(
    metric: Metric, values: Mapping[str, Any], *, min_units: int, dominance: Decimal | None
) -> Decimal | Withheld | None:
    """``combine``, unless one of the metric's aggregates must be withheld (a ratio with a withheld
    part is withheld: the share of R&D spending in one enterprise's revenue is that enterprise's)."""
    for agg in aggregates(metric):
        refusal = withheld(agg, values, min_units=min_units, dominance=dominance)
        if refusal is not None:
            return refusal
    return combine(metric, values)
