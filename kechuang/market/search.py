"""The bridge between market rows and the matching engine (``kechuang.matching``).

Three indexes live under ``settings.MATCHING_INDEX_DIR``: ``achievements`` (published, not expired),
``demands`` (open) and ``experts`` (active, with a market profile).  Services call the ``sync_*``
functions after every change; an index entry is only a pointer — selectors always re-check the row in
the database, so an entry left behind by a rolled-back transaction is harmless and is fixed by the next
sync.

:func:`rebuild_index` builds an index afresh from exactly the rows the ``sync_*`` functions keep in it
(:func:`searchable_documents`) in a new directory next to the live one and swaps it in with one rename;
processes holding the old index notice the new ``index_id`` in the manifest and reload.
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
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings

from kechuang.matching import Document, IndexCorruptError, MatchingIndex
from kechuang.registry.models import Expert, Industry

logger = logging.getLogger(__name__)
_INDEXES: dict[tuple[str, str], MatchingIndex] = {}
_LOCK = threading.Lock()
KINDS = ("achievements", "demands", "experts")


def get_index(kind: str) -> MatchingIndex:
    if kind not in KINDS:
        raise ValueError(kind)
    root = str(Path(settings.MATCHING_INDEX_DIR))
    key = (root, kind)
    with _LOCK:
        index = _INDEXES.get(key)
        if index is None:
            path = Path(root) / kind
            try:
                index = MatchingIndex(path, workers=1)
            except IndexCorruptError as exc:
                # not cached: the next call tries again, so a rebuild in another process is picked up
                logger.error("matching index %r at %s is damaged: %s", kind, path, exc)
                raise IndexCorruptError(
                    f"the matching index {kind!r} at {path} cannot be read ({exc}); rebuild it from the "
                    f"database: python manage.py market_index --rebuild --kind {kind}"
                ) from exc
            _INDEXES[key] = index
        return index


def reset_cache() -> None:
    """Forget opened indexes (tests point ``MATCHING_INDEX_DIR`` somewhere new)."""
    with _LOCK:
        _INDEXES.clear()


def _industry(field: Any) -> tuple[str | None, str | None]:
    if field is None:
        return None, None
    return field.code_with_section, field.name


def achievement_document(a: Any) -> Document:
    code, name = _industry(a.field)
    return Document(
        id=str(a.pk),
        title=a.title,
        abstract=a.summary,
        keywords=tuple(a.keywords or ()),
        organization=a.owner.name,
        industry=code,
        industry_name=name,
        region=a.owner.region_id,
        maturity=a.maturity or None,
        trl=a.trl,
        transfer_modes=tuple(a.transfer_modes or ()),
        org_kind=a.owner.kind,
        kind="achievement",
    )


def demand_document(d: Any) -> Document:
    code, name = _industry(d.field)
    return Document(
        id=str(d.pk),
        title=d.title,
        abstract=d.problem,  # never the confidential part
        keywords=tuple(d.keywords or ()),
        organization=d.owner.name,
        industry=code,
        industry_name=name,
        region=d.owner.region_id,
        transfer_modes=tuple(d.cooperation_modes or ()),
        org_kind=d.owner.kind,
        kind="demand",
    )


def expert_document(e: Any, profile: Any | None) -> Document:
    fields = list(e.fields or [])
    names = list(Industry.objects.filter(code__in=fields).values_list("name", flat=True)) if fields else []
    keywords = tuple((profile.keywords if profile else []) or ()) + tuple(names)
    return Document(
        id=str(e.pk),
        title=f"{e.name} {e.title}".strip(),
        abstract=(profile.bio if profile else "") or "",
        keywords=keywords,
        organization=e.organization.name if e.organization_id else None,
        industry=fields[0] if fields else None,
        region=e.region_id,
        kind="expert",
    )


def _safe(kind: str, op: str, arg: list[Any]) -> None:
    try:
        getattr(get_index(kind), op)(arg)
    except Exception:  # the index is derived data: never fail a business write because of it
        logger.exception("matching index update failed")


# What each index holds.  ``sync_*`` and ``searchable_documents`` (the rebuild) must agree.
def _achievement_indexed(a: Any) -> bool:
    from kechuang.market.choices import AchievementStatus

    return bool(a.status == AchievementStatus.PUBLISHED)  # an expired one has status EXPIRED


def _demand_indexed(d: Any) -> bool:
    from kechuang.market.choices import DemandStatus

    return bool(d.status == DemandStatus.OPEN)


def sync_achievement(a: Any) -> None:
    if _achievement_indexed(a):
        _safe("achievements", "add", [achievement_document(a)])
    else:
        _safe("achievements", "delete", [str(a.pk)])


def sync_demand(d: Any) -> None:
    if _demand_indexed(d):
        _safe("demands", "add", [demand_document(d)])
    else:
        _safe("demands", "delete", [str(d.pk)])


def sync_expert(e: Any) -> None:
    if e.is_active:
        profile = getattr(e, "market_profile", None)
        _safe("experts", "add", [expert_document(e, profile)])
    else:
        _safe("experts", "delete", [str(e.pk)])


def searchable_documents(kind: str) -> list[Document]:
    """The documents ``kind``'s index should hold: published achievements, open demands, active experts
    with a market profile — the rows the ``sync_*`` functions keep in it."""
    from kechuang.market.choices import AchievementStatus, DemandStatus
    from kechuang.market.models import Achievement, Demand

    if kind == "achievements":
        rows = Achievement.objects.filter(status=AchievementStatus.PUBLISHED).select_related("owner", "field")
        return [achievement_document(a) for a in rows.order_by("pk") if _achievement_indexed(a)]
    if kind == "demands":
        rows = Demand.objects.filter(status=DemandStatus.OPEN).select_related("owner", "field")
        return [demand_document(d) for d in rows.order_by("pk") if _demand_indexed(d)]
    if kind == "experts":
        # only ``expert_profile_set`` syncs an expert: the index holds active experts with a profile
        experts = Expert.objects.filter(is_active=True, market_profile__isnull=False).select_related(
            "organization", "market_profile"
        )
        return [expert_document(e, getattr(e, "market_profile", None)) for e in experts.order_by("pk")]
    raise ValueError(kind)


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


def _previous_id(live: Path) -> str | None:
    try:
        return str(json.loads((live / "manifest.json").read_text(encoding="utf-8"))["index_id"])
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing or damaged


def rebuild_index(kind: str) -> dict[str, Any]:
    """Build ``kind``'s index afresh from the database and swap it in for the live directory.

    The new index is built in ``.<kind>.rebuild-*`` next to the live one, under the live index's write
    and maintenance locks (writers in other processes wait, then reload the new index and apply their
    change to it), and replaced atomically: readers see the old index or the new one, never half of one.
    Recorded feedback is carried over.  The old directory — readable or not — is removed."""
    if kind not in KINDS:
        raise ValueError(kind)
    started = time.monotonic()
    root = Path(settings.MATCHING_INDEX_DIR)
    root.mkdir(parents=True, exist_ok=True)
    live = root / kind
    new = root / f".{kind}.rebuild-{uuid.uuid4().hex[:8]}"
    with _flock(root / f".{kind}.rebuild.lock"):
        live.mkdir(exist_ok=True)
        with _flock(live / "maintain.lock"), _flock(live / "write.lock"):
            previous = _previous_id(live)
            try:
                docs = searchable_documents(kind)
                index = MatchingIndex(new, workers=1)
                if docs:
                    index.add(docs)
                feedback = live / "feedback.jsonl"
                if feedback.is_file():
                    shutil.copyfile(feedback, new / "feedback.jsonl")
                    index.feedback_store.reload()
                index_id = _previous_id(new)
                stats = index.stats()
                del index
                if _exchange(new, live):
                    old = new
                else:  # two renames: for a moment there is no live directory (a reader keeps its index)
                    old = root / f".{kind}.old-{uuid.uuid4().hex[:8]}"
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
            except BaseException:
                shutil.rmtree(new, ignore_errors=True)
                raise
        shutil.rmtree(old, ignore_errors=True)
    reset_cache()
    logger.info("matching index %r rebuilt from the database: %d documents", kind, stats["documents"])
    return {
        "documents": stats["documents"],
        "terms": stats["terms"],
        "semantic_dim": stats["semantic_dim"],
        "feedback_events": stats["feedback_events"],
        "index_id": index_id,
        "previous_index_id": previous,  # None: the old directory was missing or damaged
        "seconds": round(time.monotonic() - started, 3),
    }
