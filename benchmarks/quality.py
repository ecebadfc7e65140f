"""Benchmark: the quality registers at province scale — 1,000,000 patents and 200,000 trademarks for
100,000 organizations.

Run (on a quiet machine; the first run builds the organizations, later runs reuse them):

    nice .venv/bin/python benchmarks/quality.py                 # SQLite, var/bench_quality.sqlite3
    nice .venv/bin/python benchmarks/quality.py --db postgres   # database kechuang_bench_quality
    … --reimport                 # load the registers again (the organizations are kept)
    … --steps counts,page        # only some of the measurements

On SQLite the benchmark's own database gets a 256 MB page cache and ``synchronous=OFF`` (``_sqlite_pragmas``);
the platform's settings are not changed.

What is measured and printed:

1. **Import** (goal < 2 min for both registers): the bulk path ``services.imports.bulk_import`` — every row
   cleaned by the same rules as the Excel import and the form (CNIPA number and check digit, kind, dates,
   status; registration number, class, fame), owners resolved by 统一社会信用代码, duplicates refused,
   written in batches of 20,000 (executemany on SQLite, COPY on PostgreSQL), each batch in its own
   transaction with one audit record. Rows are
   generated in memory as the cells a workbook gives (reading a workbook is the Excel import's own
   benchmark, ``benchmarks/excel_import.py``).
2. **Per-region counts for the targets dashboard** (goal < 5 s): 有效发明专利拥有数, 专利申请 of the year and
   valid 驰名/著名 trademarks for the province, its prefectures and all its counties, through the targets
   engine (``compute_many``, uncached) — the numbers a plan's dashboard shows.
3. **Organization page with its registers** (goal p95 < 150 ms): ``/quality/organizations/<pk>/`` for 200
   random 长春 organizations as a 长春 officer, warm, through Django's test client (median, p95, queries).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import registry_list  # noqa: E402  (the organizations are built the way the registry benchmark builds them)

PG_DB = "kechuang_bench_quality"
TITLES = ["光电探测器", "激光测距装置", "车载控制单元", "生物传感芯片", "碳纤维复合构件", "智能检测系统"]


def configure(db: str, database_url: str | None) -> str:
    if db == "sqlite" and database_url is None:
        path = ROOT / "var" / "bench_quality.sqlite3"
        path.parent.mkdir(exist_ok=True)
        database_url = f"sqlite:///{path}"
    if db == "postgres" and database_url is None:
        database_url = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
    label = registry_list.configure(db, database_url)
    if db == "sqlite":
        from django.db.backends.signals import connection_created

        connection_created.connect(_sqlite_pragmas)
    return label


def _sqlite_pragmas(sender, connection, **kwargs):  # type: ignore[no-untyped-def]
    """The benchmark's own database only (the settings keep WAL and synchronous=NORMAL for the platform):
    a 256 MB page cache, so the indexes of a million rows stay in memory, and no fsync at the WAL's
    checkpoints — what a one-off province-wide load on SQLite would be run with."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA temp_store = MEMORY")


def _patent_rows(usccs: list[str], n: int, rng: random.Random):  # type: ignore[no-untyped-def]
    from kechuang.quality.cnipa import check_digit

    kinds = (("1", "发明"), ("1", "发明"), ("2", "实用新型"), ("3", "外观设计"))
    for i in range(n):
        digit, kind = kinds[i % 4]
        year = 2012 + i % 14
        body = f"{year}{digit}{i % 10_000_000:07d}"
        applied = dt.date(year, 1 + i % 12, 1 + i % 28)
        record = {
            "application_no": f"{body}.{check_digit(body)}",
            "kind": kind,
            "title": f"一种{TITLES[i % len(TITLES)]}（{i}）",
            "applied_on": applied,
            "inventors": "王建华、李晓东",
        }
        roll = i % 10
        if roll < 6:
            record.update(status="有效", granted_on=applied + dt.timedelta(days=600))
        elif roll < 8:
            record.update(status="申请中")
        else:
            record.update(
                status="失效",
                granted_on=applied + dt.timedelta(days=600),
                lapsed_on=applied + dt.timedelta(days=1500),
            )
        yield usccs[rng.randrange(len(usccs))], record


def _trademark_rows(usccs: list[str], n: int, rng: random.Random):  # type: ignore[no-untyped-def]
    for i in range(n):
        record = {"registration_no": str(10_000_000 + i), "name": f"商标{i}", "nice_class": 1 + i % 45}
        if i % 50 == 0:
            record.update(
                fame="著名商标", fame_since=dt.date(2024, 3, 1), fame_valid_until=dt.date(2027, 2, 28)
            )
        yield usccs[rng.randrange(len(usccs))], record


