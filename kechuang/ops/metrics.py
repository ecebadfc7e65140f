"""Prometheus metrics (``prometheus_client``), right with several gunicorn workers.

With ``PROMETHEUS_MULTIPROC_DIR`` set (deploy/prod.sh sets it and empties the directory at each start;
deploy/gunicorn.conf.py marks a dead worker's files), every worker writes its samples to files there and
a scrape of any worker adds them up (``MultiProcessCollector``); without it (one process, tests) the
process' own registry is read.  Values that live in the database — the task queue's depth, each index's
lag behind the change log — are read at scrape time, so every worker answers the same.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

REQUEST_SECONDS = Histogram(
    "kechuang_http_request_duration_seconds",
    "Time to answer a request, by route (URL pattern name), method and status class.",
    ["route", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 5.0, 10.0),
)
REQUESTS_FAILED = Counter("kechuang_http_server_errors", "Requests answered 5xx, by route.", ["route"])

__all__ = ["CONTENT_TYPE_LATEST", "observe_request", "render"]


def observe_request(*, route: str, method: str, status: int, seconds: float) -> None:
    status_class = f"{status // 100}xx"
    REQUEST_SECONDS.labels(route=route, method=method, status=status_class).observe(seconds)
    if status >= 500:
        REQUESTS_FAILED.labels(route=route).inc()


class DatabaseCollector(Collector):
    """Gauges read from the database when scraped: the task queue and the indexes' lag on this node."""

    def __init__(self, read: Any) -> None:
        self.read = read  # () -> {"tasks": {...}, "indexes": {...}} (kechuang.ops.status)

    def collect(self) -> Iterator[GaugeMetricFamily]:
        state = self.read()
        depth = GaugeMetricFamily(
            "kechuang_task_queue_depth",
            "Background tasks by status (django-tasks database backend).",
            labels=["status"],
        )
        for status, count in state["tasks"].get("counts", {}).items():
            depth.add_metric([status], count)
        yield depth
        oldest = GaugeMetricFamily(
            "kechuang_task_oldest_ready_seconds", "Age of the oldest task waiting for a worker (0: none)."
        )
        oldest.add_metric([], state["tasks"].get("oldest_ready_seconds") or 0.0)
        yield oldest
        lag = GaugeMetricFamily(
            "kechuang_index_lag_changes",
            "Index changes in the database this node has not applied yet (-1: never stamped, needs a rebuild).",
            labels=["index"],
        )
        documents = GaugeMetricFamily(
            "kechuang_index_documents", "Documents in this node's index.", labels=["index"]
        )
        for name, info in state["indexes"].items():
            lag.add_metric([name], -1 if info.get("lag") is None else info["lag"])
            if info.get("documents") is not None:
                documents.add_metric([name], info["documents"])
        yield lag
        yield documents


def render(read_state: Any) -> bytes:
    """The text exposition of every worker's request metrics plus the database gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(DatabaseCollector(read_state))
        return generate_latest(registry)
    registry = CollectorRegistry()
    registry.register(DatabaseCollector(read_state))
    return generate_latest(REGISTRY) + generate_latest(registry)
