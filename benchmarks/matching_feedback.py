"""Benchmark: does structured feedback on suggestions change the ranking, and by how much?

Data: the CSL records in ``../shared/data/csl/csl_shared.jsonl`` (as ``benchmarks/matching.py``): every
abstract (+ keywords, title left out) is a document; each ``full``-tier title is a query; the documents of the
same discipline are what a requester looking for "relevant work in my field" wants.

Protocol (deterministic):

* the title queries are split in two halves by position: **judged** (even) and **held out** (odd);
* before any feedback, precision@10 (same field) is measured on both halves;
* for every judged query a simulated requester (``feedback_key = "req<i>"``) looks at the first ``--judge``
  suggestions and marks each useful if it is in their field, otherwise not useful (reason ``not_relevant``)
  through ``MatchingIndex.record_feedback`` — exactly what the market's feedback buttons call;
* after the feedback, precision@10 is measured again for: the same requester repeating the query (their
  own list is re-ranked), the same query asked by someone else (no requester key: only the query-similarity
  path of the feedback store), and the held-out queries nobody judged (generalisation to similar queries).
  Known-item MRR@10 is reported too, to show that feedback does not push the exact paper out.

Run: ``python benchmarks/matching_feedback.py`` (``--judge 3`` for a sparser, more realistic judge).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from matching import K, engine_build, load_tasks, score  # noqa: E402

from kechuang.matching import SearchContext, feedback  # noqa: E402


def run(index, queries: list[str], keys: list[str | None]) -> list[list[str]]:
    out = []
    for q, key in zip(queries, keys, strict=True):
        ctx = SearchContext(feedback_key=key) if key else None
        out.append([h.id for h in index.search(q, k=K, explain=False, context=ctx)])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--judge", type=int, default=10, help="suggestions judged per query (1–10)")
    parser.add_argument(
        "--floors",
        default="",
        help="also evaluate the after-feedback rankings with other knobs: FLOOR[:OTHERS_WEIGHT],... (e.g. 0.6,0.5:0.5)",
    )
    args = parser.parse_args()
    judge = max(1, min(K, args.judge))

    docs, queries, known, field = load_tasks()
    t0 = time.perf_counter()
    index = engine_build(docs)
    build = time.perf_counter() - t0

    judged = list(range(0, len(queries), 2))
    held = list(range(1, len(queries), 2))

    def subset(idx: list[int], ranked: list[list[str]]) -> dict:
        return score(ranked, [known[i] for i in idx], [field[i] for i in idx])

    jq = [queries[i] for i in judged]
    hq = [queries[i] for i in held]
    before_j = subset(judged, run(index, jq, [None] * len(jq)))
    before_h = subset(held, run(index, hq, [None] * len(hq)))

    t1 = time.perf_counter()
    events = useful = 0
    for i in judged:
        hits = index.search(queries[i], k=K, explain=False)
        for h in hits[:judge]:
            ok = h.id in field[i]
            index.record_feedback(
                doc_id=h.id,
                useful=ok,
                query=queries[i],
                reason="relevant" if ok else "not_relevant",
                context_key=f"req{i}",
            )
            events += 1
            useful += ok
    feedback_seconds = time.perf_counter() - t1

    t2 = time.perf_counter()
    after_same = subset(judged, run(index, jq, [f"req{i}" for i in judged]))
    after_other = subset(judged, run(index, jq, [None] * len(jq)))
    after_h = subset(held, run(index, hq, [None] * len(hq)))
    query_ms = (time.perf_counter() - t2) * 1000 / (2 * len(jq) + len(hq))

    def delta(a: dict, b: dict, key: str = "same_field_precision_at_10") -> float:
        return round((b[key] - a[key]) * 100, 2)

    floors = {}
    default_floor = feedback.SIMILARITY_FLOOR
    default_others = feedback.OTHERS_WEIGHT
    for spec in [x for x in args.floors.split(",") if x.strip()]:
        f, _, o = spec.partition(":")
        feedback.SIMILARITY_FLOOR = float(f)
        feedback.OTHERS_WEIGHT = float(o) if o else default_others
        same = subset(judged, run(index, jq, [f"req{i}" for i in judged]))
        h = subset(held, run(index, hq, [None] * len(hq)))
        floors[spec] = {
            "same_requester_p10_gain": delta(before_j, same),
            "held_out_p10_gain": delta(before_h, h),
            "same_requester_mrr_change": round(
                same["known_item_mrr_at_10"] - before_j["known_item_mrr_at_10"], 4
            ),
            "held_out_mrr_change": round(h["known_item_mrr_at_10"] - before_h["known_item_mrr_at_10"], 4),
        }
    feedback.SIMILARITY_FLOOR = default_floor
    feedback.OTHERS_WEIGHT = default_others

    print(
        json.dumps(
            {
                "docs": len(docs),
                "judged_queries": len(judged),
                "held_out_queries": len(held),
                "judged_per_query": judge,
                "feedback_events": events,
                "useful_events": useful,
                "build_seconds": round(build, 1),
                "feedback_seconds": round(feedback_seconds, 1),
                "mean_query_ms_with_feedback": round(query_ms, 2),
                "judged_before": before_j,
                "judged_after_same_requester": after_same,
                "judged_after_other_requester": after_other,
                "held_out_before": before_h,
                "held_out_after": after_h,
                "p_at_10_points_gained": {
                    "same_requester": delta(before_j, after_same),
                    "other_requester_same_query": delta(before_j, after_other),
                    "held_out_queries": delta(before_h, after_h),
                },
                "similarity_floor": default_floor,
                "others_weight": default_others,
                "other_floors": floors,
                "known_item_mrr_change": {
                    "same_requester": round(
                        after_same["known_item_mrr_at_10"] - before_j["known_item_mrr_at_10"], 4
                    ),
                    "held_out_queries": round(
                        after_h["known_item_mrr_at_10"] - before_h["known_item_mrr_at_10"], 4
                    ),
                },
            },
            indent=2,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
