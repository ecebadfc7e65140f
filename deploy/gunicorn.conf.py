"""gunicorn settings for Kechuang (deploy/prod.sh passes ``-c deploy/gunicorn.conf.py``).

Every value can be overridden from the environment: KECHUANG_WEB_BIND, KECHUANG_WEB_WORKERS,
KECHUANG_WEB_THREADS, KECHUANG_WEB_TIMEOUT. The application is CPU-bound Python with short database
queries: one worker process per core (a process runs Python on one core at a time) with 2 threads each
(gthread), so a request waiting on PostgreSQL or Redis leaves the core to the other thread, and
connections are kept alive. Measured on 2 shared cores (docs/operations.md, "Measured figures"): 5 sync
workers spent ~50 % more CPU per request than 3 (more processes fighting for the same cores evict each
other's caches); 2 × 2 threads served the same pages with the CPU of 3 sync workers and answered the
write (application submit) 4× faster.
"""

import multiprocessing
import os

bind = os.environ.get("KECHUANG_WEB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("KECHUANG_WEB_WORKERS") or max(2, multiprocessing.cpu_count()))
threads = int(os.environ.get("KECHUANG_WEB_THREADS") or 2)  # > 1: gunicorn's gthread worker
timeout = int(os.environ.get("KECHUANG_WEB_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (spread out), so a slow leak never grows without bound.
max_requests = int(os.environ.get("KECHUANG_WEB_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
preload_app = False  # each worker opens its own database connections and index files
accesslog = None  # the application logs requests with their id (kechuang.access, DEBUG)
errorlog = "-"
loglevel = os.environ.get("DJANGO_LOG_LEVEL", "info").lower()
proc_name = "kechuang-web"
# nginx on the same machine: believe its X-Forwarded-* (Django checks X-Forwarded-Proto itself).
forwarded_allow_ips = os.environ.get("KECHUANG_TRUSTED_PROXIES", "127.0.0.1") or "127.0.0.1"


def post_worker_init(worker):
    """Open the matching indexes, build the URL resolver and connect before the first request
    (kechuang/ops/warm.py): otherwise the first searches each new worker serves wait seconds."""
    from kechuang.ops.warm import warm_worker

    warm_worker()


def child_exit(server, worker):
    """A dead worker's metric files are merged away (prometheus_client multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
