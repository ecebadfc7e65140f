"""Rebuilding an index afresh from its caller's documents and swapping it in for the live directory.

The new index is built in ``.<name>.rebuild-*`` next to the live one, under the live index's write and
maintenance locks (writers in other processes wait, then reload the new index and apply their change to
it), and replaced atomically: readers see the old index or the new one, never half of one.  Processes
holding the old index notice the new ``index_id`` in the manifest and reload.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from kechuang.matching import Document, MatchingIndex
from kechuang.matching_store.changelog import last_seq, write_cursor
from kechuang.matching_store.indexes import check_name, index_root, reset_cache

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def _flock(path: Path) -> Iterator[None]:
    with open(path, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _index_id(directory: Path) -> str | None:
    try:
        return str(json.loads((directory / "manifest.json").read_text(encoding="utf-8"))["index_id"])
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing or damaged


def _swap_in(new: Path, live: Path, root: Path, name: str) -> Path:
    """Put ``new`` where ``live`` is; returns the directory now holding the old index."""
    if _exchange(new, live):
        old = new
    else:  # two renames: for a moment there is no live directory (a reader keeps its index)
        old = root / f".{name}.old-{uuid.uuid4().hex[:8]}"
        os.rename(live, old)
        try:
            os.rename(new, live)
        except OSError:
            os.rename(old, live)
            raise
    dir_fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return old


def rebuild_index(name: str, *, documents: Callable[[], Iterable[Document]]) -> dict[str, Any]:
    """Build the index ``name`` afresh from ``documents()`` (read under the locks, so no write is lost)
    and swap it in.  Recorded feedback is carried over; the old directory — readable or not — is
    removed.  Returns the figures a :class:`~kechuang.core.models.JobRun` keeps."""
    check_name(name)
    started = time.monotonic()
    root = index_root()
    root.mkdir(parents=True, exist_ok=True)
    live = root / name
    new = root / f".{name}.rebuild-{uuid.uuid4().hex[:8]}"
    with _flock(root / f".{name}.rebuild.lock"):
        live.mkdir(exist_ok=True)
        with _flock(live / "maintain.lock"), _flock(live / "write.lock"):
            previous = _index_id(live)
            try:
                # the newest change before reading the rows: later ones are applied on top (harmlessly
                # again when the rows read already hold them)
                seq = last_seq(name)
                docs = list(documents())
                index = MatchingIndex(new, workers=1)
                if docs:
                    index.add(docs)
                feedback = live / "feedback.jsonl"
                if feedback.is_file():
                    shutil.copyfile(feedback, new / "feedback.jsonl")
                    index.feedback_store.reload()
                index_id = _index_id(new)
                stats = index.stats()
                write_cursor(new, seq)
                del index
                old = _swap_in(new, live, root, name)
            except BaseException:
                shutil.rmtree(new, ignore_errors=True)
                raise
        shutil.rmtree(old, ignore_errors=True)
    reset_cache()
    logger.info("matching index %r rebuilt from the database: %d documents", name, stats["documents"])
    return {
        "documents": stats["documents"],
        "terms": stats["terms"],
        "semantic_dim": stats["semantic_dim"],
        "feedback_events": stats["feedback_events"],
        "index_id": index_id,
        "previous_index_id": previous,  # None: the old directory was missing or damaged
        "changelog_seq": seq,
        "seconds": round(time.monotonic() - started, 3),
    }
