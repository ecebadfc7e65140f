"""Structured filters over document attributes.

Region codes (GB/T 2260) filter by subtree: ``220000`` (吉林省) matches every code starting ``22``,
``220100`` (长春市) every code starting ``2201``.  Industry codes (GB/T 4754-2017) filter by prefix, with or
without the section letter: ``C33`` and ``33`` both match ``C3311``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kechuang.matching.documents import MATURITY_LEVELS
from kechuang.matching.errors import QueryError

FILTER_KEYS = (
    "industry",
    "region",
    "maturity",
    "trl_min",
    "trl_max",
    "transfer_mode",
    "org_kind",
    "kind",
    "exclude_ids",
)


def region_prefix(code: str) -> str:
    """``220000`` → ``22``; ``220100`` → ``2201``; ``220102`` → ``220102``."""
    code = code.strip()
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


def industry_matches(value: str, wanted: str) -> bool:
    if not value or not wanted:
        return False
    value, wanted = value.upper(), wanted.upper()
    if value.startswith(wanted):
        return True
    return wanted[0].isdigit() and value[0].isalpha() and value[1:].startswith(wanted)


def _as_list(key: str, value: Any) -> list[str]:
    if isinstance(value, str):
        items = [value]
    elif isinstance(value, list | tuple | set | frozenset):
        items = list(value)
    else:
        raise QueryError(f"filter '{key}' must be a string or a list of strings")
    if not all(isinstance(v, str) and v.strip() for v in items):
        raise QueryError(f"filter '{key}' must be a string or a list of strings")
    return [v.strip() for v in items]


def _as_trl(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 9:
        raise QueryError(f"filter '{key}' must be an integer from 1 to 9")
    return value


def validate_filters(filters: Mapping[str, Any] | None) -> dict[str, Any]:
    """Check names and types; returns a cleaned dict with list values.  Unknown names are an error."""
    if not filters:
        return {}
    if not isinstance(filters, Mapping):
        raise QueryError("filters must be a mapping")
    clean: dict[str, Any] = {}
    for key, value in filters.items():
        if key not in FILTER_KEYS:
            raise QueryError(f"unknown filter: {key!r} (known: {', '.join(FILTER_KEYS)})")
        if value is None or value == [] or value == "":
            continue
        if key in {"trl_min", "trl_max"}:
            clean[key] = _as_trl(key, value)
        else:
            items = _as_list(key, value)
            if key == "maturity":
                bad = [v for v in items if v not in MATURITY_LEVELS]
                if bad:
                    raise QueryError(f"filter 'maturity' must be one of {', '.join(MATURITY_LEVELS)}")
            if key == "region":
                items = [region_prefix(v) for v in items]
            clean[key] = items
    if "trl_min" in clean and "trl_max" in clean and clean["trl_min"] > clean["trl_max"]:
        raise QueryError("filter 'trl_min' is greater than 'trl_max'")
    return clean


def value_matches(key: str, value: str, wanted: list[str]) -> bool:
    """Does one categorical attribute value satisfy a cleaned filter?"""
    if key == "industry":
        return any(industry_matches(value, w) for w in wanted)
    if key == "region":
        return any(value.startswith(w) for w in wanted) if value else False
    return value in wanted
