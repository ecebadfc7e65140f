"""Drift tracking and automatic relearning of the LSA space (issue 3: the semantic layer follows the corpus)."""

from __future__ import annotations

import random
import threading

import numpy as np
import pytest

from kechuang.matching import Document, MatchingIndex
from kechuang.matching.index import SemanticPolicy

OLD_TOPICS = [
    ["alder", "birch", "cedar", "maple", "spruce", "willow"],
    ["cobalt", "nickel", "lithium", "anode", "cathode", "electrolyte"],
    ["wheat", "barley", "sorghum", "millet", "tillage", "harvest"],
    ["pixel", "kernel", "convolution", "stride", "pooling", "feature"],
    ["bridge", "girder", "rebar", "concrete", "crack", "sensor"],
]
# a topic the first space never saw: every word is new
NEW_TOPIC = ["zorblax", "quintex", "plumbar", "vexilo", "trandor", "mirbok"]
NO_INLINE = SemanticPolicy(inline_max_docs=0)  # beyond the first training, only maintain() relearns


def topic_docs(
    words: list[str], n: int, prefix: str, seed: int, *, exclude: str | None = None
) -> list[Document]:
    rng = random.Random(seed)
    pool = [w for w in words if w != exclude]
    return [
        Document(
            id=f"{prefix}{i}", title=" ".join(rng.sample(pool, 3)), abstract=" ".join(rng.sample(pool, 4))
        )
        for i in range(n)
    ]


def old_corpus() -> list[Document]:
    return [d for t, words in enumerate(OLD_TOPICS) for d in topic_docs(words, 12, f"o{t}-", seed=t)]


def neighbours_found(index: MatchingIndex, query: str, wanted: set[str]) -> int:
    """How many of ``wanted`` (documents that do not contain the query word) are in the top 40
    (the 20 documents that contain it and 10 more would fit)."""
    return len({h.id for h in index.search(query, k=40)} & wanted)


def test_drift_is_tracked_and_persisted(tmp_path):
    index = MatchingIndex(tmp_path / "idx", workers=1, semantic_policy=NO_INLINE)
    index.add(old_corpus())
    status = index.semantic_status()
    assert status["trained"] and status["trained_docs"] == 60
    assert (status["added"], status["updated"], status["removed"], status["due"]) == (0, 0, 0, None)
    index.add(topic_docs(OLD_TOPICS[0], 3, "x", seed=9))  # 3 new documents of known words
    index.add([Document(id="o0-0", title="alder birch cedar")])  # an update
    index.delete(["o1-0", "o1-1", "nope"])
    status = index.stats()["semantic"]
    assert (status["added"], status["updated"], status["removed"]) == (3, 1, 2)
    assert status["change_ratio"] == pytest.approx(6 / 60, abs=1e-4)
    assert status["new_oov_share"] == 0.0  # every word of the new documents is in the space
    assert status["due"] is None  # fewer than min_changes
    reopened = MatchingIndex(tmp_path / "idx", workers=1, semantic_policy=NO_INLINE)
    assert {k: v for k, v in reopened.semantic_status().items() if k != "queries"} == {
        k: v for k, v in status.items() if k != "queries"
    }
    # queries with words outside the space are counted (per process)
    index.search("alder zorblax")
    assert index.semantic_status()["queries"] == 1
    assert index.semantic_status()["query_oov_share"] > 0


def test_retraining_is_due_by_changes_and_runs_only_when_due(tmp_path):
    index = MatchingIndex(tmp_path / "idx", workers=1, semantic_policy=NO_INLINE)
    index.add(old_corpus())
    trained = index.semantic_status()["trained_generation"]
    index.add(topic_docs(OLD_TOPICS[1], 8, "y", seed=3))
    report = index.maintain()
    assert report["reason"] is None and report["retrained"] is False
    assert index.semantic_status()["trained_generation"] == trained
    index.add(topic_docs(OLD_TOPICS[2], 8, "z", seed=4))  # 16 changes: still below min_changes (20)
    assert index.semantic_status()["due"] is None
    index.add(topic_docs(OLD_TOPICS[3], 6, "w", seed=5))  # 22 changes ≥ 20 and 22/60 ≥ 0.2
    assert index.semantic_status()["due"] == "changes"
    assert index.semantic_status()["trained_generation"] == trained  # add() did not retrain (policy)
    report = index.maintain()
    assert report["retrained"] is True and report["reason"] == "changes"
    after = index.semantic_status()
    assert after["trained_generation"] > trained
    assert (after["added"], after["due"], after["trained_docs"]) == (0, None, 82)
    assert index.maintain()["retrained"] is False  # not due any more
    assert index.maintain(force_retrain=True)["retrained"] is True


