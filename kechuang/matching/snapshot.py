"""Snapshots: what a reader sees.  A snapshot is immutable; a write makes the next one and swaps it in,
so searches running meanwhile see either the old index or the new one, never half of it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp

from kechuang.matching.analysis import postings
from kechuang.matching.config import RankingConfig, SemanticDrift
from kechuang.matching.segments import Segment, assemble, document_frequencies, live_rows
from kechuang.matching.semantic import LsaModel


@dataclass(frozen=True)
class Snapshot:
    generation: int
    segments: tuple[Segment, ...]
    df: np.ndarray
    n_docs: int
    avgdl: float
    lsa: LsaModel | None
    vocab_size: int
    drift: SemanticDrift = SemanticDrift()  # noqa: RUF009 - frozen: one shared default is safe

    @property
    def live_docs(self) -> int:
        return int(sum(int(s.alive.sum()) for s in self.segments))


EMPTY = Snapshot(0, (), np.zeros(0, np.int32), 0, 1.0, None, 0)


def locate(snap: Snapshot, doc_id: str) -> tuple[int, int] | None:
    """(segment, row) of the live document ``doc_id``, the newest segment first."""
    for si in range(len(snap.segments) - 1, -1, -1):
        seg = snap.segments[si]
        index = seg.id_index
        if index is None:
            index = seg.id_index = {x: i for i, x in enumerate(seg.ids)}
        row = index.get(doc_id)
        if row is not None and seg.alive[row]:
            return si, row
    return None


def with_segment(snap: Snapshot, seg: Segment, n_terms: int) -> Snapshot:
    seg_df = np.diff(seg.p_indptr).astype(np.int32)
    df = np.zeros(n_terms, dtype=np.int32)
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
        vocab_size=n_terms,
    )


def without(snap: Snapshot, ids: Sequence[str]) -> Snapshot:
    """``snap`` with the documents ``ids`` marked dead."""
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


def merge(snap: Snapshot, *, n_terms: int, config: RankingConfig, everything: bool = False) -> Snapshot:
    """``snap`` with its segments merged into one: all of them, or all but the largest; dead rows go."""
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
    tf, ids, embs, attrs_docs = live_rows([segs[i] for i in chosen], n_terms)
    dl = np.asarray(tf.sum(axis=1)).ravel().astype(np.float32)
    emb = np.concatenate(embs) if embs and len(embs) == len(chosen) else None
    merged = assemble(
        generation=snap.generation,
        ids=ids,
        tf=tf,
        dl=dl,
        postings=postings(tf, dl, snap.avgdl, k1=config.k1, b=config.b),
        emb=emb if emb is not None else (snap.lsa.project(tf) if snap.lsa else None),
        attrs_docs=attrs_docs,
    )
    rest = [s for i, s in enumerate(segs) if i not in chosen]
    new_segs = (*rest, merged) if merged.n else tuple(rest)
    n_docs = sum(s.n for s in new_segs)
    total = sum(float(s.dl.sum()) for s in new_segs)
    return replace(
        snap,
        generation=snap.generation + 1,
        segments=new_segs,
        df=document_frequencies(new_segs, n_terms),
        n_docs=n_docs,
        avgdl=total / max(n_docs, 1),
        vocab_size=n_terms,
    )


def padded(tf: sp.csr_matrix, n_terms: int) -> sp.csr_matrix:
    """The same rows with ``n_terms`` columns (a segment's matrix has the vocabulary of its day)."""
    if tf.shape[1] == n_terms:
        return tf
    return sp.csr_matrix((tf.data, tf.indices, tf.indptr), shape=(tf.shape[0], n_terms))
