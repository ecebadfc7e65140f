"""Benchmark: import 100,000 organizations with their yearly statistics from one .xlsx.

Run:  nice /work/venv/bin/python benchmarks/excel_import.py [--rows 100000] [--years 1] [--db sqlite postgres]

1. Generates ``var/bench/excel_<rows>x<years>.xlsx`` once (openpyxl write-only): sheet 主体 with one
   organization per row (valid GB 32100 USCCs, real GB/T 2260 county codes, GB/T 4754 divisions, kind and
   size by Chinese label, founding date, registered capital, legal representative, address, phone) and
   sheet 年度统计 with ``--years`` rows per organization (seven figures each).
2. For each database: a fresh one (SQLite file ``var/bench/excel_bench.sqlite3``; PostgreSQL database
   ``kechuang_bench_excel`` on ``$BENCH_PG_URL`` or ``postgres://postgres@127.0.0.1:5432``), migrated, with
   the reference data and a platform admin — in a separate process.
3. Then, in another fresh process, the real import service
   (:func:`kechuang.registry.excel.import_workbook`, the one the page and the API call: reading with
   python-calamine, all validation, one transaction, bulk inserts, audit records) — timed, with the
   process's peak RSS (``resource.getrusage``), which includes the Python/Django start-up.

Prints seconds and peak memory per database, and checks the row counts afterwards.
Goal (issue 2): under 60 s and under 1 GB on the 2-core machine, for SQLite and PostgreSQL.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
SQLITE_PATH = BENCH_DIR / "excel_bench.sqlite3"
PG_DB = "kechuang_bench_excel"
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")


def _database_url(db: str) -> str:
    if db == "sqlite":
        return f"sqlite:///{SQLITE_PATH}"
    return f"{PG_SERVER}/{PG_DB}"


# ---------------------------------------------------------------------------------------------------------
# 1. The workbook


def generate(path: Path, rows: int, years: int, seed: int = 2026) -> None:
    from openpyxl import Workbook

    from kechuang.registry.validators import uscc_check_digit

    rng = random.Random(seed)
    with open(ROOT / "kechuang/registry/data/gbt2260_mca_2024.csv", encoding="utf-8") as fh:
        counties = [r["code"] for r in csv.DictReader(fh) if r["level"] == "county"]
    with open(ROOT / "kechuang/registry/data/gbt4754_2017_divisions.csv", encoding="utf-8") as fh:
        divisions = [(r["parent_code"], r["code"]) for r in csv.DictReader(fh) if r["level"] == "division"]
    kinds = ["企业"] * 17 + ["高等院校", "科研院所", "中介服务机构"]
    sizes = ["大型", "中型", "小型", "小型", "微型", "微型"]
    words = ["光电", "智能", "生物", "新材料", "精密", "汽车零部件", "软件", "医药", "节能", "信息"]
    surnames = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"

    wb = Workbook(write_only=True)
    orgs = wb.create_sheet("主体")
    orgs.append(
        ["统一社会信用代码*", "名称*", "主体类型", "所在地区*", "所属行业", "企业规模", "成立日期",
         "注册资本（元）", "法定代表人", "地址", "联系电话"]
    )  # fmt: skip
    codes = []
    for i in range(rows):
        county = rng.choice(counties)
        body = f"91{county}{i:09d}"
        code = body + uscc_check_digit(body)
        codes.append(code)
        section, division = rng.choice(divisions)
        orgs.append(
            [
                code,
                f"{rng.choice(words)}科技有限公司{i:06d}",
                rng.choice(kinds),
                county,
                f"{section}{division}",
                rng.choice(sizes),
                dt.date(1990, 1, 1) + dt.timedelta(days=rng.randrange(12000)),
                rng.randrange(1, 5000) * 10000,
                rng.choice(surnames) + rng.choice("伟芳娜敏静丽强磊军洋"),
                f"某某路{rng.randrange(1, 999)}号",
                f"0431-{rng.randrange(10**7, 10**8)}",
            ]
        )
    stats = wb.create_sheet("年度统计")
    stats.append(
        ["统一社会信用代码*", "年度*", "营业收入（元）", "研发费用（元）", "新产品产值（元）", "出口额（元）",
         "从业人员（人）", "研发人员（人）", "有效发明专利（件）"]
    )  # fmt: skip
    last_year = dt.date.today().year - 1
    for code in codes:
        for year in range(last_year - years + 1, last_year + 1):
            revenue = rng.randrange(10**5, 10**10)
            employees = rng.randrange(5, 3000)
            stats.append(
                [
                    code,
                    year,
                    revenue,
                    revenue // rng.randrange(10, 50),
                    revenue // rng.randrange(2, 6),
                    revenue // rng.randrange(5, 100),
                    employees,
                    employees // rng.randrange(3, 10),
                    rng.randrange(0, 40),
                ]
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    wb.save(tmp)
    tmp.rename(path)


# ---------------------------------------------------------------------------------------------------------
# 2. A fresh database (child process)


def _django(db: str) -> None:
    os.environ["DATABASE_URL"] = _database_url(db)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.django.local"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "INFO")
    import django

    django.setup()


def setup_database(db: str) -> None:
    if db == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    else:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}"')
            conn.execute(f'CREATE DATABASE "{PG_DB}"')
    _django(db)
    from django.core.management import call_command

    from kechuang.accounts.models import User
    from kechuang.registry.reference import INDUSTRY_DIVISIONS_CSV, load_industries, load_regions

    call_command("migrate", verbosity=0)
    load_regions()
    load_industries(INDUSTRY_DIVISIONS_CSV)
    User.objects.create_user(username="bench-admin", password="x", is_platform_admin=True)


# ---------------------------------------------------------------------------------------------------------
# 3. The import (child process, so peak RSS is the import's)


def run_import(db: str, path: Path) -> dict[str, float | int]:
    _django(db)
    from django.db import connection

    from kechuang.accounts.models import User
    from kechuang.core.models import AuditRecord
    from kechuang.registry.excel import import_workbook
    from kechuang.registry.models import Organization, YearlyStatistics

    actor = User.objects.get(username="bench-admin")
    connection.ensure_connection()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu = time.perf_counter(), time.process_time()
    result = import_workbook(actor=actor, path=path)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_rss_mb": round(peak / 1024, 1),
        "rss_before_mb": round(rss_before / 1024, 1),
        "organizations": Organization.objects.count(),
        "statistics": YearlyStatistics.objects.count(),
        "audit_records": AuditRecord.objects.filter(action="organization.import_create").count(),
        **{f"result_{k}": v for k, v in result.as_dict().items()},
    }


def _child(*args: str) -> str:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, cwd=ROOT)
    if out.returncode:
        sys.exit(f"child {args} failed:\n{out.stderr[-4000:]}")
    for line in out.stderr.splitlines():
        if "excel import" in line:
            print("   ", line.strip())
    return out.stdout


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=1, help="yearly statistics rows per organization")
    parser.add_argument("--db", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"])
    parser.add_argument("--child", choices=["setup", "import"], help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child == "setup":
        setup_database(args.db[0])
        return
    if args.child == "import":
        print(json.dumps(run_import(args.db[0], Path(args.file))))
        return

    path = BENCH_DIR / f"excel_{args.rows}x{args.years}.xlsx"
    if not path.exists():
        started = time.perf_counter()
        generate(path, args.rows, args.years)
        print(f"generated {path.relative_to(ROOT)} in {time.perf_counter() - started:.1f} s")
    size_mb = path.stat().st_size / 1024 / 1024
    print(
        f"workbook: {args.rows:,} organizations, {args.rows * args.years:,} yearly statistics rows, {size_mb:.1f} MB"
    )
    for db in args.db:
        _child("--child", "setup", "--db", db)
        figures = json.loads(
            _child("--child", "import", "--db", db, "--file", str(path)).strip().splitlines()[-1]
        )
        ok = figures["organizations"] == args.rows and figures["statistics"] == args.rows * args.years
        print(
            f"{db:<9} {figures['seconds']:>7.2f} s (CPU {figures['cpu_seconds']:.2f} s)   peak RSS {figures['peak_rss_mb']:>7.1f} MB "
            f"(before import {figures['rss_before_mb']:.1f} MB)   organizations {figures['organizations']:,}  "
            f"statistics {figures['statistics']:,}  audit records {figures['audit_records']:,}  "
            f"{'OK' if ok else 'COUNT MISMATCH'}"
        )


if __name__ == "__main__":
    main()
