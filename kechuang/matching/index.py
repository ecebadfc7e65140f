"""The matching index: fielded BM25 + LSA semantic blend, filters, explanations, feedback, persistence.

Design (Lucene-like, small):

* The index is a list of immutable **segments**.  Adding documents writes a new segment; deleting marks
  rows dead in a per-generation bitmap; updating is delete + add.  When there are more than
  ``max_segments`` segments the small ones are merged.  Nothing is ever re-tokenised.
* Every change is **committed** by writing the new segment files, appending new terms to ``vocab.txt``
  and atomically replacing ``manifest.json``.  A restart loads the manifest — no re-indexing.
* **Readers** work on an immutable snapshot that is swapped atomically, so searches running in other
  threads during a write see either the old or the new index, never half of it.  Writers are serialised
  by a thread lock and, across processes, by ``flock`` on ``write.lock``; a process whose snapshot is
  older than the manifest on disk reloads before it writes (and, with ``auto_refresh``, before it reads).
* Scoring: BM25 over field-weighted term frequencies (title > keywords > abstract > organization,
  industry), words and ``~``-bigrams; plus cosine similarity in the LSA space with pseudo-relevance
  feedback (the query vector is moved towards the centroid of the best lexical hits).  The best
  candidates are re-ranked with the structured context (same industry, region, maturity) and with
  recorded feedback.  Every hit carries the breakdown as :class:`Explanation`.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import math
import multiprocessing
import os
import shutil
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from kechuang.matching.documents import TEXT_FIELDS, Document
from kechuang.matching.errors import DocumentError, IndexCorruptError, QueryError
from kechuang.matching.feedback import FeedbackEvent, FeedbackStore
from kechuang.matching.filters import industry_matches, validate_filters, value_matches
from kechuang.matching.normalize import normalize_text
from kechuang.matching.semantic import LsaModel, TextEmbedder, l2_normalize_rows
from kechuang.matching.tokenize import BIGRAM_PREFIX, Tokenizer, display_term

FORMAT_VERSION = 1
_FRESH_SECONDS = 1.0  # a manifest younger than this is checked by content, not by its file signature
GC_GRACE_SECONDS = 60.0  # files no manifest refers to any more are removed once this old
MAX_QUERY_CHARS = 20_000
CATEGORICAL = ("industry", "region", "maturity", "org_kind", "kind")


@dataclass(frozen=True)
class RankingConfig:
    """Ranking parameters.  Defaults were chosen once on the shared CSL file (global knobs only)."""

    k1: float = 1.2
    b: float = 0.75
    bigram_weight: float = 0.6
    semantic_weight: float = 0.7
    prf_docs: int = 5
    prf_weight: float = 3.0
    prf_rounds: int = 2
    semantic_z: bool = False
    lex_power: float = 3.0
    min_semantic: float = 0.35
    semantic_pool: int = 5000
    candidates: int = 200
    max_query_terms: int = 96
    lsa_dim: int = 256
    lsa_sample: int = 20_000
    lsa_bigrams: bool = True
    context_industry: float = 0.10
    context_region: float = 0.05
    context_trl: float = 0.06
    feedback_weight: float = 1.0
    max_segments: int = 8


@dataclass(frozen=True)
class SemanticPolicy:
    """When the LSA space is relearnt.  Not a ranking parameter: a fresh build ranks the same either way.

    New documents are folded into the space they find; once enough of the corpus changed, or the new
    documents bring words the space has never seen, the space no longer follows the corpus and is *due*.
    While the space was learnt on fewer than ``inline_max_docs`` documents, :meth:`MatchingIndex.add`
    retrains at once (cheap); a bigger index only reports that it is due and :meth:`MatchingIndex.maintain`
    (a scheduled job) retrains it without blocking readers or writers for the training itself.
    """

    max_change_ratio: float = 0.2  # documents added/updated/removed since training ÷ documents trained on
    max_oov_increase: float = 0.1  # new documents' share of term mass outside the space, above the baseline
    min_changes: int = 20  # never due before this many documents changed
    inline_max_docs: int = 2000


@dataclass(frozen=True)
class SemanticDrift:
    """How far the corpus moved since the LSA space was learnt (persisted in the manifest)."""

    trained_generation: int = 0
    trained_docs: int = 0  # live documents when the space was learnt
    trained_at: float = 0.0
    baseline_oov: float = 0.0  # share of the training corpus' term mass outside the space
    added: int = 0
    updated: int = 0
    removed: int = 0
    new_mass: float = 0.0  # term mass of documents indexed since training
    new_oov_mass: float = 0.0  # ... of which outside the space

    @property
    def changes(self) -> int:
        return self.added + self.updated + self.removed

    @property
    def change_ratio(self) -> float:
        return self.changes / max(self.trained_docs, 1)

    @property
    def oov_share(self) -> float:
        return self.new_oov_mass / self.new_mass if self.new_mass > 0 else 0.0

    def due(self, policy: SemanticPolicy) -> str | None:
        """Why the space should be relearnt now, or None."""
        if self.changes < policy.min_changes:
            return None
        if self.change_ratio >= policy.max_change_ratio:
            return "changes"
        if self.added + self.updated and self.oov_share >= self.baseline_oov + policy.max_oov_increase:
            return "vocabulary"
        return None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> SemanticDrift | None:
        if not data:
            return None
        names = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True)
class SearchContext:
    """Who is asking: used to favour (never filter) same-industry, same-region, mature-enough items."""

    industry: str | None = None
    region: str | None = None
    min_trl: int | None = None
    feedback_key: str | None = None


@dataclass
class Feature:
    """One line of an explanation: ``key`` is stable (the UI translates it), ``score`` its contribution."""

    key: str
    score: float
    detail: Any = None


@dataclass
class Explanation:
    features: list[Feature] = field(default_factory=list)

    def as_dict(self) -> list[dict[str, Any]]:
        return [asdict(f) for f in self.features]

    def get(self, key: str) -> Feature | None:
        return next((f for f in self.features if f.key == key), None)


@dataclass
class Hit:
    id: str
    score: float
    attrs: dict[str, Any]
    explanation: Explanation | None = None


# ------------------------------------------------------------------------------------------------------
# Segments
# ------------------------------------------------------------------------------------------------------


@dataclass
class Segment:
    """An immutable block of documents (``alive`` is replaced, never mutated, on delete)."""

    name: str
    ids: list[str]
    tf: sp.csr_matrix | None  # doc × term weighted counts (None: on disk only)
    dl: np.ndarray
    p_indptr: np.ndarray  # term-major postings
    p_docs: np.ndarray
    p_w: np.ndarray
    emb: np.ndarray | None
    cat_codes: dict[str, np.ndarray]
    cat_values: dict[str, list[str]]
    trl: np.ndarray
    modes: np.ndarray  # int64 bit mask over mode_values
    mode_values: list[str]
    alive: np.ndarray
    path: Path | None = None
    emb_file: str | None = None  # on-disk file of ``emb`` (it changes when the LSA space is retrained)
    del_file: str | None = None  # on-disk deletion bitmap of ``alive``
    dirty_emb: bool = False
    dirty_del: bool = False
    id_index: dict[str, int] | None = field(default=None, repr=False)
    _mask_cache: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def n_terms(self) -> int:
        return len(self.p_indptr) - 1

    def attrs(self, row: int) -> dict[str, Any]:
        out: dict[str, Any] = {k: self.cat_values[k][self.cat_codes[k][row]] for k in CATEGORICAL}
        out["trl"] = int(self.trl[row])
        bits = int(self.modes[row])
        out["transfer_modes"] = [m for i, m in enumerate(self.mode_values) if bits >> i & 1]
        return out

    def load_tf(self) -> sp.csr_matrix:
        if self.tf is not None:
            return self.tf
        assert self.path is not None
        with np.load(self.path / "tf.npz") as z:
            return sp.csr_matrix((z["data"], z["indices"], z["indptr"]), shape=(self.n, int(z["n_terms"])))

    def filter_mask(self, filters: dict[str, Any]) -> np.ndarray:
        key = json.dumps(filters, sort_keys=True)
        cached = self._mask_cache.get(key)
        if cached is not None:
            return cached
        mask = np.ones(self.n, dtype=bool)
        for name, wanted in filters.items():
            if name in CATEGORICAL:
                ok = [i for i, v in enumerate(self.cat_values[name]) if value_matches(name, v, wanted)]
                mask &= np.isin(self.cat_codes[name], np.asarray(ok, dtype=np.int32))
            elif name == "trl_min":
                mask &= self.trl >= wanted
            elif name == "trl_max":
                mask &= (self.trl <= wanted) & (self.trl > 0)
            elif name == "transfer_mode":
                bits = 0
                for i, m in enumerate(self.mode_values):
                    if m in wanted:
                        bits |= 1 << i
                mask &= (self.modes & bits) != 0
            elif name == "exclude_ids":
                excluded = set(wanted)
                mask &= np.fromiter((i not in excluded for i in self.ids), dtype=bool, count=self.n)
        if len(self._mask_cache) > 64:
            self._mask_cache.clear()
        self._mask_cache[key] = mask
        return mask


def _encode_attrs(docs: Sequence[Document]) -> tuple[dict, dict, np.ndarray, np.ndarray, list[str]]:
    cat_codes: dict[str, np.ndarray] = {}
    cat_values: dict[str, list[str]] = {}
    for name in CATEGORICAL:
        values: dict[str, int] = {"": 0}
        codes = np.empty(len(docs), dtype=np.int32)
        for i, d in enumerate(docs):
            v = getattr(d, name) or ""
            if name == "industry":
                v = v.upper()
            codes[i] = values.setdefault(v, len(values))
        cat_codes[name] = codes
        cat_values[name] = list(values)
    trl = np.asarray([d.trl or 0 for d in docs], dtype=np.int8)
    mode_index: dict[str, int] = {}
    modes = np.zeros(len(docs), dtype=np.int64)
    for i, d in enumerate(docs):
        for m in d.transfer_modes:
            j = mode_index.setdefault(m, len(mode_index))
            if j < 62:
                modes[i] |= 1 << j
    return cat_codes, cat_values, trl, modes, list(mode_index)


# ------------------------------------------------------------------------------------------------------
# Analysis (tokenisation → term counts), optionally in worker processes
# ------------------------------------------------------------------------------------------------------

_WORKER_TOKENIZER: Tokenizer | None = None


def _analyze_chunk(docs: Sequence[Document]) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Tokenise documents into a doc × local-term CSR (as arrays) plus the local vocabulary."""
    tok = _WORKER_TOKENIZER
    assert tok is not None
    local: dict[str, int] = {}
    get = local.get
    indptr = [0]
    cols_all: list[int] = []
    data_all: list[float] = []
    for doc in docs:
        counts: dict[int, float] = {}
        cget = counts.get
        for fname, fw in TEXT_FIELDS.items():
            text = doc.text_of(fname)
            if not text:
                continue
            toks = tok.tokens(text)
            if fname == "keywords":
                toks.extend(w for w in (normalize_text(k).replace(" ", "") for k in doc.keywords) if w)
            for t, c in Counter(toks).items():
                lid = get(t)
                if lid is None:
                    lid = local[t] = len(local)
                counts[lid] = cget(lid, 0.0) + fw * c
        cols_all.extend(counts.keys())
        data_all.extend(counts.values())
        indptr.append(len(cols_all))
    return (
        list(local),
        np.asarray(indptr, dtype=np.int64),
        np.asarray(cols_all, dtype=np.int32),
        np.asarray(data_all, dtype=np.float32),
    )


