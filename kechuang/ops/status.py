"""What the readiness probe and the metrics read: the database, the cache, the task queue, the indexes."""

from __future__ import annotations

import time
import uuid
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Min
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kechuang import matching_store
from kechuang.market.search import KINDS, get_index
from kechuang.matching import IndexCorruptError
from kechuang.matching_store.changelog import cursor, last_seq


def check_database() -> dict[str, Any]:
    started = time.perf_counter()
    with connection.cursor() as c:
        c.execute("SELECT 1")
        c.fetchone()
    return {"ok": True, "vendor": connection.vendor, "ms": round((time.perf_counter() - started) * 1000, 1)}


def check_cache() -> dict[str, Any]:
    key, value = f"kechuang:readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 10)
    ok = cache.get(key) == value
    cache.delete(key)
    return {"ok": ok, "backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def task_state() -> dict[str, Any]:
    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db"):
        return {"ok": True, "backend": backend.rsplit(".", 1)[-1], "counts": {}}
    counts = {
        row["status"].lower(): row["n"]
        for row in DBTaskResult.objects.values("status").annotate(n=Count("id")).order_by()
    }
    oldest = DBTaskResult.objects.filter(status="READY").aggregate(m=Min("enqueued_at"))["m"]
    age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    for status in ("ready", "running", "successful", "failed"):
        counts.setdefault(status, 0)
    return {"ok": True, "backend": "database", "counts": counts, "oldest_ready_seconds": round(age, 1)}


def index_state(*, open_indexes: bool = True) -> dict[str, dict[str, Any]]:
    """Per index on this node: the change number applied, the lag, the documents; ``ok`` False when it is
    damaged, never stamped while the log has changes, or further behind than KECHUANG_READY_MAX_INDEX_LAG."""
    out: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        info: dict[str, Any] = {"seq": cursor(kind), "lag": matching_store.lag(kind)}
        info["ok"] = True
        if info["seq"] is None and last_seq(kind) > 0:
            info["ok"], info["error"] = False, "never stamped: rebuild (market_index --rebuild)"
        elif info["lag"] is not None and info["lag"] > settings.KECHUANG_READY_MAX_INDEX_LAG:
            info["ok"], info["error"] = False, "behind the change log"
        if open_indexes:
            try:
                info["documents"] = get_index(kind).stats()["documents"]
            except IndexCorruptError:
                info["ok"], info["error"], info["documents"] = False, "damaged: rebuild", None
        out[kind] = info
    return out


def readiness() -> tuple[bool, dict[str, Any]]:
    checks: dict[str, Any] = {}
    for name, check in (("database", check_database), ("cache", check_cache), ("tasks", task_state)):
        try:
            checks[name] = check()
        except Exception as exc:  # a probe reports, it does not raise
            checks[name] = {"ok": False, "error": exc.__class__.__name__}
    try:
        indexes = index_state()
        checks["indexes"] = {"ok": all(i["ok"] for i in indexes.values()), **indexes}
    except Exception as exc:
        checks["indexes"] = {"ok": False, "error": exc.__class__.__name__}
    return all(c.get("ok") for c in checks.values()), checks


def metrics_state() -> dict[str, Any]:
    try:
        tasks = task_state()
    except Exception:
        tasks = {"counts": {}}
    try:
        indexes = index_state(open_indexes=True)
    except Exception:
        indexes = {}
    return {"tasks": tasks, "indexes": indexes}
