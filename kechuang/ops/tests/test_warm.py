"""A web worker opens its indexes before its first request (deploy/gunicorn.conf.py, post_worker_init),
and a damaged index never stops it from starting."""

from __future__ import annotations

import pytest

from kechuang.market import search
from kechuang.matching_store import indexes
from kechuang.ops.warm import warm_worker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_indexes(tmp_path, settings):
    settings.MATCHING_INDEX_DIR = tmp_path / "matching"
    search.reset_cache()
    yield
    search.reset_cache()


def test_the_indexes_are_open_before_the_first_request():
    took = warm_worker()
    assert set(took) == {"urls", *search.KINDS}
    root = str(indexes.index_root())
    assert {name for (where, name) in indexes._INDEXES if where == root} == set(search.KINDS)


def test_a_damaged_index_is_logged_and_the_worker_starts_anyway(tmp_path, caplog):
    damaged = tmp_path / "matching" / "achievements"
    damaged.mkdir(parents=True)
    (damaged / "manifest.json").write_text("{not json")
    took = warm_worker()  # does not raise
    assert "achievements" in took
    root = str(indexes.index_root())
    assert {name for (where, name) in indexes._INDEXES if where == root} == {"demands", "experts"}
    assert "matching index 'achievements' could not be opened at worker start" in caplog.text
