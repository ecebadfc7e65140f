"""Writing the demo registry: one transaction, in steps — departments, organizations, statistics and
designations, parks and their members, then one user per role.

Writes bypass the per-row services for speed (bulk inserts of a few thousand rows), so the steps keep the
invariants themselves; every row created gets an audit record, in the same transaction. The users, officer
appointments and memberships go through the services.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from typing import Any

from django.db import transaction

from kechuang.accounts.models import User
from kechuang.accounts.services import user_create
from kechuang.core.audit import AuditEntry, audit_log_many, snapshot
from kechuang.registry.choices import (
    DepartmentKind,
    MembershipRole,
    OrganizationKind,
    ParkKind,
    ParkLevel,
    RegionLevel,
)
from kechuang.registry.demo.builder import Builder, Firm, Writer, add_years, random_date
from kechuang.registry.demo.data import (
    ANCHOR_USCC,
    DEMO_USERS,
    DEPARTMENTS,
    INSTITUTES,
    PARKS,
    PROVINCE,
    TODAY,
    UNIVERSITIES,
)
from kechuang.registry.models import (
    Department,
    Designation,
    Membership,
    Organization,
    Park,
    ParkMembership,
    YearlyStatistics,
)
from kechuang.registry.services_experts import expert_create
from kechuang.registry.services_members import officer_appoint


def already_loaded() -> bool:
    return Organization.objects.filter(uscc=ANCHOR_USCC).exists()


def load(*, stdout: Writer, rng: random.Random, organizations: int = 3000) -> None:
    """Load the demo registry (``organizations`` generated enterprises and service agencies).

    Skips with a message when the demo is already present (its anchor enterprise exists); refuses,
    writing nothing, when one of the demo usernames is already taken by someone else.
    """
    if already_loaded():
        stdout.write("registry demo already loaded; skipping (delete var/kechuang.sqlite3 to start over)\n")
        return
    taken = list(
        User.objects.filter(username__in=[u.username for u in DEMO_USERS]).values_list("username", flat=True)
    )
    if taken:
        raise RuntimeError(
            f"demo usernames already in use: {', '.join(taken)}; load the demo into an empty database"
        )
    started = time.monotonic()
    counts = _load(stdout=stdout, rng=rng, organizations=organizations)
    stdout.write(
        "registry demo: "
        + ", ".join(f"{n} {label}" for label, n in counts.items())
        + f" in {time.monotonic() - started:.1f} s\n"
    )


class _Audit:
    """The audit entries of the bulk-created rows, written together at the end of the registry steps."""

    def __init__(self) -> None:
        self.entries: list[AuditEntry] = []

    def created(self, action: str, objs: list[Any], fields: tuple[str, ...] | None = None) -> None:
        self.entries.extend(AuditEntry(action=action, target=o, after=snapshot(o, fields)) for o in objs)


def _department(builder: Builder, region: Any, kind: str, name: str) -> tuple[Organization, Department]:
    """A department with its government organization (机关, USCC 11…)."""
    org = builder.institution(
        name=name, region_code=region.code, kind=OrganizationKind.GOVERNMENT, classes="9225", prefix="11"
    )
    return org, Department(name=name, kind=kind, region=region)


def _departments(builder: Builder) -> list[tuple[Organization, Department]]:
    """Every kind at the province and each prefecture, and a 科学技术局 in every county."""
    out: list[tuple[Organization, Department]] = []
    province = builder.regions[PROVINCE]
    prefectures = [r for r in builder.regions.values() if r.level == RegionLevel.PREFECTURE]
    for region in [province, *prefectures]:
        for kind, province_suffix, city_suffix in DEPARTMENTS:
            if Department.objects.filter(region=region, kind=kind).exists():
                continue
            name = f"{region.name}{province_suffix if region is province else city_suffix}"
            out.append(_department(builder, region, kind, name))
    for counties in builder.counties.values():
        for region in counties:
            if Department.objects.filter(region=region, kind=DepartmentKind.SCIENCE).exists():
                continue
            out.append(_department(builder, region, DepartmentKind.SCIENCE, f"{region.name}科学技术局"))
    return out


def _organizations(builder: Builder, organizations: int) -> tuple[list[Firm], list[Organization]]:
    """The anchor enterprise, generated enterprises and agencies, real universities and institutes."""
    firms = [builder.enterprise(anchor=True)]
    n_intermediaries = max(1, organizations // 30)
    firms += [builder.enterprise() for _ in range(max(0, organizations - 1 - n_intermediaries))]
    others = [builder.intermediary() for _ in range(n_intermediaries)]
    others += [
        builder.institution(
            name=name, region_code=code, kind=OrganizationKind.UNIVERSITY, classes="8341", prefix="12"
        )
        for name, code in UNIVERSITIES
    ]
    others += [
        builder.institution(
            name=name, region_code=code, kind=OrganizationKind.INSTITUTE, classes=classes, prefix="12"
        )
        for name, classes, code in INSTITUTES
    ]
    return firms, others


def _park_operators(builder: Builder) -> list[Organization]:
    return [
        builder.institution(
            name=f"{spec.name}{'发展有限公司' if spec.kind == ParkKind.SCIENCE_PARK else '投资发展集团有限公司'}",
            region_code=spec.region,
            kind=OrganizationKind.PARK_OPERATOR,
            classes="7221",
            prefix="91",
        )
        for spec in PARKS
    ]


def _parks(
    builder: Builder, operators: list[Organization], located: list[Organization]
) -> tuple[list[Park], list[ParkMembership]]:
    """The parks not yet present, with their operators, and the ``located`` organizations in them."""
    new_parks = [
        (
            spec,
            Park(
                name=spec.name,
                level=spec.level,
                kind=spec.kind,
                region=builder.regions[spec.region],
                operator=operator,
                established_on=spec.established,
                description=f"位于{builder.regions[spec.region].full_name}的{ParkLevel(spec.level).label}{ParkKind(spec.kind).label}。",
            ),
        )
        for spec, operator in zip(PARKS, operators, strict=True)
        if not Park.objects.filter(name=spec.name).exists()
    ]
    parks = [park for _spec, park in new_parks]
    Park.objects.bulk_create(parks)
    by_county: dict[str, list[Organization]] = defaultdict(list)
    for org in located:
        by_county[org.region_id].append(org)
    members: list[ParkMembership] = []
    for spec, park in new_parks:
        for org in by_county.get(spec.region, []):
            if org.uscc == ANCHOR_USCC and spec.name != "长春高新技术产业开发区":
                continue
            if org.uscc == ANCHOR_USCC or builder.rng.random() < spec.share:
                since = max(org.founded_on or spec.established, spec.established)
                members.append(
                    ParkMembership(
                        park=park,
                        organization=org,
                        entered_on=random_date(builder.rng, since, min(TODAY, add_years(since, 3))),
                    )
                )
    ParkMembership.objects.bulk_create(members, batch_size=2000)
    return parks, members


def _users(*, anchor: Organization, university: Organization) -> list[Membership]:
    """One user per role, through the services (passwords validated and hashed, each write audited)."""
    users = {
        u.username: user_create(
            actor=None,
            username=u.username,
            password=u.password,
            display_name=u.display_name,
            email=f"{u.username}@example.cn",
            is_platform_admin=u.username == "admin",
        )
        for u in DEMO_USERS
    }
    admin = users["admin"]
    changchun_science = Department.objects.get(region_id="220100", kind=DepartmentKind.SCIENCE)
    province_science = Department.objects.get(region_id=PROVINCE, kind=DepartmentKind.SCIENCE)
    officer_appoint(actor=admin, user=users["officer"], department=changchun_science)
    officer_appoint(actor=admin, user=users["province"], department=province_science)
    expert_create(actor=admin, name=users["expert"].display_name, user=users["expert"])
    memberships = [
        Membership(user=users["enterprise"], organization=anchor, role=MembershipRole.ADMIN),
        Membership(user=users["member"], organization=anchor, role=MembershipRole.MEMBER),
        Membership(user=users["university"], organization=university, role=MembershipRole.ADMIN),
    ]
    Membership.objects.bulk_create(memberships)
    audit_log_many(
        actor=admin,
        entries=[
            AuditEntry(action="membership.create", target=m, after={"role": m.role}) for m in memberships
        ],
    )
    return memberships


@transaction.atomic
def _load(*, stdout: Writer, rng: random.Random, organizations: int) -> dict[str, int]:
    builder = Builder(rng=rng, stdout=stdout)
    audit = _Audit()

    departments = _departments(builder)
    firms, others = _organizations(builder, organizations)
    operators = _park_operators(builder)
    dept_orgs = [org for org, _dept in departments]
    all_orgs = dept_orgs + [f.org for f in firms] + others + operators
    Organization.objects.bulk_create(all_orgs, batch_size=1000)
    audit.created("organization.create", all_orgs)
    for org, dept in departments:
        dept.organization = org
    Department.objects.bulk_create([dept for _org, dept in departments])
    audit.created("department.create", [dept for _org, dept in departments])

    seq: dict[str, int] = defaultdict(int)
    stats: list[YearlyStatistics] = []
    designations: list[Designation] = []
    for firm in firms:
        builder.statistics(firm)
        stats.extend(firm.stats)
        designations.extend(builder.designations(firm, seq))
    # the years before 2021 after every later row (readers that walk the rows in order meet 2021–2025 first)
    stats.extend(row for firm in firms for row in firm.history)
    YearlyStatistics.objects.bulk_create(stats, batch_size=2000)
    audit.created("statistics.create", stats, YearlyStatistics.FIGURES)
    Designation.objects.bulk_create(designations, batch_size=2000)
    audit.created("designation.add", designations)

    located = [f.org for f in firms] + [o for o in others if o.kind == OrganizationKind.INTERMEDIARY]
    parks, members = _parks(builder, operators, located)
    audit.created("park.create", parks)
    audit.entries.extend(
        AuditEntry(action="park.add_member", target=m.park, after={"organization_id": m.organization_id})
        for m in members
    )
    audit_log_many(actor=None, entries=audit.entries)

    university = next(o for o in others if o.name == "吉林大学")
    memberships = _users(anchor=firms[0].org, university=university)
    return {
        "departments": len(departments),
        "organizations": len(all_orgs),
        "yearly statistics": len(stats),
        "designations": len(designations),
        "parks": len(parks),
        "park members": len(members),
        "audit records": len(audit.entries) + len(memberships),
    }


def print_accounts(stdout: Writer) -> None:
    """The demo accounts and their passwords (``manage.py demo_load`` prints them last)."""
    stdout.write("\nDemo accounts (sign in at http://127.0.0.1:8000/accounts/login/):\n")
    width = max(len(u.username) for u in DEMO_USERS)
    for user in DEMO_USERS:
        stdout.write(f"  {user.username.ljust(width)}  {user.password:<26} {user.role}\n")
