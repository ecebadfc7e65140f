"""Tune the engine's query-time parameters on the TUNING parts only (see ``matching_sets.py``).

Builds one index over the tuning corpus and scores every ``--grid`` setting on the tuning title queries
(known item, same field) and the tuning short demands.  Never reads the held-out part.

Run:  ``nice python benchmarks/matching_tune.py --data DIR --grid field_weight=0,0.2,0.4 --grid field_docs=20,40``
(``DIR`` written by ``python benchmarks/matching_sets.py write --out DIR``).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kechuang.matching import MatchingIndex, RankingConfig  # noqa: E402
from kechuang.matching.cli import load_corpus, load_queries  # noqa: E402
from kechuang.matching.metrics import mrr_at_k, precision_at_k  # noqa: E402
from kechuang.matching.ranking import Ranker  # noqa: E402


def score(index: MatchingIndex, queries: list, metric) -> float:
    total = 0.0
    for _, q, rel in queries:
        total += metric([h.id for h in index.search(q, k=10, explain=False)], rel, 10)
    return round(total / len(queries), 4)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--grid", action="append", default=[], metavar="NAME=V1,V2")
    parser.add_argument("--nolabels", action="store_true", help="index the corpus without its field labels")
    args = parser.parse_args()
    suffix = "-nolabels" if args.nolabels else ""
    docs = load_corpus(args.data / f"csl-tune-corpus{suffix}.jsonl")
    known = load_queries(args.data / "csl-tune-known.jsonl")
    field = load_queries(args.data / "csl-tune-field.jsonl")
    demands = load_queries(args.data / "demands-tune-field.jsonl")
    index = MatchingIndex(None)
    index.add(docs)
    names = [g.split("=")[0] for g in args.grid]
    values = [g.split("=")[1].split(",") for g in args.grid]
    base = RankingConfig()
    for combo in itertools.product(*values) if values else [()]:
        cfg = replace(base, **{n: type(getattr(base, n))(v) for n, v in zip(names, combo, strict=True)})
        index.config = cfg
        index._ranker = Ranker(cfg, None, index.feedback_store, index.tokenizer.is_word)
        row = {
            "setting": dict(zip(names, combo, strict=True)),
            "known_mrr": score(index, known, mrr_at_k),
            "field_p10": score(index, field, precision_at_k),
            "demand_p10": score(index, demands, precision_at_k),
        }
        print(json.dumps(row, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
