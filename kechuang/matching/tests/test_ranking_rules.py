"""The ranking's rules, each stated on its own (issue 19: the mutation run of ``matching/ranking.py``).

Every test names the rule it guards; the expected figures are computed in the test from the rule (the BM25
idf, the blend, the candidate threshold), never read from the code. Small hand-made segments (postings,
embeddings, a mask) keep each rule apart from the index that normally feeds it.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest

from kechuang.matching import SearchContext
from kechuang.matching.config import RankingConfig
from kechuang.matching.feedback import FeedbackStore
from kechuang.matching.ranking import (
    Ranker,
    _Scores,
    gather_emb,
    lexical_scores,
    query_terms,
    query_vector,
    top_indices,
)


def idf(n: int, df: float) -> float:
    """BM25's idf, always positive: log(1 + (N − df + ½) / (df + ½))."""
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


def segment(
    n: int,
    postings: dict[int, list[tuple[int, float]]],
    n_terms: int,
    *,
    alive: list[bool] | None = None,
    emb: list[list[float]] | None = None,
    keep: list[bool] | None = None,
) -> SimpleNamespace:
    """A segment of ``n`` rows: term-major postings ``{term: [(row, weight)]}``; ``keep`` the rows the
    filters let through (any non-empty filters)."""
    indptr, docs, weights = [0], [], []
    for term in range(n_terms):
        for row, weight in postings.get(term, []):
            docs.append(row)
            weights.append(weight)
        indptr.append(len(docs))
    kept = np.ones(n, dtype=bool) if keep is None else np.array(keep)
    return SimpleNamespace(
        n=n,
        n_terms=n_terms,
        p_indptr=np.array(indptr, dtype=np.int64),
        p_docs=np.array(docs, dtype=np.int64),
        p_w=np.array(weights, dtype=np.float32),
        alive=np.ones(n, dtype=bool) if alive is None else np.array(alive),
        emb=None if emb is None else np.array(emb, dtype=np.float32),
        filter_mask=lambda filters: kept,
    )


def ranker(**config: object) -> Ranker:
    return Ranker(RankingConfig(**config), None, FeedbackStore(None))  # type: ignore[arg-type]


# --- query terms ---------------------------------------------------------------------------------------


def test_query_terms_weigh_each_known_term_by_its_count_and_bm25_idf():
    """Rule: a query term is (id, its count in the query, BM25 idf over the snapshot's documents); words
    the vocabulary does not know, ids beyond the snapshot's vocabulary and terms no document holds are
    left out."""
    snap = SimpleNamespace(n_docs=10, vocab_size=4, df=np.array([2.0, 0.0, 5.0, 1.0]))
    ids = {"镁": 0, "铝": 1, "钢": 2, "新": 7}
    got = query_terms(snap, ["镁", "镁", "铝", "钢", "未知", "新"], ids, max_terms=10)  # type: ignore[arg-type]
    assert [(t, c) for t, c, _ in got] == [(0, 2.0), (2, 1.0)]
    assert [w for _, _, w in got] == pytest.approx([idf(10, 2), idf(10, 5)])
    assert all(isinstance(c, float) for _, c, _ in got)


def test_a_term_beyond_the_document_frequencies_is_held_by_no_document():
    """Rule: a term id inside the vocabulary but past the document-frequency table has frequency 0, so it
    is not a query term (an older snapshot's table may be shorter than the vocabulary)."""
    snap = SimpleNamespace(n_docs=10, vocab_size=5, df=np.array([2.0, 3.0]))
    got = query_terms(snap, ["甲", "乙"], {"甲": 1, "乙": 3}, max_terms=10)  # type: ignore[arg-type]
    assert [t for t, _, _ in got] == [1]


def test_an_empty_snapshot_counts_as_one_document_for_the_idf():
    """Rule: the idf's N is at least 1 (a snapshot reporting no documents still gives a finite weight)."""
    snap = SimpleNamespace(n_docs=0, vocab_size=1, df=np.array([1.0]))
    ((_, _, weight),) = query_terms(snap, ["甲"], {"甲": 0}, max_terms=10)  # type: ignore[arg-type]
    assert weight == pytest.approx(idf(1, 1))


