"""Benchmark: a deadline peak — 2,000 policy-claim submits through the API within 5 minutes, against a
running server (the production layout on PostgreSQL), then 0 lost and 0 duplicated checked in the database.

    # the layout running on the same database (docs/operations.md, "Measured figures"):
    #   DATABASE_URL=postgres://postgres@127.0.0.1:5432/kc_bench KECHUANG_WEB_BIND=127.0.0.1:8018 … deploy/prod.sh
    .venv/bin/python benchmarks/deadline_peak.py --url http://127.0.0.1:8018 \\
        --database-url postgres://postgres@127.0.0.1:5432/kc_bench --claims 2000 --clients 40

1. Setup, in this process through the ORM (the same database the server uses): ``--claims`` verified
   enterprises (``压测企业…``, created once and reused) with ``--clients`` enterprise admins (each admin of
   an equal share), a new published measure for this run, and one **draft** claim per enterprise. Each
   admin gets an API token through ``POST /api/v1/auth/token/`` (the real sign-in path).
2. The peak: ``--clients`` threads, each submitting its admin's drafts one after the other with
   ``POST /api/v1/policies/claims/<id>/actions/ {"action": "submit", "expected_version": v}``, no think
   time. A request that times out (``--timeout``) or loses its connection is sent again, as a client
   would; in addition every ``--replay``-th claim's submit is deliberately sent twice (a retry after a lost
   answer) — the second answer must be ``Idempotent-Replay``.
3. Checks in the database: every claim of the run is ``submitted`` (0 lost), exactly one status change to
   submitted and one ``claim.transition`` audit record per claim (0 duplicated), and the audit chain of the
   run's records is intact (``audit_verify`` is left to the operator: it reads the whole chain).

Prints the wall time of the peak (goal ≤ 300 s), submits/s, p50/p95/max latency of the submits, the
retries, this process' CPU time and the load average. Only 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Kechuang-Peak-2026"


def configure(database_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.django.local")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import django

    django.setup()


def setup(n: int, clients: int, *, listed: bool = True) -> tuple[int, dict[str, list[tuple[int, int]]]]:
    """The run's measure id and, per admin username, its drafts as (claim id, version)."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from kechuang.accounts.models import User
    from kechuang.policies.choices import ClaimOrigin, ClaimStatus, MeasureMode, MeasureStatus
    from kechuang.policies.models import Claim, Measure
    from kechuang.registry.choices import MembershipRole, VerificationStatus
    from kechuang.registry.models import Membership, Organization, Region
    from kechuang.registry.validators import uscc_check_digit

    region = Region.objects.get(code="220102")
    have = list(Organization.objects.filter(name__startswith="压测企业").order_by("id")[:n])
    with transaction.atomic():
        if len(have) < n:
            rows = []
            for i in range(len(have), n):
                body = f"91220102{7_000_000_00 + i:09d}"
                uscc = body + uscc_check_digit(body)
                name = f"压测企业{i:05d}科技有限公司"
                rows.append(
                    Organization(
                        uscc=uscc,
                        name=name,
                        kind="enterprise",
                        region=region,
                        region_path=region.path,
                        verification_status=VerificationStatus.VERIFIED,
                        search_text=f"{name} {uscc}".lower(),
                    )
                )
            Organization.objects.bulk_create(rows, batch_size=1000)
            have = list(Organization.objects.filter(name__startswith="压测企业").order_by("id")[:n])
        password = make_password(PASSWORD)
        users = []
        for k in range(clients):
            user, _ = User.objects.get_or_create(
                username=f"peak_client_{k:03d}",
                defaults={"display_name": f"压测用户{k}", "password": password},
            )
            if user.password != password:
                User.objects.filter(pk=user.pk).update(password=password)
            users.append(user)
        owner = {org.pk: users[i % clients] for i, org in enumerate(have)}
        existing = set(
            Membership.objects.filter(organization__in=have).values_list("organization_id", "user_id")
        )
        Membership.objects.bulk_create(
            [
                Membership(organization_id=org_id, user=user, role=MembershipRole.ADMIN)
                for org_id, user in owner.items()
                if (org_id, user.pk) not in existing
            ],
            batch_size=1000,
        )
        template = Measure.objects.filter(mode=MeasureMode.APPLY).order_by("id").first()
        if template is None:
            raise SystemExit("no measure to copy: load the demo data first (make prod / demo_load)")
        tag = time.strftime("%Y%m%d%H%M%S")
        measure = Measure.objects.create(
            document=template.document,
            code=f"peak-{tag}",
            title=f"截止日压测事项 {tag}",
            benefit_type=template.benefit_type,
            rule_source=template.rule_source,
            rule_hash=template.rule_hash,
            mode=MeasureMode.APPLY,
            # the load benchmark's drafts: a measure enterprises do not see listed, so "my policies" is
            # not made heavier by every preparation
            status=MeasureStatus.PUBLISHED if listed else MeasureStatus.DRAFT,
            region=template.region,
        )
        claims = Claim.objects.bulk_create(
            [
                Claim(
                    measure=measure,
                    organization_id=org.pk,
                    region_path=org.region_path,
                    origin=ClaimOrigin.APPLY,
                    status=ClaimStatus.DRAFT,
                    applicant=owner[org.pk],
                )
                for org in have
            ],
            batch_size=1000,
        )
    work: dict[str, list[tuple[int, int]]] = {u.username: [] for u in users}
    for claim in claims:
        work[owner[claim.organization_id].username].append((claim.pk, claim.version))
    return measure.pk, work


