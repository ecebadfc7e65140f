"""The field a document sits in (its discipline or industry label), learnt from the labelled documents.

Two small models, both rebuilt from the index itself (no data from outside):

* a **nearest-centroid classifier** in the semantic space: each label's centroid is the mean embedding of
  the live documents filed under it.  It gives unlabelled documents a predicted field;
* a **neighbourhood vote** at query time: the best candidates of a query vote for their fields, weighted
  by their scores, which gives the query's field distribution ``p(field | query)``.

The re-ranker adds ``field_weight × p(field of the document | query)`` to every candidate, so documents
of the query's field rise over equally worded ones of another field — the "same field" the user expects.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from kechuang.matching.segments import Segment


@dataclass(frozen=True)
class FieldModel:
    labels: list[str]  # label index → text
    centroids: np.ndarray  # labels × dim, unit rows
    row_labels: np.ndarray  # every row of the snapshot (segments in order): label index, -1 = unlabelled


def train(segs: tuple[Segment, ...]) -> FieldModel | None:
    """Centroids of the labelled live rows; None when fewer than two labels or no embeddings."""
    if not segs or any(seg.emb is None for seg in segs):
        return None
    labels: dict[str, int] = {}
    row_labels = []
    for seg in segs:
        values = seg.cat_values.get("field", [""])
        codes = seg.cat_codes.get("field")
        local = np.asarray([labels.setdefault(v, len(labels)) if v else -1 for v in values], dtype=np.int32)
        rl = local[codes] if codes is not None else np.full(seg.n, -1, dtype=np.int32)
        row_labels.append(np.where(seg.alive, rl, -1))
    if len(labels) < 2:
        return None
    rows = np.concatenate(row_labels)
    dim = int(segs[0].emb.shape[1])  # type: ignore[union-attr]
    sums = np.zeros((len(labels), dim), dtype=np.float64)
    offset = 0
    for seg in segs:
        lab = rows[offset : offset + seg.n]
        keep = np.flatnonzero(lab >= 0)
        if len(keep):
            onehot = sp.csr_matrix(
                (np.ones(len(keep), dtype=np.float32), (lab[keep], keep)), shape=(len(labels), seg.n)
            )
            sums += onehot @ seg.emb
        offset += seg.n
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    centroids = (sums / np.where(norms > 0, norms, 1.0)).astype(np.float32)
    return FieldModel(list(labels), centroids, rows)


def candidate_fields(model: FieldModel, rows: np.ndarray, emb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each candidate row's label index and whether it is predicted (not given)."""
    given = model.row_labels[rows]
    predicted = given < 0
    if predicted.any() and len(emb):
        given = given.copy()
        given[predicted] = np.argmax(emb[predicted] @ model.centroids.T, axis=1)
    return given, predicted


def vote(labels: np.ndarray, predicted: np.ndarray, scores: np.ndarray, n: int, n_labels: int) -> np.ndarray:
    """``p(field | query)``: the best ``n`` candidates' fields weighted by their (shifted) scores; a
    predicted field counts half."""
    top = np.argsort(-scores, kind="stable")[:n]
    if not len(top):
        return np.zeros(n_labels, dtype=np.float32)
    w = scores[top] - float(scores[top].min()) + 1e-3
    w = w * np.where(predicted[top], 0.5, 1.0)
    p = np.bincount(labels[top], weights=w, minlength=n_labels).astype(np.float32)
    total = float(p.sum())
    return p / total if total > 0 else p


def neighbourhood(
    model: FieldModel, emb: np.ndarray, scores: np.ndarray, n: int, temperature: float = 0.05
) -> np.ndarray:
    """``p(field | query)`` from the centroid classifier applied to the score-weighted mean embedding of
    the best ``n`` candidates (smoother than the vote when the best candidates are few or mixed)."""
    top = np.argsort(-scores, kind="stable")[:n]
    if not len(top):
        return np.zeros(len(model.labels), dtype=np.float32)
    w = scores[top] - float(scores[top].min()) + 1e-3
    centre = (w[:, None] * emb[top]).sum(axis=0)
    centre = centre / (np.linalg.norm(centre) or 1.0)
    logits = (model.centroids @ centre) / temperature
    e = np.exp(logits - logits.max())
    return (e / e.sum()).astype(np.float32)
