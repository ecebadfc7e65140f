"""A query word also searches the longer indexed words it abbreviates (锂电池 → 锂离子电池), as one concept
weighing the idf of its most frequent form (issue 14: 锂电池's first public result was a paper on boat
motion control, the only text of the demo that writes 锂电池)."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from pathlib import Path

import pytest

from kechuang.matching import Document, MatchingIndex, RankingConfig
from kechuang.matching.expand import AbbreviationExpander, abbreviates

CSL = Path(__file__).resolve().parents[2] / "market" / "data" / "csl_apache.jsonl.gz"
OFF = replace(RankingConfig(), abbrev_terms=0)


@pytest.mark.parametrize(
    ("word", "full", "expected"),
    [
        ("锂电池", "锂离子电池", True),  # inner characters dropped, first and last kept
        ("电机", "电动机", True),
        ("锂电池", "锂电池", False),  # not longer
        ("锂电池", "锂离子动力电池", False),  # four characters longer: another thing, not a short form
        ("锂电池", "锂电池组", False),  # another last character: a part or a kind, not the same thing
        ("锂电池", "钠离子电池", False),  # another first character
        ("电动汽车", "电汽动力车", False),  # the word's characters must come in order (动 before 汽)
        ("电", "电池", False),  # one character abbreviates nothing
    ],
)
def test_what_counts_as_a_full_form(word, full, expected):
    assert abbreviates(word, full) is expected


def _expander_on(words: dict[str, int]) -> tuple[AbbreviationExpander, list[str], list[int]]:
    terms = list(words)
    return AbbreviationExpander(), terms, [words[t] for t in terms]


def test_only_more_frequent_full_forms_at_most_limit_most_frequent_first():
    words = {"锂离子电池": 40, "锂聚合物电池": 1, "锂硫电池": 5, "锂空电池": 3, "锂原电池": 2, "~锂离": 9}
    exp, terms, df = _expander_on(words)
    found = exp.expand("锂电池", terms=terms, size=len(terms), df=df.__getitem__, word_df=2, limit=3)
    assert [terms[t] for t in found] == [
        "锂离子电池",
        "锂硫电池",
        "锂空电池",
    ]  # 锂原电池 (2) is not more frequent
    # as frequent as the word itself: none
    assert exp.expand("锂电池", terms=terms, size=len(terms), df=df.__getitem__, word_df=40, limit=3) == []


def _docs() -> list[Document]:
    """Mirrors the demo's abstracts: the lithium-battery papers write 锂离子电池; the one text that writes 锂电池 is
    a long paper on another subject mentioning it once."""
    lithium = [
        Document(
            id=f"li{i}",
            title=f"锂离子电池正极材料的制备与循环性能 第{i}号",
            abstract="研究锂离子电池高镍三元正极材料的共沉淀制备工艺，提高电池的循环寿命和倍率性能。",
            keywords=("锂离子电池", "正极材料"),
        )
        for i in range(6)
    ]
    boat = Document(
        id="boat",
        title="双桨游览船舶无舵效运动建模与控制研究",
        abstract=(
            "针对双桨游览船舶在低速航行时舵效不足的问题，建立船舶运动数学模型，"
            "以锂电池为动力的推进电机差速控制航向，设计模糊控制器，仿真和实船试验验证了航向控制的效果，"
            "船舶在风浪干扰下保持航向，操纵性能满足游览要求。"
        ),
        keywords=("船舶运动", "航向控制"),
    )
    other = [
        Document(id=f"lake{i}", abstract=f"湖泊水体富营养化评价模型 第{i}号", keywords=("富营养化",))
        for i in range(6)
    ]
    other += [
        Document(id=f"cell{i}", abstract=f"燃料电池 电解池 质子交换膜 电堆 第{i}号", keywords=("电池",))
        for i in range(8)
    ]
    other += [Document(id="cell-x", abstract="电化学池 与 电解液池 的 比较")]
    other += [Document(id=f"corn{i}", abstract=f"玉米秸秆还田 土壤有机质 第{i}号") for i in range(6)]
    return [*lithium, boat, *other]


def _index(config: RankingConfig) -> MatchingIndex:
    index = MatchingIndex(None, workers=1, config=config)
    index.add(_docs())
    return index


def _terms(hit) -> list[str]:  # type: ignore[no-untyped-def]
    feat = hit.explanation.get("terms")
    return list(feat.detail) if feat else []


def test_an_abbreviation_finds_its_full_form_and_says_so():
    hits = _index(RankingConfig()).search("锂电池", k=10)
    assert hits[0].id.startswith("li")
    assert "锂离子电池" in _terms(hits[0])
    # the six battery papers come before the one text that happens to write the short form
    assert [h.id for h in hits[:6]] == [h.id for h in hits if h.id.startswith("li")][:6]
    # without the rule the rare spelling wins: the boat paper is first
    assert _index(OFF).search("锂电池", k=10)[0].id == "boat"


def test_the_short_form_still_finds_the_text_that_writes_it():
    ids = [h.id for h in _index(RankingConfig()).search("锂电池", k=20)]
    assert "boat" in ids


@pytest.mark.parametrize("query", ["富营养化", "玉米秸秆", "湖泊水体富营养化评价"])
def test_a_word_with_no_longer_forms_is_unchanged(query):
    on, off = _index(RankingConfig()), _index(OFF)
    assert [(h.id, h.score) for h in on.search(query, k=10)] == [
        (h.id, h.score) for h in off.search(query, k=10)
    ]


def test_a_short_common_word_does_not_explode():
    # 电池 is frequent; the longer words it could stand for (电解池, 电化学池, 电解液池) are rarer: it keeps its
    # own meaning — the same results with and without the rule — and is searched as itself only
    on, off = _index(RankingConfig()), _index(OFF)
    assert [(h.id, h.score) for h in on.search("电池", k=20)] == [
        (h.id, h.score) for h in off.search("电池", k=20)
    ]
    assert all(t in {"电池", "燃料电池"} or "电池" in t for h in on.search("电池", k=20) for t in _terms(h))


def test_on_the_demo_abstracts_lithium_battery_comes_first():
    """The market's demo imports these 1,600 CSL abstracts (kechuang/market/data/csl_apache.jsonl.gz); in
    them only a paper on boat motion control writes 锂电池."""
    with gzip.open(CSL, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    assert sum("锂电池" in r["title"] + r["abstract"] for r in rows) == 1
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
    titles = {r["id"]: r["title"] for r in rows}
    top = index.search("锂电池", k=3)
    assert "锂离子电池" in titles[top[0].id]
    assert "船舶" not in "".join(titles[h.id] for h in top)
