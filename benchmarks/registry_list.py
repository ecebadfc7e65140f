"""Benchmark: the organization list page and the API list with 100,000 organizations.

Run (once per database, on a quiet machine):

    nice /work/venv/bin/python benchmarks/registry_list.py --db sqlite
    nice /work/venv/bin/python benchmarks/registry_list.py --db postgres

``--db sqlite`` uses ``var/bench_registry.sqlite3``; ``--db postgres`` uses the database
``kechuang_bench_registry`` on 127.0.0.1:5432 (user postgres; created if missing; override with
``--database-url``). Neither touches the development or test databases. The first run migrates, loads the
reference data and bulk-inserts the organizations (with ~10 % holding a 高新技术企业 designation and ~5 %
in a park); later runs reuse them (``--rebuild`` starts over).

What is measured, warm, through Django's test ``Client`` (full middleware, session auth, template or
JSON rendering — no network): for a 长春市 officer (sees the 长春 subtree, ~30 % of rows) and a platform
admin (sees everything), the page ``/registry/organizations/``, its total (``?count=1``, fetched by htmx after the rows are shown)
and ``/api/v1/organizations/`` with no
filter, with filters (region subtree, industry section, text search, designation, kind + status), and
with a deep cursor (90 % of the way down the user's rows). Each scenario: median and p95 latency over
``--requests`` requests (default 100) at page size 50, and the SQL queries per request at page sizes
20/50/200 (the goal is the same count at every size; latency goal p95 < 150 ms).

Wall-clock latency depends on what else the machine runs (the load average is printed); the median CPU
time of this process per request is printed beside it as a steadier figure (on PostgreSQL it leaves out
the server's own work, on SQLite it includes the queries).
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = (20, 50, 200)
PG_DB = "kechuang_bench_registry"

WORDS = [
    "华信",
    "光华",
    "北方",
    "长白",
    "吉春",
    "一汽",
    "奥来",
    "中研",
    "凯达",
    "恒泰",
    "科瑞",
    "博源",
    "天成",
    "宏图",
    "金桥",
    "新航",
    "瑞丰",
    "东晟",
    "汇智",
    "精诚",
    "联创",
    "永鑫",
    "德润",
    "嘉禾",
    "海森",
    "卓越",
    "启明",
    "星辰",
    "泽众",
    "同力",
]
TRADES = [
    "精密机械",
    "光电技术",
    "生物医药",
    "新材料",
    "汽车零部件",
    "电子科技",
    "软件",
    "化工",
    "食品",
    "农业科技",
    "环保科技",
    "智能装备",
    "医疗器械",
    "信息技术",
    "新能源",
    "检测技术",
]


def configure(db: str, database_url: str | None) -> str:
    """Point Django at the benchmark database before it is set up. Returns a label for the report."""
    if db == "sqlite":
        path = ROOT / "var" / "bench_registry.sqlite3"
        path.parent.mkdir(exist_ok=True)
        url = database_url or f"sqlite:///{path}"
    else:
        url = database_url or f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
        _ensure_pg_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.django.local")
    os.environ["DJANGO_DEBUG"] = "false"  # production-like: no debug query log, cached templates
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    return url


def _ensure_pg_database(url: str) -> None:
    import psycopg
    from dj_database_url import parse

    cfg = parse(url)
    with psycopg.connect(
        host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"], dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


# ---------------------------------------------------------------------------------------------------------
# Data


def build(n: int, *, rebuild: bool, seed: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from kechuang.accounts.models import User
    from kechuang.registry.models import (
        Department,
        Designation,
        Industry,
        Membership,
        OfficerAssignment,
        Organization,
        Park,
        ParkMembership,
        Region,
    )
    from kechuang.registry.reference import load_industries, load_regions
    from kechuang.registry.validators import uscc_check_digit

    call_command("migrate", verbosity=0)
    if rebuild:
        with transaction.atomic():
            for model in (ParkMembership, Park, Designation, Membership, OfficerAssignment):
                model.objects.all().delete()
            Organization.objects.all().delete()
            Department.objects.all().delete()
            User.objects.filter(username__startswith="bench_").delete()
    if not Region.objects.exists():
        load_regions()
    if not Industry.objects.exists():
        load_industries()

    have = Organization.objects.count()
    if have >= n:
        print(f"reusing {have:,} organizations")
    else:
        rng = random.Random(seed)
        counties = list(Region.objects.filter(level="county").values_list("code", "path", "name"))
        changchun = [c for c in counties if c[1].startswith("220000/220100/")]
        jilin = [c for c in counties if c[1].startswith("220000/") and c not in changchun]
        leaves = list(
            Industry.objects.exclude(children__isnull=False).values_list("code", flat=True)
        ) or list(Industry.objects.values_list("code", flat=True))
        kinds = ["enterprise"] * 90 + ["university"] * 2 + ["institute"] * 4 + ["intermediary"] * 4
        sizes = ["micro"] * 45 + ["small"] * 35 + ["medium"] * 15 + ["large"] * 5
        statuses = ["verified"] * 85 + ["pending"] * 12 + ["rejected"] * 3
        start = time.perf_counter()
        rows = []
        for i in range(have, n):
            pick = rng.random()
            code, path, _name = rng.choice(changchun if pick < 0.3 else jilin if pick < 0.5 else counties)
            body = f"91{code}{i:09d}"
            uscc = body + uscc_check_digit(body)
            name = f"{rng.choice(WORDS)}{rng.choice(WORDS)}{rng.choice(TRADES)}有限公司{i}"
            rows.append(
                Organization(
                    uscc=uscc,
                    name=name,
                    kind=rng.choice(kinds),
                    region_id=code,
                    region_path=path,
                    industry_id=rng.choice(leaves),
                    size=rng.choice(sizes),
                    verification_status=rng.choice(statuses),
                    # Names are generated in Simplified Chinese, so normalize_for_search would only lower-case.
                    search_text=f"{name} {uscc}".lower(),
                )
            )
        with transaction.atomic():
            Organization.objects.bulk_create(rows, batch_size=2000)
            ids = list(Organization.objects.order_by("id").values_list("id", flat=True))
            Designation.objects.bulk_create(
                (
                    Designation(
                        organization_id=pk,
                        kind="high_tech",
                        certificate_no=f"GR2024{pk:08d}",
                        valid_from="2024-12-01",
                        valid_to="2027-11-30",
                    )
                    for pk in ids
                    if pk % 10 == 3
                ),
                batch_size=5000,
            )
            changchun_region = Region.objects.get(code="220100")
            parks = [
                Park.objects.create(
                    name=f"基准测试园区{k}",
                    level="municipal",
                    kind="industrial_park",
                    region=changchun_region,
                )
                for k in range(5)
            ]
            ParkMembership.objects.bulk_create(
                (ParkMembership(park=parks[pk % 5], organization_id=pk) for pk in ids if pk % 20 == 7),
                batch_size=5000,
            )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics on both databases
        print(f"inserted {n - have:,} organizations in {time.perf_counter() - start:.1f} s")

    department, _ = Department.objects.get_or_create(
        region_id="220100", kind="science", defaults={"name": "长春市科学技术局"}
    )
    officer, created = User.objects.get_or_create(
        username="bench_officer", defaults={"display_name": "基准官员"}
    )
    if created:
        OfficerAssignment.objects.create(user=officer, department=department, region_id="220100")
    User.objects.get_or_create(
        username="bench_admin", defaults={"display_name": "基准管理员", "is_platform_admin": True}
    )


# ---------------------------------------------------------------------------------------------------------
# Measuring


@dataclass
class Result:
    endpoint: str
    user: str
    scenario: str
    median_ms: float
    cpu_median_ms: float
    p95_ms: float
    queries: dict[int, int]
    rows: int


def _deep_id(user) -> int:  # type: ignore[no-untyped-def]
    """The id 90 % of the way down the user's list (for the deep-cursor scenario)."""
    from kechuang.registry.selectors import organization_list

    qs = organization_list(user=user).values_list("id", flat=True)
    total = qs.count()
    return qs[int(total * 0.9)]


