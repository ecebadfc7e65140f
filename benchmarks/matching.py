"""Matching benchmark: the engine vs. a plain baseline (jieba tokens + BM25 from ``bm25s``).

Data: ``../shared/data/csl/csl_shared.jsonl`` (or ``$KECHUANG_SHARED_DATA/csl/...``).

* Documents: every record with an abstract, indexed as ``{id, abstract, keywords}`` (+ ``field``, the discipline label where known, which only the engine uses) — the title is left
  out (it is the query).  Both systems index exactly the same text (abstract + keywords).
* known item: each ``full``-tier record's title is a query; its own abstract is the one relevant doc.
  Reported: recall@10, MRR@10.
* same field: the same title queries; every abstract of the same discipline is relevant.  Reported:
  precision@10.  (Abstracts without a discipline label can never count as relevant, for either system.)
* Scale: the corpus is repeated with changed ids (``<id>#r<n>``), i.e. the text is duplicated, until it
  reaches 10,000 and 100,000 documents; each size is built in a fresh subprocess so ``peak_rss_mb`` is that
  size's own.  Query latency is measured over the 1,600 title queries (single thread, explanations on
  and off).

Run:  ``nice python benchmarks/matching.py``  (add ``--sizes 10000`` for a quick run).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kechuang.matching import Document, MatchingIndex  # noqa: E402
from kechuang.matching.metrics import mrr_at_k, percentile, precision_at_k, recall_at_k  # noqa: E402

K = 10


def shared_data() -> Path:
    env = os.environ.get("KECHUANG_SHARED_DATA")
    if env:
        return Path(env)
    for base in (ROOT, *ROOT.parents):
        cand = base / "shared" / "data"
        if cand.is_dir():
            return cand
    return ROOT.parent / "shared" / "data"


def load_tasks() -> tuple[list[dict], list[str], list[set[str]], list[set[str]]]:
    path = shared_data() / "csl" / "csl_shared.jsonl"
    records = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    docs = [
        {
            "id": r["id"],
            "title": None,
            "abstract": r["abstract"],
            "keywords": r.get("keywords"),
            "field": r.get("discipline"),  # the engine learns its field model from these (baseline: unused)
        }
        for r in records
        if r.get("abstract")
    ]
    by_field: dict[str, set[str]] = {}
    for r in records:
        if r.get("abstract") and r.get("discipline"):
            by_field.setdefault(r["discipline"], set()).add(r["id"])
    full = [r for r in records if r["tier"] == "full"]
    queries = [r["title"] for r in full]
    known = [{r["id"]} for r in full]
    field = [by_field[r["discipline"]] for r in full]
    return docs, queries, known, field


def scaled(docs: list[dict], size: int) -> list[dict]:
    out = []
    rep = 0
    while len(out) < size:
        for d in docs:
            if len(out) >= size:
                break
            out.append({**d, "id": d["id"] if rep == 0 else f"{d['id']}#r{rep}"})
        rep += 1
    return out


def score(ranked_lists: list[list[str]], known: list[set[str]], field: list[set[str]]) -> dict:
    n = len(ranked_lists)
    return {
        "known_item_recall_at_10": round(
            sum(recall_at_k(r, k, K) for r, k in zip(ranked_lists, known, strict=False)) / n, 4
        ),
        "known_item_mrr_at_10": round(
            sum(mrr_at_k(r, k, K) for r, k in zip(ranked_lists, known, strict=False)) / n, 4
        ),
        "same_field_precision_at_10": round(
            sum(precision_at_k(r, f, K) for r, f in zip(ranked_lists, field, strict=False)) / n, 4
        ),
    }


# -- the two systems ----------------------------------------------------------------------------------
def engine_build(docs: list[dict]) -> MatchingIndex:
    index = MatchingIndex(None)
    index.add(Document.from_dict(d) for d in docs)
    return index


def engine_run(
    index: MatchingIndex, queries: list[str], *, explain: bool
) -> tuple[list[list[str]], list[float]]:
    ranked, lat = [], []
    cpu = []
    for q in queries:
        t, c = time.perf_counter(), time.thread_time()
        hits = index.search(q, k=K, explain=explain)
        lat.append((time.perf_counter() - t) * 1000)
        cpu.append((time.thread_time() - c) * 1000)
        ranked.append([h.id for h in hits])
    index.last_cpu_ms = cpu  # type: ignore[attr-defined]
    return ranked, lat


def _jieba_tokens(text: str) -> list[str]:
    import jieba

    return [t for t in jieba.lcut(text.lower()) if t.strip()]


def baseline_build(docs: list[dict]):
    import bm25s
    import jieba

    jieba.setLogLevel(logging.WARNING)
    corpus = [_jieba_tokens((d["abstract"] or "") + " " + " ".join(d.get("keywords") or [])) for d in docs]
    retriever = bm25s.BM25()
    retriever.index(corpus, show_progress=False)
    return retriever, [d["id"] for d in docs]


def baseline_run(model, queries: list[str]) -> tuple[list[list[str]], list[float]]:
    retriever, ids = model
    ranked, lat = [], []
    for q in queries:
        t = time.perf_counter()
        res, _ = retriever.retrieve([_jieba_tokens(q)], k=K, show_progress=False, n_threads=1)
        lat.append((time.perf_counter() - t) * 1000)
        ranked.append([ids[j] for j in res[0]])
    return ranked, lat


# -- modes ---------------------------------------------------------------------------------------------
def run_quality() -> dict:
    docs, queries, known, field = load_tasks()
    out: dict = {"docs": len(docs), "queries": len(queries)}
    t = time.perf_counter()
    index = engine_build(docs)
    out["engine_build_seconds"] = round(time.perf_counter() - t, 2)
    ranked, _ = engine_run(index, queries, explain=False)
    out["engine"] = score(ranked, known, field)
    t = time.perf_counter()
    model = baseline_build(docs)
    out["baseline_build_seconds"] = round(time.perf_counter() - t, 2)
    ranked, _ = baseline_run(model, queries)
    out["baseline"] = score(ranked, known, field)
    e, b = out["engine"], out["baseline"]
    out["goals"] = {
        "mrr_at_10_not_below_baseline": e["known_item_mrr_at_10"] >= b["known_item_mrr_at_10"],
        "same_field_p_at_10_plus_5_points": e["same_field_precision_at_10"]
        >= b["same_field_precision_at_10"] + 0.05,
    }
    return out


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the tokeniser workers)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def run_scale(system: str, size: int) -> dict:
    docs, queries, _, _ = load_tasks()
    docs = scaled(docs, size)
    cpu0 = _cpu_seconds()
    t = time.perf_counter()
    if system == "engine":
        index = engine_build(docs)
    else:
        model = baseline_build(docs)
    build = time.perf_counter() - t
    out = {
        "system": system,
        "docs": len(docs),
        "build_seconds": round(build, 2),
        "build_cpu_seconds": round(_cpu_seconds() - cpu0, 2),
        "load_average": [round(x, 1) for x in os.getloadavg()],
    }
    if system == "engine":
        _, lat = engine_run(index, queries, explain=False)
        cpu = index.last_cpu_ms  # type: ignore[attr-defined]
        _, lat_x = engine_run(index, queries, explain=True)
        out.update(
            query_cpu_p50_ms=round(percentile(cpu, 50), 2),
            query_cpu_p95_ms=round(percentile(cpu, 95), 2),
            query_p50_ms=round(percentile(lat, 50), 2),
            query_p95_ms=round(percentile(lat, 95), 2),
            explained_query_p50_ms=round(percentile(lat_x, 50), 2),
            explained_query_p95_ms=round(percentile(lat_x, 95), 2),
        )
    else:
        _, lat = baseline_run(model, queries)
        out.update(query_p50_ms=round(percentile(lat, 50), 2), query_p95_ms=round(percentile(lat, 95), 2))
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--skip-baseline-scale", action="store_true")
    parser.add_argument("--scale-one", nargs=2, metavar=("SYSTEM", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scale_one:
        print(json.dumps(run_scale(args.scale_one[0], int(args.scale_one[1]))))
        return 0
    if not (shared_data() / "csl" / "csl_shared.jsonl").exists():
        print(f"shared data not found under {shared_data()}", file=sys.stderr)
        return 2
    report: dict = {"cpu_count": os.cpu_count(), "load_average_at_start": os.getloadavg()}
    if not args.skip_quality:
        report["quality"] = run_quality()
        print(json.dumps(report["quality"], ensure_ascii=False), flush=True)
    report["scale"] = []
    for size in (int(s) for s in args.sizes.split(",") if s):
        systems = ["engine"] if args.skip_baseline_scale else ["engine", "baseline"]
        for system in systems:
            proc = subprocess.run(
                [sys.executable, __file__, "--scale-one", system, str(size)],
                env={**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"},
                capture_output=True,
                text=True,
                check=False,
            )
            if proc.returncode != 0:
                print(proc.stderr, file=sys.stderr)
                return 1
            row = json.loads(proc.stdout.strip().splitlines()[-1])
            report["scale"].append(row)
            print(json.dumps(row), flush=True)
    report["load_average_at_end"] = os.getloadavg()
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
