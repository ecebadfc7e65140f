"""Upkeep of the semantic (LSA) space: learning it from the live documents, swapping it in, and
measuring how far the corpus drifted from it since."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import replace

import numpy as np
import scipy.sparse as sp

from kechuang.matching.config import RankingConfig, SemanticDrift, SemanticPolicy
from kechuang.matching.semantic import LsaModel, TextEmbedder
from kechuang.matching.snapshot import Snapshot, padded
from kechuang.matching.tokenize import BIGRAM_PREFIX


def in_space(lsa: LsaModel, term_ids: np.ndarray) -> np.ndarray:
    """Which global term ids have a vector in the LSA space."""
    if not len(lsa.term_ids):
        return np.zeros(len(term_ids), dtype=bool)
    pos = np.minimum(np.searchsorted(lsa.term_ids, term_ids), len(lsa.term_ids) - 1)
    return lsa.term_ids[pos] == term_ids


def oov_mass(lsa: LsaModel | None, tf: sp.csr_matrix) -> tuple[float, float]:
    """(term mass of ``tf``, part of it outside the space); with no space yet everything is outside."""
    mass = float(tf.data.sum())
    if lsa is None:
        return mass, mass
    inside = in_space(lsa, tf.indices.astype(np.int64))
    return mass, float(tf.data[~inside].sum())


def due(snap: Snapshot, policy: SemanticPolicy) -> str | None:
    """Why the space should be (re)learnt now, or None."""
    if snap.lsa is None:
        return "untrained" if snap.live_docs >= 20 else None
    return snap.drift.due(policy)


def segment_matrices(snap: Snapshot, n_terms: int) -> dict[str, sp.csr_matrix]:
    """Each segment's full term-count matrix, with ``n_terms`` columns."""
    return {seg.name: padded(seg.load_tf(), n_terms) for seg in snap.segments}


def train(
    snap: Snapshot, tfs: Mapping[str, sp.csr_matrix], n_terms: int, *, config: RankingConfig, terms: list[str]
) -> tuple[LsaModel, float] | None:
    """Learn an LSA space from the live rows of ``snap`` (``tfs``: each segment's full matrix); returns it
    with the baseline share of term mass outside it, or None (corpus too small)."""
    live = [tfs[seg.name][np.flatnonzero(seg.alive)] for seg in snap.segments]
    alltf = sp.vstack(live, format="csr") if live else sp.csr_matrix((0, n_terms), dtype=np.float32)
    allowed = None
    if not config.lsa_bigrams:
        allowed = np.fromiter((not t.startswith(BIGRAM_PREFIX) for t in terms[:n_terms]), dtype=bool)
    lsa = LsaModel.train(alltf, dim=config.lsa_dim, sample=config.lsa_sample, allowed=allowed)
    if lsa is None:
        return None
    # The baseline is a leave-one-out estimate of what a *new* document of the same corpus brings
    # from outside the space: a word in only one or two training documents would not have made it
    # into the space without that document (``min_df`` = 2).
    mass = float(alltf.data.sum())
    df = np.bincount(alltf.indices, minlength=n_terms)
    outside = ~in_space(lsa, alltf.indices.astype(np.int64)) | (df[alltf.indices] <= 2)
    return lsa, (float(alltf.data[outside].sum()) / mass if mass > 0 else 0.0)


def projections(
    lsa: LsaModel, tfs: Mapping[str, sp.csr_matrix], embedder: TextEmbedder | None
) -> dict[str, np.ndarray]:
    """Each segment's rows in the new space (none with an external embedder: its vectors stay)."""
    return {name: lsa.project(tf) for name, tf in tfs.items()} if embedder is None else {}


def apply(
    snap: Snapshot,
    lsa: LsaModel,
    embs: Mapping[str, np.ndarray],
    drift: SemanticDrift,
    embedder: TextEmbedder | None,
) -> Snapshot:
    """``snap`` with the new space: every segment re-projected (``embs`` has those already done)."""
    segs = []
    for seg in snap.segments:
        if embedder is None:
            emb = embs.get(seg.name)
            if emb is None or len(emb) != seg.n:
                emb = lsa.project(seg.load_tf())
            seg = replace(seg, emb=emb, dirty_emb=True)
        segs.append(seg)
    return replace(snap, generation=snap.generation + 1, segments=tuple(segs), lsa=lsa, drift=drift)


def fresh_drift(snap: Snapshot, baseline: float) -> SemanticDrift:
    """The drift of a space learnt inline from ``snap``: nothing changed since."""
    return SemanticDrift(
        trained_generation=snap.generation + 1,
        trained_docs=snap.live_docs,
        trained_at=time.time(),
        baseline_oov=baseline,
    )


def drift_after_training(snap: Snapshot, base: Snapshot, baseline: float) -> SemanticDrift:
    """The drift of a space learnt from ``base`` and swapped in at ``snap``: what was written meanwhile
    is not in the space yet and stays counted."""
    d, b = snap.drift, base.drift
    return SemanticDrift(
        trained_generation=snap.generation + 1,
        trained_docs=base.live_docs,
        trained_at=time.time(),
        baseline_oov=baseline,
        added=max(d.added - b.added, 0),
        updated=max(d.updated - b.updated, 0),
        removed=max(d.removed - b.removed, 0),
        new_mass=max(d.new_mass - b.new_mass, 0.0),
        new_oov_mass=max(d.new_oov_mass - b.new_oov_mass, 0.0),
    )