def measure(requests: int) -> list[Result]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from kechuang.accounts.models import User
    from kechuang.core.api import encode_cursor

    results: list[Result] = []
    sample_uscc = None
    for username in ("bench_officer", "bench_admin"):
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        deep = _deep_id(user)
        if sample_uscc is None:
            from kechuang.registry.models import Organization

            sample_uscc = Organization.objects.filter(region_path__startswith="220000/220100/").values_list(
                "uscc", flat=True
            )[500]
        scenarios = [
            ("no filter", {}),
            ("region 220102 (county)", {"region": "220102"}),
            ("industry C (section)", {"industry": "C"}),
            ("q=精密 (common word)", {"q": "精密"}),
            ("q=<one USCC>", {"q": sample_uscc}),
            ("designation high_tech", {"designation": "high_tech"}),
            ("kind+status", {"kind": "enterprise", "verification_status": "pending"}),
            ("deep cursor (90%)", {"__deep__": deep}),
        ]
        for endpoint in (
            "/registry/organizations/",
            "/registry/organizations/?count=1",
            "/api/v1/organizations/",
        ):
            is_api = endpoint.startswith("/api/")
            path, _sep, extra = endpoint.partition("?")
            for label, params in scenarios:
                if extra and "__deep__" in params:
                    continue  # the total does not depend on the page

                def url_params(size: int, params=params, is_api=is_api, extra=extra) -> dict[str, str]:  # type: ignore[no-untyped-def]
                    out = {k: v for k, v in params.items() if k != "__deep__"}
                    if "__deep__" in params:
                        if is_api:
                            out["cursor"] = encode_cursor(params["__deep__"])
                        else:
                            out["after"] = str(params["__deep__"])
                    out["page_size" if is_api else "size"] = str(size)
                    if extra:
                        out["count"] = "1"
                    return out

                queries: dict[int, int] = {}
                rows = 0
                for size in SIZES:
                    with CaptureQueriesContext(connection) as ctx:
                        response = client.get(path, url_params(size))
                    assert response.status_code == 200, (endpoint, params, response.status_code)
                    queries[size] = len(ctx.captured_queries)
                    if is_api and size == 50:
                        rows = len(response.json()["results"])
                for _ in range(3):  # warm caches and the connection
                    client.get(path, url_params(50))
                times, cpu = [], []
                for _ in range(requests):
                    start, start_cpu = time.perf_counter(), time.process_time()
                    response = client.get(path, url_params(50))
                    times.append((time.perf_counter() - start) * 1000)
                    cpu.append((time.process_time() - start_cpu) * 1000)
                    assert response.status_code == 200
                times.sort()
                result = Result(
                    endpoint=endpoint,
                    user=username.removeprefix("bench_"),
                    scenario=label,
                    median_ms=statistics.median(times),
                    cpu_median_ms=statistics.median(cpu),
                    p95_ms=times[max(0, math.ceil(0.95 * len(times)) - 1)],  # nearest rank
                    queries=queries,
                    rows=rows,
                )
                results.append(result)
                print(_line(result), flush=True)
    return results