def check(measure_id: int, n: int) -> dict[str, Any]:
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count

    from kechuang.core.models import AuditRecord, StatusChange
    from kechuang.policies.models import Claim

    claims = Claim.objects.filter(measure_id=measure_id)
    ids = [str(pk) for pk in claims.values_list("pk", flat=True)]
    changes = StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(Claim), object_id__in=ids, to_status="submitted"
    )
    audits = AuditRecord.objects.filter(
        action="claim.transition", target_id__in=ids, after__status="submitted"
    )
    return {
        "claims": len(ids),
        "submitted": claims.filter(status="submitted").count(),
        "lost": claims.exclude(status="submitted").count(),
        "status_changes": changes.count(),
        "duplicated_changes": changes.values("object_id").annotate(n=Count("id")).filter(n__gt=1).count(),
        "audit_records": audits.count(),
        "duplicated_audits": audits.values("target_id").annotate(n=Count("id")).filter(n__gt=1).count(),
        "expected": n,
    }


class Client(threading.Thread):
    def __init__(self, url: str, token: str, drafts: list[tuple[int, int]], args: argparse.Namespace) -> None:
        super().__init__(daemon=True)
        self.url, self.token, self.drafts, self.args = url, token, drafts, args
        self.latencies: list[float] = []
        self.retries = self.replays = self.errors = 0
        self.messages: list[str] = []

    def _post(self, session: Any, claim: int, version: int) -> Any:
        return session.post(
            f"{self.url}/api/v1/policies/claims/{claim}/actions/",
            json={"action": "submit", "expected_version": version},
            timeout=self.args.timeout,
        )

    def run(self) -> None:
        import requests

        session = requests.Session()
        session.headers["Authorization"] = f"Token {self.token}"
        for claim, version in self.drafts:
            start = time.perf_counter()
            for _attempt in range(self.args.attempts):
                try:
                    answer = self._post(session, claim, version)
                except requests.RequestException:
                    self.retries += 1
                    continue
                if answer.status_code == 200:
                    break
                self.messages.append(f"{claim}: {answer.status_code} {answer.text[:200]}")
                self.errors += 1
                break
            else:
                self.errors += 1
                continue
            self.latencies.append(time.perf_counter() - start)
            if self.args.replay and claim % self.args.replay == 0:  # the client lost the answer: again
                again = self._post(session, claim, version)
                if again.status_code == 200 and again.headers.get("Idempotent-Replay") == "true":
                    self.replays += 1
                else:
                    self.errors += 1
                    self.messages.append(f"{claim} replay: {again.status_code} {again.text[:200]}")


