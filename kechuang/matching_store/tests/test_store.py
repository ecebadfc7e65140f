"""The index adapter on its own: named indexes under the root, writes that never fail the caller, and a
rebuild from the documents the caller passes in."""

from __future__ import annotations

import logging

import pytest

from kechuang import matching_store
from kechuang.matching import Document, IndexCorruptError


@pytest.fixture(autouse=True)
def root(tmp_path, settings, db):
    settings.MATCHING_INDEX_DIR = tmp_path / "indexes"
    matching_store.reset_cache()
    yield tmp_path / "indexes"
    matching_store.reset_cache()


DOCS = [
    Document(id="1", title="稀土镁合金压铸", abstract="镁合金高压压铸工艺用于汽车轮毂。"),
    Document(id="2", title="秸秆生物质发电", abstract="玉米秸秆直燃发电。"),
]


@pytest.mark.parametrize("name", ["../etc", "a/b", "", "Demands", ".hidden"])
def test_an_index_name_cannot_walk_out_of_the_root(name):
    with pytest.raises(ValueError):
        matching_store.open_index(name)


def test_an_index_is_opened_once_per_process(root):
    index = matching_store.open_index("things")
    assert matching_store.open_index("things") is index and index.path == root / "things"


def test_a_failed_update_is_logged_not_raised(root, caplog):
    (root / "broken").mkdir(parents=True)
    (root / "broken" / "manifest.json").write_text("not json", encoding="utf-8")
    with caplog.at_level(logging.ERROR):
        matching_store.apply_safely("broken", "add", DOCS, rebuild_hint="rebuild broken")
    assert "matching index update failed" in caplog.text and "rebuild broken" in caplog.text
    with pytest.raises(IndexCorruptError, match="rebuild broken"):
        matching_store.open_index("broken", rebuild_hint="rebuild broken")


def test_a_rebuild_reads_the_documents_under_the_lock_and_keeps_feedback(root):
    index = matching_store.open_index("things")
    index.add(DOCS[:1])
    index.record_feedback(doc_id="1", useful=True, query="镁合金")
    reads: list[int] = []

    def documents():
        reads.append(1)
        return DOCS

    result = matching_store.rebuild_index("things", documents=documents)
    assert reads == [1] and result["documents"] == 2 and result["feedback_events"] == 1
    assert result["previous_index_id"] is not None and result["previous_index_id"] != result["index_id"]
    fresh = matching_store.open_index("things")
    assert fresh is not index and len(fresh) == 2 and "2" in fresh
