"""Ranking one query against a snapshot, in named steps:

1. :func:`lexical_scores` — fielded BM25 over words and ``~``-bigrams, from the postings;
2. :meth:`Ranker._semantic` — cosine similarity in the LSA space for the best lexical candidates, with
   pseudo-relevance feedback (the query moves towards the centroid of the best hits);
3. :meth:`Ranker._blend` and :meth:`Ranker._candidates` — the two blended, the best candidates kept;
4. :meth:`Ranker._rerank` — candidates moved by the structured context and by recorded feedback;
5. :meth:`Ranker._hits` — the top ``k`` with their explanations.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from kechuang.matching.config import RankingConfig
from kechuang.matching.explain import context_features, shared_terms
from kechuang.matching.feedback import FeedbackStore
from kechuang.matching.fields import FieldModel, candidate_fields, neighbourhood, vote
from kechuang.matching.fields import train as train_fields
from kechuang.matching.results import Explanation, Feature, Hit, SearchContext
from kechuang.matching.segments import Segment
from kechuang.matching.semantic import TextEmbedder
from kechuang.matching.snapshot import Snapshot
from kechuang.matching.tokenize import BIGRAM_PREFIX

QueryTerms = list[tuple[int, float, float]]  # (term id, query tf, idf)


def query_terms(snap: Snapshot, tokens: list[str], ids: dict[str, int], max_terms: int) -> QueryTerms:
    """(term id, query tf, idf) for known terms, capped at ``max_terms`` by weight."""
    counts = Counter(tokens)
    n = max(snap.n_docs, 1)
    out = []
    for t, c in counts.items():
        tid = ids.get(t)
        if tid is None or tid >= snap.vocab_size:
            continue
        df = float(snap.df[tid]) if tid < len(snap.df) else 0.0
        if df <= 0:
            continue
        idf = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
        out.append((tid, float(c), idf))
    if len(out) > max_terms:
        out.sort(key=lambda x: -x[2] * (1 + math.log(x[1])))
        out = out[:max_terms]
    return out


def query_vector(snap: Snapshot, qterms: QueryTerms) -> np.ndarray | None:
    if snap.lsa is None or not qterms:
        return None
    return snap.lsa.project_terms([t for t, _, _ in qterms], [c for _, c, _ in qterms])


def lexical_scores(segs: tuple[Segment, ...], qw: list[tuple[int, float]]) -> np.ndarray:
    """Every row's BM25 score (rows of all segments, in order), summed from the query terms' postings."""
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
            lex: np.ndarray = np.bincount(np.concatenate(idx_parts), np.concatenate(w_parts), minlength=seg.n)
        else:
            lex = np.zeros(seg.n)
        lex_parts.append(lex.astype(np.float32, copy=False))
    return np.concatenate(lex_parts)


def top_indices(scores: np.ndarray, n: int) -> np.ndarray:
    n = min(n, len(scores))
    if n <= 0:
        return np.zeros(0, dtype=np.int64)
    idx = np.argpartition(-scores, n - 1)[:n] if n < len(scores) else np.arange(len(scores))
    return idx[np.argsort(-scores[idx], kind="stable")]


def gather_emb(segs: tuple[Segment, ...], offsets: np.ndarray, pool: np.ndarray | None) -> np.ndarray:
    """The embeddings of the rows ``pool`` (sorted global row numbers), or of every row."""
    if pool is None:
        return np.concatenate([seg.emb for seg in segs]) if len(segs) > 1 else segs[0].emb  # type: ignore[return-value]
    parts = []
    for si, seg in enumerate(segs):
        lo, hi = np.searchsorted(pool, [offsets[si], offsets[si + 1]])
        if hi > lo:
            parts.append(seg.emb[pool[lo:hi] - offsets[si]])  # type: ignore[index]
    dim = int(segs[0].emb.shape[1])  # type: ignore[union-attr]
    return np.concatenate(parts) if parts else np.zeros((0, dim), dtype=np.float32)


@dataclass
class _Scores:
    """One query's scores over every row of the snapshot (rows of all segments, in order)."""

    segs: tuple[Segment, ...]
    offsets: np.ndarray  # first row of each segment
    mask: np.ndarray  # alive and passing the filters
    lex: np.ndarray  # BM25, zero outside the mask
    lex_norm: np.ndarray  # BM25 ÷ the best, raised to ``lex_power``
    max_lex: float
    sem: np.ndarray | None = None  # cosine in the semantic space (-1 for rows not scored)


