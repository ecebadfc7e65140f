from __future__ import annotations

import os
import threading
import time

import pytest

from kechuang.matching import Document, DocumentError, MatchingIndex, QueryError, SearchContext

from .conftest import DOCS, filler


def ids(hits):
    return [h.id for h in hits]


def test_basic_ranking(index):
    hits = index.search("镁合金压铸", k=3)
    assert hits[0].id == "a1"


def test_traditional_query_finds_simplified_document(index):
    assert index.search("湖泊水體富營養化", k=1)[0].id == "a2"


def test_explanation_lists_shared_terms_and_semantic(index):
    hit = index.search("镁合金压铸", k=1)[0]
    terms = hit.explanation.get("terms")
    assert terms is not None and any("镁合金" in t or "压铸" in t for t in terms.detail)
    assert hit.explanation.get("semantic") is not None


def test_context_features_in_explanation(index):
    ctx = SearchContext(industry="C3312", region="220104", min_trl=5)
    hit = index.search("镁合金压铸", k=1, context=ctx)[0]
    keys = {f.key for f in hit.explanation.features}
    assert {"industry", "region", "maturity"} <= keys


def test_filters(index):
    assert set(ids(index.search("合金", k=10, filters={"region": "220000"}))) <= {"a1", "a3", "a4"}
    assert ids(index.search("合金", k=10, filters={"industry": "C331"})) in (["a1", "a3"], ["a3", "a1"])
    assert ids(index.search("合金", k=10, filters={"trl_min": 7, "industry": "C33"})) == ["a3"]
    assert ids(index.search("合金", k=10, filters={"transfer_mode": "许可", "org_kind": "university"})) in (
        ["a1", "a5"],
        ["a5", "a1"],
    )
    assert "a1" not in ids(index.search("镁合金", k=10, filters={"exclude_ids": ["a1"]}))


def test_unknown_filter_is_an_error(index):
    with pytest.raises(QueryError, match="unknown filter: 'colour'"):
        index.search("合金", filters={"colour": "red"})
    with pytest.raises(QueryError, match="filter 'trl_min' must be an integer from 1 to 9"):
        index.search("合金", filters={"trl_min": 12})


def test_empty_and_huge_queries(index):
    with pytest.raises(QueryError, match="query is empty"):
        index.search("   ")
    with pytest.raises(QueryError, match="query is longer than"):
        index.search("镁" * 20_001)


def test_unknown_words_return_no_error(index):
    assert index.search("zzqqxx", k=5) == [] or all(h.score < 1 for h in index.search("zzqqxx", k=5))


def test_bad_document():
    with pytest.raises(DocumentError, match="non-empty string 'id'"):
        Document.from_dict({"title": "x"})
    with pytest.raises(DocumentError, match="'keywords' must be a list"):
        Document.from_dict({"id": "1", "keywords": "a,b"})
    with pytest.raises(DocumentError, match="'trl' must be an integer from 1 to 9"):
        Document.from_dict({"id": "1", "trl": 10})


def test_incremental_add_update_delete(index):
    gen = index.generation
    index.add([Document(id="n1", title="氢燃料电池双极板", abstract="石墨复合双极板用于氢燃料电池堆。")])
    assert index.generation > gen
    assert index.search("氢燃料电池", k=1)[0].id == "n1"
    index.add([Document(id="n1", title="钙钛矿太阳能电池", abstract="高效钙钛矿光伏组件制备。")])
    assert "n1" not in ids(index.search("双极板", k=5))
    assert index.search("钙钛矿", k=1)[0].id == "n1"
    assert index.delete(["n1"]) == 1
    assert "n1" not in index
    assert "n1" not in ids(index.search("钙钛矿", k=5))
    assert index.delete(["n1"]) == 0


def test_persistence_without_reindexing(tmp_path, index):
    index.add(
        [
            Document(
                id="n2",
                title="无人机植保喷洒",
                abstract="多旋翼无人机精准喷洒农药。",
                keywords=("植保无人机",),
            )
        ]
    )
    index.delete(["a4"])
    before = index.search("无人机植保", k=3)
    reopened = MatchingIndex(index.path, workers=1)
    assert len(reopened) == len(index)
    assert ids(reopened.search("无人机植保", k=3)) == ids(before)
    assert "a4" not in reopened
    assert "植保无人机" in reopened.tokenizer.domain_words
    # the reopened index can keep growing
    reopened.add([Document(id="n3", title="智能温室控制", abstract="温室环境物联网控制系统。")])
    assert reopened.search("温室", k=1)[0].id == "n3"


def test_other_process_writes_are_picked_up(tmp_path, index):
    other = MatchingIndex(index.path, workers=1)
    other.add([Document(id="x1", title="量子点显示", abstract="量子点发光材料用于显示面板。")])
    assert index.search("量子点", k=1)[0].id == "x1"


def test_merging_keeps_results(tmp_path):
    idx = MatchingIndex(tmp_path / "m", workers=1)
    idx.add(filler(30))
    for d in DOCS:
        idx.add([d])
    idx.add([Document(id=f"g{i}", abstract=f"光纤传感 第{i}组 应变测量") for i in range(6)])
    assert len(idx._snap.segments) <= idx.config.max_segments
    assert idx.search("镁合金压铸", k=1)[0].id == "a1"
    idx.optimize()
    assert len(idx._snap.segments) == 1
    assert MatchingIndex(tmp_path / "m").search("镁合金压铸", k=1)[0].id == "a1"


def test_concurrent_readers_during_writes(index):
    errors: list[BaseException] = []
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            try:
                hits = index.search("镁合金", k=5)
                assert hits and hits[0].id in {"a1", "a5"}
            except BaseException as exc:
                errors.append(exc)
                return

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    for i in range(8):
        index.add([Document(id=f"c{i}", abstract=f"风力发电 叶片 第{i}批 检测")])
        index.delete([f"c{i - 1}"])
    stop.set()
    for t in threads:
        t.join()
    assert errors == []


