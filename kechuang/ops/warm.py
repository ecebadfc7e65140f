"""A web worker's start, before it takes its first request (deploy/gunicorn.conf.py, ``post_worker_init``).

Each gunicorn worker is its own process: left alone, it opens this node's matching indexes, builds the URL
resolver on the first requests it happens to serve, so the first searches after a (re)start or a
worker's replacement (``max_requests``) wait seconds. Done here, the worker is ready when it accepts a
connection. Nothing here may stop a worker from starting: a damaged or missing
index is logged (``/readyz`` reports it) and the search then answers as it always does.
"""

from __future__ import annotations

import logging
import time

from django.db import connections
from django.urls import get_resolver

from kechuang.market.search import KINDS, get_index

logger = logging.getLogger(__name__)


def warm_worker() -> dict[str, float]:
    """Open the indexes and build the URL resolver; returns the seconds each step took. (Database
    connections are per thread: each request thread opens and keeps its own.)"""
    took: dict[str, float] = {}
    started = time.perf_counter()
    get_resolver().url_patterns  # noqa: B018 (imports every urls module and view)
    get_resolver()._populate()
    took["urls"] = time.perf_counter() - started
    for kind in KINDS:
        started = time.perf_counter()
        try:
            get_index(kind)
        except Exception:  # the worker starts anyway; the search and /readyz report the index
            logger.exception("matching index %r could not be opened at worker start", kind)
        took[kind] = time.perf_counter() - started
    connections.close_all()  # this thread's (the change log was read); request threads keep their own
    logger.info("worker ready: %s", ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in took.items()))
    return took
