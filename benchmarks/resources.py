"""Benchmark: shared resources at provincial scale.

Run:  nice .venv/bin/python benchmarks/resources.py [--instruments 10000] [--records 1000000] [--requests 60]
      [--rebuild] [--pg postgres://postgres@127.0.0.1:5432/kc_s16res_bench] [--no-race]

Builds (once; reused unless --rebuild) ``var/bench-resources.sqlite3`` — or the database in
$BENCH_DATABASE_URL — with the real GB/T 2260 regions, 400 instrument owners (universities and institutes
of 吉林省's counties), 5,000 user organizations, ``--instruments`` instruments of the real kinds the demo
lists, and ``--records`` usage records (used or rated bookings with hours, fee and, for a third, a rating)
spread over 2025–2026, a quarter of them the owner's own use.

Prints
1. the 2026 open-sharing evaluation of every owner and instrument (``sharing_evaluation`` as a platform
   admin): time and queries; goal (issue 16): under 30 s;
2. the public instrument search page (``GET /resources/?q=…`` anonymous, template rendered) over
   ``--requests`` warm requests with varied keywords and categories: p50/p95/max; goal: p95 under 150 ms;
3. on PostgreSQL (``--pg``; a throwaway database is created and dropped): 200 booking attempts — request
   and the owner's approval — on 20 slots of one instrument by 40 concurrent workers: approved bookings
   per slot (must be at most one) and the refusals; goal: no double booking.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_FILE = ROOT / "var" / "bench-resources.sqlite3"

KINDS = [  # (name, category, fee per hour) — the kinds the demo region's universities open
    ("场发射扫描电子显微镜", "microscopy", 600),
    ("透射电子显微镜", "microscopy", 1200),
    ("X射线衍射仪", "diffraction", 300),
    ("核磁共振波谱仪", "spectroscopy", 500),
    ("电感耦合等离子体质谱仪", "analytical", 400),
    ("气相色谱-质谱联用仪", "analytical", 350),
    ("高效液相色谱仪", "analytical", 200),
    ("激光共聚焦显微镜", "microscopy", 400),
    ("傅里叶变换红外光谱仪", "spectroscopy", 150),
    ("万能材料试验机", "measurement", 200),
    ("三坐标测量机", "measurement", 300),
    ("高性能计算集群", "computing", 50),
]


def setup_django(url: str | None = None) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.django.test"
    os.environ["DATABASE_URL"] = url or os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{DB_FILE}")
    import django

    django.setup()


def build(args: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from kechuang.accounts.models import User
    from kechuang.core.bulk import insert
    from kechuang.registry.models import Organization, Region
    from kechuang.registry.reference import load_regions
    from kechuang.registry.validators import uscc_check_digit
    from kechuang.resources.models import Booking, Instrument

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_regions()
    rng = random.Random(20261205)
    counties = list(Region.objects.filter(level="county", code__startswith="22").values_list("code", "path"))

    def org(i: int, kind: str) -> Organization:
        code, path = rng.choice(counties)
        body = f"12{code}{i:09d}"
        return Organization(
            uscc=body + uscc_check_digit(body), name=f"基准{kind}{i}", kind=kind, region_id=code,
            region_path=path, verification_status="verified", search_text=f"基准{kind}{i}",
        )  # fmt: skip

    with transaction.atomic():
        insert(Organization, [org(i, "university" if i % 3 else "institute") for i in range(400)])
        insert(Organization, [org(10_000 + i, "enterprise") for i in range(5000)])
        owners = list(Organization.objects.exclude(kind="enterprise").values_list("id", "region_path"))
        users = list(Organization.objects.filter(kind="enterprise").values_list("id", flat=True))
        admin = User.objects.create(username="bench_admin", is_platform_admin=True)
        instruments = []
        for i in range(args.instruments):
            owner, path = owners[i % len(owners)]
            name, category, fee = KINDS[i % len(KINDS)]
            instruments.append(
                Instrument(
                    owner_id=owner,
                    region_path=path,
                    name=f"{name}{i // len(KINDS)}",
                    category=category,
                    model_number=f"M-{i}",
                    original_value=Decimal(rng.randint(500_000, 8_000_000)),
                    fee_internal=Decimal(fee // 2),
                    fee_external=Decimal(fee),
                    measures="材料表面形貌、成分分析、物相鉴定",
                    status="available",
                )
            )
        insert(Instrument, instruments)
    ids = list(Instrument.objects.values_list("id", "owner_id"))
    tz = timezone.get_current_timezone()
    start = datetime(2025, 1, 1, 8, tzinfo=tz)
    made = 0
    while made < args.records:
        batch = []
        for _ in range(min(20_000, args.records - made)):
            instrument, owner = rng.choice(ids)
            at = start + timedelta(hours=rng.randint(0, 2 * 365 * 24))
            hours = rng.choice((1, 2, 3, 4, 6, 8))
            rated = rng.random() < 0.33
            batch.append(
                Booking(
                    instrument_id=instrument,
                    organization_id=owner if rng.random() < 0.25 else rng.choice(users),
                    requested_by_id=admin.pk,
                    starts_at=at,
                    ends_at=at + timedelta(hours=hours),
                    sample_description="样品",
                    status="rated" if rated else "used",
                    hours_used=Decimal(hours),
                    samples=rng.randint(1, 10),
                    fee=Decimal(hours * 300),
                    result_delivered=True,
                    rating=rng.randint(3, 5) if rated else None,
                )
            )
        with transaction.atomic():
            insert(Booking, batch, batch_size=5000)
        made += len(batch)
    print(
        f"built {args.instruments:,} instruments and {made:,} usage records in {time.perf_counter() - t0:.1f} s"
    )


def evaluation() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kechuang.accounts.models import User
    from kechuang.resources.selectors_evaluation import sharing_evaluation

    admin = User.objects.get(username="bench_admin")
    with CaptureQueriesContext(connection) as ctx:
        t0 = time.perf_counter()
        result = sharing_evaluation(user=admin, year=2026)
        elapsed = time.perf_counter() - t0
    hours = sum(o.figures.hours_external for o in result.owners)
    print(
        f"1. evaluation 2026: {len(result.owners)} owners, {len(result.instruments):,} instruments, "
        f"{hours:,} outside hours — {elapsed:.2f} s, {len(ctx.captured_queries)} queries (goal < 30 s)"
    )


def search(requests: int) -> None:
    from django.test import Client

    client = Client()
    rng = random.Random(7)
    words = ["电子显微镜", "X射线", "色谱", "JSM", "核磁", "", "试验机", "计算", "M-77", "质谱"]
    cats = ["", "", "microscopy", "analytical", "spectroscopy"]
    for _ in range(5):
        client.get("/resources/", {"q": "显微镜"})
    times = []
    for i in range(requests):
        params = {"q": rng.choice(words), "category": rng.choice(cats)}
        t0 = time.perf_counter()
        response = client.get("/resources/", params)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (i, response.status_code)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(
        f"2. instrument search page: {requests} requests, p50 {statistics.median(times):.0f} ms, "
        f"p95 {p95:.0f} ms, max {times[-1]:.0f} ms (goal p95 < 150 ms)"
    )


def race() -> None:
    """Run in a subprocess on PostgreSQL: 200 attempts on 20 slots by 40 workers."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.core.management import call_command
    from django.db import connections
    from django.utils import timezone

    from kechuang.core.errors import ApplicationError
    from kechuang.registry.models import Membership, Organization, Region
    from kechuang.registry.reference import load_regions
    from kechuang.resources.models import Booking, Instrument
    from kechuang.resources.services.bookings import booking_request, booking_transition

    call_command("migrate", verbosity=0)
    load_regions()
    region = Region.objects.get(code="220102")
    from kechuang.accounts.models import User

    def org(name: str, kind: str, uscc: str) -> Organization:
        return Organization.objects.create(
            uscc=uscc,
            name=name,
            kind=kind,
            region=region,
            region_path=region.path,
            verification_status="verified",
        )

    university = org("吉林大学", "university", "12220000412755880A")
    staff = User.objects.create(username="lab")
    Membership.objects.create(user=staff, organization=university, role="admin")
    users = []
    for i in range(40):
        ent = org(f"长春企业{i}", "enterprise", f"91220102MA{i:07d}X")
        u = User.objects.create(username=f"ent{i}")
        Membership.objects.create(user=u, organization=ent, role="admin")
        users.append((u, ent))
    instrument = Instrument.objects.create(
        owner=university, name="场发射扫描电子显微镜", category="microscopy"
    )
    base = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
    slots = [base + timedelta(hours=2 * i) for i in range(20)]
    outcomes: dict[str, int] = {}
    lock = threading.Lock()
    barrier = threading.Barrier(40)

    def attempt(n: int) -> None:
        user, ent = users[n % 40]
        if n < 40:
            barrier.wait()
        try:
            slot = slots[n % 20]
            booking = booking_request(
                actor=user, instrument=instrument, organization=ent, starts_at=slot,
                ends_at=slot + timedelta(hours=2), sample_description="样品",
            )  # fmt: skip
            booking_transition(booking=booking, to="approved", actor=staff)
            key = "approved"
        except ApplicationError as exc:
            key = "refused: " + exc.message[:12] + "…"
        finally:
            connections.close_all()
        with lock:
            outcomes[key] = outcomes.get(key, 0) + 1

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=40) as pool:
        list(pool.map(attempt, range(200)))
    elapsed = time.perf_counter() - t0
    approved = Booking.objects.filter(instrument=instrument, status="approved")
    per_slot = [approved.filter(starts_at=s).count() for s in slots]
    overlaps = sum(
        approved.filter(starts_at__lt=b.ends_at, ends_at__gt=b.starts_at).exclude(pk=b.pk).count()
        for b in approved
    )
    print(
        f"3. PostgreSQL race: 200 attempts on 20 slots by 40 workers in {elapsed:.1f} s — "
        f"{approved.count()} approved, max {max(per_slot)} per slot, {overlaps} overlapping approvals "
        f"(goal 0); outcomes {dict(sorted(outcomes.items()))}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--instruments", type=int, default=10_000)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/kc_s16res_bench")
    parser.add_argument("--no-race", action="store_true")
    parser.add_argument("--race-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.race_only:
        setup_django(args.pg)
        race()
        return
    if args.rebuild and DB_FILE.exists():
        DB_FILE.unlink()
    fresh = not DB_FILE.exists()
    setup_django()
    if fresh or args.rebuild:
        build(args)
    evaluation()
    search(args.requests)
    if not args.no_race:
        name = args.pg.rsplit("/", 1)[1]
        admin_url = args.pg.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(["psql", admin_url, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
        subprocess.run(["psql", admin_url, "-qc", f"CREATE DATABASE {name}"], check=True)
        try:
            subprocess.run([sys.executable, __file__, "--race-only", "--pg", args.pg], check=True)
        finally:
            subprocess.run(["psql", admin_url, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)


if __name__ == "__main__":
    main()