def test_retraining_is_due_by_new_vocabulary(tmp_path):
    policy = SemanticPolicy(max_change_ratio=10.0, inline_max_docs=0)  # only vocabulary can make it due
    index = MatchingIndex(tmp_path / "idx", workers=1, semantic_policy=policy)
    index.add(old_corpus())
    index.add(topic_docs(OLD_TOPICS[4], 25, "s", seed=6))  # known words: not due
    status = index.semantic_status()
    assert status["new_oov_share"] <= status["baseline_oov_share"] + policy.max_oov_increase
    assert status["due"] is None
    index.add(topic_docs(NEW_TOPIC, 25, "n", seed=7))
    status = index.semantic_status()
    assert status["new_oov_share"] > 0.4 and status["due"] == "vocabulary"


def test_small_index_retrains_inline_when_due():
    index = MatchingIndex(None, workers=1)  # default policy: inline below 2000 documents
    index.add(old_corpus())
    first = index.semantic_status()["trained_generation"]
    index.add(topic_docs(OLD_TOPICS[0], 5, "a", seed=1))
    assert index.semantic_status()["trained_generation"] == first  # not due: nothing relearnt
    index.add(topic_docs(NEW_TOPIC, 20, "n", seed=2))
    status = index.semantic_status()
    assert status["trained_generation"] > first and status["due"] is None and status["trained_docs"] == 85


def test_retraining_links_words_that_only_new_documents_use(tmp_path):
    index = MatchingIndex(tmp_path / "idx", workers=1, semantic_policy=NO_INLINE)
    index.add(old_corpus())
    with_word = topic_docs(NEW_TOPIC, 20, "n", seed=11)
    # documents of the new topic that never say "zorblax": only the semantic layer can find them
    without_word = topic_docs(NEW_TOPIC, 10, "m", seed=12, exclude="zorblax")
    index.add(with_word + without_word)
    wanted = {d.id for d in without_word}
    before = neighbours_found(index, "zorblax", wanted)
    assert index.semantic_status()["due"] == "changes"
    assert index.maintain()["retrained"] is True
    after = neighbours_found(index, "zorblax", wanted)
    assert before == 0  # the old space has no vector for any of the new words
    assert after >= 8, (before, after)
    hit = next(h for h in index.search("zorblax", k=40) if h.id in wanted)
    assert hit.explanation is not None
    semantic = hit.explanation.get("semantic")
    assert semantic is not None and semantic.detail >= index.config.min_semantic
    # a restart keeps the new space
    assert neighbours_found(MatchingIndex(tmp_path / "idx", workers=1), "zorblax", wanted) == after


def test_documents_written_during_training_are_projected_into_the_new_space(tmp_path, monkeypatch):
    index = MatchingIndex(tmp_path / "idx", workers=1, semantic_policy=NO_INLINE)
    index.add(old_corpus())
    index.add(topic_docs(NEW_TOPIC, 30, "n", seed=13))
    other = MatchingIndex(tmp_path / "idx", workers=1, semantic_policy=NO_INLINE)  # "another process"
    train = MatchingIndex._train_space

    def train_while_another_process_writes(self, *args):
        out = train(self, *args)
        other.add([Document(id="late", title="quintex plumbar vexilo", abstract="trandor mirbok quintex")])
        other.delete(["o2-1"])
        return out

    monkeypatch.setattr(MatchingIndex, "_train_space", train_while_another_process_writes)
    assert index.retrain_semantic() is True
    status = index.semantic_status()
    assert (status["added"], status["removed"]) == (1, 1)  # not in the space yet: still counted
    assert status["trained_docs"] == 90
    snap = index._snap
    loc = index._locate(snap, "late")
    assert loc is not None and "o2-1" not in index
    emb = snap.segments[loc[0]].emb
    assert emb is not None and float(np.linalg.norm(emb[loc[1]])) > 0.9  # folded into the *new* space


def test_readers_keep_working_while_the_space_is_relearnt(tmp_path):
    index = MatchingIndex(tmp_path / "idx", workers=1, semantic_policy=NO_INLINE)
    index.add(old_corpus())
    index.add(topic_docs(NEW_TOPIC, 30, "n", seed=14))
    other = MatchingIndex(tmp_path / "idx", workers=1)  # a reader that reloads what the writer commits
    errors: list[BaseException] = []
    searches = [0]
    stop = threading.Event()

    def reader(idx: MatchingIndex) -> None:
        while not stop.is_set():
            try:
                hits = idx.search("cobalt lithium", k=5)
                assert hits and hits[0].id.startswith("o1-")
                searches[0] += 1
            except BaseException as exc:
                errors.append(exc)
                return

    threads = [threading.Thread(target=reader, args=(idx,)) for idx in (index, other, index)]
    for t in threads:
        t.start()
    for _ in range(4):
        assert index.maintain(force_retrain=True)["retrained"] is True
    stop.set()
    for t in threads:
        t.join()
    assert errors == []
    assert searches[0] > 0
    other.refresh()
    assert other.generation == index.generation