def test_in_memory_index():
    idx = MatchingIndex(None, workers=1)
    idx.add([*DOCS, *filler(30)])
    assert idx.search("富营养化", k=1)[0].id == "a2"


def test_a_commit_within_the_same_clock_tick_is_not_missed(index):
    """File times are as coarse as the kernel tick: a second commit may leave the manifest's mtime as
    it was.  A reader must still see it (it used to compare the mtime only and stay stale)."""
    reader = MatchingIndex(index.path, workers=1)
    assert reader.search("富营养化", k=1)[0].id == "a2"
    manifest = index.path / "manifest.json"
    seen = manifest.stat()
    index.add([Document(id="t1", title="光伏逆变器", abstract="组串式光伏逆变器的最大功率点跟踪。")])
    os.utime(manifest, ns=(seen.st_atime_ns, seen.st_mtime_ns))  # as if in the same tick
    assert reader.search("光伏逆变器", k=1)[0].id == "t1"
    assert reader.generation == index.generation
    # an old, unchanged manifest is trusted by its signature: no reading at every search
    old = time.time() - 60
    os.utime(manifest, (old, old))
    assert reader.refresh() is False
    assert reader._store.manifest_sig is not None


def test_a_reader_loading_while_several_commits_go_by_still_loads(index, monkeypatch):
    """A reader slower than the writers (a busy machine) used to find the files of the generation it was
    loading already removed, attempt after attempt, and gave up with IndexCorruptError."""
    from kechuang.matching import storage

    reader = MatchingIndex(index.path, workers=1)
    writer = MatchingIndex(index.path, workers=1)
    read_segment = storage.read_segment
    commits = [0]
    writing = threading.Event()

    def slow_read(*args, **kwargs):
        if commits[0] < 36 and not writing.is_set():  # commits while each segment is being read
            writing.set()  # (the writer reads segments too when it reloads)
            for _ in range(3):
                writer.delete([f"f{commits[0]}"])  # a new deletion file for the reader's segment
                commits[0] += 1
            writing.clear()
        return read_segment(*args, **kwargs)

    index.delete(["a4"])  # the reader must load a new deletion file
    monkeypatch.setattr(storage, "read_segment", slow_read)
    assert reader.refresh() is True
    monkeypatch.setattr(storage, "read_segment", read_segment)
    assert "a4" not in reader
    reader.refresh()
    assert reader.generation == writer.generation


def test_unreferenced_files_are_removed_once_old(index, monkeypatch):
    from kechuang.matching import storage

    index.add([Document(id="g1", title="地热能", abstract="中深层地热能供暖")])
    index.optimize()
    before = {p.name for p in index.path.iterdir() if p.name.startswith("seg-")}
    assert len(before) > 1  # the merged segments are kept for a while (readers may be loading them)
    monkeypatch.setattr(storage, "GC_GRACE_SECONDS", 0.0)
    index.delete(["g1"])
    index.delete(["a1"])  # a second commit: the generation before the first one is now unreferenced
    names = {p.name for p in index.path.iterdir() if p.name.startswith("seg-")}
    assert names == {e.name for e in index._snap.segments}
    assert len(MatchingIndex(index.path, workers=1)) == len(index)


def test_a_reader_reads_only_the_new_vocabulary_and_notices_a_rebuilt_index(index):
    reader = MatchingIndex(index.path, workers=1)
    assert reader.search("镁合金", k=1)
    index.add([Document(id="v1", title="钠离子电池负极", abstract="硬碳负极材料用于钠离子电池。")])
    reader.refresh()
    fresh = MatchingIndex(index.path, workers=1)
    assert reader.terms == fresh.terms and reader.vocab == fresh.vocab
    assert reader.search("钠离子电池", k=1)[0].id == "v1"
    # the directory is emptied and a different index is built at the same path: nothing is reused
    import shutil

    shutil.rmtree(index.path)
    rebuilt = MatchingIndex(index.path, workers=1)
    rebuilt.add(
        [Document(id=f"r{i}", title="海水淡化反渗透膜", abstract=f"反渗透膜组件 第{i}批") for i in range(25)]
    )
    reader.refresh()
    assert len(reader) == 25 and reader.terms == rebuilt.terms
    assert reader.search("反渗透膜", k=1)[0].id.startswith("r")
    assert (reader._snap.lsa is None) == (rebuilt._snap.lsa is None)


def test_every_file_the_manifest_names_is_made_durable_before_it(tmp_path, monkeypatch):
    import json

    from kechuang.matching import storage

    synced: list[str] = []
    real = storage.fsync

    def record(path):
        synced.append(str(path))
        real(path)

    monkeypatch.setattr(storage, "fsync", record)
    idx = MatchingIndex(tmp_path / "ix", workers=1)
    idx.add([*DOCS, *filler(30)])
    idx.delete(["a1"])
    manifest = json.loads((tmp_path / "ix" / "manifest.json").read_text(encoding="utf-8"))
    root = tmp_path / "ix"
    named = [root / manifest["lsa"], root / manifest["domain"]]
    for e in manifest["segments"]:
        seg = root / e["name"]
        named += [seg, *[seg / f for f in (e["emb"], e["deleted"]) if f]]
        named += [p for p in seg.iterdir() if not p.name.startswith(("emb", "del"))]
    # a segment's files are synced in its .tmp directory, before the rename that publishes them
    done = {p.replace(".tmp/", "/").removesuffix(".tmp") for p in synced}
    missing = [str(p) for p in named if str(p) not in done]
    assert not missing
    assert str(root) in synced  # the directory entries (renames) too
