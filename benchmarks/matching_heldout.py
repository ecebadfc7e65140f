"""Held-out figures for issue 13: the engine vs jieba + bm25s on the same text, on the parts of both
evaluation sets that no tuning decision saw (see ``matching_sets.py``), and the build/query cost at
100,000 documents (``matching.py``'s scale code).

For each corpus variant (the held-out CSL abstracts with their field labels, and without them) one index
per system is built and scored on three query sets:

* CSL title queries, known item (MRR@10, recall@10);
* CSL title queries, same field (P@10: every abstract of the title's discipline is relevant);
* short demands (P@10: every abstract of the demand's disciplines is relevant).

A third of the CSL abstracts have no discipline: they can never be judged relevant, so an engine that
merely pushes unlabelled documents down gains same-field P@10 without finding anything better.  Next to
the plain P@10, ``judged_p10`` is therefore the precision of the *condensed* list (Sakai 2007): the
ranking with the unjudged (unlabelled) abstracts removed, first 10 of the top 50.

Run:  ``nice python benchmarks/matching_heldout.py [--part heldout] [--scale 100000]``.
The same figures, one at a time, come from the CLI::

    python benchmarks/matching_sets.py write --out /tmp/kc-eval
    python -m kechuang.matching eval --corpus /tmp/kc-eval/csl-heldout-corpus.jsonl \\
        --queries /tmp/kc-eval/csl-heldout-field.jsonl --k 10 [--baseline]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import matching_sets  # noqa: E402
from kechuang.matching import MatchingIndex  # noqa: E402
from kechuang.matching.cli import _Bm25Baseline, load_corpus, load_queries  # noqa: E402
from kechuang.matching.metrics import mrr_at_k, percentile, precision_at_k, recall_at_k  # noqa: E402

K = 10


def run(system: str, corpus: Path, query_files: dict[str, Path], judged: set[str]) -> dict:
    docs = load_corpus(corpus)
    t = time.perf_counter()
    if system == "engine":
        index = MatchingIndex(None)
        index.add(docs)

        def search(q: str, k: int = K) -> list[str]:
            return [h.id for h in index.search(q, k=k, explain=False)]
    else:
        bm25 = _Bm25Baseline(docs)

        def search(q: str, k: int = K) -> list[str]:
            return bm25.search(q, k)

    out: dict = {"system": system, "docs": len(docs), "build_seconds": round(time.perf_counter() - t, 2)}
    for name, path in query_files.items():
        queries = load_queries(path)
        lat, mrr, rec, prec, condensed = [], 0.0, 0.0, 0.0, 0.0
        for _, q, rel in queries:
            t = time.perf_counter()
            ranked = search(q)
            lat.append((time.perf_counter() - t) * 1000)
            mrr += mrr_at_k(ranked, rel, K)
            rec += recall_at_k(ranked, rel, K)
            prec += precision_at_k(ranked, rel, K)
            if name != "known":
                condensed += precision_at_k([d for d in search(q, 5 * K) if d in judged], rel, K)
        n = len(queries)
        if name == "known":
            out[name] = {"mrr_at_10": round(mrr / n, 4), "recall_at_10": round(rec / n, 4), "queries": n}
        else:
            out[name] = {
                "precision_at_10": round(prec / n, 4),
                "judged_p10": round(condensed / n, 4),
                "queries": n,
            }
        out[name]["p95_ms"] = round(percentile(lat, 95), 2)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--part", default="heldout", choices=matching_sets.PARTS)
    parser.add_argument("--scale", default="", help="also run matching.py's scale code at these sizes")
    parser.add_argument("--variants", default="labels,nolabels")
    args = parser.parse_args()
    report: dict = {"part": args.part, "load_average_at_start": os.getloadavg(), "runs": []}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        matching_sets.write(data)
        queries = {
            "known": data / f"csl-{args.part}-known.jsonl",
            "field": data / f"csl-{args.part}-field.jsonl",
            "demands": data / f"demands-{args.part}-field.jsonl",
        }
        judged = {d.id for d in load_corpus(data / f"csl-{args.part}-corpus.jsonl") if d.field}
        for variant in args.variants.split(","):
            suffix = "" if variant == "labels" else "-nolabels"
            corpus = data / f"csl-{args.part}-corpus{suffix}.jsonl"
            for system in ("engine", "baseline"):
                row = {"variant": variant, **run(system, corpus, queries, judged)}
                report["runs"].append(row)
                print(json.dumps(row, ensure_ascii=False), flush=True)
    for size in (int(s) for s in args.scale.split(",") if s):
        for system in ("engine", "baseline"):
            proc = subprocess.run(
                [sys.executable, str(ROOT / "benchmarks" / "matching.py"), "--scale-one", system, str(size)],
                env={**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"},
                capture_output=True,
                text=True,
                check=False,
            )
            if proc.returncode != 0:
                print(proc.stderr, file=sys.stderr)
                return 1
            row = json.loads(proc.stdout.strip().splitlines()[-1])
            report.setdefault("scale", []).append(row)
            print(json.dumps(row), flush=True)
    report["load_average_at_end"] = os.getloadavg()
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