def _line(r: Result) -> str:
    q = "/".join(str(r.queries[s]) for s in SIZES)
    flag = "const" if len(set(r.queries.values())) == 1 else "VARIES"
    ok = "ok" if r.p95_ms < 150 else "SLOW"
    return (
        f"{r.endpoint:<34} {r.user:<8} {r.scenario:<24} median {r.median_ms:6.1f} ms  "
        f"p95 {r.p95_ms:6.1f} ms {ok:<4} (cpu median {r.cpu_median_ms:5.1f} ms)  "
        f"queries@20/50/200 {q:<8} {flag}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--database-url", help="override the benchmark database URL")
    parser.add_argument("--organizations", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--rebuild", action="store_true", help="delete and re-insert the organizations")
    parser.add_argument("--seed", type=int, default=20261126)
    args = parser.parse_args()
    url = configure(args.db, args.database_url)

    from django.db import connection

    print(f"database: {connection.vendor} ({url.split('@')[-1]})")
    build(args.organizations, rebuild=args.rebuild, seed=args.seed)
    from kechuang.registry.models import Organization

    print(f"organizations: {Organization.objects.count():,}; requests per scenario: {args.requests}\n")
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    results = measure(args.requests)
    print(f"load average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    worst = max(results, key=lambda r: r.p95_ms)
    varying = [r for r in results if len(set(r.queries.values())) != 1]
    print(
        f"\nworst p95: {worst.p95_ms:.1f} ms ({worst.endpoint} {worst.user} {worst.scenario}); "
        f"scenarios with p95 >= 150 ms: {sum(r.p95_ms >= 150 for r in results)} of {len(results)}; "
        f"query count varying with page size: {len(varying)}"
    )


if __name__ == "__main__":
    main()
