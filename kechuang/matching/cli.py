"""Command line: ``python -m kechuang.matching eval --corpus C.jsonl --queries Q.jsonl --k 10``.

Prints one JSON object: recall_at_k, precision_at_k, mrr_at_k, ndcg_at_k (means over queries that have
at least one relevant id), build_seconds, query_p50_ms, query_p95_ms, peak_rss_mb, docs, queries.
Malformed input stops with ``error: FILE line N: ...`` on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kechuang.matching.config import RankingConfig
from kechuang.matching.documents import Document
from kechuang.matching.errors import DocumentError, MatchingError, QueryError
from kechuang.matching.index import MatchingIndex
from kechuang.matching.metrics import mrr_at_k, ndcg_at_k, percentile, precision_at_k, recall_at_k


class InputError(Exception):
    """Malformed input file; the message names the file and line."""


def _read_jsonl(path: Path) -> Iterator[tuple[int, Any]]:
    try:
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot open: {exc.strerror or exc}") from exc
    with fh:
        lineno = 0
        try:
            for lineno, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    yield lineno, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path} line {lineno}: invalid JSON ({exc.msg})") from exc
        except UnicodeDecodeError as exc:
            raise InputError(f"{path} line {lineno + 1}: not valid UTF-8") from exc


def load_corpus(path: Path) -> list[Document]:
    docs: list[Document] = []
    seen: set[str] = set()
    for lineno, obj in _read_jsonl(path):
        if not isinstance(obj, dict):
            raise InputError(f"{path} line {lineno}: expected a JSON object")
        try:
            doc = Document.from_dict(obj)
        except DocumentError as exc:
            raise InputError(f"{path} line {lineno}: {exc}") from exc
        if doc.id in seen:
            raise InputError(f"{path} line {lineno}: duplicate id {doc.id!r}")
        seen.add(doc.id)
        docs.append(doc)
    if not docs:
        raise InputError(f"{path}: no documents")
    return docs


def load_queries(path: Path) -> list[tuple[int, str, set[str]]]:
    out = []
    for lineno, obj in _read_jsonl(path):
        if not isinstance(obj, dict):
            raise InputError(f"{path} line {lineno}: expected a JSON object")
        query = obj.get("query")
        relevant = obj.get("relevant", [])
        if not isinstance(query, str):
            raise InputError(f"{path} line {lineno}: 'query' must be a string")
        if relevant is None:
            relevant = []
        if not isinstance(relevant, list) or not all(isinstance(r, str | int) for r in relevant):
            raise InputError(f"{path} line {lineno}: 'relevant' must be a list of ids")
        out.append((lineno, query, {str(r) for r in relevant}))
    if not out:
        raise InputError(f"{path}: no queries")
    return out


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


class _Bm25Baseline:
    """The plain baseline: jieba tokens + BM25 (``bm25s``, a development dependency) over the same text."""

    def __init__(self, docs: list[Document]) -> None:
        import bm25s
        import jieba

        jieba.setLogLevel(logging.WARNING)
        self._cut = jieba.lcut
        self.ids = [d.id for d in docs]
        self.model = bm25s.BM25()
        texts = [
            " ".join(x for x in (d.title or "", " ".join(d.keywords), d.abstract or "") if x) for d in docs
        ]
        self.model.index([self._tokens(t) for t in texts], show_progress=False)

    def _tokens(self, text: str) -> list[str]:
        return [t for t in self._cut(text.lower()) if t.strip()]

    def search(self, query: str, k: int) -> list[str]:
        tokens = self._tokens(query)
        if not tokens:
            return []
        res, _ = self.model.retrieve([tokens], k=min(k, len(self.ids)), show_progress=False, n_threads=1)
        return [self.ids[j] for j in res[0]]


def evaluate(
    corpus: Path,
    queries: Path,
    k: int,
    *,
    workers: int | None = None,
    baseline: bool = False,
    config: RankingConfig | None = None,
) -> dict[str, Any]:
    docs = load_corpus(corpus)
    qs = load_queries(queries)
    t0 = time.perf_counter()
    if baseline:
        bm25 = _Bm25Baseline(docs)
    else:
        index = MatchingIndex(None, workers=workers, config=config)
        index.add(docs)
    build_seconds = time.perf_counter() - t0
    sums = {"recall": 0.0, "precision": 0.0, "mrr": 0.0, "ndcg": 0.0}
    judged = 0
    latencies = []
    for lineno, query, relevant in qs:
        t = time.perf_counter()
        if baseline:
            ranked = bm25.search(query, k)
        else:
            try:
                ranked = [h.id for h in index.search(query, k=k, explain=False)]
            except QueryError as exc:
                if str(exc) == "query is empty":
                    ranked = []
                else:
                    raise InputError(f"{queries} line {lineno}: {exc}") from exc
        latencies.append((time.perf_counter() - t) * 1000)
        if not relevant:
            continue
        judged += 1
        sums["recall"] += recall_at_k(ranked, relevant, k)
        sums["precision"] += precision_at_k(ranked, relevant, k)
        sums["mrr"] += mrr_at_k(ranked, relevant, k)
        sums["ndcg"] += ndcg_at_k(ranked, relevant, k)
    n = max(judged, 1)
    return {
        "recall_at_k": round(sums["recall"] / n, 4),
        "precision_at_k": round(sums["precision"] / n, 4),
        "mrr_at_k": round(sums["mrr"] / n, 4),
        "ndcg_at_k": round(sums["ndcg"] / n, 4),
        "k": k,
        "build_seconds": round(build_seconds, 3),
        "query_p50_ms": round(percentile(latencies, 50), 3),
        "query_p95_ms": round(percentile(latencies, 95), 3),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "docs": len(docs),
        "queries": len(qs),
        "queries_judged": judged,
        "system": "jieba+bm25s" if baseline else "engine",
    }


def _config(settings: list[str]) -> RankingConfig:
    """A ranking configuration with ``name=value`` overrides (for tuning on a tuning set)."""
    values: dict[str, Any] = {}
    fields = RankingConfig.__dataclass_fields__
    for item in settings:
        name, _, raw = item.partition("=")
        if name not in fields:
            raise InputError(f"unknown ranking parameter: {name!r}")
        kind = type(getattr(RankingConfig(), name))
        try:
            values[name] = (raw.lower() in {"1", "true", "yes"}) if kind is bool else kind(raw)
        except ValueError as exc:
            raise InputError(f"bad value for {name}: {raw!r}") from exc
    return RankingConfig(**values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kechuang.matching", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    ev = sub.add_parser("eval", help="build an index over a corpus and score a query set")
    ev.add_argument("--corpus", required=True, type=Path, help="JSONL: id, title, abstract, keywords")
    ev.add_argument("--queries", required=True, type=Path, help="JSONL: query, relevant")
    ev.add_argument("--k", type=int, default=10)
    ev.add_argument("--workers", type=int, default=None, help="tokeniser processes (default: up to 2)")
    ev.add_argument("--baseline", action="store_true", help="score jieba + bm25s on the same text instead")
    ev.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="ranking parameter")
    args = parser.parse_args(argv)
    if args.k < 1 or args.k > 1000:
        print("error: --k must be between 1 and 1000", file=sys.stderr)
        return 2
    try:
        config = _config(args.set)
        result = evaluate(
            args.corpus, args.queries, args.k, workers=args.workers, baseline=args.baseline, config=config
        )
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except MatchingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(result, ensure_ascii=False))
    return 0
