"""Segments: immutable blocks of indexed documents (postings, term counts, embeddings, attributes).

Adding documents writes a new segment; deleting replaces a segment's ``alive`` mask; small segments are
merged (:func:`merge`).  Nothing is ever re-tokenised.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from kechuang.matching.documents import Document
from kechuang.matching.filters import value_matches

CATEGORICAL = ("industry", "region", "maturity", "org_kind", "kind", "field")


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


def encode_attrs(docs: Sequence[Document]) -> dict[str, Any]:
    """The documents' attributes as a segment keeps them: categorical codes per field (with the values
    they stand for), TRL, and a bit mask of transfer modes (with the modes the bits stand for)."""
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
    return {
        "cat_codes": cat_codes,
        "cat_values": cat_values,
        "trl": trl,
        "modes": modes,
        "mode_values": list(mode_index),
    }


def assemble(
    *,
    generation: int,
    ids: list[str],
    tf: sp.csr_matrix,
    dl: np.ndarray,
    postings: tuple[np.ndarray, np.ndarray, np.ndarray],
    emb: np.ndarray | None,
    attrs_docs: Sequence[Document],
) -> Segment:
    """A new in-memory segment of generation ``generation + 1`` (every row alive)."""
    p_indptr, p_docs, p_w = postings
    name = f"seg-{generation + 1:06d}-{uuid.uuid4().hex[:6]}"
    alive = np.ones(len(ids), dtype=bool)
    # positional: the fields in the order :class:`Segment` declares them
    return Segment(name, ids, tf, dl, p_indptr, p_docs, p_w, emb, alive=alive, **encode_attrs(attrs_docs))


def live_rows(
    segs: Sequence[Segment], n_terms: int
) -> tuple[sp.csr_matrix, list[str], list[np.ndarray], list[Document]]:
    """The live rows of ``segs``: their term counts (``n_terms`` columns), ids, embeddings (of the
    segments that have them) and attributes (as attribute-only documents)."""
    tfs: list[sp.csr_matrix] = []
    ids: list[str] = []
    embs: list[np.ndarray] = []
    attrs_docs: list[Document] = []
    for seg in segs:
        keep = np.flatnonzero(seg.alive)
        tf = seg.load_tf()[keep]
        tf = sp.csr_matrix((tf.data, tf.indices, tf.indptr), shape=(len(keep), n_terms))
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
                    field=a["field"] or None,
                )
            )
    tf = sp.vstack(tfs, format="csr") if tfs else sp.csr_matrix((0, n_terms), dtype=np.float32)
    tf.sort_indices()
    return tf, ids, embs, attrs_docs


def document_frequencies(segs: Sequence[Segment], n_terms: int) -> np.ndarray:
    """How many rows (dead ones included, as BM25's statistics are kept until a merge) hold each term."""
    df = np.zeros(n_terms, dtype=np.int32)
    for s in segs:
        d = np.diff(s.p_indptr).astype(np.int32)
        df[: len(d)] += d
    return df
