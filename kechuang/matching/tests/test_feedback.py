from __future__ import annotations

import pytest

from kechuang.matching import Document, MatchingIndex, QueryError, SearchContext

from .conftest import DOCS, filler


def rank_of(hits, doc_id):
    return [h.id for h in hits].index(doc_id)


def test_negative_feedback_lowers_the_document(index):
    query = "镁合金 汽车 耐腐蚀"
    ctx = SearchContext(feedback_key="demand:1")
    before = index.search(query, k=5, context=ctx)
    top = before[0].id
    index.record_feedback(
        doc_id=top, useful=False, query=query, reason="not_relevant", context_key="demand:1"
    )
    after = index.search(query, k=5, context=ctx)
    assert after[0].id != top
    assert rank_of(after, top) > rank_of(before, top)
    feat = next(h for h in after if h.id == top).explanation.get("feedback")
    assert feat is not None and feat.score < 0


def test_positive_feedback_raises_the_document(index):
    query = "镁合金 汽车 耐腐蚀"
    ctx = SearchContext(feedback_key="demand:1")
    before = index.search(query, k=5, context=ctx)
    second = before[1].id
    index.record_feedback(doc_id=second, useful=True, query=query, reason="relevant", context_key="demand:1")
    assert index.search(query, k=5, context=ctx)[0].id == second


def test_other_requesters_judgements_count_less_than_ones_own(index):
    query = "镁合金 汽车 耐腐蚀"
    top = index.search(query, k=5)[0]
    index.record_feedback(
        doc_id=top.id, useful=False, query=query, reason="not_relevant", context_key="demand:2"
    )
    other = next(
        h for h in index.search(query, k=5, context=SearchContext(feedback_key="demand:3")) if h.id == top.id
    )
    own = next(
        h for h in index.search(query, k=5, context=SearchContext(feedback_key="demand:2")) if h.id == top.id
    )
    assert own.explanation.get("feedback").score < other.explanation.get("feedback").score < 0
    assert own.score < other.score < top.score


def test_the_requesters_latest_judgement_wins(index):
    query = "镁合金 汽车 耐腐蚀"
    ctx = SearchContext(feedback_key="demand:4")
    second = index.search(query, k=5, context=ctx)[1].id
    index.record_feedback(
        doc_id=second, useful=False, query=query, reason="not_relevant", context_key="demand:4"
    )
    index.record_feedback(doc_id=second, useful=True, query=query, reason="relevant", context_key="demand:4")
    assert index.search(query, k=5, context=ctx)[0].id == second


def test_many_judgements_stay_bounded(index):
    query = "镁合金 汽车 耐腐蚀"
    top = index.search(query, k=5)[0]
    index.record_feedback(
        doc_id=top.id, useful=False, query=query, reason="not_relevant", context_key="demand:5"
    )
    once = next(h for h in index.search(query, k=5) if h.id == top.id).explanation.get("feedback").score
    for n in range(6, 30):
        index.record_feedback(
            doc_id=top.id, useful=False, query=query, reason="not_relevant", context_key=f"demand:{n}"
        )
    many = next(h for h in index.search(query, k=5) if h.id == top.id).explanation.get("feedback").score
    assert many == pytest.approx(once, rel=0.05)  # an average over similar queries, not a sum


def test_too_early_reason_generalises_to_other_immature_items(tmp_path):
    idx = MatchingIndex(tmp_path / "fb", workers=1)
    docs = [
        Document(id="lab1", title="镁合金涂层", abstract="镁合金 涂层 防腐 实验室 小试", trl=3),
        Document(id="lab2", title="镁合金防腐涂层制备", abstract="镁合金 防腐 涂层 制备 实验", trl=2),
        Document(id="ind1", title="镁合金防腐涂层生产线", abstract="镁合金 防腐 涂层 规模化 生产", trl=8),
    ]
    idx.add([*docs, *filler(30)])
    query = "镁合金防腐涂层"
    ctx = SearchContext(feedback_key="demand:7")
    before = [h.id for h in idx.search(query, k=3, context=ctx)]
    idx.record_feedback(doc_id="lab1", useful=False, query=query, reason="too_early", context_key="demand:7")
    after = [h.id for h in idx.search(query, k=3, context=ctx)]
    assert after[0] == "ind1"
    assert after.index("lab2") >= before.index("lab2") or after.index("lab2") == 2


def test_feedback_persists(index):
    index.record_feedback(doc_id="a1", useful=False, query="镁合金压铸", reason="already_known")
    again = MatchingIndex(index.path, workers=1)
    assert len(again.feedback_store) == 1


def test_feedback_on_unknown_document(index):
    with pytest.raises(QueryError, match="unknown document"):
        index.record_feedback(doc_id="nope", useful=True, query="x")


def test_unknown_reason(index):
    with pytest.raises(ValueError, match="unknown feedback reason"):
        index.record_feedback(doc_id="a1", useful=False, query="镁合金", reason="ugly")


def test_unrelated_queries_are_not_affected(index):
    index.record_feedback(doc_id="a4", useful=False, query="镁合金压铸", reason="not_relevant")
    assert index.search("玉米秸秆发电", k=1)[0].id == "a4"


def test_documents_unchanged():
    assert DOCS[0].id == "a1"


def test_own_judgements_of_other_documents_do_not_land_on_a_candidate():
    import numpy as np

    from kechuang.matching.feedback import FeedbackEvent, FeedbackStore

    store = FeedbackStore(None)
    q = [1.0, 0.0]
    store.append(FeedbackEvent(doc_id="x", useful=False, reason="not_relevant", context_key="me", qvec=q))
    store.append(FeedbackEvent(doc_id="b", useful=True, reason="relevant", context_key="other", qvec=q))
    out = store.adjustments(["a", "b"], [{}, {}], qvec=np.array(q), context_key="me", weight=1.0)
    assert out[0] == (0.0, None)
    score, detail = out[1]
    assert score > 0
    assert detail == {"useful": 1, "not_useful": 0, "reasons": []}  # nothing of the judgement of "x"
