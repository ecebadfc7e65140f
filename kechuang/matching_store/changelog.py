"""Keeping each node's own index directory current from the database: the ordered change log.

Several machines share nothing but the database (and Redis, and file storage); each keeps its own copy of
the indexes under ``MATCHING_INDEX_DIR``.  Every business write that changes what an index should hold
appends an :class:`~kechuang.matching_store.models.IndexChange` row — "document ``doc_id`` of index
``index`` was written / removed" — in the *same transaction* (so a rolled-back write leaves no row, and a
committed one always leaves its row).  The rows are numbered while holding the audit chain's lock
(:func:`kechuang.core.audit.serialize_writes`), so they commit in the order of their numbers: a node that
has applied every row up to ``n`` never later finds a row below ``n`` appearing.

Each index directory records the last number applied to it (``changelog.seq``).  :func:`catch_up` reads
the rows after it, in order, collapses them per document (the last one wins), asks the caller for the
documents as the database holds them *now* (``load``: a document, or None when it is no longer
searchable) and applies them — so applying a row twice, or late, is harmless.  A rebuild
(:func:`kechuang.matching_store.rebuild_index`) stamps the new directory with the newest number it has
seen before reading the rows.

A node catches up (a) in its follower process (``manage.py market_index --follow``: every second), and
(b) before a search when the process has not looked for ``MATCHING_CHANGELOG_POLL_SECONDS``.  After a
downtime it simply applies everything after its number; a directory without a number (new node, lost
disk) or behind the rows still kept (the log is pruned after some days) needs a rebuild, which the
follower does by itself.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from kechuang.core.audit import serialize_writes
from kechuang.core.models import IndexChange, JobRun
from kechuang.matching import Document
from kechuang.matching_store.indexes import check_name, index_root, open_index
from kechuang.matching_store.jobs import job_record

logger = logging.getLogger(__name__)

CURSOR_FILE = "changelog.seq"
PRUNE_JOB = "matching.changelog_prune"
Loader = Callable[[list[str]], dict[str, Document | None]]

__all__ = [
    "catch_up",
    "cursor",
    "lag",
    "last_seq",
    "needs_rebuild",
    "prune",
    "record_change",
    "write_cursor",
]


def record_change(name: str, doc_ids: Iterable[str], op: str) -> None:
    """Append "these documents of ``name`` changed" to the log, inside the caller's transaction."""
    check_name(name)
    if op not in IndexChange.Op.values:
        raise ValueError(op)
    ids = [str(doc_id) for doc_id in doc_ids]
    if not ids:
        return
    with transaction.atomic():
        serialize_writes()
        IndexChange.objects.bulk_create([IndexChange(index=name, doc_id=doc_id, op=op) for doc_id in ids])


def last_seq(name: str) -> int:
    """The newest change number of ``name`` in the database (0 when none)."""
    return IndexChange.objects.filter(index=name).aggregate(m=Max("seq"))["m"] or 0


def cursor(name: str, directory: Path | None = None) -> int | None:
    """The last change number applied to the directory (None: never stamped — it needs a rebuild)."""
    path = (directory or index_root() / check_name(name)) / CURSOR_FILE
    try:
        return int(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def write_cursor(directory: Path, seq: int) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    tmp = directory / f".{CURSOR_FILE}.{os.getpid()}"
    tmp.write_text(str(int(seq)), encoding="ascii")
    os.replace(tmp, directory / CURSOR_FILE)


def lag(name: str) -> int | None:
    """How many changes of ``name`` this node has not applied yet (None: the directory has no number)."""
    applied = cursor(name)
    if applied is None:
        return None
    return IndexChange.objects.filter(index=name, seq__gt=applied).count()


def needs_rebuild(name: str) -> bool:
    """No number, or a number below the last pruning's (rows it would need are gone)."""
    applied = cursor(name)
    if applied is None:
        return True
    return applied < pruned_upto()


def pruned_upto() -> int:
    """The highest change number the last pruning deleted (0: never pruned)."""
    run = JobRun.objects.filter(job=PRUNE_JOB).order_by("-id").values_list("result", flat=True).first()
    return int((run or {}).get("upto") or 0)


@contextlib.contextmanager
def _follow_lock(name: str, *, blocking: bool) -> Iterator[bool]:
    """The index's rebuild lock: a catch-up and a rebuild of one index never run at once."""
    root = index_root()
    root.mkdir(parents=True, exist_ok=True)
    with open(root / f".{name}.rebuild.lock", "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def catch_up(
    name: str, *, load: Loader, limit: int = 5000, blocking: bool = True, rebuild_hint: str = ""
) -> dict[str, Any]:
    """Apply the changes after this node's number, in order, at most ``limit`` of them.

    Returns ``{"status": "current" | "applied" | "busy" | "no cursor", "applied": n, "upserted": u,
    "deleted": d, "seq": number now, "seconds": t}``; "no cursor" means a rebuild is needed, "busy" that
    another process of this node is catching up or rebuilding (``blocking=False``)."""
    check_name(name)
    started = time.monotonic()
    report: dict[str, Any] = {"status": "current", "applied": 0, "upserted": 0, "deleted": 0}
    if cursor(name) is None:
        return {**report, "status": "no cursor", "seq": None, "seconds": 0.0}
    with _follow_lock(name, blocking=blocking) as held:
        if not held:
            return {**report, "status": "busy", "seq": cursor(name), "seconds": 0.0}
        applied = cursor(name)  # again, under the lock: a rebuild may have just stamped a new directory
        if applied is None:
            return {**report, "status": "no cursor", "seq": None, "seconds": 0.0}
        rows = list(
            IndexChange.objects.filter(index=name, seq__gt=applied)
            .order_by("seq")
            .values_list("seq", "doc_id", "op")[:limit]
        )
        if rows:
            final: dict[str, str] = {}
            for _seq, doc_id, op in rows:
                final[doc_id] = op
            wanted = [doc_id for doc_id, op in final.items() if op == IndexChange.Op.UPSERT]
            found = load(wanted) if wanted else {}
            docs = [doc for doc_id in wanted if (doc := found.get(doc_id)) is not None]
            gone = [doc_id for doc_id in final if doc_id not in {d.id for d in docs}]
            index = open_index(name, rebuild_hint=rebuild_hint)
            if docs:
                index.add(docs)
            if gone:
                index.delete(gone)
            write_cursor(index_root() / name, rows[-1][0])
            report.update(status="applied", applied=len(rows), upserted=len(docs), deleted=len(gone))
        report["seq"] = rows[-1][0] if rows else applied
    report["seconds"] = round(time.monotonic() - started, 4)
    return report


def prune(*, keep_days: int) -> dict[str, Any]:
    """Delete change rows older than ``keep_days`` days, recording up to which number (a system job): a
    node whose number is below it rebuilds instead of catching up."""
    started = timezone.now()
    cutoff = started - dt.timedelta(days=keep_days)
    old = IndexChange.objects.filter(created_at__lt=cutoff)
    upto = old.aggregate(m=Max("seq"))["m"]
    if upto is None:
        return {"deleted": 0, "upto": pruned_upto()}
    with transaction.atomic():
        deleted, _ = IndexChange.objects.filter(seq__lte=upto).delete()
        result = {"deleted": deleted, "upto": max(upto, pruned_upto()), "keep_days": keep_days}
        job_record(job=PRUNE_JOB, subject="index changes", started=started, result=result, actor=None)
    return result
