"""Several OS processes on one index directory: writers, readers and a maintainer at the same time."""

from __future__ import annotations

import json
import multiprocessing
from concurrent.futures import ProcessPoolExecutor, wait
from pathlib import Path

import pytest

from kechuang.matching import MatchingIndex
from kechuang.matching.tests import stress

WRITERS, READERS, ROUNDS = 2, 2, 10


def assert_files_intact(root: Path) -> None:
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    with (root / "vocab.txt").open(encoding="utf-8") as fh:
        assert sum(1 for _ in fh) == manifest["vocab_size"]
    assert manifest["lsa"] and (root / manifest["lsa"]).exists()
    for e in manifest["segments"]:
        for name in ("meta.json", "tf.npz", "postings.npz", "attrs.npz", e["emb"], e["deleted"]):
            if name:
                assert (root / e["name"] / name).exists(), (e["name"], name)


@pytest.mark.slow
def test_writers_readers_and_maintainer_in_separate_processes(tmp_path):
    path = tmp_path / "idx"
    MatchingIndex(path, workers=1).add(stress.base_docs(WRITERS))
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=WRITERS + READERS + 1, mp_context=ctx) as pool:
        readers = [pool.submit(stress.reader, str(path), i, WRITERS, ROUNDS) for i in range(READERS)]
        maintainer = pool.submit(stress.maintainer, str(path), READERS)
        writers = [pool.submit(stress.writer, str(path), k, ROUNDS, READERS) for k in range(WRITERS)]
        done, _ = wait(writers, timeout=120)
        (tmp_path / "stop").touch()  # readers do one last pass, the maintainer stops
        results = [f.result(timeout=120) for f in [*writers, *readers, maintainer]]
    assert len(done) == WRITERS
    reader_results = results[WRITERS : WRITERS + READERS]
    assert all(r["searches"] > 1 for r in reader_results), reader_results
    expected = stress.final_state(WRITERS, ROUNDS)
    # the readers' last pass saw every permanent document
    assert all(r["permanent"] == WRITERS * ROUNDS for r in reader_results), reader_results

    index = MatchingIndex(path, workers=1)  # a restart: loads what is on disk, re-indexes nothing
    assert_files_intact(path)
    assert stress.live_ids(index) == expected
    assert len(index) == len(expected)
    assert {h.id for h in index.search("pmark", k=1000)} == stress.permanent_ids(WRITERS, ROUNDS)
    assert index.stats()["semantic"]["trained"]
    # and it keeps working after more upkeep and another restart
    index.maintain(force_retrain=True)
    assert stress.live_ids(MatchingIndex(path, workers=1)) == expected
    assert_files_intact(path)
