"""The matching index: fielded BM25 + LSA semantic blend, filters, explanations, feedback, persistence.

Design (Lucene-like, small):

* The index is a list of immutable **segments** (:mod:`.segments`).  Adding documents writes a new
  segment; deleting marks rows dead in a per-generation bitmap; updating is delete + add.  When there are
  more than ``max_segments`` segments the small ones are merged.  Nothing is ever re-tokenised.
* Every change is **committed** (:mod:`.storage`) by writing the new segment files, appending new terms
  to ``vocab.txt`` (:mod:`.vocabulary`) and atomically replacing ``manifest.json``.  A restart loads the
  manifest — no re-indexing.
* **Readers** work on an immutable snapshot (:mod:`.snapshot`) that is swapped atomically, so searches
  running in other threads during a write see either the old or the new index, never half of it.
  Writers are serialised by a thread lock and, across processes, by ``flock`` on ``write.lock``; a
  process whose snapshot is older than the manifest on disk reloads before it writes (and, with
  ``auto_refresh``, before it reads).
* Scoring (:mod:`.ranking`): BM25 over field-weighted term frequencies (title > keywords > abstract >
  organization, industry), words and ``~``-bigrams; plus cosine similarity in the LSA space
  (:mod:`.space`) with pseudo-relevance feedback.  The best candidates are re-ranked with the structured
  context (same industry, region, maturity) and with recorded feedback.  Every hit carries the
  breakdown as :class:`Explanation` (:mod:`.explain`).
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from kechuang.matching import snapshot as snapshots
from kechuang.matching import space
from kechuang.matching.analysis import analyze, doc_text, postings
from kechuang.matching.config import RankingConfig, SemanticDrift, SemanticPolicy
from kechuang.matching.documents import Document
from kechuang.matching.errors import DocumentError, IndexCorruptError, QueryError
from kechuang.matching.expand import AbbreviationExpander, HeadExpander
from kechuang.matching.feedback import FeedbackEvent, FeedbackStore
from kechuang.matching.filters import validate_filters
from kechuang.matching.normalize import normalize_text
from kechuang.matching.ranking import QueryTerms, Ranker, query_terms, query_vector
from kechuang.matching.results import Explanation, Feature, Hit, SearchContext
from kechuang.matching.segments import Segment, assemble
from kechuang.matching.semantic import LsaModel, TextEmbedder, l2_normalize_rows
from kechuang.matching.snapshot import Snapshot
from kechuang.matching.storage import DiskStore
from kechuang.matching.tokenize import BIGRAM_PREFIX, Tokenizer, cjk_runs
from kechuang.matching.translate import translate
from kechuang.matching.vocabulary import Vocabulary

MAX_QUERY_CHARS = 20_000
_LATIN = re.compile(r"[a-z]{3,}")


class MatchingIndex:
    """A persistent (or in-memory, ``path=None``) matching index.  See the module docstring."""

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        config: RankingConfig | None = None,
        segmenter: str = "rmm",
        workers: int | None = None,
        embedder: TextEmbedder | None = None,
        auto_refresh: bool = True,
        semantic_policy: SemanticPolicy | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.config = config or RankingConfig()
        self.semantic_policy = semantic_policy or SemanticPolicy()
        self.tokenizer = Tokenizer(segmenter=segmenter, singles=True)
        self.workers = workers if workers is not None else min(2, os.cpu_count() or 1)
        self.embedder = embedder
        self.auto_refresh = auto_refresh
        self.vocabulary = Vocabulary()
        self._expander = HeadExpander()
        self._abbreviations = AbbreviationExpander()
        self._lock = threading.RLock()
        self._snap = snapshots.EMPTY
        # this process' queries: how many, how many distinct query words, how many outside the LSA space
        self._query_counts = [0, 0, 0]
        self.feedback_store = FeedbackStore(self.path / "feedback.jsonl" if self.path else None)
        self._ranker = Ranker(self.config, embedder, self.feedback_store, self.tokenizer.is_word)
        self._store = DiskStore(self.path) if self.path is not None else None
        if self.path is not None:
            self.path.mkdir(parents=True, exist_ok=True)
            if (self.path / "manifest.json").exists():
                self._load()

    # -- public read API -----------------------------------------------------------------------------
    def __len__(self) -> int:
        return self._snap.live_docs

    def __contains__(self, doc_id: object) -> bool:
        return snapshots.locate(self._snap, str(doc_id)) is not None

    @property
    def generation(self) -> int:
        return self._snap.generation

    @property
    def terms(self) -> list[str]:
        return self.vocabulary.terms

    @property
    def vocab(self) -> dict[str, int]:
        return self.vocabulary.ids

    def stats(self) -> dict[str, Any]:
        snap = self._snap
        return {
            "generation": snap.generation,
            "documents": snap.live_docs,
            "segments": len(snap.segments),
            "terms": snap.vocab_size,
            "semantic_dim": snap.lsa.dim if snap.lsa else 0,
            "domain_words": len(self.tokenizer.domain_words),
            "feedback_events": len(self.feedback_store),
            "semantic": self.semantic_status(),
        }

    def semantic_status(self) -> dict[str, Any]:
        """The drift of the corpus since the LSA space was learnt, and whether relearning is due.

        ``query_*`` counts are this process' searches since it started (not persisted)."""
        snap = self._snap
        drift = snap.drift
        queries, words, outside = self._query_counts
        return {
            "trained": snap.lsa is not None,
            "trained_generation": drift.trained_generation,
            "trained_docs": drift.trained_docs,
            "trained_at": drift.trained_at,
            "added": drift.added,
            "updated": drift.updated,
            "removed": drift.removed,
            "change_ratio": round(drift.change_ratio, 4),
            "new_oov_share": round(drift.oov_share, 4),
            "baseline_oov_share": round(drift.baseline_oov, 4),
            "queries": queries,
            "query_oov_share": round(outside / words, 4) if words else 0.0,
            "due": self._due(snap),
        }

    def get_attrs(self, doc_id: str) -> dict[str, Any] | None:
        snap = self._snap
        loc = snapshots.locate(snap, doc_id)
        return None if loc is None else snap.segments[loc[0]].attrs(loc[1])

    def search(
        self,
        query: str,
        *,
        k: int = 10,
        filters: Mapping[str, Any] | None = None,
        context: SearchContext | None = None,
        explain: bool = True,
    ) -> list[Hit]:
        """Rank documents for ``query``.  Raises :class:`QueryError` for empty/huge queries or bad filters."""
        if not isinstance(query, str):
            raise QueryError("query must be text")
        if len(query) > MAX_QUERY_CHARS:
            raise QueryError(f"query is longer than {MAX_QUERY_CHARS} characters")
        if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= 1000:
            raise QueryError("k must be an integer from 1 to 1000")
        clean_filters = validate_filters(filters)
        text = normalize_text(query)
        if not text:
            raise QueryError("query is empty")
        if self.auto_refresh:
            self.refresh()
        snap = self._snap
        vocabulary = self.vocabulary
        tokens = self.tokenizer.tokens(text, normalized=True)
        english = translate(text, lambda w: self._df(snap, w)) if _LATIN.search(text) else []
        if english:  # English words in the query: their Chinese words from CC-CEDICT are searched too
            text = f"{text} {' '.join(english)}"
            tokens += self.tokenizer.tokens(" ".join(english), normalized=True)
        self._count_query(snap, tokens)
        qterms = query_terms(snap, tokens, vocabulary.ids, self.config.max_query_terms)
        expanded: set[str] = set()
        if self.config.abbrev_terms > 0:
            qterms, expanded = self._abbreviations.widen(
                [t for t in tokens if not t.startswith(BIGRAM_PREFIX)],
                qterms,
                ids=vocabulary.ids,
                terms=vocabulary.terms,
                size=snap.vocab_size,
                df=lambda i: int(snap.df[i]),
                n_docs=snap.n_docs,
                limit=self.config.abbrev_terms,
                weight=self.config.abbrev_weight,
            )
        related: QueryTerms = []
        if self.config.expand_terms > 0:
            related = self._expansions(snap, text, {t for t, _, _ in qterms}, expanded)
        return self._ranker.rank(
            snap,
            vocabulary.terms,
            text=text,
            qterms=qterms + related,
            related=frozenset(t for t, _, _ in related),
            k=k,
            filters=clean_filters,
            context=context or SearchContext(),
            explain=explain,
        )

    def search_document(
        self,
        doc: Document | Mapping[str, Any],
        *,
        k: int = 10,
        filters: Mapping[str, Any] | None = None,
        context: SearchContext | None = None,
        explain: bool = True,
    ) -> list[Hit]:
        """Rank documents against another document (e.g. achievements for a demand)."""
        if not isinstance(doc, Document):
            doc = Document.from_dict(doc)
        parts = [doc.title or "", " ".join(doc.keywords), doc.abstract or ""]
        query = "\n".join(p for p in parts if p)[:MAX_QUERY_CHARS]
        if context is None:
            context = SearchContext(industry=doc.industry, region=doc.region)
        return self.search(query, k=k, filters=filters, context=context, explain=explain)

    def _expansions(self, snap: Snapshot, text: str, found: set[int], expanded: set[str]) -> QueryTerms:
        """Query terms standing in for the CJK runs of ``text`` of which no word or bigram is indexed
        (:mod:`.expand`); each run's words share ``expand_weight``.  A run holding a word that was
        searched through its full forms (``expanded``) is not a run the index does not know."""
        cfg = self.config
        ids = self.vocabulary.ids
        out: QueryTerms = []
        for run in cjk_runs(text):
            tokens = self.tokenizer.tokens(run, normalized=True) if len(run) >= 2 else []
            if not tokens or any(ids.get(t) in found or t in expanded for t in tokens):
                continue  # a run of function characters only (的是), or one the index knows
            words = self._expander.expand(
                run,
                terms=self.vocabulary.terms,
                size=snap.vocab_size,
                df=lambda tid: int(snap.df[tid]),
                limit=cfg.expand_terms,
            )
            extra = query_terms(snap, words, ids, cfg.expand_terms)
            out += [(tid, cfg.expand_weight / len(extra), idf) for tid, _, idf in extra if tid not in found]
        return out

    def _df(self, snap: Snapshot, word: str) -> int:
        tid = self.vocabulary.ids.get(word)
        return int(snap.df[tid]) if tid is not None and tid < len(snap.df) else 0

    # -- public write API ----------------------------------------------------------------------------
    def add(self, docs: Iterable[Document | Mapping[str, Any]]) -> int:
        """Add or replace documents (same id = update).  Returns how many were indexed."""
        batch: dict[str, Document] = {}
        for d in docs:
            doc = d if isinstance(d, Document) else Document.from_dict(d)
            batch[doc.id] = doc
        if not batch:
            return 0
        with self._write():
            snap = self._snap
            present = [i for i in batch if snapshots.locate(snap, i) is not None]
            snap = snapshots.without(snap, present)
            new_words = self.tokenizer.add_words(w for d in batch.values() for w in d.keywords)
            segment, new_terms = self._build_segment(snap, list(batch.values()))
            snap = snapshots.with_segment(snap, segment, len(self.vocabulary))
            mass, oov = space.oov_mass(snap.lsa, segment.load_tf())
            was = snap.drift
            snap = replace(
                snap,
                drift=replace(
                    was,
                    added=was.added + len(batch) - len(present),
                    updated=was.updated + len(present),
                    new_mass=was.new_mass + mass,
                    new_oov_mass=was.new_oov_mass + oov,
                ),
            )
            if snap.lsa is None or (
                snap.drift.trained_docs < self.semantic_policy.inline_max_docs and self._due(snap)
            ):
                snap = self._retrain(snap)
            if len(snap.segments) > self.config.max_segments:
                snap = snapshots.merge(snap, n_terms=len(self.vocabulary), config=self.config)
            self._commit(snap, new_terms=new_terms, domain_changed=bool(new_words))
        return len(batch)

    def delete(self, ids: Iterable[str]) -> int:
        """Remove documents; unknown ids are ignored.  Returns how many were removed."""
        with self._write():
            snap = self._snap
            present = [i for i in dict.fromkeys(ids) if snapshots.locate(snap, i) is not None]
            if not present:
                return 0
            snap = snapshots.without(snap, present)
            snap = replace(snap, drift=replace(snap.drift, removed=snap.drift.removed + len(present)))
            self._commit(snap)
        return len(present)

    def optimize(self) -> bool:
        """Merge every segment into one and drop deleted rows.  Returns False when there was nothing to do."""
        with self._write():
            if len(self._snap.segments) > 1 or any(not s.alive.all() for s in self._snap.segments):
                n_terms = len(self.vocabulary)
                self._commit(
                    snapshots.merge(self._snap, n_terms=n_terms, config=self.config, everything=True)
                )
                return True
        return False

    def retrain_semantic(self) -> bool:
        """Relearn the LSA space from the current documents and re-project every document.

        The expensive part (training and projecting) runs *outside* the write lock on a snapshot, so
        searches and other writers carry on meanwhile; the new space is then swapped in under the lock,
        projecting only the documents written in between.  Returns False when nothing was committed
        (corpus too small, or another process relearnt the space meanwhile).
        """
        with self._write():
            base = self._snap
            n_terms = base.vocab_size
            tfs = space.segment_matrices(base, n_terms)
        if not base.segments:
            return False
        trained = self._train_space(base, tfs, n_terms)
        if trained is None:
            return False
        lsa, baseline = trained
        embs = space.projections(lsa, tfs, self.embedder)
        with self._write():
            snap = self._snap
            if snap.drift.trained_generation != base.drift.trained_generation:
                return False  # another process relearnt the space from a newer corpus meanwhile
            drift = space.drift_after_training(snap, base, baseline)
            self._commit(space.apply(snap, lsa, embs, drift, self.embedder))
        return True

    def maintain(self, *, force_retrain: bool = False, optimize: bool = True) -> dict[str, Any]:
        """Scheduled upkeep: relearn the semantic space when it is due (or ``force_retrain``) and merge
        the segments.  Only one process maintains an index at a time; a second caller returns at once
        with ``skipped``.  Returns what was done, with the drift before and after."""
        started = time.monotonic()
        report: dict[str, Any] = {"retrained": False, "optimized": False, "skipped": False}
        with self._maintenance_lock() as acquired:
            if not acquired:
                report["skipped"] = True
                return report
            self.refresh()
            before = self.semantic_status()
            report["before"] = before
            report["segments_before"] = len(self._snap.segments)
            reason = "forced" if force_retrain else before["due"]
            report["reason"] = reason
            if reason:
                report["retrained"] = self.retrain_semantic()
            if optimize:
                report["optimized"] = self.optimize()
            report["segments_after"] = len(self._snap.segments)
            report["after"] = self.semantic_status()
            report["documents"] = len(self)
        report["seconds"] = round(time.monotonic() - started, 3)
        return report

    def record_feedback(
        self,
        *,
        doc_id: str,
        useful: bool,
        query: str,
        reason: str = "",
        context_key: str | None = None,
    ) -> FeedbackEvent:
        """Store a user's judgement of one suggestion; later rankings for similar queries change."""
        snap = self._snap
        loc = snapshots.locate(snap, doc_id)
        if loc is None:
            raise QueryError(f"unknown document: {doc_id!r}")
        text = normalize_text(query)
        tokens = self.tokenizer.tokens(text, normalized=True) if text else []
        qterms = query_terms(snap, tokens, self.vocabulary.ids, self.config.max_query_terms) if text else []
        qvec = query_vector(snap, qterms)
        event = FeedbackEvent(
            doc_id=doc_id,
            useful=bool(useful),
            reason=reason,
            context_key=context_key or "",
            qvec=[round(float(x), 5) for x in qvec] if qvec is not None else [],
            attrs=snap.segments[loc[0]].attrs(loc[1]),
            ts=time.time(),
        )
        with self._write():
            self.feedback_store.append(event)
        return event

    def refresh(self) -> bool:
        """Reload if another process committed a newer generation.  Returns True when it reloaded."""
        store = self._store
        if store is None:
            return False
        st = store.manifest_stat()
        if st is None or store.unchanged(st):
            return False
        with self._lock:
            if store.is_stale(self._snap.generation):
                self._load()
                return True
            store.remember(st)
        return False

    # -- internals ------------------------------------------------------------------------------------
    @staticmethod
    def _locate(snap: Snapshot, doc_id: str) -> tuple[int, int] | None:
        return snapshots.locate(snap, doc_id)

    def _build_segment(self, snap: Snapshot, docs: list[Document]) -> tuple[Segment, list[str]]:
        """A new segment of ``docs`` and the terms it added to the vocabulary."""
        first_new = len(self.vocabulary)
        tf = analyze(docs, tokenizer=self.tokenizer, vocabulary=self.vocabulary, workers=self.workers)
        dl = np.asarray(tf.sum(axis=1)).ravel().astype(np.float32)
        total_len = snap.avgdl * snap.n_docs + float(dl.sum())
        avgdl = total_len / max(snap.n_docs + len(docs), 1)
        emb = snap.lsa.project(tf) if snap.lsa is not None else None
        if self.embedder is not None:
            emb = self.embedder.embed([doc_text(d) for d in docs])
        seg = assemble(
            generation=snap.generation,
            ids=[d.id for d in docs],
            tf=tf,
            dl=dl,
            postings=postings(tf, dl, avgdl, k1=self.config.k1, b=self.config.b),
            emb=emb,
            attrs_docs=docs,
        )
        return seg, self.vocabulary.terms[first_new:]

    def _retrain(self, snap: Snapshot) -> Snapshot:
        """Relearn the space inline (under the write lock): small indexes and the first training."""
        if not snap.segments:
            return snap
        n_terms = len(self.vocabulary)
        tfs = space.segment_matrices(snap, n_terms)
        trained = self._train_space(snap, tfs, n_terms)
        if trained is None:
            return snap
        lsa, baseline = trained
        embs = space.projections(lsa, tfs, self.embedder)
        return space.apply(snap, lsa, embs, space.fresh_drift(snap, baseline), self.embedder)

    def _train_space(
        self, snap: Snapshot, tfs: Mapping[str, sp.csr_matrix], n_terms: int
    ) -> tuple[LsaModel, float] | None:
        return space.train(snap, tfs, n_terms, config=self.config, terms=self.vocabulary.terms)

    def _due(self, snap: Snapshot) -> str | None:
        return space.due(snap, self.semantic_policy)

    def _count_query(self, snap: Snapshot, tokens: list[str]) -> None:
        words = set(tokens)
        counts = self._query_counts
        counts[0] += 1
        if not words or snap.lsa is None:
            return
        ids = self.vocabulary.ids
        term_ids = np.fromiter((ids.get(t, -1) for t in words), dtype=np.int64, count=len(words))
        inside = space.in_space(snap.lsa, term_ids)
        counts[1] += len(words)
        counts[2] += int(len(words) - inside.sum())

    @contextlib.contextmanager
    def _write(self) -> Iterator[None]:
        """Serialise writers (threads, and processes through the store's lock); reload first when another
        process committed meanwhile."""
        with self._lock:
            store = self._store
            if store is None:
                yield
                return
            with store.write_lock():
                if store.has_manifest() and store.is_stale(self._snap.generation):
                    self._load()
                self.feedback_store.reload()
                yield

    @contextlib.contextmanager
    def _maintenance_lock(self) -> Iterator[bool]:
        if self._store is None:
            yield True
            return
        with self._store.maintenance_lock() as acquired:
            yield acquired

    def _commit(
        self, snap: Snapshot, *, new_terms: list[str] | tuple[()] = (), domain_changed: bool = False
    ) -> None:
        store = self._store
        if store is None:
            self._snap = snap
            return
        manifest, prev = store.commit(
            snap,
            held_lsa=self._snap.lsa,
            vocabulary=self.vocabulary,
            tokenizer=self.tokenizer,
            config=self.config,
            new_terms=new_terms,
            domain_changed=domain_changed,
        )
        self._snap = snap
        store.gc(manifest, prev)

    def _load(self) -> None:
        assert self._store is not None
        for attempt in range(5):
            try:
                self._snap = self._store.load(
                    self._snap, vocabulary=self.vocabulary, tokenizer=self.tokenizer
                )
                self.feedback_store.reload()
                return
            except (FileNotFoundError, KeyError, ValueError) as exc:  # a writer replaced files under us
                if attempt == 4:
                    raise IndexCorruptError(f"cannot load index at {self.path}: {exc}") from exc
                time.sleep(0.05 * (attempt + 1))


def build_index(
    docs: Iterable[Document | Mapping[str, Any]],
    path: str | Path | None = None,
    **kwargs: Any,
) -> MatchingIndex:
    """Bulk-build a fresh index (one segment, LSA trained on it)."""
    index = MatchingIndex(path, **kwargs)
    index.add(docs)
    return index


__all__ = [
    "DocumentError",
    "Explanation",
    "Feature",
    "Hit",
    "MatchingIndex",
    "RankingConfig",
    "SearchContext",
    "SemanticDrift",
    "SemanticPolicy",
    "build_index",
    "l2_normalize_rows",
]
