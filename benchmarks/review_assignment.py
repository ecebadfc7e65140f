"""Benchmark: expert assignment for a call with 2,000 applications and 200 experts (5 experts each).

Run:  nice /work/venv/bin/python benchmarks/review_assignment.py [--apps 2000] [--experts 200] [--per 5]

Prints the wall time of :func:`kechuang.review.assignment.assign_experts`, the number of conflicts in the
result (re-checked pair by pair with the reference rules, independent of the assignment's index), slots
left unfilled, the load spread and the share of pairs with matching industry.  Synthetic but shaped like a
municipal call: real GB/T 2260 county codes of one province when ../shared/data is present (else made up),
experts from universities and enterprises, each with declared conflicts, 3 years of co-operations, and
alliance memberships.  Goal (issue 5): zero conflicts, under 10 s.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kechuang.review.assignment import (  # noqa: E402
    ApplicationProfile,
    ConflictRules,
    Cooperation,
    ExpertProfile,
    assign_experts,
    count_conflicts,
)


def county_codes() -> list[str]:
    data = Path(os.environ.get("KECHUANG_SHARED_DATA", ROOT.parent / "shared" / "data"))
    path = data / "regions" / "gbt2260_mca_2024.csv"
    if path.exists():
        with path.open(encoding="utf-8") as fh:
            codes = [
                r["code"] for r in csv.DictReader(fh) if r["level"] == "county" and r["code"][:2] == "22"
            ]
        if codes:
            return codes
    return [f"22{c:02d}{d:02d}" for c in range(1, 10) for d in range(1, 8)]


def build(n_apps: int, n_experts: int, seed: int) -> tuple[list[ApplicationProfile], list[ExpertProfile]]:
    rng = random.Random(seed)
    regions = county_codes()
    fields = [f"C{n}" for n in range(13, 43)] + ["I63", "I64", "I65", "M73", "M75"]
    orgs = list(range(n_apps))
    apps = [
        ApplicationProfile(
            id=i,
            organization_id=i,
            region_code=rng.choice(regions),
            fields=frozenset(rng.sample(fields, 2)),
            alliance_ids=frozenset(rng.sample(range(35), rng.choice([0, 0, 1, 1, 2]))),
            partner_organization_ids=frozenset({f"univ{rng.randrange(40)}"})
            if rng.random() < 0.2
            else frozenset(),
        )
        for i in range(n_apps)
    ]
    experts = []
    for j in range(n_experts):
        from_enterprise = rng.random() < 0.3
        experts.append(
            ExpertProfile(
                id=100_000 + j,
                organization_id=rng.choice(orgs) if from_enterprise else f"univ{j % 40}",
                region_code=rng.choice(regions),
                fields=frozenset(rng.sample(fields, 3)),
                declared_conflict_organization_ids=frozenset(rng.sample(orgs, 10)),
                cooperations=tuple(
                    Cooperation(rng.choice(orgs), date(rng.randint(2019, 2026), rng.randint(1, 12), 1))
                    for _ in range(20)
                ),
                alliance_ids=frozenset(rng.sample(range(35), rng.choice([0, 1, 2]))),
            )
        )
    return apps, experts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=2000)
    parser.add_argument("--experts", type=int, default=200)
    parser.add_argument("--per", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    apps, experts = build(args.apps, args.experts, seed=2026)
    print(f"applications={len(apps)} experts={len(experts)} experts per application={args.per}")
    for label, digits in (("no region rule", None), ("same-prefecture excluded", 4)):
        rules = ConflictRules(reference_date=date(2026, 11, 26), same_region_digits=digits)
        times = []
        for r in range(args.repeat):
            started = time.perf_counter()
            result = assign_experts(apps, experts, per_application=args.per, rules=rules, seed=r)
            times.append(time.perf_counter() - started)
        conflicts = count_conflicts(result.assignments, apps, experts, rules)
        loads = list(result.loads.values())
        by_id = {e.id: e for e in experts}
        pairs = [(a, by_id[x]) for a in apps for x in result.assignments[a.id]]
        matched = sum(1 for a, e in pairs if a.fields & e.fields) / max(1, len(pairs))
        eligible = list(result.eligible_counts.values())
        print(
            f"[{label}] time median {statistics.median(times):.2f} s "
            f"(max {max(times):.2f} s, {args.repeat} runs); "
            f"conflicts {conflicts}; unfilled slots {sum(result.shortfalls.values())}; "
            f"load min/mean/max {min(loads)}/{statistics.mean(loads):.1f}/{max(loads)} "
            f"(ceiling {result.capacity}); "
            f"repairs {result.repairs}; field match {matched:.0%}; "
            f"eligible experts per application min/median {min(eligible)}/{statistics.median(eligible):.0f}"
        )


if __name__ == "__main__":
    main()
