"""The ranking's field boost (issue 19: the mutation run of ``matching/ranking.py``): how the ranker combines
the field model's answers — stated with the model's parts replaced by fixed answers, so each rule is the
ranker's, not the model's."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from kechuang.matching import SearchContext
from kechuang.matching import ranking as ranking_module
from kechuang.matching.ranking import Ranker, _Scores
from kechuang.matching.results import Feature

from .test_ranking_rules import _lex, ranker, segment

# the field boost ---------------------------------------------------------------------------------------


class FieldStubs:
    """The field model's parts replaced by fixed answers, to state how the ranker combines them."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, vote: list[float], near: list[float]) -> None:
        self.model = SimpleNamespace(labels=["材料", "环境", "能源"])
        self.trained: list[object] = []
        self.calls: dict[str, tuple[object, ...]] = {}

        def train(segs: object) -> object:
            self.trained.append(segs)
            return self.model

        def candidate_fields(
            model: object, cand: np.ndarray, emb: np.ndarray
        ) -> tuple[np.ndarray, np.ndarray]:
            self.calls["candidate_fields"] = (model, cand.tolist(), emb.tolist())
            return np.array([0, 1, 2]), np.array([False, True, False])

        def voted(
            labels: np.ndarray, predicted: np.ndarray, scores: np.ndarray, docs: int, n: int
        ) -> np.ndarray:
            self.calls["vote"] = (scores.tolist(), docs, n)
            return np.array(vote)

        def neighbourhood(model: object, emb: np.ndarray, scores: np.ndarray, docs: int) -> np.ndarray:
            self.calls["neighbourhood"] = (scores.tolist(), docs)
            return np.array(near)

        monkeypatch.setattr(ranking_module, "train_fields", train)
        monkeypatch.setattr(ranking_module, "candidate_fields", candidate_fields)
        monkeypatch.setattr(ranking_module, "vote", voted)
        monkeypatch.setattr(ranking_module, "neighbourhood", neighbourhood)


def boost(r: Ranker, emb: list[list[float]] | None = None) -> tuple[list[float], list[str | None]]:
    seg = segment(3, {}, 0, emb=emb or [[1, 0], [0, 1], [1, 1]])
    s = _Scores((seg,), np.array([0, 3]), np.ones(3, bool), *_lex([1.0, 1.0, 1.0]))  # type: ignore[arg-type]
    cand = np.array([2, 0, 1])
    got, shown = r._field_boost(s, np.array([0.9, 0.8, 0.7]), cand, np.zeros(3, dtype=np.int64), cand)
    assert got.dtype == np.float32
    return got.tolist(), shown


def test_the_field_boost_is_the_weight_times_the_fields_probability_halved_when_predicted(monkeypatch):
    """Rule: a candidate's field boost is field_weight × p(its field | query), × field_predicted when its
    field is predicted rather than given; the field is shown only when its probability is at least half the
    best one's. The vote reads the candidates' total scores and the ``field_docs`` setting."""
    stubs = FieldStubs(monkeypatch, vote=[0.6, 0.25, 0.0], near=[0.0, 0.5, 0.5])
    got, shown = boost(ranker(field_weight=2.0, field_predicted=0.5, field_docs=7))
    assert got == pytest.approx([1.2, 0.25, 0.0])
    assert shown == ["材料", None, None]
    assert stubs.calls["vote"] == ([0.7, 0.9, 0.8], 7, 3)
    assert stubs.calls["candidate_fields"][1:] == ([2, 0, 1], [[1, 1], [1, 0], [0, 1]])
    assert "neighbourhood" not in stubs.calls  # field_mix 0: the vote alone


def test_the_fields_probability_mixes_the_vote_with_the_neighbourhood(monkeypatch):
    """Rule: with ``field_mix`` m, p(field | query) = (1 − m) × the candidates' vote + m × the centroid
    classifier of the candidates' neighbourhood."""
    stubs = FieldStubs(monkeypatch, vote=[0.6, 0.25, 0.0], near=[0.0, 0.5, 0.5])
    got, shown = boost(ranker(field_weight=2.0, field_predicted=0.5, field_mix=0.5, field_docs=4))
    p = [0.5 * 0.6, 0.5 * 0.25 + 0.25, 0.25]
    assert got == pytest.approx([2 * p[0], 2 * p[1] * 0.5, 2 * p[2]])
    assert shown == ["材料", "环境", "能源"]
    assert stubs.calls["neighbourhood"] == ([0.7, 0.9, 0.8], 4)


def test_no_field_is_shown_when_no_field_has_any_probability(monkeypatch):
    """Rule: a field with probability 0 is never shown, even when every field has 0."""
    FieldStubs(monkeypatch, vote=[0.0, 0.0, 0.0], near=[0.0, 0.0, 0.0])
    got, shown = boost(ranker(field_weight=2.0))
    assert got == [0.0, 0.0, 0.0] and shown == [None, None, None]


def test_no_field_boost_when_switched_off_or_no_field_model(monkeypatch):
    """Rule: ``field_weight`` 0 (or below) turns the boost off; segments without a field model give none."""
    stubs = FieldStubs(monkeypatch, vote=[0.6, 0.25, 0.0], near=[0.0, 0.5, 0.5])
    assert boost(ranker(field_weight=0.0)) == ([0.0, 0.0, 0.0], [None, None, None])
    assert boost(ranker(field_weight=-1.0)) == ([0.0, 0.0, 0.0], [None, None, None])
    assert stubs.trained == []  # not even learnt
    stubs.model = None  # type: ignore[assignment]
    assert boost(ranker(field_weight=2.0)) == ([0.0, 0.0, 0.0], [None, None, None])


def test_the_field_model_is_learnt_once_per_snapshot(monkeypatch):
    """Rule: the field model is learnt on a snapshot's first query and reused for the same segments; new
    segments (a new snapshot) learn it again."""
    stubs = FieldStubs(monkeypatch, vote=[0.6, 0.25, 0.0], near=[0.0, 0.5, 0.5])
    r = ranker()
    first, second = (segment(1, {}, 0),), (segment(1, {}, 0),)
    assert r.field_model(first) is stubs.model and r.field_model(first) is stubs.model  # type: ignore[arg-type]
    assert stubs.trained == [first]
    r.field_model(second)  # type: ignore[arg-type]
    assert stubs.trained == [first, second]


def test_a_candidates_field_is_explained_first_among_its_boosts(index, monkeypatch):
    """Rule: a hit in the query's field shows it as the "field" part of its explanation (the boost and the
    field's name), before the context and feedback parts, and the parts still add up to the score."""
    monkeypatch.setattr(ranking_module, "train_fields", lambda segs: SimpleNamespace(labels=["材料"]))
    monkeypatch.setattr(
        ranking_module,
        "candidate_fields",
        lambda model, cand, emb: (np.zeros(len(cand), dtype=np.int64), np.zeros(len(cand), dtype=bool)),
    )
    monkeypatch.setattr(ranking_module, "vote", lambda *args: np.array([1.0]))
    weight = index.config.field_weight
    hits = index.search(
        "镁合金压铸", k=3, context=SearchContext(industry="C3312", region="220104", min_trl=5)
    )
    assert hits
    for h in hits:
        parts = h.explanation.features
        keys = [f.key for f in parts]
        assert h.explanation.get("field") == Feature("field", round(weight, 4), "材料")
        boosts = [k for k in keys if k not in ("terms", "related", "semantic")]
        assert boosts[0] == "field" and keys.count("field") == 1
        assert sum(f.score for f in parts) == pytest.approx(h.score, abs=5e-4 * len(parts))
