"""The change log: rows written in the writer's transaction, applied by each node in order, collapsed per
document, from the database's current state; a rebuild stamps the directory it builds."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from kechuang import matching_store
from kechuang.core.models import IndexChange
from kechuang.matching import Document
from kechuang.matching_store import changelog


@pytest.fixture(autouse=True)
def root(tmp_path, settings, db):
    settings.MATCHING_INDEX_DIR = tmp_path / "indexes"
    matching_store.reset_cache()
    yield tmp_path / "indexes"
    matching_store.reset_cache()


def _doc(doc_id: str, title: str) -> Document:
    return Document(id=doc_id, title=title, abstract=title)


def test_a_rolled_back_write_leaves_no_change_row():
    with pytest.raises(RuntimeError), transaction.atomic():
        changelog.record_change("things", ["1"], "upsert")
        raise RuntimeError
    assert not IndexChange.objects.exists()
    with pytest.raises(ValueError):
        changelog.record_change("things", ["1"], "replace")


def test_a_node_applies_the_changes_in_order_from_the_current_rows():
    database = {"1": _doc("1", "稀土镁合金压铸"), "2": _doc("2", "秸秆生物质发电")}
    matching_store.rebuild_index("things", documents=lambda: [])  # stamps the empty directory with 0
    assert changelog.cursor("things") == 0
    changelog.record_change("things", ["1", "2"], "upsert")
    changelog.record_change("things", ["2"], "delete")
    changelog.record_change("others", ["9"], "upsert")  # another index's change is not this one's
    assert changelog.lag("things") == 3
    asked: list[list[str]] = []

    def load(ids):
        asked.append(ids)
        return {i: database.get(i) for i in ids}

    report = changelog.catch_up("things", load=load)
    assert report["status"] == "applied" and report["applied"] == 3
    assert asked == [["1"]]  # 2's last word was "delete": not even asked for
    index = matching_store.open_index("things")
    assert "1" in index and "2" not in index
    assert changelog.cursor("things") == IndexChange.objects.filter(index="things").latest("seq").seq
    assert changelog.lag("things") == 0
    assert changelog.catch_up("things", load=load)["status"] == "current"

    # an upsert of a row that is no longer searchable removes it
    database.pop("1")
    changelog.record_change("things", ["1"], "upsert")
    changelog.catch_up("things", load=load)
    assert "1" not in matching_store.open_index("things")


def test_a_directory_without_a_number_is_left_to_a_rebuild_which_stamps_it():
    changelog.record_change("things", ["1"], "upsert")
    assert changelog.cursor("things") is None and changelog.needs_rebuild("things")
    assert changelog.catch_up("things", load=lambda ids: {})["status"] == "no cursor"
    result = matching_store.rebuild_index("things", documents=lambda: [_doc("1", "镁合金")])
    assert result["changelog_seq"] == changelog.last_seq("things") == changelog.cursor("things")
    assert not changelog.needs_rebuild("things")


def test_a_node_behind_the_pruned_log_needs_a_rebuild():
    matching_store.rebuild_index("things", documents=lambda: [])
    changelog.record_change("things", ["1"], "upsert")
    changelog.record_change("things", ["2"], "upsert")
    assert not changelog.needs_rebuild("things")
    assert changelog.prune(keep_days=30)["deleted"] == 0  # nothing that old
    first = IndexChange.objects.order_by("seq").first()
    IndexChange.objects.filter(pk=first.pk).update(created_at=first.created_at - dt.timedelta(days=31))
    assert changelog.prune(keep_days=30) == {"deleted": 1, "upto": first.seq, "keep_days": 30}
    assert changelog.needs_rebuild("things")  # row 1 is gone before this node applied it
    matching_store.rebuild_index("things", documents=lambda: [])
    assert not changelog.needs_rebuild("things")
