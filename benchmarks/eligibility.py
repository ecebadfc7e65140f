"""Benchmark: eligibility select over 1,000,000 organisations × 100 measures on PostgreSQL, against a
Python loop evaluating the same rules, and explain (one organisation, all measures) latency.

Run once, on a quiet machine:

    nice /work/venv/bin/python benchmarks/eligibility.py            # 1,000,000 organisations
    nice /work/venv/bin/python benchmarks/eligibility.py --orgs 100000 --sample 5000

Uses its own database ``kechuang_bench_policies`` on 127.0.0.1:5432 (user postgres; created if missing;
``--database-url`` overrides), never the development or test databases. The first run migrates, loads
the reference tables and generates the rows with set-based SQL (``generate_series``, deterministic
``setseed``): organisations spread over every county of China and every industry division, 3 years of
registry statistics (≈90 % present, figures often NULL), 2 years of declared policy figures (≈80 %),
designations (≈12 % 高新技术企业, ≈10 % 科技型中小企业), park memberships (≈5 %). Later runs reuse them
(``--rebuild`` starts over).

Measures: the 12 shipped rules plus 88 variants of them with every threshold scaled by a factor between
0.6 and 1.4 (through the engine's what-if API), so 100 different rules of real shapes.

Figures printed (each with the load average when it was taken): wall time, the Python process's CPU
time and the CPU time of the connection's PostgreSQL backend process (read from ``/proc``; parallel
workers are not in it — so the one-pass query is also run without them, and ``EXPLAIN ANALYZE`` gives
PostgreSQL's own execution time):
* select, one query per measure — for each of the 100 measures, one SQL query (``select()``: the rule
  compiled to one ORM expression, what an officer's “who qualifies” page runs) fetching the ids of every
  qualifying organisation; total seconds;
* select, all measures in one pass — ``select_many()``: ONE query computing all 100 measures per
  organisation (each yearly table joined once per year, shared sub-expressions computed once), what
  batch jobs run; checked to give exactly the per-measure sets. Goal: < 60 s for 100 measures;
* Python loop — the same 100 rules evaluated by the engine over a random sample of organisations, facts
  built with the same batched queries the product uses (``organization_facts``); extrapolated linearly
  to all organisations; the ratios python / SQL for both SQL figures (goal ≥ 50×). The sample also
  checks that SQL and Python give the same answer for every measure;
* explain — one organisation against all 100 measures (facts with labels + full explanation + smallest
  change), over ``--explain`` random organisations: median and p95 in ms, wall and CPU (goal p95 < 50 ms).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_DB = "kechuang_bench_policies"
ON = dt.date(2026, 6, 30)


def setup(url: str) -> None:
    import psycopg

    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.django.local")
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    import django

    django.setup()


def generate(n: int, rebuild: bool) -> None:
    from django.core.management import call_command
    from django.db import connection

    from kechuang.registry.models import Industry, Organization, Region
    from kechuang.registry.reference import load_industries, load_regions

    call_command("migrate", verbosity=0)
    if not Region.objects.exists():
        load_regions()
    if not Industry.objects.exists():
        load_industries()
    from kechuang.registry.models import Park

    complete = Park.objects.filter(name="基准测试园区").exists()  # written last: the data set is whole
    if not rebuild and complete and Organization.objects.count() == n:
        print(f"reusing {n:,} organisations in {connection.settings_dict['NAME']}")
        return
    t0 = time.perf_counter()
    with connection.cursor() as c:
        c.execute("TRUNCATE registry_organization RESTART IDENTITY CASCADE")
        c.execute("SELECT setseed(0.20261126)")
        c.execute("DROP TABLE IF EXISTS bench_regions; DROP TABLE IF EXISTS bench_industries")
        c.execute(
            "CREATE TEMP TABLE bench_regions AS SELECT (row_number() OVER (ORDER BY code)) - 1 AS idx, code, path "
            "FROM registry_region WHERE level = 'county'"
        )
        c.execute(
            "CREATE TEMP TABLE bench_industries AS SELECT (row_number() OVER (ORDER BY code)) - 1 AS idx, code "
            "FROM registry_industry WHERE level <> 'section'"
        )
        c.execute("SELECT count(*) FROM bench_regions")
        nreg = c.fetchone()[0]
        c.execute("SELECT count(*) FROM bench_industries")
        nind = c.fetchone()[0]
        c.execute(
            f"""
            INSERT INTO registry_organization (uscc, name, kind, region_id, industry_id, size, founded_on,
                registered_capital, legal_representative, address, contact_person, contact_phone, website,
                description, verification_status, verified_at, verified_by_id, verification_note, search_text,
                region_path, created_at, updated_at)
            SELECT 'B' || lpad(g::text, 17, '0'), 'bench-' || g,
                   (ARRAY['enterprise','enterprise','enterprise','enterprise','enterprise','university','institute'])[1 + g % 7],
                   r.code, CASE WHEN g % 11 = 0 THEN NULL ELSE i.code END,
                   (ARRAY['', 'small', 'micro', 'medium', 'large', 'small'])[1 + (g * 7) % 6],
                   CASE WHEN g % 17 = 0 THEN NULL ELSE date '1995-01-01' + ((g * 37) % 11500) END,
                   NULL, '', '', '', '', '', '', CASE WHEN g % 9 = 0 THEN 'pending' ELSE 'verified' END,
                   NULL, NULL, '', '', r.path, now(), now()
            FROM generate_series(1, {n}) g
            JOIN bench_regions r ON r.idx = (g::bigint * 7919) % {nreg}
            JOIN bench_industries i ON i.idx = (g::bigint * 104729) % {nind}
            """
        )
        c.execute(
            """
            INSERT INTO registry_yearlystatistics (organization_id, year, revenue, total_output, rd_expenditure,
                new_product_output, exports, profit, tax_paid, employees, rd_staff, valid_invention_patents,
                patent_applications, created_at, updated_at)
            SELECT id, y,
                   CASE WHEN r5 < 0.95 THEN round((r1 ^ 3 * 800000000)::numeric, 2) END,
                   NULL,
                   CASE WHEN r5 < 0.9 THEN round((r1 ^ 3 * 800000000 * r2 * 0.12)::numeric, 2) END,
                   NULL, NULL, NULL, NULL,
                   CASE WHEN r6 < 0.95 THEN 5 + floor(r3 * 900)::int END,
                   CASE WHEN r6 < 0.9 THEN floor((5 + floor(r3 * 900)) * r4 * 0.4)::int END,
                   CASE WHEN r6 < 0.85 THEN floor(r4 * r2 * 30)::int END,
                   NULL, now(), now()
            FROM (SELECT o.id, y, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6
                  FROM registry_organization o CROSS JOIN generate_series(2023, 2025) y) s
            WHERE r5 < 0.97
            """
        )
        c.execute(
            """
            INSERT INTO policies_policystatistics (organization_id, year, tech_staff, high_tech_revenue, ip_count,
                total_assets, rd_institutions, rd_institutions_provincial, created_at, updated_at)
            SELECT ys.organization_id, ys.year,
                   CASE WHEN ys.employees IS NOT NULL THEN floor(ys.employees * r1 * 0.5)::int END,
                   CASE WHEN ys.revenue IS NOT NULL AND r2 < 0.9 THEN round((ys.revenue * r2::numeric), 2) END,
                   CASE WHEN r3 < 0.9 THEN floor(r3 * 14)::int END,
                   CASE WHEN ys.revenue IS NOT NULL THEN round((ys.revenue * (0.5 + r4 * 2)::numeric), 2) END,
                   floor(r5 * 3)::int, CASE WHEN r5 < 0.8 THEN 0 ELSE 1 END, now(), now()
            FROM (SELECT organization_id, year, employees, revenue, random() r1, random() r2, random() r3,
                         random() r4, random() r5, random() r0
                  FROM registry_yearlystatistics WHERE year >= 2024) ys
            WHERE r0 < 0.8
            """
        )
        c.execute(
            """
            INSERT INTO registry_designation (organization_id, kind, certificate_no, issuer, valid_from, valid_to,
                created_at, updated_at)
            SELECT id, kind, '', '', start, start + 1095, now(), now()
            FROM (SELECT id, CASE WHEN random() < 0.55 THEN 'high_tech' ELSE 'tech_sme' END kind,
                         date '2022-01-01' + floor(random() * 1500)::int start, random() r
                  FROM registry_organization) d
            WHERE r < 0.22
            """
        )
        c.execute(
            "INSERT INTO registry_park (name, level, kind, region_id, operator_id, established_on, area_km2, "
            "description, created_at, updated_at) VALUES ('基准测试园区', 'national', 'high_tech_zone', "
            "'220100', NULL, NULL, NULL, '', now(), now())"
        )
        c.execute(
            "INSERT INTO registry_parkmembership (park_id, organization_id, entered_on, created_at, updated_at) "
            "SELECT (SELECT max(id) FROM registry_park), id, NULL, now(), now() FROM registry_organization "
            "WHERE random() < 0.05"
        )
        c.execute("ANALYZE")
        for table in ("registry_organization", "registry_yearlystatistics", "policies_policystatistics",
                      "registry_designation", "registry_parkmembership"):  # fmt: skip
            c.execute(f"SELECT count(*) FROM {table}")
            print(f"  {table}: {c.fetchone()[0]:,} rows")
    print(f"generated in {time.perf_counter() - t0:.1f} s")


def load() -> str:
    return "load " + "/".join(f"{x:.1f}" for x in os.getloadavg())


def backend_cpu() -> float:
    """CPU seconds (user + system) used so far by this connection's PostgreSQL backend process."""
    from django.db import connection

    with connection.cursor() as c:
        c.execute("SELECT pg_backend_pid()")
        pid = c.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Clock:
    """Wall, Python-process CPU and PostgreSQL-backend CPU of a block."""

    def __enter__(self) -> Clock:
        self.pg0, self.cpu0, self.t0 = backend_cpu(), time.process_time(), time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.t0
        self.cpu = time.process_time() - self.cpu0
        self.pg = backend_cpu() - self.pg0
        self.load = load()

    def __str__(self) -> str:
        return f"wall {self.wall:.1f} s, Python CPU {self.cpu:.1f} s, PostgreSQL backend CPU {self.pg:.1f} s; {self.load}"