def test_query_terms_over_the_cap_keep_the_heaviest_by_idf_and_log_count():
    """Rule: past ``max_terms``, the terms kept are the heaviest by idf × (1 + log count), heaviest first;
    at or under the cap every term is kept in the query's order."""
    snap = SimpleNamespace(n_docs=100, vocab_size=3, df=np.array([1.0, 10.0, 60.0]))
    ids = {"稀": 0, "常": 1, "多": 2}
    tokens = ["多", "常", "常", "常", "常", "常", "常", "常", "常", "稀"]
    weight = {0: idf(100, 1), 1: idf(100, 10) * (1 + math.log(8)), 2: idf(100, 60)}
    heaviest = sorted(weight, key=lambda t: -weight[t])
    capped = query_terms(snap, tokens, ids, max_terms=2)  # type: ignore[arg-type]
    assert [t for t, _, _ in capped] == heaviest[:2]
    assert heaviest[:2] == [1, 0]  # the frequent middle term outweighs the rarest one
    whole = query_terms(snap, tokens, ids, max_terms=3)  # type: ignore[arg-type]
    assert [t for t, _, _ in whole] == [2, 1, 0]


def test_no_query_vector_without_a_semantic_space_or_terms():
    """Rule: the query is projected into the LSA space only when there is one and the query has terms."""
    space = SimpleNamespace(project_terms=lambda terms, counts: np.array([float(sum(terms)), sum(counts)]))
    assert query_vector(SimpleNamespace(lsa=None), [(1, 1.0, 1.0)]) is None  # type: ignore[arg-type]
    assert query_vector(SimpleNamespace(lsa=space), []) is None  # type: ignore[arg-type]
    got = query_vector(SimpleNamespace(lsa=space), [(1, 2.0, 0.5), (3, 1.0, 0.7)])  # type: ignore[arg-type]
    assert got.tolist() == [4.0, 3.0]  # type: ignore[union-attr]


# --- lexical scores and the best rows ------------------------------------------------------------------


def test_a_rows_lexical_score_sums_its_postings_times_the_query_weights():
    """Rule: BM25 over the postings — a row's score is Σ over query terms of (posting weight × query
    weight), rows of every segment in order; a term a segment does not have adds nothing to it."""
    first = segment(3, {0: [(0, 1.0), (2, 0.5)], 1: [(2, 2.0)]}, n_terms=2)
    second = segment(2, {0: [(1, 4.0)]}, n_terms=1)
    got = lexical_scores((first, second), [(0, 2.0), (1, 3.0)])  # type: ignore[arg-type]
    assert got.dtype == np.float32
    assert got.tolist() == pytest.approx([2.0, 0.0, 1.0 + 6.0, 0.0, 8.0])


def test_rows_of_a_segment_no_query_term_reaches_score_zero():
    """Rule: a segment without any posting of the query's terms scores every one of its rows 0."""
    lonely = segment(4, {1: [(3, 1.0)]}, n_terms=2)
    got = lexical_scores((lonely,), [(0, 1.0)])  # type: ignore[arg-type]
    assert got.tolist() == [0.0, 0.0, 0.0, 0.0]
    assert lexical_scores((lonely,), []).tolist() == [0.0] * 4  # type: ignore[arg-type]