def run_import(*, patents: int, trademarks: int, seed: int, again: bool = False) -> None:
    from kechuang.accounts.models import User
    from kechuang.quality.models import Patent, PatentDeal, Trademark
    from kechuang.quality.services.imports import PATENTS, TRADEMARKS, bulk_import
    from kechuang.registry.models import Organization

    admin = User.objects.get(username="bench_admin")
    usccs = list(Organization.objects.values_list("uscc", flat=True))
    rng = random.Random(seed)
    if Patent.objects.count() >= patents and not again:
        print(
            f"import: reusing {Patent.objects.count():,} patents and {Trademark.objects.count():,} trademarks"
        )
        return
    from django.db import connection

    with connection.cursor() as cursor:  # plain DELETEs: the ORM's cascade would read a million ids first
        for model in (PatentDeal, Patent, Trademark):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")
    start, start_cpu = time.perf_counter(), time.process_time()
    report = bulk_import(PATENTS, actor=admin, rows=_patent_rows(usccs, patents, rng), audit_note="benchmark")
    middle, middle_cpu = time.perf_counter(), time.process_time()
    marks = bulk_import(
        TRADEMARKS, actor=admin, rows=_trademark_rows(usccs, trademarks, rng), audit_note="benchmark"
    )
    end, end_cpu = time.perf_counter(), time.process_time()
    print(
        f"import: {report.written:,} patents in {middle - start:.1f} s wall / {middle_cpu - start_cpu:.1f} s CPU "
        f"({len(report.errors or []):,} refused); {marks.written:,} trademarks in {end - middle:.1f} s wall / "
        f"{end_cpu - middle_cpu:.1f} s CPU; total {end - start:.1f} s wall, {end_cpu - start_cpu:.1f} s CPU "
        f"(goal < 120 s)"
    )


def run_counts() -> None:
    from kechuang.registry.models import Region
    from kechuang.targets.catalogue import get_catalogue
    from kechuang.targets.compute import compute_many, region_refs
    from kechuang.targets.metrics import parse

    catalogue = get_catalogue()
    metrics = [
        parse({"op": "count", "model": "patent", "where": {"kind": "invention"}}, catalogue),
        parse({"op": "count", "model": "patent_application"}, catalogue),
        parse({"op": "count", "model": "famous_trademark"}, catalogue),
    ]
    regions = list(Region.objects.filter(path__startswith="220000/"))
    refs = region_refs(regions)
    timings = []
    cpu = []
    values = []
    for _ in range(3):
        start, start_cpu = time.perf_counter(), time.process_time()
        values = compute_many(metrics, refs, on=dt.date(2025, 12, 31), fresh=True)
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    province = [str(v["220000"]) for v in values]
    print(
        f"targets counts: {len(regions)} regions x {len(metrics)} indicators, uncached: "
        f"best {min(timings):.2f} s, worst {max(timings):.2f} s wall, best {min(cpu):.2f} s CPU (goal < 5 s); "
        f"province: "
        f"有效发明专利 {province[0]}, 当年专利申请 {province[1]}, 有效著名商标 {province[2]}"
    )


def run_page(requests: int, seed: int) -> None:
    from django.test import Client

    from kechuang.accounts.models import User
    from kechuang.registry.models import Organization

    client = Client()
    client.force_login(User.objects.get(username="bench_officer"))
    ids = list(
        Organization.objects.filter(region_path__startswith="220000/220100/").values_list("id", flat=True)[
            :20000
        ]
    )
    rng = random.Random(seed)
    sample = [rng.choice(ids) for _ in range(requests)]
    client.get(f"/quality/organizations/{sample[0]}/")  # warm
    times = []
    cpu = []
    for pk in sample:
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(f"/quality/organizations/{pk}/")
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, response.status_code
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(
        f"organization page: {requests} organizations, median {statistics.median(times):.1f} ms, "
        f"p95 {p95:.1f} ms (goal < 150 ms); CPU median {statistics.median(cpu):.1f} ms, "
        f"p95 {sorted(cpu)[int(len(cpu) * 0.95) - 1]:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--database-url")
    parser.add_argument("--organizations", type=int, default=100_000)
    parser.add_argument("--patents", type=int, default=1_000_000)
    parser.add_argument("--trademarks", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument(
        "--reimport", action="store_true", help="import the registers again (organizations kept)"
    )
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument(
        "--steps", default="import,counts,page", help="which measurements (comma-separated; default all)"
    )
    args = parser.parse_args()
    print(f"database: {configure(args.db, args.database_url)}")
    import os

    print(f"load average: {os.getloadavg()[0]:.2f}")
    registry_list.build(args.organizations, rebuild=args.rebuild, seed=args.seed)
    steps = set(args.steps.split(","))
    if "import" in steps:
        run_import(patents=args.patents, trademarks=args.trademarks, seed=args.seed, again=args.reimport)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    if "counts" in steps:
        run_counts()
    if "page" in steps:
        run_page(args.requests, args.seed)


if __name__ == "__main__":
    main()
