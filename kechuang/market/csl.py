"""Turning CSL records (Chinese Scientific Literature, Apache-2.0, ``../shared/data/csl/``) into
achievements attributed to the registry's universities and research institutes."""

from __future__ import annotations

import gzip
import json
import os
import random
import zlib
from pathlib import Path
from typing import Any

from kechuang.registry.models import Industry, Organization

# CSL category (门类) → GB/T 4754 section of the achievement's field
CATEGORY_SECTION = {
    "工学": "C",
    "理学": "M",
    "农学": "A",
    "医学": "Q",
    "管理学": "L",
    "经济学": "J",
    "教育学": "P",
    "法学": "S",
    "文学": "R",
    "艺术学": "R",
    "历史学": "R",
    "哲学": "R",
    "军事学": "M",
}
TRANSFER_SETS = (["转让", "许可"], ["合作开发"], ["技术服务"], ["许可", "作价投资"], ["转让"])


BUNDLED_CSL = Path(__file__).resolve().parent / "data" / "csl_apache.jsonl.gz"


def csl_path() -> Path | None:
    """The shared CSL file where the site has one, else the 1,600 Apache-2.0 records shipped with the code."""
    return shared_csl_path() or (BUNDLED_CSL if BUNDLED_CSL.exists() else None)


def shared_csl_path() -> Path | None:
    env = os.environ.get("KECHUANG_SHARED_DATA")
    candidates = [Path(env) / "csl" / "csl_shared.jsonl"] if env else []
    root = Path(__file__).resolve().parents[2]
    candidates += [p / "shared" / "data" / "csl" / "csl_shared.jsonl" for p in (root, *root.parents)]
    return next((p for p in candidates if p.exists()), None)


def read_records(path: Path, *, limit: int | None = None) -> list[dict[str, Any]]:
    out = []
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r.get("title") and r.get("abstract"):
                out.append(r)
                if limit and len(out) >= limit:
                    break
    return out


def achievement_rows(records: list[dict[str, Any]], *, rng: random.Random) -> list[dict[str, Any]]:
    owners = list(Organization.objects.filter(kind__in=["university", "institute"]).order_by("pk"))
    if not owners:
        raise ValueError("no university or research institute in the registry")
    sections = {i.code: i for i in Industry.objects.filter(level="section")}
    rows = []
    for r in records:
        owner = owners[zlib.crc32(r["id"].encode()) % len(owners)]
        trl = rng.randint(2, 8)
        rows.append(
            {
                "owner": owner,
                "title": r["title"][:200],
                "summary": r["abstract"],
                "keywords": (r.get("keywords") or [])[:10],
                "field": sections.get(CATEGORY_SECTION.get(r.get("category") or "", "M")),
                "maturity": "lab" if trl <= 4 else "pilot" if trl <= 6 else "industrial",
                "trl": trl,
                "transfer_modes": rng.choice(TRANSFER_SETS),
            }
        )
    return rows