def test_top_indices_are_the_best_rows_best_first_ties_in_row_order():
    """Rule: the n best rows by score, best first; when every row is asked for, equal scores keep the
    rows' order (a stable order: the same query lists equal documents the same way every time); never more
    rows than there are, none for n ≤ 0."""
    scores = np.array([0.1, 0.5, 0.3, 0.5, 0.0])
    two = top_indices(scores, 2)
    assert sorted(two.tolist()) == [1, 3]
    three = top_indices(scores, 3)
    assert sorted(three[:2].tolist()) == [1, 3] and three[2] == 2
    assert top_indices(scores, 5).tolist() == [1, 3, 2, 0, 4]
    assert top_indices(scores, 50).tolist() == [1, 3, 2, 0, 4]
    assert top_indices(scores, 1).tolist() in ([1], [3])
    for n in (0, -3):
        empty = top_indices(scores, n)
        assert empty.tolist() == [] and empty.dtype == np.int64
    many = np.tile([1.0, 3.0, 2.0], 40)  # enough ties for an unstable sort to reorder them
    expected = [i for i in range(120) if i % 3 == 1] + [i for i in range(120) if i % 3 == 2]
    assert top_indices(many, 120).tolist() == expected + [i for i in range(120) if i % 3 == 0]
    best = top_indices(many, 80)
    assert many[best].tolist() == [3.0] * 40 + [2.0] * 40


def test_gather_emb_takes_each_pooled_row_from_its_own_segment():
    """Rule: the embeddings of the pooled rows (global row numbers) come from the segment holding each row;
    no pool means every row; an empty pool gives no rows of the space's width."""
    first = segment(2, {}, 0, emb=[[1, 0], [2, 0]])
    second = segment(3, {}, 0, emb=[[0, 1], [0, 2], [0, 3]])
    offsets = np.array([0, 2, 5])
    segs = (first, second)
    assert gather_emb(segs, offsets, None).tolist() == [[1, 0], [2, 0], [0, 1], [0, 2], [0, 3]]  # type: ignore[arg-type]
    assert gather_emb((second,), np.array([0, 3]), None).tolist() == [[0, 1], [0, 2], [0, 3]]  # type: ignore[arg-type]
    assert gather_emb(segs, offsets, np.array([1, 3, 4])).tolist() == [[2, 0], [0, 2], [0, 3]]  # type: ignore[arg-type]
    assert gather_emb(segs, offsets, np.array([0])).tolist() == [[1, 0]]  # type: ignore[arg-type]
    none = gather_emb(segs, offsets, np.array([], dtype=np.int64))  # type: ignore[arg-type]
    assert none.shape == (0, 2) and none.dtype == np.float32


# --- the ranker's steps ------------------------------------------------------------------------------


def test_rows_deleted_or_filtered_out_score_nothing_and_the_rest_is_scaled_to_the_best():
    """Rule: only live rows passing the filters score; the lexical part is the score ÷ the best score,
    raised to ``lex_power`` (a convex transform), and the segments' first rows are their offsets."""
    first = segment(3, {0: [(0, 2.0), (1, 4.0), (2, 1.0)]}, 1, alive=[True, False, True])
    second = segment(2, {0: [(0, 8.0), (1, 3.0)]}, 1, keep=[False, True])
    r = ranker(lex_power=2.0)
    s = r._lexical((first, second), [(0, 1.0)], {"region": "22"})  # type: ignore[arg-type]
    assert s.mask.tolist() == [True, False, True, False, True]
    assert s.lex.tolist() == [2.0, 0.0, 1.0, 0.0, 3.0]
    assert s.max_lex == 3.0
    assert s.lex_norm.tolist() == pytest.approx([(2 / 3) ** 2, 0.0, (1 / 3) ** 2, 0.0, 1.0])
    assert s.offsets.tolist() == [0, 3, 5]
    # without filters the filter masks are not consulted; lex_power 1 is the plain ratio
    s = ranker(lex_power=1.0)._lexical((first, second), [(0, 1.0)], {})  # type: ignore[arg-type]
    assert s.mask.tolist() == [True, False, True, True, True]
    assert s.lex_norm.tolist() == pytest.approx([2 / 8, 0.0, 1 / 8, 1.0, 3 / 8])