def measures() -> list:
    from kechuang.eligibility.whatif import thresholds, with_thresholds
    from kechuang.policies.rules import shipped_rules

    rules = shipped_rules()
    trees = [(r.id, r.compile(ON)) for r in rules]
    rng = random.Random(7)
    i = 0
    while len(trees) < 100:
        rid, base = trees[i % len(rules)]
        factor = Decimal(str(round(rng.uniform(0.6, 1.4), 2)))
        changes = {t.index: (t.value * factor) for t in thresholds(base)}
        trees.append((f"{rid}×{factor}", with_thresholds(base, changes)))
        i += 1
    return trees


def bench_select(trees: list) -> tuple[Clock, dict[str, set[int]]]:
    """One query per measure (what an officer's “who qualifies” page runs): the ids of every qualifying
    organisation fetched."""
    from kechuang.policies.compiler import select
    from kechuang.registry.models import Organization

    selected: dict[str, set[int]] = {}
    with Clock() as clock:
        for name, tree in trees:
            qs = select(tree, Organization.objects.order_by()).values_list("pk", flat=True)
            selected[name] = set(qs.iterator(chunk_size=20000))
    return clock, selected


def bench_select_many(trees: list, selected: dict[str, set[int]], *, parallel: bool = True) -> Clock:
    """All measures in ONE query (``select_many``: one pass); checked equal to the per-measure sets.
    ``parallel=False`` runs the same query without PostgreSQL's parallel workers, so that the backend's
    CPU time is the query's whole CPU time."""
    from django.db import connection, transaction

    from kechuang.policies.compiler import MANY_SETTINGS, select_many, select_many_query
    from kechuang.registry.models import Organization

    with Clock() as clock:
        if parallel:
            results = select_many([t for _, t in trees], Organization.objects.order_by())
        else:  # select_many's own steps, with one more setting
            q = select_many_query([t for _, t in trees], Organization.objects.order_by())
            with transaction.atomic(), connection.cursor() as c:
                for setting in MANY_SETTINGS:
                    c.execute(setting)
                c.execute("SET LOCAL max_parallel_workers_per_gather = 0")
                c.execute(q.sql, q.params)
                row = c.fetchone()
            results = [row[i] or [] for i in q.slots]
    for (name, _), ids in zip(trees, results, strict=True):
        assert set(ids) == selected[name], name
    return clock


