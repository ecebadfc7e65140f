"""Analysis: documents → field-weighted term counts (optionally in worker processes) → BM25 postings."""

from __future__ import annotations

import math
import multiprocessing
from collections import Counter
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from kechuang.matching.documents import TEXT_FIELDS, Document
from kechuang.matching.normalize import normalize_text
from kechuang.matching.tokenize import Tokenizer
from kechuang.matching.vocabulary import Vocabulary

_WORKER_TOKENIZER: Tokenizer | None = None  # set before the worker processes are forked


def analyze_chunk(docs: Sequence[Document]) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
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


def analyze(
    docs: list[Document], *, tokenizer: Tokenizer, vocabulary: Vocabulary, workers: int
) -> sp.csr_matrix:
    """Tokenise docs into a doc × global-term CSR, growing the vocabulary."""
    global _WORKER_TOKENIZER
    _WORKER_TOKENIZER = tokenizer
    workers = workers if len(docs) >= 4000 else 1
    if workers > 1:
        size = max(500, math.ceil(len(docs) / (workers * 4)))
        chunks = [docs[i : i + size] for i in range(0, len(docs), size)]
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(workers) as pool:
            results = pool.map(analyze_chunk, chunks, chunksize=1)
    else:
        results = [analyze_chunk(docs)]
    mats = []
    for local_terms, indptr, cols, data in results:
        mapping = vocabulary.ids_of(local_terms)
        mats.append((indptr, mapping[cols] if len(cols) else cols, data))
    n_terms = len(vocabulary)
    out = [sp.csr_matrix((d, c, p), shape=(len(p) - 1, n_terms)) for p, c, d in mats]
    tf = sp.vstack(out, format="csr") if len(out) > 1 else out[0]
    tf.sort_indices()
    return tf


def postings(
    tf: sp.csr_matrix, dl: np.ndarray, avgdl: float, *, k1: float, b: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Term-major BM25 weights (indptr, documents, weights) of a doc × term count matrix."""
    norm = (k1 * (1 - b + b * dl / max(avgdl, 1e-6))).astype(np.float32)
    rows = np.repeat(np.arange(tf.shape[0], dtype=np.int32), np.diff(tf.indptr))
    w = tf.data * np.float32(k1 + 1) / (tf.data + norm[rows])
    wm = sp.csr_matrix((w.astype(np.float32), tf.indices, tf.indptr), shape=tf.shape)
    tm = wm.T.tocsr()
    tm.sort_indices()
    return tm.indptr.astype(np.int64), tm.indices.astype(np.int32), tm.data.astype(np.float32)


def doc_text(d: Document) -> str:
    """The text an external embedder sees."""
    return "\n".join(x for x in (d.title or "", " ".join(d.keywords), d.abstract or "") if x)