def test_no_lexical_match_leaves_the_scores_at_zero():
    """Rule: when no row matches, the scaled lexical scores are all 0 (no division by a zero best)."""
    s = ranker()._lexical((segment(2, {}, 1),), [(0, 1.0)], {})  # type: ignore[arg-type]
    assert s.max_lex == 0.0
    assert s.lex_norm.tolist() == [0.0, 0.0]


def scores(lex: list[float], *, sem: list[float] | None = None, mask: list[bool] | None = None, power=1.0):
    lexa = np.array(lex, dtype=np.float32)
    best = float(lexa.max())
    norm = (lexa / best if best > 0 else lexa) ** power
    m = np.ones(len(lex), dtype=bool) if mask is None else np.array(mask)
    return _Scores(
        (), np.array([0]), m, lexa, norm, best, None if sem is None else np.array(sem, dtype=np.float32)
    )


def test_the_blend_adds_the_weighted_semantic_score_and_excludes_masked_rows():
    """Rule: total = lexical part + semantic_weight × cosine; a row outside the mask can never be a
    candidate (−∞)."""
    s = scores([4.0, 2.0, 0.0], sem=[0.1, 0.5, 0.9], mask=[True, True, False])
    total = ranker(semantic_weight=0.5)._blend(s)
    assert total[:2].tolist() == pytest.approx([1.0 + 0.05, 0.5 + 0.25])
    assert total[2] == -np.inf
    assert s.lex_norm.tolist() == [1.0, 0.5, 0.0]  # the lexical part itself is left as it was
    unmasked = ranker(semantic_weight=0.5)._blend(scores([4.0, 2.0], sem=[0.2, 0.4]))
    assert unmasked.tolist() == pytest.approx([1.1, 0.7])
    assert ranker()._blend(scores([4.0, 2.0])).tolist() == [1.0, 0.5]  # no semantic score: lexical only


def test_standardised_semantic_scores_are_z_scores_of_the_live_rows_over_ten():
    """Rule: with ``semantic_z`` the cosine is replaced by (cos − mean) ÷ sd × 0.1, mean and sd over the
    rows in the mask; the explanation reads the standardised score; no spread divides by 1."""
    s = scores([1.0, 1.0, 1.0, 1.0], sem=[0.2, 0.4, 0.6, 5.0], mask=[True, True, True, False])
    total = ranker(semantic_z=True, semantic_weight=1.0)._blend(s)
    live = np.array([0.2, 0.4, 0.6])
    z = (np.array([0.2, 0.4, 0.6]) - live.mean()) / live.std() * 0.1
    assert s.sem is not None and s.sem[:3].tolist() == pytest.approx(z.tolist(), abs=1e-6)
    assert total[:3].tolist() == pytest.approx((1.0 + z).tolist(), abs=1e-6)
    flat = scores([1.0, 1.0], sem=[0.3, 0.3])
    ranker(semantic_z=True)._blend(flat)
    assert flat.sem is not None and flat.sem.tolist() == pytest.approx([0.0, 0.0])
    nothing_live = scores([1.0, 1.0], sem=[0.3, 0.5], mask=[False, False])
    ranker(semantic_z=True)._blend(nothing_live)
    assert nothing_live.sem is not None
    assert nothing_live.sem.tolist() == pytest.approx([0.03, 0.05])  # mean 0 and sd 1 when no row is live


def test_candidates_without_a_shared_term_must_be_close_in_meaning():
    """Rule: candidates are the best rows by total (at most max(candidates, k) and never a masked row); a
    row sharing no term with the query stays only if its cosine reaches ``min_semantic``."""
    s = scores([3.0, 0.0, 0.0, 1.0, 0.0], sem=[0.0, 0.5, 0.2, 0.0, 0.35])
    r = ranker(min_semantic=0.35, candidates=10)
    total = np.array([3.0, 2.0, 1.5, 1.0, 0.5])
    assert r._candidates(s, total, 5).tolist() == [0, 1, 3, 4]
    # without semantic scores only rows with a shared term
    assert r._candidates(scores([3.0, 0.0, 1.0]), np.array([3.0, 2.0, 1.0]), 5).tolist() == [0, 2]


