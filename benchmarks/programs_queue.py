"""Benchmark: the officers' queue and a call's ranking page (评审排序与立项) with 20,000 applications.

Run:  nice .venv/bin/python benchmarks/programs_queue.py [--applications 20000] [--requests 60]

Uses its own SQLite database ``var/bench_programs.sqlite3`` (override with ``--database-url``); the first
run migrates, loads the reference data and bulk-inserts one call of the 长春市科学技术局 with five topics,
1,000 applicant organizations in 长春 and ``--applications`` applications spread over the states of the
workflow (a third in expert review, scored); later runs reuse them (``--rebuild`` starts over).

Measured warm through Django's test ``Client`` (full middleware, session auth, template rendering) as an
officer of the call's department: the queue ``/programs/officer/`` of the fullest states (with and without a
name filter, and a deep page) and the ranking page ``/programs/calls/<id>/decision/`` (all topics, one topic,
a deep page). Each scenario: median and p95 over ``--requests`` requests at page size 50, and the SQL
queries per request at page sizes 20/50/200 (goal: the same count at every size; p95 < 300 ms). Wall-clock
times depend on what else the machine runs (the load average is printed); this process's CPU time per request
(on SQLite it includes the queries) is printed beside them as the steadier figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = (20, 50, 200)
STATES = [("submitted", 20), ("recommended", 10), ("formal_check", 15), ("returned", 5), ("in_review", 35),
          ("approved", 3), ("rejected", 7), ("withdrawn", 5)]  # fmt: skip


def configure(database_url: str | None) -> str:
    path = ROOT / "var" / "bench_programs.sqlite3"
    path.parent.mkdir(exist_ok=True)
    url = database_url or f"sqlite:///{path}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.django.local")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    return url


def build(n: int, *, rebuild: bool, seed: int) -> int:
    """The call (its id) with ``n`` applications, built once."""
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from kechuang.accounts.models import User
    from kechuang.programs.models import Application, Call, ProgramType, Topic
    from kechuang.registry.models import Department, Industry, OfficerAssignment, Organization, Region
    from kechuang.registry.reference import load_industries, load_regions
    from kechuang.registry.validators import uscc_check_digit

    call_command("migrate", verbosity=0)
    if not Region.objects.exists():
        load_regions()
    if not Industry.objects.exists():
        load_industries()
    if rebuild:
        Application.objects.all().delete()
        Call.objects.all().delete()
    department, _ = Department.objects.get_or_create(
        region_id="220100", kind="science", defaults={"name": "长春市科学技术局"}
    )
    officer, created = User.objects.get_or_create(username="bench_officer", defaults={"display_name": "基准"})
    if created:
        OfficerAssignment.objects.create(user=officer, department=department, region_id="220100")
    call = Call.objects.filter(title="基准测试申报指南").first()
    if call is not None and Application.objects.filter(topic__call=call).count() >= n:
        print(f"reusing {n:,} applications")
        return call.pk
    rng = random.Random(seed)
    start = time.perf_counter()
    with transaction.atomic():
        program_type, _ = ProgramType.objects.get_or_create(
            code="bench", defaults={"name": "基准测试计划", "department": department}
        )
        now = timezone.now()
        call = Call.objects.create(
            program_type=program_type, year=2026, title="基准测试申报指南", opens_at=now - dt.timedelta(days=30),
            closes_at=now + dt.timedelta(days=30), total_budget=Decimal("100000"), status="published",
        )  # fmt: skip
        topics = [
            Topic.objects.create(call=call, title=f"方向{k}", funding_cap=Decimal("100"), project_count=500)
            for k in range(5)
        ]
        counties = list(
            Region.objects.filter(path__startswith="220000/220100/", level="county").values_list(
                "code", "path"
            )
        )
        orgs = []
        for i in range(1000):
            code, path = rng.choice(counties)
            body = f"91{code}{900000000 + i:09d}"
            orgs.append(Organization(uscc=body + uscc_check_digit(body), name=f"基准申报企业{i}有限公司",
                                     kind="enterprise", region_id=code, region_path=path,
                                     verification_status="verified", search_text=f"基准申报企业{i}"))  # fmt: skip
        Organization.objects.bulk_create(orgs, batch_size=1000, ignore_conflicts=True)
        orgs = list(Organization.objects.filter(name__startswith="基准申报企业"))
        weights = [w for _s, w in STATES]
        rows = []
        for i in range(n):
            org = rng.choice(orgs)
            status = rng.choices([s for s, _w in STATES], weights)[0]
            rows.append(Application(
                topic=rng.choice(topics), organization=org, region_path=org.region_path,
                title=f"{org.name}第{i}号项目研发及产业化", leader_name="张三", leader_identifier=f"B{i:08d}",
                requested_funds=Decimal(rng.randint(20, 100)), self_funds=Decimal(100), status=status,
                submitted_at=now - dt.timedelta(minutes=i),
                review_score=Decimal(rng.randint(5000, 9500)) / 100 if status in ("in_review", "approved") else None,
                funded_amount=Decimal(30) if status == "approved" else None,
            ))  # fmt: skip
        Application.objects.bulk_create(rows, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"inserted {n:,} applications in {time.perf_counter() - start:.1f} s")
    return call.pk


def measure(call_id: int, requests: int) -> list[tuple[str, float, float, dict[int, int]]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from kechuang.accounts.models import User
    from kechuang.programs.models import Topic

    client = Client()
    client.force_login(User.objects.get(username="bench_officer"))
    topic = Topic.objects.filter(call_id=call_id).order_by("id").first()
    decision = f"/programs/calls/{call_id}/decision/"
    scenarios = [
        ("queue submitted", "/programs/officer/", {"status": "submitted"}),
        ("queue in_review", "/programs/officer/", {"status": "in_review"}),
        ("queue in_review, call filter", "/programs/officer/", {"status": "in_review", "call": str(call_id)}),
        ("queue submitted, q=企业12", "/programs/officer/", {"status": "submitted", "q": "企业12"}),
        ("queue in_review, page 30", "/programs/officer/", {"status": "in_review", "page": "30"}),
        ("ranking, all topics", decision, {}),
        ("ranking, one topic", decision, {"topic": str(topic.pk if topic else "")}),
        ("ranking, page 100", decision, {"page": "100"}),
    ]
    out = []
    for label, path, params in scenarios:
        client.get(path, params)  # warm (content types and other per-process caches)
        queries = {}
        for size in SIZES:
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(path, {**params, "size": str(size)})
            assert response.status_code == 200, (label, response.status_code)
            queries[size] = len(ctx.captured_queries)
        for _ in range(3):
            client.get(path, {**params, "size": "50"})
        times, cpu = [], []
        for _ in range(requests):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(path, {**params, "size": "50"})
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            assert response.status_code == 200
        times.sort()
        p95 = times[max(0, math.ceil(0.95 * len(times)) - 1)]
        median = statistics.median(times)
        flag = "const" if len(set(queries.values())) == 1 else "VARIES"
        q = "/".join(str(queries[s]) for s in SIZES)
        cpu_p95 = sorted(cpu)[max(0, math.ceil(0.95 * len(cpu)) - 1)]
        print(f"{label:<32} median {median:6.1f} ms  p95 {p95:6.1f} ms {'ok' if p95 < 300 else 'SLOW':<4}  "
              f"(cpu median {statistics.median(cpu):5.1f} ms, p95 {cpu_p95:5.1f} ms)  "
              f"queries@20/50/200 {q:<9} {flag}", flush=True)  # fmt: skip
        out.append((label, median, p95, queries))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url")
    parser.add_argument("--applications", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    url = configure(args.database_url)
    print(f"database: {url}")
    call_id = build(args.applications, rebuild=args.rebuild, seed=args.seed)
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    results = measure(call_id, args.requests)
    print(f"load average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    worst = max(results, key=lambda r: r[2])
    varying = [r for r in results if len(set(r[3].values())) != 1]
    print(f"\nworst p95: {worst[2]:.1f} ms ({worst[0]}); scenarios with p95 >= 300 ms: "
          f"{sum(r[2] >= 300 for r in results)} of {len(results)}; query count varying with page size: {len(varying)}")  # fmt: skip


if __name__ == "__main__":
    main()