def explain_select_many(trees: list) -> str:
    """``EXPLAIN ANALYZE`` of the one-pass query (with its parallel workers): PostgreSQL's own time."""
    from django.db import connection, transaction

    from kechuang.policies.compiler import MANY_SETTINGS, select_many_query
    from kechuang.registry.models import Organization

    q = select_many_query([t for _, t in trees], Organization.objects.order_by())
    with transaction.atomic(), connection.cursor() as c:
        for setting in MANY_SETTINGS:
            c.execute(setting)
        c.execute("EXPLAIN (ANALYZE, TIMING OFF) " + q.sql, q.params)
        plan = [r[0] for r in c.fetchall()]
    workers = next((line.strip() for line in plan if "Workers Launched" in line), "no parallel workers")
    return next(line for line in plan if "Execution Time" in line).strip() + f" ({workers})"


def bench_python(trees: list, sample: int, n: int, selected: dict[str, set[int]]) -> Clock:
    from kechuang.eligibility import Facts
    from kechuang.eligibility.evaluate import Evaluator
    from kechuang.policies.facts import organization_facts
    from kechuang.registry.models import Organization

    rng = random.Random(11)
    ids = rng.sample(range(1, n + 1), min(sample, n))
    got: dict[str, set[int]] = {name: set() for name, _ in trees}
    with Clock() as clock:
        for start in range(0, len(ids), 2000):
            orgs = list(Organization.objects.filter(pk__in=ids[start : start + 2000]))
            facts = organization_facts(orgs, years=[2023, 2024, 2025])
            for o in orgs:
                f = Facts(facts[o.pk])
                for name, tree in trees:
                    if Evaluator(f).visit(tree) is True:
                        got[name].add(o.pk)
    sample_ids = set(ids)
    mismatches = [name for name, _ in trees if got[name] != (selected[name] & sample_ids)]
    print(f"  agreement on the sample (SQL vs Python): {len(trees) - len(mismatches)}/{len(trees)} measures identical"
          + (f" — MISMATCH: {mismatches[:5]}" if mismatches else ""))  # fmt: skip
    return clock


