"""Benchmark: the targets dashboard over a province-scale registry, and all indicators for every county.

Run:  nice /work/venv/bin/python benchmarks/targets.py [--organizations 100000] [--indicators 50]
      [--plan-share 0.5] [--requests 30] [--rebuild]

Builds (once; reused unless --rebuild) a database ``var/bench-targets.sqlite3`` — or the database in
$BENCH_DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/kechuang_targets_bench — with the real
GB/T 2260 regions, ``--organizations`` organizations (``--plan-share`` of them in 吉林省, the rest spread
over every other county in China), three years of yearly statistics each, designations and parks; then a
plan for 吉林省 with ``--indicators`` indicators (90 % computed by metric definitions of every kind: counts
of designations held and newly granted, sums of statistics with filters, ratios, organization counts;
10 % reported with accepted reports) and yearly value snapshots.

Prints
1. the dashboard page (``GET /targets/plans/<id>/`` through Django's test client, logged in as a platform
   admin, template rendered): p50/p95/max over ``--requests`` warm requests and SQL queries per page;
   goal (issue 6): p95 under 300 ms;
2. all computed indicators for every county (≈2,850 regions) in one call of
   ``selectors.indicator_values``: total time and queries; goal: under 60 s.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_FILE = ROOT / "var" / "bench-targets.sqlite3"


def setup_django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.django.test"
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{DB_FILE}")
    import django

    django.setup()


def build(args: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.db import transaction

    from kechuang.accounts.models import User
    from kechuang.registry.models import Designation, Organization, Park, Region, YearlyStatistics
    from kechuang.registry.reference import load_regions
    from kechuang.registry.validators import uscc_check_digit

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_regions()
    rng = random.Random(20261126)
    counties = list(Region.objects.filter(level="county").values_list("code", "path"))
    jilin = [c for c in counties if c[0].startswith("22")]
    others = [c for c in counties if not c[0].startswith("22")]
    kinds = ["enterprise"] * 85 + ["university"] * 3 + ["institute"] * 4 + ["intermediary"] * 8
    sizes = ["large", "medium", "small", "micro"]
    orgs = []
    for i in range(args.organizations):
        code, path = rng.choice(jilin) if rng.random() < args.plan_share else rng.choice(others)
        body = f"91{code}{i:09d}"
        orgs.append(
            Organization(
                uscc=body + uscc_check_digit(body),
                name=f"基准企业{i}",
                kind=rng.choice(kinds),
                region_id=code,
                region_path=path,
                size=rng.choice(sizes),
                founded_on=date(rng.randint(1990, 2024), rng.randint(1, 12), 1),
                verification_status="verified",
                search_text=f"基准企业{i}",
            )
        )
    with transaction.atomic():
        Organization.objects.bulk_create(orgs, batch_size=5000)
    ids = list(Organization.objects.values_list("id", flat=True))
    stats = []
    for oid in ids:
        revenue = rng.randint(1_000_000, 500_000_000)
        for year in (2023, 2024, 2025):
            grow = 1 + (year - 2023) * rng.uniform(0, 0.15)
            employees = rng.randint(10, 2000)
            stats.append(
                YearlyStatistics(
                    organization_id=oid,
                    year=year,
                    revenue=Decimal(int(revenue * grow)),
                    total_output=Decimal(int(revenue * grow * 0.9)),
                    rd_expenditure=Decimal(int(revenue * grow * rng.uniform(0.01, 0.08))),
                    new_product_output=Decimal(int(revenue * grow * rng.uniform(0.05, 0.4))),
                    exports=Decimal(int(revenue * rng.uniform(0, 0.3))),
                    profit=Decimal(int(revenue * rng.uniform(0.01, 0.15))),
                    tax_paid=Decimal(int(revenue * 0.03)),
                    employees=employees,
                    rd_staff=rng.randint(0, employees // 5),
                    valid_invention_patents=rng.randint(0, 12) + (year - 2023),
                    patent_applications=rng.randint(0, 8),
                )
            )
        if len(stats) >= 30000:
            with transaction.atomic():
                YearlyStatistics.objects.bulk_create(stats)
            stats = []
    with transaction.atomic():
        YearlyStatistics.objects.bulk_create(stats)
    dkinds = [
        "high_tech",
        "tech_sme",
        "srdi_sme",
        "little_giant",
        "gazelle",
        "ip_advantage",
        "ip_demonstration",
        "innovation_pilot",
        "famous_brand",
    ]
    designations = []
    for oid in rng.sample(ids, len(ids) // 3):
        start = date(rng.randint(2016, 2025), rng.randint(1, 12), 1)
        designations.append(
            Designation(
                organization_id=oid,
                kind=rng.choice(dkinds),
                valid_from=start,
                valid_to=date(start.year + 3, start.month, 1) if rng.random() < 0.7 else None,
            )
        )
    with transaction.atomic():
        Designation.objects.bulk_create(designations, batch_size=5000)
    parks = [
        Park(
            name=f"基准园区{i}",
            level=rng.choice(["national", "provincial", "municipal"]),
            kind="industrial_park",
            region_id=rng.choice(counties)[0],
            established_on=date(rng.randint(2000, 2024), 1, 1),
        )
        for i in range(600)
    ]
    Park.objects.bulk_create(parks)
    User.objects.create(username="bench_admin", is_platform_admin=True, is_superuser=True)
    build_plan(args)
    print(f"built database in {time.perf_counter() - t0:.1f} s")


def definitions(n: int) -> list[dict | None]:
    dkinds = [
        "high_tech",
        "tech_sme",
        "srdi_sme",
        "little_giant",
        "gazelle",
        "ip_advantage",
        "ip_demonstration",
        "innovation_pilot",
        "famous_brand",
    ]
    fields = [
        "revenue",
        "total_output",
        "rd_expenditure",
        "new_product_output",
        "exports",
        "profit",
        "tax_paid",
        "employees",
        "rd_staff",
        "valid_invention_patents",
        "patent_applications",
    ]
    ratios = [
        ("new_product_output", "total_output"),
        ("rd_expenditure", "revenue"),
        ("exports", "revenue"),
        ("rd_staff", "employees"),
        ("profit", "revenue"),
    ]
    out: list[dict | None] = []
    out += [{"op": "count", "model": "designation", "where": {"kind": k}} for k in dkinds]
    out += [{"op": "count", "model": "designation_granted", "where": {"kind": k}} for k in dkinds]
    out += [{"op": "sum", "model": "yearly_statistics", "field": f} for f in fields]
    out += [
        {"op": "sum", "model": "yearly_statistics", "field": f, "where": {"organization_kind": "enterprise"}}
        for f in fields[:4]
    ]
    out += [
        {
            "op": "ratio",
            "numerator": {"op": "sum", "model": "yearly_statistics", "field": a},
            "denominator": {"op": "sum", "model": "yearly_statistics", "field": b},
            "scale": 100,
        }
        for a, b in ratios
    ]
    out += [
        {"op": "count", "model": "organization", "where": {"kind": k}}
        for k in ("enterprise", "university", "institute")
    ]
    out += [
        {"op": "count", "model": "organization", "where": {"size": s}} for s in ("large", "medium", "small")
    ]
    out += [{"op": "count", "model": "park"}]
    n_reported = max(1, n // 10)
    computed = out[: n - n_reported]
    return computed + [None] * (n - len(computed))


def build_plan(args: argparse.Namespace) -> None:
    from kechuang.accounts.models import User
    from kechuang.registry.models import Department, Region
    from kechuang.targets import services
    from kechuang.targets.models import ProgressReport

    admin = User.objects.get(username="bench_admin")
    jilin = Region.objects.get(code="220000")
    dept, _ = Department.objects.get_or_create(
        region=jilin, kind="science", defaults={"name": "吉林省科学技术厅"}
    )
    plan = services.plan_create(
        actor=admin,
        kind="plan",
        title="基准规划",
        department=dept,
        region=jilin,
        period_start=date(2023, 1, 1),
        period_end=date(2027, 12, 31),
    )
    for i, d in enumerate(definitions(args.indicators)):
        ind = services.indicator_create(
            actor=admin,
            plan=plan,
            code=f"B{i + 1:02d}",
            name=f"基准指标{i + 1}",
            unit="项" if d is None else "个",
            target_value=1000,
            baseline_value=0,
            baseline_date=date(2023, 1, 1),
            target_date=date(2027, 12, 31),
            metric=d,
            lead_unit=dept,
            position=i,
        )
        if d is None:
            ProgressReport.objects.create(
                indicator=ind,
                department=dept,
                as_of=date(2025, 6, 30),
                value=Decimal(300),
                narrative="基准",
                status="accepted",
                submitted_by=admin,
            )
    children = list(Region.objects.filter(parent=jilin))
    for day in (date(2023, 1, 1), date(2023, 12, 31), date(2024, 12, 31), date(2025, 12, 31)):
        services.snapshot_take(plan=plan, on=day, regions=[jilin, *children])


def bench_dashboard(args: argparse.Namespace) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from kechuang.accounts.models import User
    from kechuang.registry.models import Organization
    from kechuang.targets.models import Plan

    plan = Plan.objects.get(title="基准规划")
    client = Client()
    client.force_login(User.objects.get(username="bench_admin"))
    url = f"/targets/plans/{plan.pk}/?on=2025-12-31"
    for _ in range(3):
        assert client.get(url).status_code == 200
    times = []
    for _ in range(args.requests):
        t = time.perf_counter()
        r = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    cold = []
    with override_settings(TARGETS_LIVE_CACHE_SECONDS=0):
        for _ in range(args.cold_requests):
            t = time.perf_counter()
            assert client.get(url).status_code == 200
            cold.append((time.perf_counter() - t) * 1000)
        with CaptureQueriesContext(connection) as cold_ctx:
            client.get(url)
    cold.sort()
    covered = Organization.objects.filter(region_path__startswith=plan.region.path).count()
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    print(
        f"dashboard: plan with {plan.indicators.count()} indicators "
        f"({plan.indicators.filter(metric__isnull=False).count()} computed) over {covered:,} of "
        f"{Organization.objects.count():,} organizations, {plan.region} + {len(plan.region.children.all())} prefectures"
    )
    print(
        f"  {args.requests} warm requests: p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms, "
        f"max {times[-1]:.0f} ms; SQL queries per page: {len(ctx.captured_queries)}  (goal p95 < 300 ms)"
    )
    print(
        f"  same page with the live-value cache off ({args.cold_requests} requests, every value re-aggregated): "
        f"p50 {statistics.median(cold):.0f} ms, max {cold[-1]:.0f} ms; SQL queries per page: {len(cold_ctx.captured_queries)}"
    )


def bench_counties(args: argparse.Namespace) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kechuang.registry.models import Region
    from kechuang.targets.models import Plan
    from kechuang.targets.selectors import indicator_values

    plan = Plan.objects.get(title="基准规划")
    indicators = list(plan.indicators.select_related("plan").filter(metric__isnull=False))
    counties = list(Region.objects.filter(level="county"))
    with CaptureQueriesContext(connection) as ctx:
        t = time.perf_counter()
        values = indicator_values(indicators=indicators, regions=counties, on=date(2025, 12, 31), fresh=True)
        elapsed = time.perf_counter() - t
    nonzero = sum(1 for v in values.values() if v)
    print(
        f"all counties: {len(indicators)} computed indicators x {len(counties):,} counties = {len(values):,} values "
        f"({nonzero:,} non-zero) in {elapsed:.2f} s, {len(ctx.captured_queries)} SQL queries  (goal < 60 s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--organizations", type=int, default=100_000)
    parser.add_argument("--indicators", type=int, default=50)
    parser.add_argument("--plan-share", type=float, default=0.5)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--cold-requests", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if args.rebuild and DB_FILE.exists() and "BENCH_DATABASE_URL" not in os.environ:
        DB_FILE.unlink()
    fresh = "BENCH_DATABASE_URL" in os.environ or not DB_FILE.exists()
    setup_django()
    from django.db import connection

    if fresh or args.rebuild:
        from kechuang.targets.models import Plan

        try:
            exists = Plan.objects.filter(title="基准规划").exists()
        except Exception:
            exists = False
        if not exists or args.rebuild:
            build(args)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    bench_dashboard(args)
    bench_counties(args)


if __name__ == "__main__":
    main()