def test_the_candidate_count_is_the_larger_of_the_setting_and_k_within_the_rows_left():
    """Rule: max(candidates, k) rows are re-ranked, never more than the rows in the mask, none when no row
    is left; −∞ (masked) rows are dropped."""
    s = scores([5.0, 4.0, 3.0, 2.0, 1.0], mask=[True, True, True, False, True])
    total = np.array([5.0, 4.0, 3.0, -np.inf, 1.0])
    assert ranker(candidates=2)._candidates(s, total, 1).tolist() == [0, 1]
    assert ranker(candidates=2)._candidates(s, total, 3).tolist() == [0, 1, 2]
    assert ranker(candidates=50)._candidates(s, total, 3).tolist() == [0, 1, 2, 4]
    gone = scores([1.0, 1.0], mask=[False, False])
    got = ranker()._candidates(gone, np.array([-np.inf, -np.inf]), 3)
    assert got.tolist() == [] and got.dtype == np.int64
    s = scores([5.0, 4.0, 3.0], mask=[True, True, True])
    with_inf = np.array([5.0, -np.inf, 3.0])  # a row the blend excluded, while the count allows it
    assert ranker(candidates=3)._candidates(s, with_inf, 3).tolist() == [0, 2]


class Embedder:
    def __init__(self, vector: list[float]) -> None:
        self.vector = np.array(vector, dtype=np.float32)

    def embed(self, texts: list[str]) -> np.ndarray:
        return np.array([self.vector for _ in texts])


def test_a_text_embedder_scores_every_row_by_its_dot_product_with_the_query():
    """Rule: with an embedder, the semantic score of each row of every segment is its embedding · the
    query text's embedding (no pool, no feedback rounds)."""
    first = segment(2, {}, 0, emb=[[1, 0], [0, 1]])
    second = segment(1, {}, 0, emb=[[1, 1]])
    r = Ranker(RankingConfig(), Embedder([0.5, 2.0]), FeedbackStore(None))  # type: ignore[arg-type]
    s = _Scores((first, second), np.array([0, 2, 3]), np.ones(3, bool), *_lex([0.0, 0.0, 0.0]))  # type: ignore[arg-type]
    assert r._semantic(s, None, "文本").tolist() == pytest.approx([0.5, 2.0, 2.5])  # type: ignore[union-attr]


def _lex(values: list[float]) -> tuple[np.ndarray, np.ndarray, float]:
    lex = np.array(values, dtype=np.float32)
    best = float(lex.max())
    return lex, (lex / best if best > 0 else lex), best


def test_no_semantic_score_without_embeddings_or_a_query_vector():
    """Rule: semantic scores need every segment's embeddings and a query vector (or an embedder)."""
    with_emb = segment(2, {}, 0, emb=[[1, 0], [0, 1]])
    without = segment(1, {}, 0)
    s = _Scores((with_emb, without), np.array([0, 2, 3]), np.ones(3, bool), *_lex([1.0, 0.0, 0.0]))  # type: ignore[arg-type]
    assert ranker()._semantic(s, np.array([1.0, 0.0]), "") is None
    only = _Scores((with_emb,), np.array([0, 2]), np.ones(2, bool), *_lex([1.0, 0.0]))  # type: ignore[arg-type]
    assert ranker()._semantic(only, None, "") is None


def test_without_feedback_rounds_the_semantic_score_is_the_plain_cosine():
    """Rule: with no pseudo-relevance feedback (``prf_docs`` 0, or no lexical match to feed back) the
    score is the embedding · the query vector, unmoved."""
    seg = segment(3, {}, 0, emb=[[1, 0], [0, 1], [0.6, 0.8]])
    q = np.array([2.0, 1.0])
    s = _Scores((seg,), np.array([0, 3]), np.ones(3, bool), *_lex([1.0, 0.5, 0.0]))  # type: ignore[arg-type]
    assert ranker(prf_docs=0)._semantic(s, q, "").tolist() == pytest.approx([2.0, 1.0, 2.0])  # type: ignore[union-attr]
    s0 = _Scores((seg,), np.array([0, 3]), np.ones(3, bool), *_lex([0.0, 0.0, 0.0]))  # type: ignore[arg-type]
    assert ranker(prf_docs=2)._semantic(s0, q, "").tolist() == pytest.approx([2.0, 1.0, 2.0])  # type: ignore[union-attr]


def unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


def test_feedback_moves_the_query_towards_the_best_lexical_hits_then_the_best_blended_ones():
    """Rule (pseudo-relevance feedback): round 1 moves the query to q0 + prf_weight × the centroid of the
    ``prf_docs`` best lexical rows, normalised; round 2 does the same from q0 with the best rows by lexical
    part + semantic_weight × the round-1 cosine, masked rows excluded."""
    emb = np.array([[1, 0], [0, 1], [0.6, 0.8], [0.8, -0.6]], dtype=np.float32)
    seg = segment(4, {}, 0, emb=emb.tolist())
    q0 = np.array([0.0, 10.0])
    lex = [3.0, 2.9, 0.0, 2.5]
    mask = np.array([True, True, True, False])
    lex_arr, norm, best = _lex(lex)
    s = _Scores((seg,), np.array([0, 4]), mask, lex_arr, norm, best)  # type: ignore[arg-type]
    cfg = {"prf_docs": 1, "prf_weight": 2.0, "semantic_weight": 0.5, "semantic_pool": 0}
    one = ranker(prf_rounds=1, **cfg)._semantic(s, q0, "")
    q1 = unit(q0 + 2.0 * emb[0])  # row 0 has the best lexical score
    assert one.tolist() == pytest.approx((emb @ q1).tolist(), abs=1e-6)  # type: ignore[union-attr]
    two = ranker(prf_rounds=2, **cfg)._semantic(s, q0, "")
    seed = np.where(mask, norm + 0.5 * (emb @ q1), -np.inf)
    q2 = unit(q0 + 2.0 * emb[int(np.argmax(seed))])
    assert int(np.argmax(seed)) == 1  # the blend, not the lexical score, picks round 2's row
    assert two.tolist() == pytest.approx((emb @ q2).tolist(), abs=1e-6)  # type: ignore[union-attr]
    # zero rounds asked still make one round: feedback is on as long as prf_docs > 0
    zero = ranker(prf_rounds=0, **cfg)._semantic(s, q0, "")
    assert zero.tolist() == pytest.approx(one.tolist())  # type: ignore[union-attr]


def test_feedback_takes_the_centroid_of_the_best_rows():
    """Rule: the query moves towards the mean of the ``prf_docs`` best rows' embeddings."""
    emb = np.array([[1, 0], [0, 1], [-1, 0]], dtype=np.float32)
    seg = segment(3, {}, 0, emb=emb.tolist())
    q0 = np.array([0.0, 0.0])
    s = _Scores((seg,), np.array([0, 3]), np.ones(3, bool), *_lex([3.0, 2.0, 1.0]))  # type: ignore[arg-type]
    got = ranker(prf_docs=2, prf_weight=1.0, prf_rounds=1, semantic_pool=0)._semantic(s, q0, "")
    q = unit(emb[:2].mean(axis=0))
    assert got.tolist() == pytest.approx((emb @ q).tolist(), abs=1e-6)  # type: ignore[union-attr]


