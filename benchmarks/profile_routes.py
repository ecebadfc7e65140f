"""Where a request's CPU goes, per route of the load mix (benchmarks/load.py), in-process.

    .venv/bin/python benchmarks/profile_routes.py --database-url postgres://postgres@127.0.0.1:5432/kc_bench \\
        --cache-url redis://127.0.0.1:6379/9 --requests 30 [--drafts /tmp/drafts.json] [--top 20]

Runs each route of the mix through Django's test client with the **production settings**
(``config.django.production``: DEBUG off, Redis cache and ``cached_db`` sessions, JSON logs, the metrics
middleware with a multiprocess directory, persistent connections) against a database holding the demo data
(``demo_load``): organization list (officer), market search and my policies (enterprise), plan dashboard
(province), and — with ``--drafts`` from ``deadline_peak.py --prepare`` — application submit through the
API with a token. After two warm-up requests per route it measures ``--requests`` requests and prints per
route: CPU ms and wall ms per request (this process only: the database's work is the difference), SQL
queries and cache calls per request, and the functions with the most CPU (cProfile, own time and
cumulative time, the project's and Django's code by file:function). Nothing is written except the submits.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import secrets
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def configure(database_url: str, cache_url: str, settings: str) -> None:
    sys.path.insert(0, str(ROOT))
    if settings == "local":  # runserver's: per-process memory cache, sessions in the database
        cache_url = ""
    os.environ.update(
        DJANGO_SETTINGS_MODULE=f"config.django.{settings}",
        DJANGO_DEBUG="false",
        DATABASE_URL=database_url,
        KECHUANG_CACHE_URL=cache_url,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="testserver,127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="false",
        DJANGO_SECURE_HSTS_SECONDS="0",
        KECHUANG_REQUIRE_2FA_FOR_STAFF="false",
        DJANGO_LOG_FORMAT="json",
        KECHUANG_STATIC_COMPRESS="false",
    )
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="kc-prom-"))
    import django

    django.setup()


def routes(drafts_file: str | None) -> list[tuple[str, str, Any]]:
    """(route name, username or token user, request function(client) -> response)."""
    import random

    from django.test import Client

    from kechuang.accounts.models import User
    from kechuang.targets.models import Plan

    queries = ["材料", "镁合金", "新能源汽车", "生物医药", "智能制造", "光电", "玉米深加工", "传感器"]
    out: list[tuple[str, str, Any]] = []

    def signed_in(username: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    officer, enterprise, province = signed_in("officer"), signed_in("enterprise"), signed_in("province")
    page = province.get("/targets/").content.decode()
    import re

    found = re.search(r'href="(/targets/plans/\d+/)"', page)
    plan = found.group(1) if found else f"/targets/plans/{Plan.objects.order_by('id').first().pk}/"
    out.append(("organization list", "officer", lambda: officer.get("/registry/organizations/")))
    out.append(
        (
            "market search",
            "enterprise",
            lambda: enterprise.get("/market/achievements/", {"q": random.choice(queries)}),
        )
    )
    out.append(("my policies", "enterprise", lambda: enterprise.get("/policies/mine/")))
    out.append(("plan dashboard", "province", lambda: province.get(plan)))
    if drafts_file:
        data = json.loads(Path(drafts_file).read_text())
        tokens, drafts = data["tokens"], data["drafts"]
        api = Client()

        def submit() -> Any:
            claim, version, username = drafts.pop()
            return api.post(
                f"/api/v1/policies/claims/{claim}/actions/",
                {"action": "submit", "expected_version": version},
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Token {tokens[username]}",
            )

        out.append(("application submit", "api", submit))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--drafts", help="drafts prepared by deadline_peak.py --prepare (application submit)")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--route", help="only this route")
    parser.add_argument(
        "--settings",
        choices=["production", "local"],
        default="production",
        help="local: runserver's settings (config.django.local, DEBUG off) for comparison",
    )
    parser.add_argument("--sql", action="store_true", help="print the SQL of one request per route")
    args = parser.parse_args()
    configure(args.database_url, args.cache_url, args.settings)

    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    calls = {"n": 0}
    client = getattr(getattr(cache, "_cache", None), "get_client", None)

    def counting(*a: Any, **kw: Any) -> Any:
        calls["n"] += 1
        return client(*a, **kw)

    if hasattr(cache, "_cache"):  # Redis
        cache._cache.get_client = counting  # type: ignore[attr-defined]

    for name, _who, call in routes(args.drafts):
        if args.route and args.route != name:
            continue
        for _ in range(2):
            response = call()
            assert response.status_code in (200, 201), (name, response.status_code)
        # First the figures without the profiler (its overhead is larger than some routes' work), then
        # the same number of requests under cProfile for where the time goes.
        queries = 0
        calls["n"] = 0
        cpu0, wall0 = time.process_time(), time.perf_counter()
        for _ in range(args.requests):
            with CaptureQueriesContext(connection) as captured:
                response = call()
            assert response.status_code in (200, 201), (name, response.status_code)
            queries += len(captured.captured_queries)
            sql = list(captured.captured_queries)
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        cache_calls = calls["n"]
        profile = cProfile.Profile()
        for _ in range(args.requests):
            profile.enable()
            response = call()
            profile.disable()
        n = args.requests
        print(
            f"\n== {name}: {cpu / n * 1000:.1f} ms CPU, {wall / n * 1000:.1f} ms wall per request; "
            f"{queries / n:.1f} queries, {cache_calls / n:.1f} cache calls per request"
        )
        if args.sql:
            for q in sql:
                print(f"   SQL {q['time']}s: {q['sql'][:300]}")
        for key in ("tottime", "cumulative"):
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out)
            stats.sort_stats(key).print_stats(
                r"kechuang|django|rest_framework|redis|psycopg|json|logging", args.top
            )
            lines = [
                line for line in out.getvalue().splitlines() if line.strip() and line.lstrip()[0].isdigit()
            ]
            print(f"-- by {key} (ncalls tottime percall cumtime percall function), for {n} requests")
            for line in lines[: args.top]:
                print("   " + line.strip()[:170])


if __name__ == "__main__":
    main()
