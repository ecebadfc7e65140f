"""Benchmark: the officer's ranking page (and pipeline page, Excel export) for a call with 2,000 applications.

Run:  nice /work/venv/bin/python benchmarks/recognition_ranking.py [--applications 2000] [--requests 60]

Uses its own SQLite file ``var/bench_recognition.sqlite3`` (``--database-url`` for PostgreSQL); the first
run migrates, loads reference data and bulk-inserts one call with N applications already scored (auto,
expert and total scores, ~5 % flagged), spread over the states after review; later runs reuse it
(``--rebuild`` starts over).  Measured warm through Django's test ``Client`` as the 长春市 officer (full
middleware, session auth, permission scoping, template rendering; no network): median and p95 latency
of ``/recognition/officer/calls/<id>/ranking/`` (200 rows per page, competition rank by window function),
its last page, the pipeline page filtered by state, and the Excel export of all rows; plus SQL queries
per request.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.django.test")
    import django

    django.setup()


def build(n: int, rebuild: bool) -> int:
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from kechuang.accounts.models import User
    from kechuang.recognition.choices import ApplicationStatus as S
    from kechuang.recognition.models import Application, Call
    from kechuang.registry.models import Department, OfficerAssignment, Organization, Region
    from kechuang.registry.reference import INDUSTRY_DIVISIONS_CSV, load_industries, load_regions

    if not Region.objects.exists():
        load_regions()
        load_industries(INDUSTRY_DIVISIONS_CSV)
    existing = Call.objects.filter(title="基准测试批次").first()
    if existing and not rebuild and existing.applications.count() == n:
        return existing.pk
    from kechuang.recognition.tests.builders import make_call, make_scheme
    from tests.factories import make_uscc

    Application.objects.all().delete()
    Call.objects.all().delete()
    from kechuang.recognition.models import Scheme

    Scheme.objects.all().delete()
    Organization.objects.filter(name__startswith="基准企业").delete()
    admin, _ = User.objects.get_or_create(username="bench_admin", defaults={"is_platform_admin": True})
    officer, _ = User.objects.get_or_create(username="bench_officer")
    department, _ = Department.objects.get_or_create(
        region=Region.objects.get(code="220100"), kind="science", defaults={"name": "长春市科学技术局"}
    )
    OfficerAssignment.objects.get_or_create(
        user=officer, department=department, defaults={"region": department.region}
    )
    scheme = make_scheme(department=department, actor=admin, code="bench")
    call = make_call(scheme=scheme, actor=officer, quota=300)
    Call.objects.filter(pk=call.pk).update(title="基准测试批次")
    rng = random.Random(7)
    counties = list(Region.objects.filter(code__startswith="2201", level="county"))
    orgs = [
        Organization(
            uscc=make_uscc(900_000 + i, c.code),
            name=f"基准企业{i:05d}有限公司",
            kind="enterprise",
            region=c,
            region_path=c.path,
            verification_status="verified",
        )
        for i, c in ((i, rng.choice(counties)) for i in range(n))
    ]
    Organization.objects.bulk_create(orgs, batch_size=1000)
    states = [S.DECISION] * 5 + [S.PUBLICITY, S.RECOGNISED, S.REJECTED]
    now = timezone.now()
    apps = []
    for org in orgs:
        auto = Decimal(rng.randint(10, 40))
        expert = Decimal(rng.randint(3000, 5800)) / 100
        apps.append(
            Application(
                call=call,
                organization=org,
                region_path=org.region_path,
                title=f"{org.name}企业技术中心",
                status=rng.choice(states),
                auto_score=auto,
                expert_score=expert,
                total_score=auto + expert,
                score_flagged=rng.random() < 0.05,
                submitted_at=now - dt.timedelta(days=rng.randint(1, 20)),
            )
        )
    Application.objects.bulk_create(apps, batch_size=1000)
    return call.pk


def measure(client, url: str, requests: int) -> tuple[float, float, int, int]:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    times.sort()
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    return statistics.median(times), p95, len(ctx.captured_queries), len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT / 'var' / 'bench_recognition.sqlite3'}")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    setup(args.database_url)
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = ["localhost"]
    started = time.perf_counter()
    call_id = build(args.applications, args.rebuild)
    print(
        f"data ready in {time.perf_counter() - started:.1f} s: call {call_id} with {args.applications} applications"
    )
    from kechuang.accounts.models import User

    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username="bench_officer"))
    pages = -(-args.applications // 200)
    scenarios = [
        ("ranking, page 1 (200 rows)", f"/recognition/officer/calls/{call_id}/ranking/", args.requests),
        (
            f"ranking, last page ({pages})",
            f"/recognition/officer/calls/{call_id}/ranking/?page={pages}",
            args.requests,
        ),
        ("pipeline, state=decision", f"/recognition/officer/calls/{call_id}/?status=decision", args.requests),
        (
            "Excel export, all rows",
            f"/recognition/officer/calls/{call_id}/export.xlsx",
            max(5, args.requests // 6),
        ),
    ]
    for label, url, n in scenarios:
        median, p95, queries, size = measure(client, url, n)
        print(
            f"{label:32s} median {median:7.1f} ms  p95 {p95:7.1f} ms  queries {queries:3d}  {size / 1024:7.1f} KiB  ({n} requests)"
        )


if __name__ == "__main__":
    main()