class Ranker:
    """Ranks documents of a snapshot; holds what stays the same from query to query."""

    def __init__(
        self,
        config: RankingConfig,
        embedder: TextEmbedder | None,
        feedback: FeedbackStore,
        is_word: Callable[[str], bool] | None = None,
    ) -> None:
        self.config = config
        self.is_word = is_word
        self.embedder = embedder
        self.feedback = feedback
        self._fields: tuple[tuple[Segment, ...], FieldModel | None] | None = None

    def field_model(self, segs: tuple[Segment, ...]) -> FieldModel | None:
        """The field model of these segments (learnt once per snapshot, on its first query)."""
        cached = self._fields
        if cached is not None and cached[0] is segs:
            return cached[1]
        model = train_fields(segs)
        self._fields = (segs, model)
        return model

    def _field_boost(
        self, s: _Scores, total: np.ndarray, cand: np.ndarray, seg_of: np.ndarray, rows: np.ndarray
    ) -> tuple[np.ndarray, list[str | None]]:
        """Each candidate's boost for sitting in the query's field, and the field it sits in (or None)."""
        cfg = self.config
        none: list[str | None] = [None] * len(cand)
        if cfg.field_weight <= 0:
            return np.zeros(len(cand), dtype=np.float32), none
        model = self.field_model(s.segs)
        if model is None:
            return np.zeros(len(cand), dtype=np.float32), none
        emb = np.stack([s.segs[i].emb[r] for i, r in zip(seg_of, rows, strict=True)])  # type: ignore[index]
        labels, predicted = candidate_fields(model, cand, emb)
        p = vote(labels, predicted, total[cand], cfg.field_docs, len(model.labels))
        if cfg.field_mix > 0:
            p = (1 - cfg.field_mix) * p + cfg.field_mix * neighbourhood(
                model, emb, total[cand], cfg.field_docs
            )
        boost = (cfg.field_weight * p[labels] * np.where(predicted, cfg.field_predicted, 1.0)).astype(
            np.float32
        )
        best = float(p.max()) if len(p) else 0.0
        shown = [model.labels[lab] if p[lab] >= 0.5 * best and p[lab] > 0 else None for lab in labels]
        return boost, shown

    def rank(
        self,
        snap: Snapshot,
        terms: list[str],
        *,
        text: str,
        qterms: QueryTerms,
        k: int,
        filters: dict[str, Any],
        context: SearchContext,
        explain: bool,
        related: frozenset[int] = frozenset(),
    ) -> list[Hit]:
        """``related``: the ids of ``qterms`` that stand in for query words found nowhere (shown apart)."""
        if not snap.segments:
            return []
        bigram = self.config.bigram_weight
        qw = [
            (tid, c * idf * (bigram if terms[tid].startswith(BIGRAM_PREFIX) else 1.0))
            for tid, c, idf in qterms
        ]
        scores = self._lexical(snap.segments, qw, filters)
        qvec = query_vector(snap, qterms)
        scores.sem = self._semantic(scores, qvec, text)
        total = self._blend(scores)
        cand = self._candidates(scores, total, k)
        if not len(cand):
            return []
        return self._hits(
            scores,
            total,
            cand,
            qw,
            terms,
            qvec=qvec,
            k=k,
            context=context,
            explain=explain,
            text=text,
            related=related,
        )

    def _lexical(
        self, segs: tuple[Segment, ...], qw: list[tuple[int, float]], filters: dict[str, Any]
    ) -> _Scores:
        lex = lexical_scores(segs, qw)
        mask = np.concatenate(
            [seg.alive & seg.filter_mask(filters) if filters else seg.alive for seg in segs]
        )
        offsets = np.cumsum([0] + [seg.n for seg in segs])
        lex = np.where(mask, lex, 0.0).astype(np.float32)
        max_lex = float(lex.max()) if len(lex) else 0.0
        lex_norm: np.ndarray = lex / max_lex if max_lex > 0 else lex
        if self.config.lex_power != 1.0:
            # a convex transform keeps a clear lexical winner (the exact item) on top while the rest of
            # the list is ordered more by topic
            lex_norm = lex_norm**self.config.lex_power
        return _Scores(segs, offsets, mask, lex, lex_norm, max_lex)

    def _semantic(self, s: _Scores, qvec: np.ndarray | None, text: str) -> np.ndarray | None:
        cfg = self.config
        if all(seg.emb is not None for seg in s.segs):
            if self.embedder is not None:
                qe = self.embedder.embed([text])[0]
                return np.concatenate([seg.emb @ qe for seg in s.segs])  # type: ignore[operator]
            if qvec is not None:
                # Semantic scores are computed for a pool of the best lexical candidates only (two-stage
                # retrieval): at 100k documents a full pass would cost a 100k × dim product per PRF round.
                n_total = len(s.lex)
                pool = None
                if cfg.semantic_pool and n_total > cfg.semantic_pool and s.max_lex > 0:
                    pool = np.sort(top_indices(np.where(s.mask, s.lex, -np.inf), cfg.semantic_pool))
                    pool = pool[s.lex[pool] > 0]
                sem_pool = self._prf(s, qvec, pool)
                if pool is None:
                    return sem_pool
                sem = np.full(n_total, -1.0, dtype=np.float32)
                sem[pool] = sem_pool
                return sem
        return None

    def _prf(self, s: _Scores, q0: np.ndarray, pool: np.ndarray | None) -> np.ndarray:
        """Pseudo-relevance feedback: move the query towards the centroid of the best hits, then (second
        round) towards the centroid of the best blended hits; returns the pool's similarities."""
        cfg = self.config
        emb_pool = gather_emb(s.segs, s.offsets, pool)
        qvec = q0
        sem_pool = None
        seed_pool = s.lex if pool is None else s.lex[pool]
        lex_norm_pool = s.lex_norm if pool is None else s.lex_norm[pool]
        for _ in range(max(cfg.prf_rounds, 1) if cfg.prf_docs > 0 and s.max_lex > 0 else 0):
            top = top_indices(seed_pool, cfg.prf_docs)
            top = top[np.isfinite(seed_pool[top]) & (seed_pool[top] > -np.inf)]
            if not len(top):
                break
            qvec = q0 + cfg.prf_weight * emb_pool[top].mean(axis=0)
            qvec = qvec / (np.linalg.norm(qvec) or 1.0)
            sem_pool = emb_pool @ qvec
            seed_pool = lex_norm_pool + cfg.semantic_weight * sem_pool
            if pool is None:
                seed_pool = np.where(s.mask, seed_pool, -np.inf)
        if sem_pool is None:
            sem_pool = emb_pool @ qvec
        return sem_pool

    def _blend(self, s: _Scores) -> np.ndarray:
        cfg = self.config
        total = s.lex_norm.copy()
        if s.sem is not None:
            sem = s.sem
            if cfg.semantic_z:
                live = sem[s.mask]
                mu, sd = (float(live.mean()), float(live.std())) if len(live) else (0.0, 1.0)
                sem = (sem - mu) / (sd or 1.0) * 0.1
                s.sem = sem
            total += cfg.semantic_weight * sem
        if not s.mask.all():
            total[~s.mask] = -np.inf
        return total

    def _candidates(self, s: _Scores, total: np.ndarray, k: int) -> np.ndarray:
        """The best rows to re-rank; a row with no shared term must be clearly close in meaning."""
        cfg = self.config
        n_cand = min(max(cfg.candidates, k), int(s.mask.sum()))
        if n_cand <= 0:
            return np.zeros(0, dtype=np.int64)
        cand = top_indices(total, n_cand)
        cand = cand[np.isfinite(total[cand])]
        if s.sem is not None:
            return cand[(s.lex[cand] > 0) | (s.sem[cand] >= cfg.min_semantic)]
        return cand[s.lex[cand] > 0]

    def _hits(
        self,
        s: _Scores,
        total: np.ndarray,
        cand: np.ndarray,
        qw: list[tuple[int, float]],
        terms: list[str],
        *,
        qvec: np.ndarray | None,
        k: int,
        context: SearchContext,
        explain: bool,
        text: str = "",
        related: frozenset[int] = frozenset(),
    ) -> list[Hit]:
        """Re-rank the candidates with the structured context and recorded feedback; the top ``k``."""
        cfg = self.config
        seg_of = np.searchsorted(s.offsets, cand, side="right") - 1
        rows = cand - s.offsets[seg_of]
        attrs = [s.segs[i].attrs(int(r)) for i, r in zip(seg_of, rows, strict=True)]
        ids = [s.segs[i].ids[int(r)] for i, r in zip(seg_of, rows, strict=True)]
        adjust = np.zeros(len(cand), dtype=np.float32)
        ctx_feats: list[list[Feature]] = [[] for _ in cand]
        for j, a in enumerate(attrs):
            for feat in context_features(a, context, cfg):
                adjust[j] += feat.score
                ctx_feats[j].append(feat)
        field_boost, field_of = self._field_boost(s, total, cand, seg_of, rows)
        adjust += field_boost
        for j, name in enumerate(field_of):
            if name is not None:
                ctx_feats[j].insert(0, Feature("field", round(float(field_boost[j]), 4), name))
        fb = self.feedback.adjustments(
            ids,
            attrs,
            qvec=qvec,
            context_key=context.feedback_key or "",
            # relative to the spread of the candidates' scores as boosted so far (text, context, field), so
            # feedback matters at any score scale and is not drowned by the field boost
            weight=cfg.feedback_weight
            * max(float((total[cand] + adjust).max() - (total[cand] + adjust).min()), 0.1),
        )
        for j, (score, detail) in enumerate(fb):
            if score:
                adjust[j] += score
                ctx_feats[j].append(Feature("feedback", round(score, 4), detail))
        final = total[cand] + adjust
        hits = []
        for j in np.argsort(-final, kind="stable")[:k]:
            hit = Hit(id=ids[j], score=round(float(final[j]), 6), attrs=attrs[j])
            if explain:
                gi = int(cand[j])
                feats = []
                seg, row = s.segs[int(seg_of[j])], int(rows[j])
                own = [(t, w) for t, w in qw if t not in related]
                shared = shared_terms(seg, row, own, terms, text=text, is_word=self.is_word)
                if shared or s.lex_norm[gi] > 0:
                    feats.append(Feature("terms", round(float(s.lex_norm[gi]), 4), shared))
                near = (
                    shared_terms(seg, row, [(t, w) for t, w in qw if t in related], terms) if related else []
                )
                if near:  # words of the same kind as a query word no document holds (锡矿 → 铁矿)
                    feats.append(Feature("related", 0.0, near))
                if s.sem is not None:
                    sem = float(s.sem[gi])
                    feats.append(
                        Feature("semantic", round(float(cfg.semantic_weight * s.sem[gi]), 4), round(sem, 3))
                    )
                feats.extend(ctx_feats[j])
                hit.explanation = Explanation(feats)
            hits.append(hit)
        return hits
