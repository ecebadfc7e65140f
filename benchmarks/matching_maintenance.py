"""Matching index upkeep at scale: what an ordinary add() costs, and what relearning the semantic space and
merging segments cost — and how long they hold up writers and readers running at the same time.

Usage: ``nice python benchmarks/matching_maintenance.py [--size 100000]`` (the CSL corpus, repeated like
``benchmarks/matching.py`` does).  Prints one JSON object:

* ``add_ms``: p50/p95 of single-document updates on the built index (no inline relearning at this size);
* ``retrain``: ``maintain(force_retrain=True, optimize=False)`` wall seconds, and the single-document adds
  and searches of a writer process and a reader process running meanwhile (the write lock is held only to
  gather the matrices and to swap the new space in);
* ``optimize``: the same for merging the segments (this holds the write lock while merging).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.matching import load_tasks, scaled  # noqa: E402
from kechuang.matching import Document, MatchingIndex  # noqa: E402
from kechuang.matching.metrics import percentile  # noqa: E402


def _update(index: MatchingIndex, docs: list[dict], i: int) -> float:
    d = docs[(i * 7919) % len(docs)]
    t = time.perf_counter()
    index.add([Document.from_dict({**d, "abstract": d["abstract"] + f" 修订{i}"})])
    return (time.perf_counter() - t) * 1000


def _writer_proc(path: str, docs: list[dict], stop: str, out: str) -> None:
    index = MatchingIndex(path, workers=1)
    samples = []
    i = 10_000
    while not Path(stop).exists():
        t = time.time()
        ms = _update(index, docs, i)
        samples.append((t, ms))
        i += 1
    Path(out).write_text(json.dumps(samples))


def _reader_proc(path: str, queries: list[str], stop: str, out: str) -> None:
    index = MatchingIndex(path, workers=1)
    samples = []
    i = 0
    while not Path(stop).exists():
        t = time.time()
        index.search(queries[i % len(queries)], k=10)
        samples.append((t, (time.time() - t) * 1000))
        i += 1
    Path(out).write_text(json.dumps(samples))


def _while(index: MatchingIndex, docs: list[dict], queries: list[str], job) -> dict:  # type: ignore[no-untyped-def]
    """Run ``job`` here while another process updates documents and a third one searches (auto_refresh),
    as web processes do while a task worker maintains the index."""
    ctx = multiprocessing.get_context("spawn")
    root = Path(index.path or ".").parent
    stop, w_out, r_out = root / "stop", root / "writer.json", root / "reader.json"
    stop.unlink(missing_ok=True)
    procs = [
        ctx.Process(target=_writer_proc, args=(str(index.path), docs[:2000], str(stop), str(w_out))),
        ctx.Process(target=_reader_proc, args=(str(index.path), queries, str(stop), str(r_out))),
    ]
    for p in procs:
        p.start()
    time.sleep(8)  # both have loaded the index and are working
    t0 = time.time()
    report = job()
    t1 = time.time()
    time.sleep(1)
    stop.touch()
    for p in procs:
        p.join()

    def during(path: Path) -> list[float]:
        # operations that started before the job ended and finished after it started
        return [ms for t, ms in json.loads(path.read_text()) if t < t1 and t + ms / 1000 > t0]

    adds, searches = during(w_out), during(r_out)
    return {
        "seconds": round(t1 - t0, 2),
        "report": {k: report[k] for k in ("retrained", "optimized", "segments_before", "segments_after")},
        "concurrent_adds": len(adds),
        "concurrent_add_max_ms": round(max(adds), 1) if adds else None,
        "concurrent_searches": len(searches),
        "concurrent_search_p50_ms": round(percentile(searches, 50), 1) if searches else None,
        "concurrent_search_max_ms": round(max(searches), 1) if searches else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args()
    docs, queries, _, _ = load_tasks()
    docs = scaled(docs, args.size)
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        index = MatchingIndex(Path(tmp) / "idx")
        index.add(Document.from_dict(d) for d in docs)
        build = time.perf_counter() - t
        adds = [_update(index, docs, i) for i in range(30)]
        status = index.semantic_status()
        out = {
            "docs": len(index),
            "build_seconds": round(build, 1),
            "add_ms": {"p50": round(percentile(adds, 50), 1), "p95": round(percentile(adds, 95), 1)},
            "semantic_after_adds": {k: status[k] for k in ("trained_docs", "updated", "change_ratio", "due")},
            "retrain": _while(
                index, docs, queries, lambda: index.maintain(force_retrain=True, optimize=False)
            ),
            "optimize": _while(index, docs, queries, lambda: index.maintain(optimize=True)),
        }
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
