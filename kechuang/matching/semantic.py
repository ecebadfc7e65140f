"""The semantic layer: dense vectors learnt from the platform's own corpus (LSA), no downloaded model.

LSA here is a truncated SVD of the sublinear TF-IDF document-term matrix, computed with a randomised
SVD (Halko, Martinsson & Tropp 2011) on a sample of at most ``sample`` documents.  New documents are
*folded in* (projected onto the learnt term basis), so adding a document never retrains the model.
Two texts that share no term but use terms that co-occur across the corpus (``富营养化`` and ``水华``)
still get a positive similarity — that is the association the lexical score cannot see.

A site that has a local sentence-embedding model can plug it in through :class:`ExternalEmbedder`: any
object with ``embed(texts: list[str]) -> numpy.ndarray`` (rows L2-normalised) works.  Nothing is
downloaded; the engine never imports a model library itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
import scipy.sparse as sp


class TextEmbedder(Protocol):
    """A local sentence-embedding model (optional)."""

    def embed(self, texts: list[str]) -> np.ndarray:  # pragma: no cover - protocol
        ...


def l2_normalize_rows(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (m / norms).astype(np.float32, copy=False)


def _randomized_svd(x: sp.csr_matrix, k: int, *, n_iter: int = 2, seed: int = 0) -> np.ndarray:
    """Right singular vectors (terms × k) of ``x`` (docs × terms, docs ≪ terms) by randomised range finding.

    All orthonormalisations happen on the document side (docs × p), never on the much taller term side.
    """
    rng = np.random.default_rng(seed)
    n_terms = x.shape[1]
    p = min(k + 10, min(x.shape))
    omega = rng.standard_normal((n_terms, p)).astype(np.float32)
    xt = x.T.tocsr()
    q, _ = np.linalg.qr(x @ omega)
    for _ in range(n_iter):
        q, _ = np.linalg.qr(x @ (xt @ q))
    b = np.asarray((xt @ q).T, dtype=np.float32)  # p × terms
    gram = b @ b.T  # p × p
    evals, evecs = np.linalg.eigh(gram.astype(np.float64))
    order = np.argsort(evals)[::-1][:k]
    s = np.sqrt(np.maximum(evals[order], 1e-12))
    v = (b.T @ evecs[:, order].astype(np.float32)) / s.astype(np.float32)
    return np.ascontiguousarray(v.astype(np.float32))


@dataclass
class LsaModel:
    """Term basis of the LSA space: ``basis[i]`` is the vector of global term id ``term_ids[i]``."""

    term_ids: np.ndarray  # int64, sorted global term ids
    idf: np.ndarray  # float32, per basis row
    basis: np.ndarray  # float32, len(term_ids) × dim
    trained_on: int = 0

    @property
    def dim(self) -> int:
        return int(self.basis.shape[1])

    @classmethod
    def train(
        cls,
        tf: sp.csr_matrix,
        *,
        dim: int = 128,
        sample: int = 20_000,
        min_df: int = 2,
        max_terms: int = 60_000,
        allowed: np.ndarray | None = None,
        seed: int = 0,
    ) -> LsaModel | None:
        """Learn the basis from a doc × term count matrix.  Returns None when the corpus is too small."""
        n_docs = tf.shape[0]
        if n_docs < 20:
            return None
        rng = np.random.default_rng(seed)
        if n_docs > sample:
            rows = np.sort(rng.choice(n_docs, size=sample, replace=False))
            tf = tf[rows]
            n_docs = sample
        df = np.bincount(tf.indices, minlength=tf.shape[1])
        ok = (df >= min_df) & (df <= 0.5 * n_docs)
        if allowed is not None:
            ok &= allowed[: len(ok)]
        keep = np.flatnonzero(ok)
        if len(keep) > max_terms:  # the most frequent terms carry the co-occurrence structure
            keep = np.sort(keep[np.argsort(-df[keep], kind="stable")[:max_terms]])
        if len(keep) < 10:
            return None
        x = tf[:, keep].tocsr().astype(np.float32)
        idf = np.log((1 + n_docs) / (1 + df[keep])).astype(np.float32) + 1.0
        x.data = 1.0 + np.log(x.data)
        x = x @ sp.diags(idf)
        x = _row_normalize(x.tocsr())
        dim = max(2, min(dim, min(x.shape) - 1))
        basis = _randomized_svd(x, dim, seed=seed)
        return cls(term_ids=keep.astype(np.int64), idf=idf, basis=basis, trained_on=n_docs)

    def project(self, tf: sp.csr_matrix) -> np.ndarray:
        """Fold documents (doc × global-term counts) into the space; rows L2-normalised."""
        n_cols = tf.shape[1]
        ids = self.term_ids[self.term_ids < n_cols]
        x = tf[:, ids].tocsr().astype(np.float32)
        if x.nnz:
            x.data = 1.0 + np.log(np.maximum(x.data, 1e-6))
        x = x @ sp.diags(self.idf[: len(ids)])
        return l2_normalize_rows(np.asarray(x @ self.basis[: len(ids)]))

    def project_terms(self, term_ids: list[int], weights: list[float]) -> np.ndarray:
        """Fold one query given as global term ids with raw counts; returns an L2-normalised vector."""
        pos = np.searchsorted(self.term_ids, term_ids)
        vec = np.zeros(self.dim, dtype=np.float32)
        for p, t, w in zip(pos, term_ids, weights, strict=True):
            if p < len(self.term_ids) and self.term_ids[p] == t:
                vec += (1.0 + np.log(w)) * self.idf[p] * self.basis[p]
        n = float(np.linalg.norm(vec))
        return vec / n if n > 0 else vec

    def save(self, path: Path) -> None:
        with path.open("wb") as fh:
            np.savez(fh, term_ids=self.term_ids, idf=self.idf, basis=self.basis, trained_on=self.trained_on)

    @classmethod
    def load(cls, path: Path) -> LsaModel:
        with np.load(path) as z:
            return cls(
                term_ids=z["term_ids"], idf=z["idf"], basis=z["basis"], trained_on=int(z["trained_on"])
            )


def _row_normalize(x: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.diags(1.0 / norms).astype(np.float32) @ x


class ExternalEmbedder:
    """Adapter for a local sentence-embedding model; blended with LSA at query time.

    ``model`` is any object with ``embed(texts) -> ndarray`` or ``encode(texts) -> ndarray`` (the
    sentence-transformers API).  The site loads it from a local path; the engine never downloads.
    """

    def __init__(self, model: object) -> None:
        self.model = model

    def embed(self, texts: list[str]) -> np.ndarray:
        fn = getattr(self.model, "embed", None) or self.model.encode  # type: ignore[attr-defined]
        return l2_normalize_rows(np.asarray(fn(texts), dtype=np.float32))