def bench_explain(trees: list, count: int, n: int) -> tuple[list[float], list[float]]:
    """The product's explain path for one organisation: facts (with code names) from the database, then for
    every measure the explanation tree and, when it fails, the smallest qualifying change. Wall and CPU ms."""
    from kechuang.eligibility import Facts
    from kechuang.eligibility.evaluate import ChangeFinder, Explainer
    from kechuang.policies.facts import facts_for
    from kechuang.registry.models import Organization

    rng = random.Random(13)
    times, cpu = [], []
    for pk in rng.sample(range(1, n + 1), count):
        t0, c0 = time.perf_counter(), time.process_time()
        org = Organization.objects.select_related("industry").get(pk=pk)
        f = Facts(facts_for(org))
        for _name, tree in trees:
            step = Explainer(f, ON).step(tree)
            if step.value is False:
                ChangeFinder(f).find(tree)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return times, cpu


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--orgs", type=int, default=1_000_000)
    p.add_argument("--sample", type=int, default=20_000, help="organisations in the Python-loop sample")
    p.add_argument("--explain", type=int, default=200, help="organisations for the explain latency")
    p.add_argument("--database-url", default=f"postgres://postgres@127.0.0.1:5432/{PG_DB}")
    p.add_argument("--rebuild", action="store_true")
    p.add_argument("--explain-only", action="store_true", help="only the explain latency (data must exist)")
    args = p.parse_args()
    setup(args.database_url)
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    generate(args.orgs, args.rebuild)
    trees = measures()
    print(
        f"measures: {len(trees)} (12 shipped rules + {len(trees) - 12} threshold variants), application date {ON}"
    )
    if not args.explain_only:
        per, selected = bench_select(trees)
        hits = sorted(len(s) for s in selected.values())
        print(f"select, one query per measure (select): {per.wall:.1f} s for {len(trees)} measures over "
              f"{args.orgs:,} organisations ({per.wall / len(trees) * 1000:.0f} ms per measure; qualifying per "
              f"measure: min {hits[0]:,}, median {hits[len(hits) // 2]:,}, max {hits[-1]:,})\n    {per}")  # fmt: skip
        many = bench_select_many(trees, selected)
        print(f"select, all {len(trees)} measures in one pass (select_many): {many.wall:.1f} s, same sets as "
              f"per measure  goal < 60 s\n    {many}")  # fmt: skip
        print(f"    EXPLAIN ANALYZE of the one-pass query: {explain_select_many(trees)}; {load()}")
        serial = bench_select_many(trees, selected, parallel=False)
        print(f"    the same query without parallel workers (backend CPU = the query's CPU): {serial}")
        py = bench_python(trees, args.sample, args.orgs, selected)
        share = args.orgs / min(args.sample, args.orgs)
        projected, projected_cpu = py.wall * share, py.cpu * share
        print(f"python loop: {py.wall:.1f} s for {min(args.sample, args.orgs):,} organisations × {len(trees)} "
              f"measures → {projected:.0f} s projected for {args.orgs:,} (Python CPU {py.cpu:.1f} s → "
              f"{projected_cpu:.0f} s)\n    {py}")  # fmt: skip
        print(f"ratio python / SQL (wall): one pass {projected / many.wall:.0f}×, one query per measure "
              f"{projected / per.wall:.0f}×  goal ≥ 50×")  # fmt: skip
        py_total = (py.cpu + py.pg) * share  # the loop's Python and its queries' PostgreSQL CPU
        sql_total = serial.cpu + serial.pg
        print(f"ratio python / SQL (CPU, Python + PostgreSQL backend): one pass without parallel workers "
              f"{py_total:.0f} s / {sql_total:.1f} s = {py_total / sql_total:.0f}×")  # fmt: skip
    times, cpu = bench_explain(trees, args.explain, args.orgs)
    print(f"explain one organisation × {len(trees)} measures over {len(times)} organisations: wall median "
          f"{statistics.median(times):.1f} ms, p95 {p95(times):.1f} ms, max {max(times):.1f} ms; Python CPU "
          f"median {statistics.median(cpu):.1f} ms, p95 {p95(cpu):.1f} ms  goal p95 < 50 ms; {load()}")  # fmt: skip


if __name__ == "__main__":
    main()