def test_a_large_index_scores_meaning_only_for_its_best_lexical_rows():
    """Rule (two-stage retrieval): past ``semantic_pool`` rows, only the best lexical rows that share a
    term with the query get a cosine; every other row gets −1."""
    emb = np.array([[1, 0], [0, 1], [0.6, 0.8], [0.8, 0.6]], dtype=np.float32)
    seg = segment(4, {}, 0, emb=emb.tolist())
    q0 = np.array([1.0, 0.0])
    s = _Scores((seg,), np.array([0, 4]), np.ones(4, bool), *_lex([0.0, 2.0, 1.0, 3.0]))  # type: ignore[arg-type]
    got = ranker(semantic_pool=3, prf_docs=0)._semantic(s, q0, "")
    assert got.tolist() == pytest.approx([-1.0, 0.0, 0.6, 0.8])  # type: ignore[union-attr]
    # the pool is the best 3 rows by lexical score; of those, one shares no term and is left out
    s = _Scores((seg,), np.array([0, 4]), np.ones(4, bool), *_lex([0.0, 0.0, 1.0, 3.0]))  # type: ignore[arg-type]
    got = ranker(semantic_pool=3, prf_docs=0)._semantic(s, q0, "")
    assert got.tolist() == pytest.approx([-1.0, -1.0, 0.6, 0.8])  # type: ignore[union-attr]
    # a small index (or no lexical match at all) scores every row
    small = ranker(semantic_pool=4, prf_docs=0)._semantic(s, q0, "")
    assert small.tolist() == pytest.approx([1.0, 0.0, 0.6, 0.8])  # type: ignore[union-attr]
    s = _Scores((seg,), np.array([0, 4]), np.ones(4, bool), *_lex([0.0, 0.0, 0.0, 0.0]))  # type: ignore[arg-type]
    none = ranker(semantic_pool=3, prf_docs=0)._semantic(s, q0, "")
    assert none.tolist() == pytest.approx([1.0, 0.0, 0.6, 0.8])  # type: ignore[union-attr]


def test_masked_rows_are_not_in_the_semantic_pool():
    """Rule: the semantic pool is chosen among the rows in the mask only."""
    emb = np.array([[1, 0], [0, 1], [0.6, 0.8], [0.8, 0.6]], dtype=np.float32)
    seg = segment(4, {}, 0, emb=emb.tolist())
    lex, norm, best = _lex([5.0, 2.0, 1.0, 3.0])
    s = _Scores((seg,), np.array([0, 4]), np.array([False, True, True, True]), lex, norm, best)  # type: ignore[arg-type]
    got = ranker(semantic_pool=2, prf_docs=0)._semantic(s, np.array([1.0, 0.0]), "")
    assert got.tolist() == pytest.approx([-1.0, 0.0, -1.0, 0.8])  # type: ignore[union-attr]


# --- the final list --------------------------------------------------------------------------------------


def test_hits_are_in_descending_score_and_their_explanation_adds_up_to_the_score(index):
    """Rule: the hits are the top k by final score, best first, and a hit's explanation lists every part of
    its score: terms (the scaled lexical part) + semantic (weight × cosine) + field, context and feedback
    boosts add up to the score (to the explanation's rounding)."""
    ctx = SearchContext(industry="C3312", region="220104", min_trl=5)
    for query in ("镁合金压铸", "汽车 轮毂 铸造", "湖泊 水环境"):
        hits = index.search(query, k=6, context=ctx)
        assert 1 <= len(hits) <= 6
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
        for h in hits:
            parts = h.explanation.features
            assert sum(f.score for f in parts) == pytest.approx(h.score, abs=5e-4 * len(parts))
            keys = [f.key for f in parts]
            assert "semantic" in keys and keys.count("terms") <= 1
    fewer = index.search("镁合金压铸", k=2, context=ctx)
    assert [h.id for h in fewer] == [h.id for h in index.search("镁合金压铸", k=6, context=ctx)][:2]


def test_the_terms_feature_is_the_scaled_lexical_part_and_names_the_shared_words(index):
    """Rule: the best lexical match's "terms" part is 1 (scaled to the best) and lists the words the
    document shares with the query; the "semantic" detail is the cosine, its score the weighted cosine."""
    weight = index.config.semantic_weight
    hit = index.search("镁合金压铸", k=1)[0]
    terms = hit.explanation.get("terms")
    assert terms is not None and terms.score == pytest.approx(1.0)
    assert any("镁合金" in t for t in terms.detail)
    semantic = hit.explanation.get("semantic")
    assert semantic is not None
    assert semantic.score == pytest.approx(weight * semantic.detail, abs=1e-3)


