"""Loading the reference tables (GB/T 2260 regions, GB/T 4754-2017 industries) idempotently."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Model

from kechuang.core.text import pinyin_initials
from kechuang.registry.models import Industry, Region

DATA_DIR = Path(__file__).resolve().parent / "data"
REGIONS_CSV = DATA_DIR / "gbt2260_mca_2024.csv"
INDUSTRY_DIVISIONS_CSV = DATA_DIR / "gbt4754_2017_divisions.csv"


def shared_data_dir() -> Path | None:
    """``../shared/data`` beside the checkout, or ``$KECHUANG_SHARED_DATA``; None when absent."""
    candidates = [
        os.environ.get("KECHUANG_SHARED_DATA"),
        str(Path(settings.BASE_DIR).parent / "shared" / "data"),
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


def default_industry_file() -> Path:
    env = os.environ.get("KECHUANG_INDUSTRY_CSV")
    if env and Path(env).is_file():
        return Path(env)
    shared = shared_data_dir()
    if shared and (shared / "industry" / "gbt4754_2017.csv").is_file():
        return shared / "industry" / "gbt4754_2017.csv"
    return INDUSTRY_DIVISIONS_CSV


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _upsert(model: type[Model], rows: list[dict[str, Any]], fields: list[str]) -> LoadResult:
    result = LoadResult()
    manager = model._default_manager
    existing = {obj.pk: obj for obj in manager.all()}
    to_create, to_update = [], []
    for row in rows:
        obj = existing.get(row["code"])
        if obj is None:
            to_create.append(model(**row))
        elif any(getattr(obj, f) != row[f] for f in fields):
            for f in fields:
                setattr(obj, f, row[f])
            to_update.append(obj)
        else:
            result.unchanged += 1
    manager.bulk_create(to_create, batch_size=1000)
    if to_update:
        manager.bulk_update(to_update, fields, batch_size=1000)
    result.created, result.updated = len(to_create), len(to_update)
    return result


def _read_tree(
    path: Path, levels: tuple[str, ...]
) -> tuple[list[tuple[dict[str, str], list[str]]], dict[str, dict[str, str]]]:
    """A code tree's CSV rows, parents first (so foreign keys resolve in insertion order), each with the
    codes from its root down to itself; and the rows by code."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        raw = list(csv.DictReader(fh))
    by_code = {r["code"]: r for r in raw}

    def chain(code: str) -> list[str]:
        out = []
        while code:
            out.append(code)
            code = by_code[code]["parent_code"]
        return list(reversed(out))

    order = {level: i for i, level in enumerate(levels)}
    rows = sorted(raw, key=lambda r: (order[r["level"]], r["code"]))
    return [(r, chain(r["code"])) for r in rows], by_code


@transaction.atomic
def load_regions(path: Path = REGIONS_CSV) -> LoadResult:
    tree, by_code = _read_tree(path, ("province", "prefecture", "county"))
    rows = [
        {
            "code": r["code"],
            "name": r["name"],
            "level": r["level"],
            "parent_id": r["parent_code"] or None,
            "path": "".join(f"{c}/" for c in codes),
            "full_name": "".join(by_code[c]["name"] for c in codes),
            "pinyin_initials": pinyin_initials(r["name"]),
        }
        for r, codes in tree
    ]
    return _upsert(Region, rows, ["name", "level", "parent_id", "path", "full_name", "pinyin_initials"])


@transaction.atomic
def load_industries(path: Path | None = None) -> LoadResult:
    tree, _by_code = _read_tree(path or default_industry_file(), ("section", "division", "group", "class"))
    rows = [
        {
            "code": r["code"],
            # codes[0] is the section (A…T)
            "code_with_section": r["code"] if r["level"] == "section" else codes[0] + r["code"],
            "name": r["name"],
            "level": r["level"],
            "parent_id": r["parent_code"] or None,
            "path": "".join(f"{c}/" for c in codes),
            "description": r.get("description") or "",
            "pinyin_initials": pinyin_initials(r["name"])[:60],
        }
        for r, codes in tree
    ]
    return _upsert(
        Industry,
        rows,
        ["code_with_section", "name", "level", "parent_id", "path", "description", "pinyin_initials"],
    )
