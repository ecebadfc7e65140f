"""The index on disk: segment files, the vocabulary file, the LSA space, and the manifest that names
them.  Every change is committed by writing the new files, making them durable, and atomically replacing
``manifest.json``; a restart loads the manifest — no re-indexing.  Writers are serialised across
processes by ``flock`` on ``write.lock``; files no manifest refers to any more are removed once old.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import numpy as np

from kechuang.matching.config import RankingConfig, SemanticDrift
from kechuang.matching.errors import IndexCorruptError
from kechuang.matching.segments import CATEGORICAL, Segment, document_frequencies
from kechuang.matching.semantic import LsaModel
from kechuang.matching.snapshot import Snapshot
from kechuang.matching.tokenize import Tokenizer
from kechuang.matching.vocabulary import Vocabulary

FORMAT_VERSION = 1
FRESH_SECONDS = 1.0  # a manifest younger than this is checked by content, not by its file signature
GC_GRACE_SECONDS = 60.0  # files no manifest refers to any more are removed once this old
KEPT_FILES = ("manifest.json", "vocab.txt", "write.lock", "maintain.lock", "feedback.jsonl")


def signature(st: os.stat_result) -> tuple[int, int, int]:
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def fsync(path: Path) -> None:
    """Make a written file (or a directory's entries) durable: a power cut after the manifest names a
    file must not leave that file incomplete."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_segment(seg: Segment, seg_dir: Path) -> None:
    tmp = seg_dir.with_name(seg_dir.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    tf = seg.load_tf()
    np.savez(tmp / "tf.npz", data=tf.data, indices=tf.indices, indptr=tf.indptr, n_terms=tf.shape[1])
    np.savez(tmp / "postings.npz", indptr=seg.p_indptr, docs=seg.p_docs, w=seg.p_w, dl=seg.dl)
    if seg.emb is not None:
        np.save(tmp / "emb.npy", seg.emb)
    meta = {
        "ids": seg.ids,
        "cat_values": seg.cat_values,
        "mode_values": seg.mode_values,
    }
    (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    np.savez(
        tmp / "attrs.npz",
        trl=seg.trl,
        modes=seg.modes,
        **{f"cat_{k}": v for k, v in seg.cat_codes.items()},  # type: ignore[arg-type]
    )
    for f in tmp.iterdir():
        fsync(f)
    fsync(tmp)
    os.replace(tmp, seg_dir)
    fsync(seg_dir.parent)


def read_segment(seg_dir: Path, entry: Mapping[str, Any], held: Segment | None = None) -> Segment:
    """Load a segment; ``held`` is the same segment already in memory (segments never change on disk,
    only their embedding and deletion files do)."""
    if held is not None and held.n == entry["n"]:
        seg = held
        if entry.get("emb") != held.emb_file:
            emb = np.load(seg_dir / entry["emb"]) if entry.get("emb") else None
            seg = replace(seg, emb=emb, emb_file=entry.get("emb"))
        if entry.get("deleted") != held.del_file:
            alive = (
                ~np.load(seg_dir / entry["deleted"]) if entry.get("deleted") else np.ones(held.n, dtype=bool)
            )
            seg = replace(seg, alive=alive, del_file=entry.get("deleted"), _mask_cache={})
        return seg
    meta = json.loads((seg_dir / "meta.json").read_text(encoding="utf-8"))
    with np.load(seg_dir / "postings.npz") as z:
        p_indptr, p_docs, p_w, dl = z["indptr"], z["docs"], z["w"], z["dl"]
    with np.load(seg_dir / "attrs.npz") as z:
        attrs: dict[str, Any] = {"trl": z["trl"], "modes": z["modes"]}
        n = len(z["trl"])
        # an index written before a categorical field existed: every row has the empty value
        attrs["cat_codes"] = {
            k: z[f"cat_{k}"] if f"cat_{k}" in z else np.zeros(n, dtype=np.int32) for k in CATEGORICAL
        }
    emb = np.load(seg_dir / entry["emb"]) if entry.get("emb") else None
    alive = np.ones(len(meta["ids"]), dtype=bool)
    if entry.get("deleted"):
        alive = ~np.load(seg_dir / entry["deleted"])
    attrs.update(path=seg_dir, emb_file=entry.get("emb"), del_file=entry.get("deleted"))
    cat_values = {k: meta["cat_values"].get(k, [""]) for k in CATEGORICAL}
    attrs.update(cat_values=cat_values, mode_values=meta["mode_values"])
    # positional: the fields in the order :class:`Segment` declares them
    return Segment(seg_dir.name, meta["ids"], None, dl, p_indptr, p_docs, p_w, emb, alive=alive, **attrs)


class DiskStore:
    """One index directory: its locks, its manifest, and what this process last loaded from it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.manifest_sig: tuple[int, int, int] | None = None  # (inode, mtime ns, size) of what we loaded
        self.lsa_file: str | None = None  # the manifest's LSA file that the held space was read from
        self.index_id: str | None = None  # the manifest's ``index_id``: another id means a new index

    # -- locks -----------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def write_lock(self) -> Iterator[None]:
        """Exclusive across processes (``flock`` on ``write.lock``)."""
        while True:
            lock_fh = open(self.path / "write.lock", "a+")  # noqa: SIM115 - closed below
            fcntl.flock(lock_fh, fcntl.LOCK_EX)
            # the directory may have been swapped for a rebuilt one while we waited: lock that one
            with contextlib.suppress(FileNotFoundError):
                if os.stat(self.path / "write.lock").st_ino == os.fstat(lock_fh.fileno()).st_ino:
                    break
            fcntl.flock(lock_fh, fcntl.LOCK_UN)
            lock_fh.close()
        with lock_fh:
            try:
                yield
            finally:
                fcntl.flock(lock_fh, fcntl.LOCK_UN)

    @contextlib.contextmanager
    def maintenance_lock(self) -> Iterator[bool]:
        """True when this process got it; False when another process is maintaining the index."""
        with open(self.path / "maintain.lock", "a+") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    # -- the manifest ------------------------------------------------------------------------------------
    def has_manifest(self) -> bool:
        return (self.path / "manifest.json").exists()

    def read_manifest(self) -> dict[str, Any]:
        try:
            return json.loads((self.path / "manifest.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]
        except (OSError, ValueError) as exc:
            raise IndexCorruptError(f"cannot read index manifest: {exc}") from exc

    def is_stale(self, generation: int) -> bool:
        """Another process committed since ``generation`` was loaded (or rebuilt the index)."""
        manifest = self.read_manifest()
        return manifest["generation"] != generation or manifest.get("index_id") != self.index_id

    def manifest_stat(self) -> os.stat_result | None:
        try:
            return (self.path / "manifest.json").stat()
        except FileNotFoundError:
            return None

    def unchanged(self, st: os.stat_result) -> bool:
        """The manifest is the one last loaded, judging by its file signature.  File times are as coarse
        as the kernel's clock tick (milliseconds): two commits within one tick can leave the same mtime,
        and a freed inode number can be reused.  So an unchanged signature is only trusted once the file
        is older than that; a fresh manifest is read (it is small)."""
        return signature(st) == self.manifest_sig and time.time() - st.st_mtime > FRESH_SECONDS

    def remember(self, st: os.stat_result) -> None:
        """The manifest with this signature is loaded (trusted once it is old enough)."""
        if time.time() - st.st_mtime > FRESH_SECONDS:
            self.manifest_sig = signature(st)

    # -- commit --------------------------------------------------------------------------------------------
    def commit(
        self,
        snap: Snapshot,
        *,
        held_lsa: LsaModel | None,
        vocabulary: Vocabulary,
        tokenizer: Tokenizer,
        config: RankingConfig,
        new_terms: Sequence[str] = (),
        domain_changed: bool = False,
    ) -> tuple[dict[str, Any], dict[str, Any] | None]:
        """Write what ``snap`` adds and replace the manifest; returns (new manifest, previous one)."""
        root = self.path
        prev = self.read_manifest() if (root / "manifest.json").exists() else None
        self._write_vocabulary(snap, vocabulary, prev, new_terms=bool(new_terms))
        index_id = (prev or {}).get("index_id") or uuid.uuid4().hex
        written: list[Path] = []  # made durable (fsync) before the manifest that refers to them
        seg_entries = [self._write_segment_files(seg, snap.generation, written) for seg in snap.segments]
        lsa_name = prev.get("lsa") if prev else None
        if snap.lsa is not None and (held_lsa is not snap.lsa or lsa_name is None):
            lsa_name = f"lsa-{snap.generation:06d}.npz"
            snap.lsa.save(root / lsa_name)
            written.append(root / lsa_name)
        self.lsa_file = lsa_name if snap.lsa is not None else None
        self.index_id = index_id
        domain_name = prev.get("domain") if prev else None
        if domain_changed or domain_name is None:
            domain_name = f"domain-{snap.generation:06d}.txt"
            (root / domain_name).write_text("\n".join(sorted(tokenizer.domain_words)), encoding="utf-8")
            written.append(root / domain_name)
        manifest = {
            "format": FORMAT_VERSION,
            "generation": snap.generation,
            "vocab_size": snap.vocab_size,
            "n_docs": snap.n_docs,
            "avgdl": snap.avgdl,
            "segments": seg_entries,
            "lsa": lsa_name if snap.lsa is not None else None,
            "domain": domain_name,
            "segmenter": tokenizer.segmenter,
            "config": asdict(config),
            "semantic": asdict(snap.drift),
            "index_id": index_id,
        }
        for f in written:
            fsync(f)
        for d in {f.parent for f in written}:
            fsync(d)
        tmp = root / f"manifest.json.{uuid.uuid4().hex}.tmp"
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump(manifest, fh, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, root / "manifest.json")
        fsync(root)  # the rename itself
        self.manifest_sig = None  # compare by generation until the file is old enough (see ``unchanged``)
        return manifest, prev

    def _write_vocabulary(
        self, snap: Snapshot, vocabulary: Vocabulary, prev: dict[str, Any] | None, *, new_terms: bool
    ) -> None:
        """The vocabulary file is append-only, truncated to the committed size first (a crashed writer
        may have left extra lines)."""
        vocab_path = self.path / "vocab.txt"
        committed = prev["vocab_size"] if prev else 0
        if new_terms or not vocab_path.exists() or committed != snap.vocab_size:
            vocabulary.append_to(vocab_path, committed=committed, size=snap.vocab_size)
        elif vocabulary.file_state is not None and vocabulary.file_state[0] != snap.vocab_size:
            vocabulary.file_state = None

    def _write_segment_files(self, seg: Segment, generation: int, written: list[Path]) -> dict[str, Any]:
        """Write a new segment, or a held segment's new embedding or deletion file; its manifest entry."""
        seg_dir = self.path / seg.name
        if not seg_dir.exists():
            write_segment(seg, seg_dir)
            seg.path = seg_dir
            seg.emb_file = "emb.npy" if seg.emb is not None else None
            seg.dirty_emb = False
        if seg.dirty_emb and seg.emb is not None:
            seg.emb_file = f"emb-{generation:06d}.npy"
            np.save(seg_dir / seg.emb_file, seg.emb)
            written.append(seg_dir / seg.emb_file)
            seg.dirty_emb = False
        if seg.dirty_del or (seg.del_file is None and not seg.alive.all()):
            seg.del_file = f"del-{generation:06d}.npy"
            np.save(seg_dir / seg.del_file, ~seg.alive)
            written.append(seg_dir / seg.del_file)
            seg.dirty_del = False
        return {"name": seg.name, "n": seg.n, "emb": seg.emb_file, "deleted": seg.del_file}

    def gc(self, manifest: dict[str, Any], prev: dict[str, Any] | None = None) -> None:
        """Remove files that neither this nor the previous manifest refers to, once they are older than
        ``GC_GRACE_SECONDS``: a reader in another process may still be loading an older generation (on a
        busy machine, while several commits go by).  Runs under the write lock, so a leftover ``.tmp``
        is a crashed writer's and goes too."""
        keep: set[str | None] = set(KEPT_FILES)
        seg_files: dict[str, set[str | None]] = {}
        for m in (manifest, prev) if prev else (manifest,):
            keep.update((m.get("lsa"), m.get("domain")))
            for e in m["segments"]:
                keep.add(e["name"])
                seg_files.setdefault(e["name"], set()).update((e.get("emb"), e.get("deleted")))
        cutoff = time.time() - GC_GRACE_SECONDS

        def old(p: Path) -> bool:
            try:
                return p.stat().st_mtime < cutoff
            except FileNotFoundError:
                return False

        for p in self.path.iterdir():
            if p.name not in keep:
                if not old(p):
                    continue
                if p.is_dir():
                    shutil.rmtree(p, ignore_errors=True)
                else:
                    p.unlink(missing_ok=True)
            elif p.is_dir() and p.name in seg_files:
                for f in p.iterdir():
                    if f.name.startswith(("emb-", "del-")) and f.name not in seg_files[p.name] and old(f):
                        f.unlink(missing_ok=True)

    # -- load ----------------------------------------------------------------------------------------------
    def load(self, held: Snapshot, *, vocabulary: Vocabulary, tokenizer: Tokenizer) -> Snapshot:
        """The snapshot the manifest describes.  What this process already holds of the same index (not
        one rebuilt at the same path) is reused: the vocabulary's start, the segments, the LSA space."""
        root = self.path
        manifest = self.read_manifest()
        if manifest.get("format") != FORMAT_VERSION:
            raise IndexCorruptError(f"unsupported index format {manifest.get('format')!r}")
        vocab_size = int(manifest["vocab_size"])
        same = manifest.get("index_id") is not None and manifest.get("index_id") == self.index_id
        vocabulary.read(root / "vocab.txt", vocab_size, incremental=same)
        kept = {seg.name: seg for seg in held.segments if seg.path is not None} if same else {}
        segs = [read_segment(root / e["name"], e, kept.get(e["name"])) for e in manifest["segments"]]
        if not manifest.get("lsa"):
            lsa = None
        elif same and manifest["lsa"] == self.lsa_file and held.lsa is not None:
            lsa = held.lsa
        else:
            lsa = LsaModel.load(root / manifest["lsa"])
        domain = (root / manifest["domain"]).read_text(encoding="utf-8").split("\n")
        tokenizer.add_words(w for w in domain if w)
        snap = Snapshot(
            generation=int(manifest["generation"]),
            segments=tuple(segs),
            df=document_frequencies(segs, vocab_size),
            n_docs=int(manifest["n_docs"]),
            avgdl=float(manifest["avgdl"]),
            lsa=lsa,
            vocab_size=vocab_size,
            drift=SemanticDrift.from_dict(manifest.get("semantic"))
            or SemanticDrift(  # an index written before drift was tracked: count from now on
                trained_generation=int(manifest["generation"]),
                trained_docs=int(sum(int(s.alive.sum()) for s in segs)),
            ),
        )
        self.lsa_file = manifest.get("lsa")
        self.index_id = manifest.get("index_id")
        self.manifest_sig = None
        return snap
