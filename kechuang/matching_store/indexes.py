"""Opening the named indexes once per process, updating them and their scheduled upkeep."""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path
from typing import Any

from django.conf import settings

from kechuang.matching import IndexCorruptError, MatchingIndex

logger = logging.getLogger(__name__)
_INDEXES: dict[tuple[str, str], MatchingIndex] = {}
_LOCK = threading.Lock()
_NAME = re.compile(r"[a-z][a-z0-9_]*")
# what the upkeep report keeps of the drift before it (see ``MatchingIndex.semantic_status``)
_DRIFT_KEYS = ("trained_docs", "added", "updated", "removed", "change_ratio", "new_oov_share", "due")


def index_root() -> Path:
    return Path(settings.MATCHING_INDEX_DIR)


def check_name(name: str) -> str:
    """An index is a directory under the root: a plain lower-case name, nothing that walks elsewhere."""
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValueError(name)
    return name


def open_index(name: str, *, rebuild_hint: str = "") -> MatchingIndex:
    """The index ``name`` of this process (opened on first use, then cached).

    A damaged index is not cached, so the next call tries again and picks up a rebuild made by another
    process; the error names ``rebuild_hint``, the command that rebuilds it."""
    check_name(name)
    root = str(index_root())
    key = (root, name)
    with _LOCK:
        index = _INDEXES.get(key)
        if index is None:
            path = Path(root) / name
            try:
                index = MatchingIndex(path, workers=1)
            except IndexCorruptError as exc:
                logger.error("matching index %r at %s is damaged: %s", name, path, exc)
                raise IndexCorruptError(
                    f"the matching index {name!r} at {path} cannot be read ({exc}); rebuild it from the "
                    f"database: {rebuild_hint or 'rebuild the index'}"
                ) from exc
            _INDEXES[key] = index
        return index


def reset_cache() -> None:
    """Forget opened indexes (after a rebuild; tests point ``MATCHING_INDEX_DIR`` somewhere new)."""
    with _LOCK:
        _INDEXES.clear()


def apply_safely(name: str, op: str, arg: list[Any], *, rebuild_hint: str = "") -> None:
    """``add(arg)`` or ``delete(arg)`` on the index ``name``, logging instead of raising: the index is
    derived data and a business write must never fail because of it (a rebuild puts it right)."""
    try:
        getattr(open_index(name, rebuild_hint=rebuild_hint), op)(arg)
    except Exception:
        logger.exception("matching index update failed")


def maintain_index(index: MatchingIndex, *, force_retrain: bool, optimize: bool) -> dict[str, Any]:
    """Relearn the semantic space where due (or ``force_retrain``) and merge segments; returns the
    figures a :class:`~kechuang.core.models.JobRun` keeps."""
    report = index.maintain(force_retrain=force_retrain, optimize=optimize)
    before, after = report.get("before") or {}, report.get("after") or {}
    return {
        "retrained": report["retrained"],
        "optimized": report["optimized"],
        "skipped": report["skipped"],  # another process was maintaining this index
        "reason": report.get("reason"),
        "documents": report.get("documents"),
        "segments": [report.get("segments_before"), report.get("segments_after")],
        "seconds": report["seconds"],
        "drift_before": {k: before[k] for k in _DRIFT_KEYS if k in before},
        "trained_generation": after.get("trained_generation"),
    }