def test_a_lexical_match_on_fragments_alone_still_shows_its_terms_part(index):
    """Rule: a hit with a lexical score keeps its "terms" part even when no shared word can be shown (the
    query ``金压`` meets ``镁合金压铸`` only in a character bigram, a fragment never displayed): the part
    carries the scaled lexical score with no words, so the explanation still adds up to the score."""
    hit = index.search("金压", k=1)[0]
    terms = hit.explanation.get("terms")
    assert terms is not None and terms.detail == [] and terms.score == pytest.approx(1.0)
    assert sum(f.score for f in hit.explanation.features) == pytest.approx(hit.score, abs=2e-3)


def test_without_explain_hits_carry_no_explanation(index):
    """Rule: explanations are built only when asked; the ranking is the same either way."""
    plain = index.search("镁合金压铸", k=3, explain=False)
    told = index.search("镁合金压铸", k=3)
    assert all(h.explanation is None for h in plain)
    assert [(h.id, h.score) for h in plain] == [(h.id, h.score) for h in told]


def test_a_text_embedder_embeds_the_querys_own_text(index):
    """Rule: with a text embedder, the semantic score compares the documents with the embedding of the
    query's text as searched (normalised), not of its terms."""
    dim = int(index._snap.segments[0].emb.shape[1])
    seen: list[list[str]] = []

    class Recorder:
        def embed(self, texts: list[str]) -> np.ndarray:
            seen.append(list(texts))
            return np.ones((len(texts), dim), dtype=np.float32)

    index._ranker.embedder = Recorder()
    hits = index.search("镁合金压铸", k=2)
    assert seen == [["镁合金压铸"]]
    assert hits and hits[0].explanation.get("semantic") is not None


def test_feedback_adds_to_the_context_boosts(index):
    """Rule: a recorded judgement moves a hit on top of its context boosts (never instead of them): the
    explanation's parts, context and feedback included, still add up to the score."""
    ctx = SearchContext(industry="C3312", region="220104", min_trl=5, feedback_key="demand:9")
    first = index.search("镁合金", k=5, context=ctx)
    judged = first[-1].id
    index.record_feedback(
        doc_id=judged, useful=True, query="镁合金", reason="relevant", context_key="demand:9"
    )
    hits = index.search("镁合金", k=5, context=ctx)
    hit = next(h for h in hits if h.id == judged)
    keys = [f.key for f in hit.explanation.features]
    assert "feedback" in keys and {"industry", "region"} & set(keys)
    for h in hits:
        parts = h.explanation.features
        assert sum(f.score for f in parts) == pytest.approx(h.score, abs=5e-4 * len(parts))


def test_feedback_rounds_on_a_large_index_look_only_at_the_pooled_rows():
    """Rule: past ``semantic_pool`` rows, pseudo-relevance feedback takes its best rows among the pooled ones
    (the best lexical rows sharing a term) and scores only them."""
    emb = np.array([[1, 0], [0, 1], [0.6, 0.8], [0.8, -0.6]], dtype=np.float32)
    seg = segment(4, {}, 0, emb=emb.tolist())
    q0 = np.array([0.0, 1.0])
    s = _Scores((seg,), np.array([0, 4]), np.ones(4, bool), *_lex([0.0, 1.0, 3.0, 2.0]))  # type: ignore[arg-type]
    got = ranker(semantic_pool=2, prf_docs=1, prf_rounds=1, prf_weight=2.0)._semantic(s, q0, "")
    q = unit(q0 + 2.0 * emb[2])  # row 2: the best lexical row of the pool (rows 2 and 3)
    assert got.tolist() == pytest.approx([-1.0, -1.0, float(emb[2] @ q), float(emb[3] @ q)], abs=1e-6)  # type: ignore[union-attr]
