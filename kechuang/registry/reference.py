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


@transaction.atomic
def load_regions(path: Path = REGIONS_CSV) -> LoadResult:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        raw = list(csv.DictReader(fh))
    by_code = {r["code"]: r for r in raw}

    def chain(code: str) -> list[str]:
        out = []
        while code:
            out.append(code)
            code = by_code[code]["parent_code"]
        return list(reversed(out))

    rows = []
    # Parents first so foreign keys resolve within the same bulk insert order.
    order = {"province": 0, "prefecture": 1, "county": 2}
    for r in sorted(raw, key=lambda r: (order[r["level"]], r["code"])):
        codes = chain(r["code"])
        names = [by_code[c]["name"] for c in codes]
        rows.append(
            {
                "code": r["code"],
                "name": r["name"],
                "level": r["level"],
                "parent_id": r["parent_code"] or None,
                "path": "".join(f"{c}/" for c in codes),
                "full_name": "".join(names),
                "pinyin_initials": pinyin_initials(r["name"]),
            }
        )
    return _upsert(Region, rows, ["name", "level", "parent_id", "path", "full_name", "pinyin_initials"])


@transaction.atomic
def load_industries(path: Path | None = None) -> LoadResult:
    path = path or default_industry_file()
    with open(path, encoding="utf-8-sig", newline="") as fh:
        raw = list(csv.DictReader(fh))
    by_code = {r["code"]: r for r in raw}

    def section_of(code: str) -> str:
        while by_code[code]["parent_code"]:
            code = by_code[code]["parent_code"]
        return code

    def chain(code: str) -> list[str]:
        out = []
        while code:
            out.append(code)
            code = by_code[code]["parent_code"]
        return list(reversed(out))

    order = {"section": 0, "division": 1, "group": 2, "class": 3}
    rows = []
    for r in sorted(raw, key=lambda r: (order[r["level"]], r["code"])):
        section = section_of(r["code"])
        rows.append(
            {
                "code": r["code"],
                "code_with_section": r["code"] if r["level"] == "section" else section + r["code"],
                "name": r["name"],
                "level": r["level"],
                "parent_id": r["parent_code"] or None,
                "path": "".join(f"{c}/" for c in chain(r["code"])),
                "description": r.get("description") or "",
                "pinyin_initials": pinyin_initials(r["name"])[:60],
            }
        )
    return _upsert(
        Industry,
        rows,
        ["code_with_section", "name", "level", "parent_id", "path", "description", "pinyin_initials"],
    )