def token_for(url: str, username: str) -> str:
    import requests

    answer = requests.post(
        f"{url}/api/v1/auth/token/", json={"username": username, "password": PASSWORD}, timeout=120
    )
    answer.raise_for_status()
    return str(answer.json()["token"])


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", default="http://127.0.0.1:8018")
    parser.add_argument("--database-url", required=True, help="the database the server at --url uses")
    parser.add_argument("--claims", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a client sends again")
    parser.add_argument("--attempts", type=int, default=5)
    parser.add_argument("--replay", type=int, default=20, help="every Nth claim is submitted twice (0: none)")
    parser.add_argument(
        "--prepare",
        metavar="FILE",
        help="only create the drafts and tokens and write them to FILE (JSON) for benchmarks/load.py",
    )
    args = parser.parse_args()
    if not args.url.startswith(("http://127.0.0.1", "http://localhost")):
        raise SystemExit("only against 127.0.0.1")
    configure(args.database_url)
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    measure_id, work = setup(args.claims, args.clients, listed=not args.prepare)
    tokens = {u: token_for(args.url, u) for u in work}
    if args.prepare:
        drafts = [[claim, version, u] for u, items in work.items() for claim, version in items]
        Path(args.prepare).write_text(json.dumps({"tokens": tokens, "drafts": drafts}))
        print(f"prepared {len(drafts)} drafts of {len(tokens)} admins in {args.prepare}")
        return
    print(
        f"setup: {args.claims} draft claims of {len(work)} enterprise admins, measure {measure_id}, "
        f"{time.perf_counter() - t0:.1f} s"
    )
    load0 = os.getloadavg()
    clients = [Client(args.url, tokens[u], drafts, args) for u, drafts in work.items()]
    start = time.perf_counter()
    cpu1 = time.process_time()
    for c in clients:
        c.start()
    for c in clients:
        c.join()
    wall = time.perf_counter() - start
    cpu = time.process_time() - cpu1
    load1 = os.getloadavg()
    latencies = [x for c in clients for x in c.latencies]
    result = check(measure_id, args.claims)
    ms = [x * 1000 for x in latencies]
    print(
        f"peak: {len(latencies)} submits by {len(clients)} concurrent clients in {wall:.1f} s "
        f"({len(latencies) / wall:.1f}/s; goal {args.claims} within 300 s: "
        f"{'met' if wall <= 300 and len(latencies) == args.claims else 'NOT met'})"
    )
    print(
        f"latency ms: p50 {pct(ms, 50):.0f}, p95 {pct(ms, 95):.0f}, max {max(ms, default=0):.0f}, "
        f"mean {statistics.fmean(ms) if ms else 0:.0f}; retries after a timeout/connection loss "
        f"{sum(c.retries for c in clients)}; deliberate replays answered as replays "
        f"{sum(c.replays for c in clients)}; errors {sum(c.errors for c in clients)}"
    )
    for c in clients:
        for m in c.messages[:3]:
            print("  error:", m)
    print(
        f"database: {result['submitted']} of {result['claims']} submitted, lost {result['lost']}; "
        f"status changes {result['status_changes']} (claims with more than one: "
        f"{result['duplicated_changes']}); audit records {result['audit_records']} (duplicated: "
        f"{result['duplicated_audits']})"
    )
    ok = (
        result["lost"] == 0
        and result["claims"] == args.claims
        and result["status_changes"] == args.claims == result["audit_records"]
        and result["duplicated_changes"] == 0 == result["duplicated_audits"]
    )
    print(f"0 lost, 0 duplicated: {'yes' if ok else 'NO'}")
    print(
        f"client process CPU {cpu:.1f} s during the peak ({time.process_time() - cpu0:.1f} s in all); "
        f"load average {load0[0]:.1f} before, {load1[0]:.1f} after on {os.cpu_count()} CPUs"
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