# ------------------------------------------------------------------------------------------------------
# Snapshot: what a reader sees
# ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Snapshot:
    generation: int
    segments: tuple[Segment, ...]
    df: np.ndarray
    n_docs: int
    avgdl: float
    lsa: LsaModel | None
    vocab_size: int
    drift: SemanticDrift = SemanticDrift()

    @property
    def live_docs(self) -> int:
        return int(sum(int(s.alive.sum()) for s in self.segments))


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
        self.tokenizer = Tokenizer(segmenter=segmenter)
        self.workers = workers if workers is not None else min(2, os.cpu_count() or 1)
        self.embedder = embedder
        self.auto_refresh = auto_refresh
        self.vocab: dict[str, int] = {}
        self.terms: list[str] = []
        self._lock = threading.RLock()
        self._snap = _Snapshot(0, (), np.zeros(0, np.int32), 0, 1.0, None, 0)
        self._manifest_sig: tuple[int, int, int] | None = None  # (inode, mtime ns, size) of what we loaded
        # this process' queries: how many, how many distinct query words, how many outside the LSA space
        self._query_counts = [0, 0, 0]
        self._lsa_file: str | None = None  # the manifest's LSA file that ``_snap.lsa`` was read from
        self._index_id: str | None = None  # the manifest's ``index_id``: another id means a new index
        # (n, byte offset): ``terms[:n]`` are the first n lines of vocab.txt, which end at that offset
        self._vocab_state: tuple[int, int] | None = None
        self.feedback_store = FeedbackStore(self.path / "feedback.jsonl" if self.path else None)
        if self.path is not None:
            self.path.mkdir(parents=True, exist_ok=True)
            if (self.path / "manifest.json").exists():
                self._load()

    # -- public read API -----------------------------------------------------------------------------
    def __len__(self) -> int:
        return self._snap.live_docs

    def __contains__(self, doc_id: object) -> bool:
        return self._locate(self._snap, str(doc_id)) is not None

    @property
    def generation(self) -> int:
        return self._snap.generation

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
        loc = self._locate(snap, doc_id)
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
        tokens = self.tokenizer.tokens(text, normalized=True)
        self._count_query(snap, tokens)
        qterms = self._query_terms(snap, tokens)
        return self._rank(snap, text, qterms, k, clean_filters, context or SearchContext(), explain)

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
            present = [i for i in batch if self._locate(snap, i) is not None]
            snap = self._without(snap, present)
            new_words = self.tokenizer.add_words(w for d in batch.values() for w in d.keywords)
            segment, new_terms = self._build_segment(snap, list(batch.values()))
            snap = self._with_segment(snap, segment)
            mass, oov = _oov_mass(snap.lsa, segment.load_tf())
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
                snap = self._merge(snap)
            self._commit(snap, new_terms=new_terms, domain_changed=bool(new_words))
        return len(batch)

    def delete(self, ids: Iterable[str]) -> int:
        """Remove documents; unknown ids are ignored.  Returns how many were removed."""
        with self._write():
            snap = self._snap
            present = [i for i in dict.fromkeys(ids) if self._locate(snap, i) is not None]
            if not present:
                return 0
            snap = self._without(snap, present)
            snap = replace(snap, drift=replace(snap.drift, removed=snap.drift.removed + len(present)))
            self._commit(snap)
        return len(present)

    def optimize(self) -> bool:
        """Merge every segment into one and drop deleted rows.  Returns False when there was nothing to do."""
        with self._write():
            if len(self._snap.segments) > 1 or any(not s.alive.all() for s in self._snap.segments):
                self._commit(self._merge(self._snap, everything=True))
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
            tfs = {seg.name: _pad(seg.load_tf(), n_terms) for seg in base.segments}
        if not base.segments:
            return False
        trained = self._train_space(base, tfs, n_terms)
        if trained is None:
            return False
        lsa, baseline = trained
        embs = {name: lsa.project(tf) for name, tf in tfs.items()} if self.embedder is None else {}
        with self._write():
            snap = self._snap
            if snap.drift.trained_generation != base.drift.trained_generation:
                return False  # another process relearnt the space from a newer corpus meanwhile
            d, b = snap.drift, base.drift
            drift = SemanticDrift(
                trained_generation=snap.generation + 1,
                trained_docs=base.live_docs,
                trained_at=time.time(),
                baseline_oov=baseline,
                # what changed while the space was being learnt is not in it yet
                added=max(d.added - b.added, 0),
                updated=max(d.updated - b.updated, 0),
                removed=max(d.removed - b.removed, 0),
                new_mass=max(d.new_mass - b.new_mass, 0.0),
                new_oov_mass=max(d.new_oov_mass - b.new_oov_mass, 0.0),
            )
            self._commit(self._apply_space(snap, lsa, embs, drift))
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

    @contextlib.contextmanager
    def _maintenance_lock(self) -> Iterator[bool]:
        if self.path is None:
            yield True
            return
        with open(self.path / "maintain.lock", "a+") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

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
        loc = self._locate(snap, doc_id)
        if loc is None:
            raise QueryError(f"unknown document: {doc_id!r}")
        text = normalize_text(query)
        qterms = self._query_terms(snap, self.tokenizer.tokens(text, normalized=True)) if text else []
        qvec = self._query_vector(snap, qterms)
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
        if self.path is None:
            return False
        try:
            st = (self.path / "manifest.json").stat()
        except FileNotFoundError:
            return False
        # File times are as coarse as the kernel's clock tick (milliseconds): two commits within one tick
        # can leave the same mtime, and a freed inode number can be reused.  So an unchanged signature
        # is only trusted once the file is older than that; a fresh manifest is read (it is small).
        if _signature(st) == self._manifest_sig and time.time() - st.st_mtime > _FRESH_SECONDS:
            return False
        with self._lock:
            manifest = self._read_manifest()
            if manifest["generation"] != self._snap.generation or manifest.get("index_id") != self._index_id:
                self._load()
                return True
            if time.time() - st.st_mtime > _FRESH_SECONDS:
                self._manifest_sig = _signature(st)
        return False

    # -- ranking --------------------------------------------------------------------------------------
    def _query_terms(self, snap: _Snapshot, tokens: list[str]) -> list[tuple[int, float, float]]:
        """(term id, query tf, idf) for known terms, capped at ``max_query_terms`` by weight."""
        counts = Counter(tokens)
        n = max(snap.n_docs, 1)
        out = []
        for t, c in counts.items():
            tid = self.vocab.get(t)
            if tid is None or tid >= snap.vocab_size:
                continue
            df = float(snap.df[tid]) if tid < len(snap.df) else 0.0
            if df <= 0:
                continue
            idf = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
            out.append((tid, float(c), idf))
        if len(out) > self.config.max_query_terms:
            out.sort(key=lambda x: -x[2] * (1 + math.log(x[1])))
            out = out[: self.config.max_query_terms]
        return out

    def _query_vector(self, snap: _Snapshot, qterms: list[tuple[int, float, float]]) -> np.ndarray | None:
        if snap.lsa is None or not qterms:
            return None
        return snap.lsa.project_terms([t for t, _, _ in qterms], [c for _, c, _ in qterms])

    def _term_weight(self, tid: int) -> float:
        return self.config.bigram_weight if self.terms[tid].startswith(BIGRAM_PREFIX) else 1.0

    def _rank(
        self,
        snap: _Snapshot,
        text: str,
        qterms: list[tuple[int, float, float]],
        k: int,
        filters: dict[str, Any],
        context: SearchContext,
        explain: bool,
    ) -> list[Hit]:
        cfg = self.config
        segs = snap.segments
        if not segs:
            return []
        qw = [(tid, c * idf * self._term_weight(tid)) for tid, c, idf in qterms]
        lex_parts = []
        for seg in segs:
            idx_parts, w_parts = [], []
            for tid, w in qw:
                if tid < seg.n_terms:
                    s, e = seg.p_indptr[tid], seg.p_indptr[tid + 1]
                    if e > s:
                        idx_parts.append(seg.p_docs[s:e])
                        w_parts.append(seg.p_w[s:e] * np.float32(w))
            if idx_parts:
                lex: np.ndarray = np.bincount(
                    np.concatenate(idx_parts), np.concatenate(w_parts), minlength=seg.n
                )
            else:
                lex = np.zeros(seg.n)
            lex_parts.append(lex.astype(np.float32, copy=False))
        lex = np.concatenate(lex_parts)
        mask = np.concatenate(
            [seg.alive & seg.filter_mask(filters) if filters else seg.alive for seg in segs]
        )
        offsets = np.cumsum([0] + [seg.n for seg in segs])
        lex = np.where(mask, lex, 0.0).astype(np.float32)
        max_lex = float(lex.max()) if len(lex) else 0.0
        lex_norm: np.ndarray = lex / max_lex if max_lex > 0 else lex
        if cfg.lex_power != 1.0:
            # a convex transform keeps a clear lexical winner (the exact item) on top while the rest of
            # the list is ordered more by topic
            lex_norm = lex_norm**cfg.lex_power

        qvec = self._query_vector(snap, qterms)
        have_emb = qvec is not None and all(seg.emb is not None for seg in segs)
        sem = None
        if have_emb and self.embedder is None:
            assert qvec is not None
            # Semantic scores are computed for a pool of the best lexical candidates only (two-stage
            # retrieval): at 100k documents a full pass would cost a 100k × dim product per PRF round.
            n_total = len(lex)
            if cfg.semantic_pool and n_total > cfg.semantic_pool and max_lex > 0:
                pool = np.sort(_top_indices(np.where(mask, lex, -np.inf), cfg.semantic_pool))
                pool = pool[lex[pool] > 0]
            else:
                pool = None
            emb_pool = self._gather_emb(segs, offsets, pool)
            q0 = qvec
            sem_pool = None
            seed_pool = lex if pool is None else lex[pool]
            lex_norm_pool = lex_norm if pool is None else lex_norm[pool]
            # pseudo-relevance feedback: move the query towards the centroid of the best hits, then
            # (second round) towards the centroid of the best blended hits
            for _ in range(max(cfg.prf_rounds, 1) if cfg.prf_docs > 0 and max_lex > 0 else 0):
                top = _top_indices(seed_pool, cfg.prf_docs)
                top = top[np.isfinite(seed_pool[top]) & (seed_pool[top] > -np.inf)]
                if not len(top):
                    break
                qvec = q0 + cfg.prf_weight * emb_pool[top].mean(axis=0)
                qvec = qvec / (np.linalg.norm(qvec) or 1.0)
                sem_pool = emb_pool @ qvec
                seed_pool = lex_norm_pool + cfg.semantic_weight * sem_pool
                if pool is None:
                    seed_pool = np.where(mask, seed_pool, -np.inf)
            if sem_pool is None:
                sem_pool = emb_pool @ qvec
            if pool is None:
                sem = sem_pool
            else:
                sem = np.full(n_total, -1.0, dtype=np.float32)
                sem[pool] = sem_pool
        elif self.embedder is not None and all(seg.emb is not None for seg in segs):
            qe = self.embedder.embed([text])[0]
            sem = np.concatenate([seg.emb @ qe for seg in segs])  # type: ignore[operator]
        total = lex_norm.copy()
        if sem is not None:
            if cfg.semantic_z:
                live = sem[mask]
                mu, sd = (float(live.mean()), float(live.std())) if len(live) else (0.0, 1.0)
                sem = (sem - mu) / (sd or 1.0) * 0.1
            total += cfg.semantic_weight * sem
        if not mask.all():
            total[~mask] = -np.inf
        n_cand = min(max(cfg.candidates, k), int(mask.sum()))
        if n_cand <= 0:
            return []
        cand = _top_indices(total, n_cand)
        cand = cand[np.isfinite(total[cand])]
        if sem is not None:
            # a document with no shared term must be clearly close in meaning to be suggested at all
            cand = cand[(lex[cand] > 0) | (sem[cand] >= cfg.min_semantic)]
        else:
            cand = cand[lex[cand] > 0]
        if not len(cand):
            return []

        # re-rank candidates with structured context and feedback
        seg_of = np.searchsorted(offsets, cand, side="right") - 1
        rows = cand - offsets[seg_of]
        attrs = [segs[s].attrs(int(r)) for s, r in zip(seg_of, rows, strict=True)]
        ids = [segs[s].ids[int(r)] for s, r in zip(seg_of, rows, strict=True)]
        adjust = np.zeros(len(cand), dtype=np.float32)
        ctx_feats: list[list[Feature]] = [[] for _ in cand]
        for j, a in enumerate(attrs):
            for feat in self._context_features(a, context):
                adjust[j] += feat.score
                ctx_feats[j].append(feat)
        fb = self.feedback_store.adjustments(
            ids,
            attrs,
            qvec=self._query_vector(snap, qterms),
            context_key=context.feedback_key or "",
            # relative to the spread of the candidates' scores, so feedback matters at any score scale
            weight=cfg.feedback_weight * max(float(total[cand].max() - total[cand].min()), 0.1),
        )
        for j, (score, detail) in enumerate(fb):
            if score:
                adjust[j] += score
                ctx_feats[j].append(Feature("feedback", round(score, 4), detail))
        final = total[cand] + adjust
        order = np.argsort(-final, kind="stable")[:k]
        hits = []
        for j in order:
            gi = int(cand[j])
            s, r = int(seg_of[j]), int(rows[j])
            hit = Hit(id=ids[j], score=round(float(final[j]), 6), attrs=attrs[j])
            if explain:
                feats = []
                shared = self._shared_terms(segs[s], r, qw)
                if shared:
                    feats.append(Feature("terms", round(float(lex_norm[gi]), 4), shared))
                if sem is not None:
                    feats.append(
                        Feature(
                            "semantic",
                            round(float(cfg.semantic_weight * sem[gi]), 4),
                            round(float(sem[gi]), 3),
                        )
                    )
                feats.extend(ctx_feats[j])
                hit.explanation = Explanation(feats)
            hits.append(hit)
        return hits

    @staticmethod
    def _gather_emb(segs: tuple[Segment, ...], offsets: np.ndarray, pool: np.ndarray | None) -> np.ndarray:
        if pool is None:
            return np.concatenate([seg.emb for seg in segs]) if len(segs) > 1 else segs[0].emb  # type: ignore[return-value]
        parts = []
        for si, seg in enumerate(segs):
            lo, hi = np.searchsorted(pool, [offsets[si], offsets[si + 1]])
            if hi > lo:
                parts.append(seg.emb[pool[lo:hi] - offsets[si]])  # type: ignore[index]
        dim = int(segs[0].emb.shape[1])  # type: ignore[union-attr]
        return np.concatenate(parts) if parts else np.zeros((0, dim), dtype=np.float32)

    @staticmethod
    def _emb_row(segs: tuple[Segment, ...], offsets: np.ndarray, gi: int) -> np.ndarray:
        s = int(np.searchsorted(offsets, gi, side="right") - 1)
        return segs[s].emb[gi - offsets[s]]  # type: ignore[index]

    def _shared_terms(self, seg: Segment, row: int, qw: list[tuple[int, float]]) -> list[str]:
        contrib: list[tuple[float, str]] = []
        for tid, w in qw:
            if tid >= seg.n_terms:
                continue
            s, e = seg.p_indptr[tid], seg.p_indptr[tid + 1]
            docs = seg.p_docs[s:e]
            pos = int(np.searchsorted(docs, row))
            if pos < len(docs) and docs[pos] == row:
                contrib.append((float(seg.p_w[s + pos]) * w, self.terms[tid]))
        contrib.sort(reverse=True)
        words = [t for _, t in contrib if not t.startswith(BIGRAM_PREFIX)]
        out = list(dict.fromkeys(words))
        for _, t in contrib:
            d = display_term(t)
            if t.startswith(BIGRAM_PREFIX) and not any(d in w for w in out):
                out.append(d)
        return out[:8]

    def _context_features(self, attrs: dict[str, Any], ctx: SearchContext) -> Iterator[Feature]:
        cfg = self.config
        if ctx.industry and attrs["industry"]:
            wanted = ctx.industry.upper()
            if industry_matches(attrs["industry"], wanted[:3]) or industry_matches(
                wanted, attrs["industry"][:3]
            ):
                yield Feature("industry", cfg.context_industry, attrs["industry"])
        if ctx.region and attrs["region"]:
            if attrs["region"][:4] == ctx.region[:4]:
                yield Feature("region", cfg.context_region, attrs["region"])
            elif attrs["region"][:2] == ctx.region[:2]:
                yield Feature("region", cfg.context_region / 2, attrs["region"])
        if ctx.min_trl and attrs["trl"]:
            if attrs["trl"] >= ctx.min_trl:
                yield Feature("maturity", cfg.context_trl, attrs["trl"])
            else:
                yield Feature("maturity", -cfg.context_trl * (ctx.min_trl - attrs["trl"]), attrs["trl"])
        elif attrs["trl"]:
            yield Feature("maturity", 0.0, attrs["trl"])

    # -- building ---------------------------------------------------------------------------------------
    def _analyze(self, docs: list[Document]) -> sp.csr_matrix:
        """Tokenise docs into a doc × global-term CSR, growing the vocabulary."""
        global _WORKER_TOKENIZER
        _WORKER_TOKENIZER = self.tokenizer
        workers = self.workers if len(docs) >= 4000 else 1
        if workers > 1:
            size = max(500, math.ceil(len(docs) / (workers * 4)))
            chunks = [docs[i : i + size] for i in range(0, len(docs), size)]
            ctx = multiprocessing.get_context("fork")
            with ctx.Pool(workers) as pool:
                results = pool.map(_analyze_chunk, chunks, chunksize=1)
        else:
            results = [_analyze_chunk(docs)]
        mats = []
        for local_terms, indptr, cols, data in results:
            mapping = np.empty(len(local_terms), dtype=np.int32)
            vocab, terms = self.vocab, self.terms
            for i, t in enumerate(local_terms):
                tid = vocab.get(t)
                if tid is None:
                    tid = vocab[t] = len(terms)
                    terms.append(t)
                mapping[i] = tid
            mats.append((indptr, mapping[cols] if len(cols) else cols, data))
        n_terms = len(self.terms)
        out = [sp.csr_matrix((d, c, p), shape=(len(p) - 1, n_terms)) for p, c, d in mats]
        tf = sp.vstack(out, format="csr") if len(out) > 1 else out[0]
        tf.sort_indices()
        return tf

    def _postings(self, tf: sp.csr_matrix, dl: np.ndarray, avgdl: float) -> tuple[np.ndarray, ...]:
        k1, b = self.config.k1, self.config.b
        norm = (k1 * (1 - b + b * dl / max(avgdl, 1e-6))).astype(np.float32)
        rows = np.repeat(np.arange(tf.shape[0], dtype=np.int32), np.diff(tf.indptr))
        w = tf.data * np.float32(k1 + 1) / (tf.data + norm[rows])
        wm = sp.csr_matrix((w.astype(np.float32), tf.indices, tf.indptr), shape=tf.shape)
        tm = wm.T.tocsr()
        tm.sort_indices()
        return tm.indptr.astype(np.int64), tm.indices.astype(np.int32), tm.data.astype(np.float32)

    def _build_segment(self, snap: _Snapshot, docs: list[Document]) -> tuple[Segment, list[str]]:
        first_new = len(self.terms)
        tf = self._analyze(docs)
        dl = np.asarray(tf.sum(axis=1)).ravel().astype(np.float32)
        total_len = snap.avgdl * snap.n_docs + float(dl.sum())
        avgdl = total_len / max(snap.n_docs + len(docs), 1)
        p_indptr, p_docs, p_w = self._postings(tf, dl, avgdl)
        emb = snap.lsa.project(tf) if snap.lsa is not None else None
        if self.embedder is not None:
            emb = self.embedder.embed([_doc_text(d) for d in docs])
        cat_codes, cat_values, trl, modes, mode_values = _encode_attrs(docs)
        seg = Segment(
            name=f"seg-{snap.generation + 1:06d}-{uuid.uuid4().hex[:6]}",
            ids=[d.id for d in docs],
            tf=tf,
            dl=dl,
            p_indptr=p_indptr,
            p_docs=p_docs,
            p_w=p_w,
            emb=emb,
            cat_codes=cat_codes,
            cat_values=cat_values,
            trl=trl,
            modes=modes,
            mode_values=mode_values,
            alive=np.ones(len(docs), dtype=bool),
        )
        return seg, self.terms[first_new:]

    def _with_segment(self, snap: _Snapshot, seg: Segment) -> _Snapshot:
        seg_df = np.diff(seg.p_indptr).astype(np.int32)
        df = np.zeros(len(self.terms), dtype=np.int32)
        df[: len(snap.df)] += snap.df
        df[: len(seg_df)] += seg_df
        n_docs = snap.n_docs + seg.n
        avgdl = (snap.avgdl * snap.n_docs + float(seg.dl.sum())) / max(n_docs, 1)
        return replace(
            snap,
            generation=snap.generation + 1,
            segments=(*snap.segments, seg),
            df=df,
            n_docs=n_docs,
            avgdl=avgdl,
            vocab_size=len(self.terms),
        )

    def _without(self, snap: _Snapshot, ids: Sequence[str]) -> _Snapshot:
        if not ids:
            return snap
        wanted = set(ids)
        segs = []
        for seg in snap.segments:
            hit = [i for i, x in enumerate(seg.ids) if x in wanted] if wanted else []
            if hit:
                alive = seg.alive.copy()
                alive[hit] = False
                seg = replace(seg, alive=alive, dirty_del=True, _mask_cache={})
            segs.append(seg)
        return replace(snap, generation=snap.generation + 1, segments=tuple(segs))

    def _merge(self, snap: _Snapshot, *, everything: bool = False) -> _Snapshot:
        segs = list(snap.segments)
        if not segs:
            return snap
        if everything:
            chosen = list(range(len(segs)))
        else:
            largest = max(range(len(segs)), key=lambda i: segs[i].n)
            chosen = [i for i in range(len(segs)) if i != largest]
        if len(chosen) < 1 or (len(chosen) == 1 and segs[chosen[0]].alive.all()):
            return snap
        tfs: list[sp.csr_matrix] = []
        ids: list[str] = []
        embs: list[np.ndarray] = []
        attrs_docs: list[Document] = []
        for i in chosen:
            seg = segs[i]
            keep = np.flatnonzero(seg.alive)
            tf = seg.load_tf()[keep]
            tf = sp.csr_matrix((tf.data, tf.indices, tf.indptr), shape=(len(keep), len(self.terms)))
            tfs.append(tf)
            ids.extend(seg.ids[j] for j in keep)
            if seg.emb is not None:
                embs.append(seg.emb[keep])
            for j in keep:
                a = seg.attrs(int(j))
                attrs_docs.append(
                    Document(
                        id=seg.ids[j],
                        industry=a["industry"] or None,
                        region=a["region"] or None,
                        maturity=a["maturity"] or None,
                        trl=a["trl"] or None,
                        transfer_modes=tuple(a["transfer_modes"]),
                        org_kind=a["org_kind"] or None,
                        kind=a["kind"] or None,
                    )
                )
        tf = sp.vstack(tfs, format="csr") if tfs else sp.csr_matrix((0, len(self.terms)), dtype=np.float32)
        tf.sort_indices()
        dl = np.asarray(tf.sum(axis=1)).ravel().astype(np.float32)
        p_indptr, p_docs, p_w = self._postings(tf, dl, snap.avgdl)
        cat_codes, cat_values, trl, modes, mode_values = _encode_attrs(attrs_docs)
        emb = np.concatenate(embs) if embs and len(embs) == len(chosen) else None
        merged = Segment(
            name=f"seg-{snap.generation + 1:06d}-{uuid.uuid4().hex[:6]}",
            ids=ids,
            tf=tf,
            dl=dl,
            p_indptr=p_indptr,
            p_docs=p_docs,
            p_w=p_w,
            emb=emb if emb is not None else (snap.lsa.project(tf) if snap.lsa else None),
            cat_codes=cat_codes,
            cat_values=cat_values,
            trl=trl,
            modes=modes,
            mode_values=mode_values,
            alive=np.ones(len(ids), dtype=bool),
        )
        rest = [s for i, s in enumerate(segs) if i not in chosen]
        new_segs = (*rest, merged) if merged.n else tuple(rest)
        df = np.zeros(len(self.terms), dtype=np.int32)
        n_docs, total = 0, 0.0
        for s in new_segs:
            d = np.diff(s.p_indptr).astype(np.int32)
            df[: len(d)] += d
            n_docs += s.n
            total += float(s.dl.sum())
        return replace(
            snap,
            generation=snap.generation + 1,
            segments=new_segs,
            df=df,
            n_docs=n_docs,
            avgdl=total / max(n_docs, 1),
            vocab_size=len(self.terms),
        )

    def _retrain(self, snap: _Snapshot) -> _Snapshot:
        """Relearn the space inline (under the write lock): small indexes and the first training."""
        if not snap.segments:
            return snap
        n_terms = len(self.terms)
        tfs = {seg.name: _pad(seg.load_tf(), n_terms) for seg in snap.segments}
        trained = self._train_space(snap, tfs, n_terms)
        if trained is None:
            return snap
        lsa, baseline = trained
        embs = {name: lsa.project(tf) for name, tf in tfs.items()} if self.embedder is None else {}
        drift = SemanticDrift(
            trained_generation=snap.generation + 1,
            trained_docs=snap.live_docs,
            trained_at=time.time(),
            baseline_oov=baseline,
        )
        return self._apply_space(snap, lsa, embs, drift)

    def _train_space(
        self, snap: _Snapshot, tfs: Mapping[str, sp.csr_matrix], n_terms: int
    ) -> tuple[LsaModel, float] | None:
        """Learn an LSA space from the live rows of ``snap`` (``tfs``: each segment's full matrix)."""
        cfg = self.config
        live = [tfs[seg.name][np.flatnonzero(seg.alive)] for seg in snap.segments]
        alltf = sp.vstack(live, format="csr") if live else sp.csr_matrix((0, n_terms), dtype=np.float32)
        allowed = None
        if not cfg.lsa_bigrams:
            allowed = np.fromiter((not t.startswith(BIGRAM_PREFIX) for t in self.terms[:n_terms]), dtype=bool)
        lsa = LsaModel.train(alltf, dim=cfg.lsa_dim, sample=cfg.lsa_sample, allowed=allowed)
        if lsa is None:
            return None
        # The baseline is a leave-one-out estimate of what a *new* document of the same corpus brings
        # from outside the space: a word in only one or two training documents would not have made it
        # into the space without that document (``min_df`` = 2).
        mass = float(alltf.data.sum())
        df = np.bincount(alltf.indices, minlength=n_terms)
        outside = ~_in_space(lsa, alltf.indices.astype(np.int64)) | (df[alltf.indices] <= 2)
        return lsa, (float(alltf.data[outside].sum()) / mass if mass > 0 else 0.0)

    def _apply_space(
        self, snap: _Snapshot, lsa: LsaModel, embs: Mapping[str, np.ndarray], drift: SemanticDrift
    ) -> _Snapshot:
        """``snap`` with the new space: every segment re-projected (``embs`` has those already done)."""
        segs = []
        for seg in snap.segments:
            if self.embedder is None:
                emb = embs.get(seg.name)
                if emb is None or len(emb) != seg.n:
                    emb = lsa.project(seg.load_tf())
                seg = replace(seg, emb=emb, dirty_emb=True)
            segs.append(seg)
        return replace(snap, generation=snap.generation + 1, segments=tuple(segs), lsa=lsa, drift=drift)

    def _due(self, snap: _Snapshot) -> str | None:
        if snap.lsa is None:
            return "untrained" if snap.live_docs >= 20 else None
        return snap.drift.due(self.semantic_policy)

    def _count_query(self, snap: _Snapshot, tokens: list[str]) -> None:
        words = set(tokens)
        counts = self._query_counts
        counts[0] += 1
        if not words or snap.lsa is None:
            return
        ids = np.fromiter((self.vocab.get(t, -1) for t in words), dtype=np.int64, count=len(words))
        inside = _in_space(snap.lsa, ids)
        counts[1] += len(words)
        counts[2] += int(len(words) - inside.sum())

    # -- persistence ------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _write(self) -> Iterator[None]:
        with self._lock:
            if self.path is None:
                yield
                return
            while True:
                lock_fh = open(self.path / "write.lock", "a+")  # noqa: SIM115 - closed below
                fcntl.flock(lock_fh, fcntl.LOCK_EX)
                # the directory may have been swapped for a rebuilt one while we waited: lock that one
                with contextlib.suppress(FileNotFoundError):
                    if os.stat(self.path / "write.lock").st_ino == os.fstat(lock_fh.fileno()).st_ino:
                        break
                fcntl.flock(lock_fh, fcntl.LOCK_UN)
                lock_fh.close()
            with lock_fh:
                try:
                    if (self.path / "manifest.json").exists():
                        manifest = self._read_manifest()
                        if (
                            manifest["generation"] != self._snap.generation
                            or manifest.get("index_id") != self._index_id
                        ):
                            self._load()
                    self.feedback_store.reload()
                    yield
                finally:
                    fcntl.flock(lock_fh, fcntl.LOCK_UN)

    def _read_manifest(self) -> dict[str, Any]:
        assert self.path is not None
        try:
            return json.loads((self.path / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise IndexCorruptError(f"cannot read index manifest: {exc}") from exc

    def _commit(
        self, snap: _Snapshot, *, new_terms: Sequence[str] = (), domain_changed: bool = False
    ) -> None:
        if self.path is None:
            self._snap = snap
            return
        root = self.path
        prev = self._read_manifest() if (root / "manifest.json").exists() else None
        # vocabulary: append-only file, truncated to the committed size first (a crashed writer may
        # have left extra lines)
        vocab_path = root / "vocab.txt"
        committed = prev["vocab_size"] if prev else 0
        if new_terms or not vocab_path.exists() or committed != snap.vocab_size:
            _truncate_lines(vocab_path, committed)
            with vocab_path.open("a", encoding="utf-8") as fh:
                fh.writelines(t + "\n" for t in self.terms[committed : snap.vocab_size])
                fh.flush()
                os.fsync(fh.fileno())
            self._vocab_state = (snap.vocab_size, vocab_path.stat().st_size)
        elif self._vocab_state is not None and self._vocab_state[0] != snap.vocab_size:
            self._vocab_state = None
        index_id = (prev or {}).get("index_id") or uuid.uuid4().hex
        written: list[Path] = []  # made durable (fsync) before the manifest that refers to them
        seg_entries = []
        for seg in snap.segments:
            seg_dir = root / seg.name
            if not seg_dir.exists():
                _write_segment(seg, seg_dir)
                seg.path = seg_dir
                seg.emb_file = "emb.npy" if seg.emb is not None else None
                seg.dirty_emb = False
            if seg.dirty_emb and seg.emb is not None:
                seg.emb_file = f"emb-{snap.generation:06d}.npy"
                np.save(seg_dir / seg.emb_file, seg.emb)
                written.append(seg_dir / seg.emb_file)
                seg.dirty_emb = False
            if seg.dirty_del or (seg.del_file is None and not seg.alive.all()):
                seg.del_file = f"del-{snap.generation:06d}.npy"
                np.save(seg_dir / seg.del_file, ~seg.alive)
                written.append(seg_dir / seg.del_file)
                seg.dirty_del = False
            seg_entries.append({"name": seg.name, "n": seg.n, "emb": seg.emb_file, "deleted": seg.del_file})
        lsa_name = prev.get("lsa") if prev else None
        if snap.lsa is not None and (self._snap.lsa is not snap.lsa or lsa_name is None):
            lsa_name = f"lsa-{snap.generation:06d}.npz"
            snap.lsa.save(root / lsa_name)
            written.append(root / lsa_name)
        self._lsa_file = lsa_name if snap.lsa is not None else None
        self._index_id = index_id
        domain_name = prev.get("domain") if prev else None
        if domain_changed or domain_name is None:
            domain_name = f"domain-{snap.generation:06d}.txt"
            (root / domain_name).write_text("\n".join(sorted(self.tokenizer.domain_words)), encoding="utf-8")
            written.append(root / domain_name)
        manifest = {
            "format": FORMAT_VERSION,
            "generation": snap.generation,
            "vocab_size": snap.vocab_size,
            "n_docs": snap.n_docs,
            "avgdl": snap.avgdl,
            "segments": seg_entries,
            "lsa": lsa_name if snap.lsa is not None else None,
            "domain": domain_name,
            "segmenter": self.tokenizer.segmenter,
            "config": asdict(self.config),
            "semantic": asdict(snap.drift),
            "index_id": index_id,
        }
        for f in written:
            _fsync(f)
        for d in {f.parent for f in written}:
            _fsync(d)
        tmp = root / f"manifest.json.{uuid.uuid4().hex}.tmp"
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump(manifest, fh, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, root / "manifest.json")
        _fsync(root)  # the rename itself
        self._manifest_sig = None  # compare by generation until the file is old enough (see refresh)
        self._snap = snap
        self._gc(manifest, prev)

    def _gc(self, manifest: dict[str, Any], prev: dict[str, Any] | None = None) -> None:
        """Remove files that neither this nor the previous manifest refers to, once they are older than
        ``GC_GRACE_SECONDS``: a reader in another process may still be loading an older generation (on a
        busy machine, while several commits go by).  Runs under the write lock, so a leftover ``.tmp``
        is a crashed writer's and goes too."""
        assert self.path is not None
        keep: set[str | None] = {
            "manifest.json",
            "vocab.txt",
            "write.lock",
            "maintain.lock",
            "feedback.jsonl",
        }
        seg_files: dict[str, set[str | None]] = {}
        for m in (manifest, prev) if prev else (manifest,):
            keep.update((m.get("lsa"), m.get("domain")))
            for e in m["segments"]:
                keep.add(e["name"])
                seg_files.setdefault(e["name"], set()).update((e.get("emb"), e.get("deleted")))
        cutoff = time.time() - GC_GRACE_SECONDS

        def old(p: Path) -> bool:
            try:
                return p.stat().st_mtime < cutoff
            except FileNotFoundError:
                return False

        for p in self.path.iterdir():
            if p.name not in keep:
                if not old(p):
                    continue
                if p.is_dir():
                    shutil.rmtree(p, ignore_errors=True)
                else:
                    p.unlink(missing_ok=True)
            elif p.is_dir() and p.name in seg_files:
                for f in p.iterdir():
                    if f.name.startswith(("emb-", "del-")) and f.name not in seg_files[p.name] and old(f):
                        f.unlink(missing_ok=True)

    def _load(self) -> None:
        assert self.path is not None
        for attempt in range(5):
            try:
                self._load_once()
                return
            except (FileNotFoundError, KeyError, ValueError) as exc:  # a writer replaced files under us
                if attempt == 4:
                    raise IndexCorruptError(f"cannot load index at {self.path}: {exc}") from exc
                time.sleep(0.05 * (attempt + 1))

    def _load_once(self) -> None:
        assert self.path is not None
        root = self.path
        manifest = self._read_manifest()
        if manifest.get("format") != FORMAT_VERSION:
            raise IndexCorruptError(f"unsupported index format {manifest.get('format')!r}")
        vocab_size = int(manifest["vocab_size"])
        # the same index as the one this process holds (not one rebuilt at the same path): what it
        # already read is reused — the vocabulary's start, the segments, the LSA space
        same = manifest.get("index_id") is not None and manifest.get("index_id") == self._index_id
        self._read_vocab(root / "vocab.txt", vocab_size, incremental=same)
        held = {seg.name: seg for seg in self._snap.segments if seg.path is not None} if same else {}
        segs = [_read_segment(root / e["name"], e, held.get(e["name"])) for e in manifest["segments"]]
        old_lsa = self._snap.lsa
        if not manifest.get("lsa"):
            lsa = None
        elif same and manifest["lsa"] == self._lsa_file and old_lsa is not None:
            lsa = old_lsa
        else:
            lsa = LsaModel.load(root / manifest["lsa"])
        domain = (root / manifest["domain"]).read_text(encoding="utf-8").split("\n")
        df = np.zeros(vocab_size, dtype=np.int32)
        for s in segs:
            d = np.diff(s.p_indptr).astype(np.int32)
            df[: len(d)] += d
        self.tokenizer.add_words(w for w in domain if w)
        self._snap = _Snapshot(
            generation=int(manifest["generation"]),
            segments=tuple(segs),
            df=df,
            n_docs=int(manifest["n_docs"]),
            avgdl=float(manifest["avgdl"]),
            lsa=lsa,
            vocab_size=vocab_size,
            drift=SemanticDrift.from_dict(manifest.get("semantic"))
            or SemanticDrift(  # an index written before drift was tracked: count from now on
                trained_generation=int(manifest["generation"]),
                trained_docs=int(sum(int(s.alive.sum()) for s in segs)),
            ),
        )
        self._lsa_file = manifest.get("lsa")
        self._index_id = manifest.get("index_id")
        self._manifest_sig = None
        self.feedback_store.reload()

    def _read_vocab(self, path: Path, size: int, *, incremental: bool) -> None:
        """Make ``terms``/``vocab`` the first ``size`` lines of the vocabulary file.  The file is
        append-only, so when this process already holds its start only the new lines are read (at 100k
        documents the whole file is millions of lines: re-reading it at every commit would dominate)."""
        state = self._vocab_state if incremental else None
        terms, vocab = self.terms, self.vocab  # grown in place: only ever appended to below ``known``
        if state is None or state[0] > size or len(terms) < state[0]:
            state = (0, 0)
            terms, vocab = [], {}  # new objects: threads still ranking on the old ones are not disturbed
        known, offset = state
        with path.open("rb") as fh:
            fh.seek(offset)
            if size - known > 1000:
                parts = fh.read().split(b"\n", size - known)
                raw = [p + b"\n" for p in parts[: size - known]] if len(parts) > size - known else []
            else:
                raw = [fh.readline() for _ in range(size - known)]
        if len(raw) != size - known or (raw and not raw[-1].endswith(b"\n")):
            raise IndexCorruptError("vocabulary file is shorter than the manifest says")
        new = [line[:-1].decode("utf-8") for line in raw]
        for t in terms[known:]:  # this process' terms of a write that was never committed
            if vocab.get(t, -1) >= known:
                del vocab[t]
        del terms[known:]
        for i, t in enumerate(new, start=known):
            vocab[t] = i
        terms.extend(new)
        self.terms, self.vocab = terms, vocab
        self._vocab_state = (size, offset + sum(len(line) for line in raw))

    # -- helpers ----------------------------------------------------------------------------------------
    @staticmethod
    def _locate(snap: _Snapshot, doc_id: str) -> tuple[int, int] | None:
        for si in range(len(snap.segments) - 1, -1, -1):
            seg = snap.segments[si]
            index = seg.id_index
            if index is None:
                index = seg.id_index = {x: i for i, x in enumerate(seg.ids)}
            row = index.get(doc_id)
            if row is not None and seg.alive[row]:
                return si, row
        return None


def _doc_text(d: Document) -> str:
    return "\n".join(x for x in (d.title or "", " ".join(d.keywords), d.abstract or "") if x)


def _top_indices(scores: np.ndarray, n: int) -> np.ndarray:
    n = min(n, len(scores))
    if n <= 0:
        return np.zeros(0, dtype=np.int64)
    idx = np.argpartition(-scores, n - 1)[:n] if n < len(scores) else np.arange(len(scores))
    return idx[np.argsort(-scores[idx], kind="stable")]


def _signature(st: os.stat_result) -> tuple[int, int, int]:
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def _pad(tf: sp.csr_matrix, n_terms: int) -> sp.csr_matrix:
    """The same rows with ``n_terms`` columns (a segment's matrix has the vocabulary of its day)."""
    if tf.shape[1] == n_terms:
        return tf
    return sp.csr_matrix((tf.data, tf.indices, tf.indptr), shape=(tf.shape[0], n_terms))


def _in_space(lsa: LsaModel, term_ids: np.ndarray) -> np.ndarray:
    """Which global term ids have a vector in the LSA space."""
    if not len(lsa.term_ids):
        return np.zeros(len(term_ids), dtype=bool)
    pos = np.minimum(np.searchsorted(lsa.term_ids, term_ids), len(lsa.term_ids) - 1)
    return lsa.term_ids[pos] == term_ids


def _oov_mass(lsa: LsaModel | None, tf: sp.csr_matrix) -> tuple[float, float]:
    """(term mass of ``tf``, part of it outside the space); with no space yet everything is outside."""
    mass = float(tf.data.sum())
    if lsa is None:
        return mass, mass
    inside = _in_space(lsa, tf.indices.astype(np.int64))
    return mass, float(tf.data[~inside].sum())


def _truncate_lines(path: Path, n_lines: int) -> None:
    if not path.exists():
        path.touch()
        return
    with path.open("r+b") as fh:
        pos = 0
        for _ in range(n_lines):
            line = fh.readline()
            if not line:
                break
            pos += len(line)
        fh.truncate(pos)


def _write_segment(seg: Segment, seg_dir: Path) -> None:
    tmp = seg_dir.with_name(seg_dir.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    tf = seg.load_tf()
    np.savez(tmp / "tf.npz", data=tf.data, indices=tf.indices, indptr=tf.indptr, n_terms=tf.shape[1])
    np.savez(tmp / "postings.npz", indptr=seg.p_indptr, docs=seg.p_docs, w=seg.p_w, dl=seg.dl)
    if seg.emb is not None:
        np.save(tmp / "emb.npy", seg.emb)
    meta = {
        "ids": seg.ids,
        "cat_values": seg.cat_values,
        "mode_values": seg.mode_values,
    }
    (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    np.savez(
        tmp / "attrs.npz",
        trl=seg.trl,
        modes=seg.modes,
        **{f"cat_{k}": v for k, v in seg.cat_codes.items()},  # type: ignore[arg-type]
    )
    for f in tmp.iterdir():
        _fsync(f)
    _fsync(tmp)
    os.replace(tmp, seg_dir)
    _fsync(seg_dir.parent)


def _fsync(path: Path) -> None:
    """Make a written file (or a directory's entries) durable: a power cut after the manifest names a
    file must not leave that file incomplete."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _read_segment(seg_dir: Path, entry: Mapping[str, Any], held: Segment | None = None) -> Segment:
    """Load a segment; ``held`` is the same segment already in memory (segments never change on disk,
    only their embedding and deletion files do)."""
    if held is not None and held.n == entry["n"]:
        seg = held
        if entry.get("emb") != held.emb_file:
            emb = np.load(seg_dir / entry["emb"]) if entry.get("emb") else None
            seg = replace(seg, emb=emb, emb_file=entry.get("emb"))
        if entry.get("deleted") != held.del_file:
            alive = (
                ~np.load(seg_dir / entry["deleted"]) if entry.get("deleted") else np.ones(held.n, dtype=bool)
            )
            seg = replace(seg, alive=alive, del_file=entry.get("deleted"), _mask_cache={})
        return seg
    meta = json.loads((seg_dir / "meta.json").read_text(encoding="utf-8"))
    with np.load(seg_dir / "postings.npz") as z:
        p_indptr, p_docs, p_w, dl = z["indptr"], z["docs"], z["w"], z["dl"]
    with np.load(seg_dir / "attrs.npz") as z:
        trl, modes = z["trl"], z["modes"]
        cat_codes = {k: z[f"cat_{k}"] for k in CATEGORICAL}
    emb = np.load(seg_dir / entry["emb"]) if entry.get("emb") else None
    alive = np.ones(len(meta["ids"]), dtype=bool)
    if entry.get("deleted"):
        alive = ~np.load(seg_dir / entry["deleted"])
    seg = Segment(
        name=seg_dir.name,
        ids=meta["ids"],
        tf=None,
        dl=dl,
        p_indptr=p_indptr,
        p_docs=p_docs,
        p_w=p_w,
        emb=emb,
        cat_codes=cat_codes,
        cat_values=meta["cat_values"],
        trl=trl,
        modes=modes,
        mode_values=meta["mode_values"],
        alive=alive,
        path=seg_dir,
        emb_file=entry.get("emb"),
        del_file=entry.get("deleted"),
    )
    return seg


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
    "build_index",
    "l2_normalize_rows",
]
