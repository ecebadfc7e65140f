"""Facts about one organisation, as the Python evaluator reads them.

Plain data (a ``dict`` from YAML, JSON or the Django side)::

    kind: enterprise
    region: "220102"                 # or {code: "220102", ancestors: ["220100", "220000"]}
    industry: "C3311"                # section letter optional
    size: small
    founded_on: 2015-03-01
    carriers: 2
    stats:
      2025: {revenue: 52000000, rd_expenditure: 1800000, employees: 120}
    designations:
      - {kind: 高新技术企业, valid_from: 2023-12-01, valid_to: 2026-11-30, number: GR202322000123}
    labels: {"220000": 吉林省}       # optional names for codes, used in explanations

A fact that is absent (or ``null``) is *unknown*, never zero.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from .catalogue import DEFAULT_CATALOGUE, Catalogue, FactDef
from .errors import FactsError
from .i18n import t as tr
from .i18n import term

# keys of a facts mapping that are not catalogue facts
STRUCTURE_KEYS = frozenset({"stats", "designations", "labels"})

# GB/T 4754-2017: 大类 (two-digit division) → 门类 (section letter)
_SECTION_RANGES = [
    ("A", 1, 5), ("B", 6, 12), ("C", 13, 43), ("D", 44, 46), ("E", 47, 50), ("F", 51, 52),
    ("G", 53, 60), ("H", 61, 62), ("I", 63, 65), ("J", 66, 69), ("K", 70, 70), ("L", 71, 72),
    ("M", 73, 75), ("N", 76, 79), ("O", 80, 82), ("P", 83, 83), ("Q", 84, 85), ("R", 86, 90),
    ("S", 91, 97), ("T", 98, 98),
]  # fmt: skip


def industry_section(division: str) -> str | None:
    try:
        d = int(division[:2])
    except ValueError:
        return None
    for letter, lo, hi in _SECTION_RANGES:
        if lo <= d <= hi:
            return letter
    return None


def code_ancestors(fact: str, code: str) -> list[str]:
    """Ancestors of a code derived from its structure (used when the facts do not list them)."""
    code = code.strip().upper()
    if fact == "region" and len(code) == 6 and code.isdigit():
        out = [code[:4] + "00", code[:2] + "0000"]
        return [c for c in dict.fromkeys(out) if c != code]
    if fact == "industry":
        letter = ""
        if code[:1].isalpha():
            letter, code = code[0], code[1:]
        if not code:
            return []
        out = [code[:k] for k in (3, 2) if len(code) > k]
        section = letter or industry_section(code)
        if section:
            out.append(section)
        return out
    return []


def to_decimal(v: Any) -> Decimal | None:
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        raise ValueError(f"不是数值：{v!r}")
    if isinstance(v, Decimal):
        return v
    try:
        return Decimal(str(v))
    except InvalidOperation:
        raise ValueError(f"不是数值：{v!r}") from None


def to_date(v: Any) -> dt.date | None:
    if v is None or v == "":
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v))


def _number(f: FactDef, raw: Any, label: Callable[[], str], name: str) -> Decimal | None:
    """A numeric fact, refused with its label when it is not a number or is an impossible negative.
    ``label`` is called only for the refusal: a page explaining 25 measures normalises thousands of
    figures, and formatting a label for each one cost more than the check."""
    try:
        value = to_decimal(raw)
    except ValueError:
        raise FactsError(tr("facts.not_number", field=label(), value=repr(raw)), field=name) from None
    if value is not None and not value.is_finite():
        raise FactsError(tr("facts.not_number", field=label(), value=repr(raw)), field=name)
    if value is not None and value < 0 and not f.signed and f.type in ("money", "count"):
        raise FactsError(tr("facts.negative", field=label(), value=repr(raw)), field=name)
    return value


def _date(raw: Any, label: Callable[[], str], name: str) -> dt.date | None:
    try:
        return to_date(raw)
    except ValueError:
        raise FactsError(tr("facts.not_date", field=label(), value=repr(raw)), field=name) from None


def _stat_label(year: int, label: str) -> str:
    return tr("label.stat", year=year, label=term(label))


def _year(raw: Any) -> int:
    try:
        if isinstance(raw, bool):
            raise ValueError
        return int(raw)
    except (TypeError, ValueError):
        raise FactsError(tr("facts.bad_year", year=raw), field="stats") from None


def _hint(name: str, pool: list[str]) -> str:
    close = difflib.get_close_matches(name, pool, n=1)
    return tr("facts.did_you_mean", name=close[0]) if close else ""


def check_names(data: Mapping[str, Any], catalogue: Catalogue = DEFAULT_CATALOGUE) -> None:
    """Refuse a fact the catalogue does not know (a misspelt ``rd_expenditur``), naming the nearest known
    one. The command line and the scenario cases check what people wrote; the platform's own facts
    (:mod:`kechuang.policies.facts`) are built from the catalogue and need not be."""
    names = [f.name for f in catalogue.facts]
    for key in data:
        k = str(key)
        if k not in STRUCTURE_KEYS and catalogue.fact(k) is None:
            raise FactsError(
                tr("facts.unknown", name=k, hint=_hint(k, names + sorted(STRUCTURE_KEYS))), field=k
            )
    stats = data.get("stats") or {}
    if not isinstance(stats, Mapping):
        raise FactsError(tr("facts.bad_year", year=stats), field="stats")
    pool = [f.name for f in catalogue.stats]
    for year, row in stats.items():
        y = _year(year)
        for k in row or {}:
            if catalogue.stat(str(k)) is None:
                raise FactsError(
                    tr("facts.unknown_stat", name=k, hint=_hint(str(k), pool)), field=f"stats[{y}].{k}"
                )


def check_dates(facts: Facts, today: dt.date) -> None:
    """Refuse a founding date after the application date."""
    founded = facts.fact("founded_on")
    if isinstance(founded, dt.date) and founded > today:
        raise FactsError(
            tr("facts.founded_after", founded=founded.isoformat(), today=today.isoformat()),
            field="founded_on",
        )


class Facts:
    """Normalised facts: Decimals for numbers, ``date`` for dates, codes with their ancestors."""

    __slots__ = ("_codes", "_designations", "_scalar", "_stats", "labels")

    def __init__(self, data: Mapping[str, Any], catalogue: Catalogue = DEFAULT_CATALOGUE) -> None:
        self._scalar: dict[str, Any] = {}
        self._codes: dict[str, tuple[str, frozenset[str]]] = {}
        self.labels: dict[str, str] = {str(k): str(v) for k, v in (data.get("labels") or {}).items()}
        for f in catalogue.facts:
            raw = data.get(f.name)
            if raw is None:
                continue
            if f.type == "code":
                if isinstance(raw, Mapping):
                    code = str(raw["code"]).upper()
                    anc = raw.get("ancestors")
                    ancestors = (
                        [str(a).upper() for a in anc] if anc is not None else code_ancestors(f.name, code)
                    )
                    if raw.get("name"):
                        self.labels.setdefault(code, str(raw["name"]))
                else:
                    code = str(raw).upper()
                    ancestors = code_ancestors(f.name, code)
                if f.name == "industry" and code[:1].isalpha() and len(code) > 1:
                    ancestors = [*ancestors, code[0]]
                    code = code[1:]
                self._codes[f.name] = (code, frozenset(ancestors))
                self._scalar[f.name] = code
            elif f.numeric:
                self._scalar[f.name] = _number(f, raw, functools.partial(term, f.label), f.name)
            elif f.type == "date":
                self._scalar[f.name] = _date(raw, functools.partial(term, f.label), f.name)
            elif f.type == "bool":
                self._scalar[f.name] = bool(raw)
            else:
                self._scalar[f.name] = str(raw)
        self._stats: dict[tuple[str, int], Decimal | None] = {}
        for year, row in (data.get("stats") or {}).items():
            y = _year(year)
            for k, v in (row or {}).items():
                sf = catalogue.stat(k)
                if sf is not None:
                    self._stats[(k, y)] = _number(
                        sf,
                        v,
                        functools.partial(_stat_label, y, sf.label),
                        f"stats[{y}].{k}",
                    )
        des = data.get("designations")
        self._designations: list[dict[str, Any]] | None = None
        if des is not None:
            if isinstance(des, (str, bytes, Mapping)) or not isinstance(des, (list, tuple)):
                raise ValueError(tr("facts.bad_designations", value=repr(des)))
            for i, d in enumerate(des, 1):
                # a designation is {kind: …, valid_from: …, valid_to: …}: a bare ``1`` or ``高新技术企业`` is refused
                if not isinstance(d, Mapping) or d.get("kind") in (None, ""):
                    raise ValueError(tr("facts.bad_designation", index=i, value=repr(d)))
            self._designations = [
                {
                    "kind": str(d["kind"]),
                    "valid_from": to_date(d.get("valid_from")),
                    "valid_to": to_date(d.get("valid_to")),
                    "number": d.get("number") or "",
                }
                for d in des
            ]

    def fact(self, name: str) -> Any:
        return self._scalar.get(name)

    def stat(self, name: str, year: int) -> Decimal | None:
        return self._stats.get((name, year))

    def code(self, name: str) -> tuple[str, frozenset[str]] | None:
        return self._codes.get(name)

    @property
    def designations(self) -> list[dict[str, Any]] | None:
        return self._designations

    def with_override(self, key: tuple[str, Any], value: Any) -> Facts:
        """A view with one fact replaced (used to compute the smallest qualifying change): shares
        everything else with these facts, copies nothing."""
        return _Override(self, key, value)


class _Override(Facts):
    __slots__ = ("_base", "_key", "_value")

    def __init__(self, base: Facts, key: tuple[str, Any], value: Any) -> None:
        self._base, self._key, self._value = base, key, value
        self._codes = base._codes
        self._designations = base._designations
        self.labels = base.labels

    def fact(self, name: str) -> Any:
        if self._key == ("fact", name):
            return self._value
        return self._base.fact(name)

    def stat(self, name: str, year: int) -> Decimal | None:
        key = self._key
        if key[0] == "stat" and key[1] == (name, year):
            return self._value  # type: ignore[no-any-return]
        return self._base.stat(name, year)
