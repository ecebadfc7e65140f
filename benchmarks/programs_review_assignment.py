"""Benchmark: expert assignment of a provincial call through the programs app — 20,000 applications on the
call's review panel, 2,000 experts in the pool, 5 experts each.

Run:  nice .venv/bin/python benchmarks/programs_review_assignment.py [--applications 20000] [--experts 2000]

Uses its own SQLite database ``var/bench_programs_review.sqlite3`` (rebuilt on every run). Setup (not timed):
a call of the 长春市科学技术局 whose scoring scheme asks 5 experts per application, 20,000 applications of
5,000 organizations all over 吉林省 put on the call's panel (the review app's ``Panel`` created by
``programs.services.review.call_panel``), and 2,000 experts of 300 universities and institutes and of 200
applicant enterprises (so "same organization" conflicts exist), each with 2 declared conflicts and 2 past
co-operations in the last three years with applicant organizations.

Timed: ``kechuang.review.services.panel_assign`` — the officer's "分配专家" button: reading the profiles from
the database, the review app's assignment (``kechuang.review.assignment.assign_experts``) and writing the
100,000 assignments (wall time, and this process's CPU time, which on SQLite includes the queries: the
steadier figure on a shared machine). Then the written assignments are checked pair by pair against the conflict rules with
profiles rebuilt here from the generated data (independent of the service's own index). Goal (issue 15):
0 conflicts, under 60 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def configure() -> None:
    path = ROOT / "var" / "bench_programs_review.sqlite3"
    path.parent.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.django.local")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import django

    django.setup()


def build(n_apps: int, n_experts: int, seed: int):  # type: ignore[no-untyped-def]
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from kechuang.accounts.models import User
    from kechuang.programs.models import Application, Call, ProgramType, Topic
    from kechuang.programs.services.review import call_panel
    from kechuang.registry.models import (
        Department,
        Expert,
        ExpertConflict,
        ExpertCooperation,
        Industry,
        OfficerAssignment,
        Organization,
        Region,
    )
    from kechuang.registry.reference import load_industries, load_regions
    from kechuang.registry.validators import uscc_check_digit
    from kechuang.review.models import PanelItem

    call_command("migrate", verbosity=0)
    load_regions()
    load_industries()
    rng = random.Random(seed)
    counties = list(
        Region.objects.filter(path__startswith="220000/", level="county").values_list("code", "path")
    )
    divisions = list(Industry.objects.filter(level="division", code__lt="44").values_list("code", flat=True))
    with transaction.atomic():
        department = Department.objects.create(region_id="220100", kind="science", name="长春市科学技术局")
        officer = User.objects.create(username="bench_officer", display_name="基准")
        OfficerAssignment.objects.create(user=officer, department=department, region_id="220000")
        program_type = ProgramType.objects.create(code="bench", name="基准计划", department=department)
        now = timezone.now()
        call = Call.objects.create(
            program_type=program_type,
            year=2026,
            title="基准测试申报指南",
            opens_at=now - dt.timedelta(days=30),
            closes_at=now,
            total_budget=Decimal("100000"),
            status="closed",
            experts_per_item=5,
        )
        topic = Topic.objects.create(call=call, title="方向", funding_cap=Decimal("100"), project_count=500)

        def orgs(count: int, kind: str, offset: int) -> list[Organization]:
            rows = []
            for i in range(count):
                code, path = rng.choice(counties)
                body = f"91{code}{offset + i:09d}"
                rows.append(
                    Organization(
                        uscc=body + uscc_check_digit(body),
                        name=f"基准{kind}{offset + i}",
                        kind=kind,
                        region_id=code,
                        region_path=path,
                        verification_status="verified",
                        industry_id=rng.choice(divisions),
                        search_text=f"基准{offset + i}",
                    )
                )
            return Organization.objects.bulk_create(rows, batch_size=2000)

        applicants = orgs(5000, "enterprise", 0)
        schools = orgs(300, "university", 100000)
        apps = Application.objects.bulk_create(
            [
                Application(
                    topic=topic,
                    organization=o,
                    region_path=o.region_path,
                    title=f"基准项目{i}",
                    leader_name="张三",
                    leader_identifier=f"B{i:08d}",
                    status="in_review",
                )
                for i, o in enumerate(rng.choice(applicants) for _ in range(n_apps))
            ],
            batch_size=2000,
        )
        panel = call_panel(call=call, actor=officer)
        kind = ContentType.objects.get_for_model(Application)
        PanelItem.objects.bulk_create(
            [
                PanelItem(
                    panel=panel,
                    subject_type=kind,
                    subject_id=str(a.pk),
                    organization_id=a.organization_id,
                    label=a.title,
                )
                for a in apps
            ],
            batch_size=2000,
        )
        users = User.objects.bulk_create([User(username=f"bench_expert{i}") for i in range(n_experts)])
        workplaces = schools + rng.sample(applicants, 200)
        experts = Expert.objects.bulk_create(
            [
                Expert(
                    user=u,
                    name=f"专家{i}",
                    organization=(o := rng.choice(workplaces)),
                    region_id=o.region_id,
                    fields=rng.sample(divisions, 3),
                )
                for i, u in enumerate(users)
            ],
            batch_size=2000,
        )
        today = timezone.localdate()
        ExpertConflict.objects.bulk_create(
            [ExpertConflict(expert=e, organization=o) for e in experts for o in rng.sample(applicants, 2)],
            batch_size=2000,
        )
        ExpertCooperation.objects.bulk_create(
            [
                ExpertCooperation(
                    expert=e, organization=o, occurred_on=today - dt.timedelta(days=rng.randint(30, 1000))
                )
                for e in experts
                for o in rng.sample(applicants, 2)
            ],
            batch_size=2000,
        )
    return officer, panel


def check(panel) -> tuple[int, int, Counter]:  # type: ignore[no-untyped-def]
    """Conflicting pairs among the written assignments, rebuilt from the rows (not the service's index)."""
    from django.utils import timezone

    from kechuang.registry.models import ExpertConflict, ExpertCooperation
    from kechuang.review.assignment import ApplicationProfile as A
    from kechuang.review.assignment import ConflictRules, Cooperation, conflict_reasons
    from kechuang.review.assignment import ExpertProfile as E
    from kechuang.review.models import ReviewAssignment

    declared: dict[int, set[int]] = {}
    for e, o in ExpertConflict.objects.values_list("expert_id", "organization_id"):
        declared.setdefault(e, set()).add(o)
    coops: dict[int, list[Cooperation]] = {}
    for e, o, d in ExpertCooperation.objects.values_list("expert_id", "organization_id", "occurred_on"):
        coops.setdefault(e, []).append(Cooperation(o, d))
    rules = ConflictRules(reference_date=timezone.localdate(), cooperation_years=panel.cooperation_years)
    conflicts, pairs = 0, 0
    per_item: Counter = Counter()
    rows = ReviewAssignment.objects.filter(item__panel=panel).values_list(
        "item_id", "item__organization_id", "expert_id", "expert__organization_id"
    )
    for item_id, org_id, expert_id, expert_org in rows.iterator(chunk_size=5000):
        pairs += 1
        per_item[item_id] += 1
        app = A(id=item_id, organization_id=org_id, region_code="", fields=frozenset())
        expert = E(
            id=expert_id,
            organization_id=expert_org,
            region_code="",
            fields=frozenset(),
            declared_conflict_organization_ids=frozenset(declared.get(expert_id, ())),
            cooperations=tuple(coops.get(expert_id, ())),
        )
        conflicts += bool(conflict_reasons(app, expert, rules))
    return conflicts, pairs, per_item


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--applications", type=int, default=20_000)
    parser.add_argument("--experts", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    configure()
    start = time.perf_counter()
    officer, panel = build(args.applications, args.experts, args.seed)
    print(
        f"setup: {args.applications:,} applications on the panel, {args.experts:,} experts "
        f"({time.perf_counter() - start:.1f} s, not timed)"
    )
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    from kechuang.review.services import panel_assign

    start, start_cpu = time.perf_counter(), time.process_time()
    result = panel_assign(panel=panel, actor=officer, seed=1)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    conflicts, pairs, per_item = check(panel)
    loads = list(result.loads.values())
    short = sum(1 for n in per_item.values() if n < panel.experts_per_item)
    print(
        f"panel_assign: {elapsed:.1f} s wall {'ok' if elapsed < 60 else 'SLOW'} ({cpu:.1f} s CPU of this process); "
        f"assignments written {pairs:,}; "
        f"conflicts {conflicts}; items short of {panel.experts_per_item} experts {short}; "
        f"load min/max {min(loads)}/{max(loads)} (ceiling {result.capacity}); repairs {result.repairs}"
    )
    print(f"load average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
