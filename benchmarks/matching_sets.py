"""Evaluation sets for the matching engine: a deterministic CSL split and a short-demand set.

* **CSL split** (``csl_shared.jsonl``): a record is *held out* when the first 8 hex digits of
  ``sha1(id)`` modulo 4 are 0 (about a quarter: 2,436 of the 9,743 abstracts, 400 of the 1,600 titled
  records).  Everything else is the *tuning* part.  No ranking parameter may be chosen on the held-out part.
* **Short demands** (``benchmarks/data/matching_demands.jsonl``, made by ``make-demands``): GB/T 4754-2017
  小类 names in enterprise wording, judged against CSL disciplines through the hand-assigned table
  ``benchmarks/data/demand_groups.tsv`` — see ``benchmarks/data/README.md``.  A demand is held out when
  ``sha1(query)`` is even (about half).

``python benchmarks/matching_sets.py write --out DIR`` writes, for each part (``tune``/``heldout``),
the CLI's input files::

    DIR/csl-<part>-corpus.jsonl           abstracts + keywords (+ ``field``: the discipline, where known)
    DIR/csl-<part>-corpus-nolabels.jsonl  the same without ``field``
    DIR/csl-<part>-known.jsonl            title → its own abstract
    DIR/csl-<part>-field.jsonl            title → every abstract of the same discipline (in that part)
    DIR/demands-<part>-field.jsonl        short demand → every abstract of its disciplines (in that part)

so that e.g. ``python -m kechuang.matching eval --corpus DIR/csl-heldout-corpus.jsonl
--queries DIR/demands-heldout-field.jsonl --k 10 [--baseline]`` scores one of them.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
DEMANDS = DATA / "matching_demands.jsonl"
GROUPS = DATA / "demand_groups.tsv"
PARTS = ("tune", "heldout")


def shared_data() -> Path:
    env = os.environ.get("KECHUANG_SHARED_DATA")
    if env:
        return Path(env)
    for base in (ROOT, *ROOT.parents):
        cand = base / "shared" / "data"
        if cand.is_dir():
            return cand
    return ROOT.parent / "shared" / "data"


def _h(text: str) -> int:
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:8], 16)


def csl_part(record_id: str) -> str:
    return "heldout" if _h(record_id) % 4 == 0 else "tune"


def demand_part(query: str) -> str:
    return "heldout" if _h(query) % 2 == 0 else "tune"


def csl_records() -> list[dict]:
    path = shared_data() / "csl" / "csl_shared.jsonl"
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


# -- the short-demand set --------------------------------------------------------------------------------
_SUFFIX = re.compile(r"(?:的)?(?:制造|加工|生产|制品业|制造业|精加工|冶炼|采选|服务|开采|种植|饲养|养殖)$")


def demand_text(name: str) -> str:
    """An enterprise's short demand from an industry class name: the product or process it is about."""
    text = re.sub(r"[（(].*?[）)]", "", name).strip()
    stripped = _SUFFIX.sub("", text)
    return stripped if len(stripped) >= 2 else text


def make_demands() -> list[dict]:
    groups: dict[str, list[str]] = {}
    for line in GROUPS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, fields = line.split("\t")
        groups[code] = fields.split(";")
    rows = list(csv.DictReader((shared_data() / "industry" / "gbt4754_2017.csv").open(encoding="utf-8")))
    out: list[dict] = []
    seen: set[str] = set()
    for r in rows:
        if r["level"] != "class" or r["parent_code"] not in groups or r["name"].startswith("其他"):
            continue
        query = demand_text(r["name"])
        if query in seen:
            continue
        seen.add(query)
        out.append(
            {
                "id": f"gbt4754-{r['code_with_section']}",
                "query": query,
                "disciplines": groups[r["parent_code"]],
                "source": f"GB/T 4754-2017 {r['code_with_section']} {r['name']}",
                "part": demand_part(query),
            }
        )
    return out


def load_demands() -> list[dict]:
    return [json.loads(line) for line in DEMANDS.open(encoding="utf-8") if line.strip()]


# -- CLI input files ---------------------------------------------------------------------------------------
def tasks(part: str) -> dict[str, list[dict]]:
    """The corpus and the three query sets of one part."""
    records = [r for r in csl_records() if r.get("abstract") and csl_part(r["id"]) == part]
    corpus = [
        {
            "id": r["id"],
            "abstract": r["abstract"],
            "keywords": r.get("keywords") or [],
            "field": r.get("discipline"),
        }
        for r in records
    ]
    by_field: dict[str, list[str]] = {}
    for r in records:
        if r.get("discipline"):
            by_field.setdefault(r["discipline"], []).append(r["id"])
    full = [r for r in records if r["tier"] == "full"]
    demands = [d for d in load_demands() if d["part"] == part]
    return {
        "corpus": corpus,
        "known": [{"query": r["title"], "relevant": [r["id"]]} for r in full],
        "field": [{"query": r["title"], "relevant": by_field[r["discipline"]]} for r in full],
        "demands": [
            {
                "query": d["query"],
                "relevant": sorted({i for f in d["disciplines"] for i in by_field.get(f, [])}),
            }
            for d in demands
        ],
    }


def _write(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def write(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for part in PARTS:
        t = tasks(part)
        _write(out / f"csl-{part}-corpus.jsonl", t["corpus"])
        _write(out / f"csl-{part}-corpus-nolabels.jsonl", [{**d, "field": None} for d in t["corpus"]])
        _write(out / f"csl-{part}-known.jsonl", t["known"])
        _write(out / f"csl-{part}-field.jsonl", t["field"])
        _write(out / f"demands-{part}-field.jsonl", t["demands"])
        print(
            f"{part}: {len(t['corpus'])} abstracts, {len(t['known'])} title queries, "
            f"{len(t['demands'])} short demands"
        )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("make-demands", help="(re)write benchmarks/data/matching_demands.jsonl")
    w = sub.add_parser("write", help="write the CLI's corpus and query files of both parts")
    w.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if args.command == "make-demands":
        demands = make_demands()
        _write(DEMANDS, demands)
        held = sum(d["part"] == "heldout" for d in demands)
        print(f"{len(demands)} demands ({held} held out) → {DEMANDS.relative_to(ROOT)}")
        return 0
    write(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
