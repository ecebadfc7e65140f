"""免申即享 for many measures at once: the same claims as one measure at a time, in a number of queries
that grows neither with the measures nor with the organisations."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord, Notification
from kechuang.policies import services
from kechuang.policies.models import Claim
from kechuang.registry.models import Designation, Industry, ParkMembership, Region, YearlyStatistics
from tests import factories as f

from .conftest import ON

pytestmark = pytest.mark.django_db

AUTOMATIC = ("hnte-income-tax", "park-policy-push", "rd-super-deduction")


def _qualifying(count: int, *, region: str = "220102", park: Any = None) -> list[Any]:
    """Organisations (without members) qualifying for the three automatic measures, in varied ways."""
    industry = Industry.objects.get(code="39")  # 计算机、通信和其他电子设备制造业
    park = park or f.ParkFactory()
    orgs = []
    for i in range(count):
        org = f.OrganizationFactory(region=Region.objects.get(code=region), industry=industry)
        if i % 3 != 2:
            Designation.objects.create(organization=org, kind="high_tech", valid_from=dt.date(2024, 12, 1),
                                       valid_to=dt.date(2027, 11, 30), certificate_no=f"GR2024{i:06d}")  # fmt: skip
        if i % 2 == 0:
            ParkMembership.objects.create(park=park, organization=org)
        if i % 4 != 3:
            YearlyStatistics.objects.create(organization=org, year=2025, revenue=50_000_000,
                                            rd_expenditure=1_000_000 * (i + 1))  # fmt: skip
        orgs.append(org)
    return orgs


def _claims() -> list[tuple[Any, ...]]:
    return sorted(
        (
            c.measure_id,
            c.organization_id,
            c.region_path,
            c.status,
            c.origin,
            c.eligibility,
            json.dumps(c.facts_snapshot, sort_keys=True, ensure_ascii=False),
            c.amount_requested,
        )
        for c in Claim.objects.filter(origin="automatic")
    )


def _state() -> tuple[Any, ...]:
    audits = sorted(AuditRecord.objects.filter(action="claim.auto_generate").values_list("action", flat=True))
    notes = sorted(Notification.objects.values_list("recipient_id", "title", "body", "kind"))
    return _claims(), audits, notes


def test_many_gives_the_same_claims_as_one_measure_at_a_time(cast, srdi, measures):
    auto = [measures[c] for c in AUTOMATIC]
    orgs = _qualifying(7)
    _qualifying(2, region="220202")  # 吉林市: outside the officer's region
    f.MembershipFactory(organization=orgs[0])  # notified
    # cast.org qualifies too (its members are notified) and already has an open claim for one measure
    Designation.objects.create(organization=cast.org, kind="high_tech", valid_from=dt.date(2024, 1, 1))
    services.auto_claims_generate(measure=auto[0], actor=cast.officer, on=ON)
    # a rejected claim for one measure and an open one for another: only the open one excludes
    Claim.objects.filter(organization=orgs[1], measure=auto[0]).update(measure=auto[2])  # open on rd
    Claim.objects.create(measure=auto[0], organization=orgs[1], region_path=orgs[1].region_path,
                         origin="automatic", status="rejected", eligibility="eligible")  # fmt: skip
    before = {(m, o) for m, o, *_ in _claims()}
    count_before = len(_claims())
    assert (auto[0].pk, cast.org.pk) in before and (auto[2].pk, orgs[1].pk) in before
    with transaction.atomic():
        one_by_one = {m.pk: services.auto_claims_generate(measure=m, actor=cast.officer, on=ON) for m in auto}
        expected = _state()
        transaction.set_rollback(True)
    assert _state() != expected
    got = services.auto_claims_generate_many(actor=cast.officer, measures=auto, on=ON)
    assert got == one_by_one
    assert _state() == expected
    assert len(expected[0]) - count_before == sum(got.values())
    created = {(m, o, status) for m, o, _, status, *_ in expected[0]}
    assert (auto[0].pk, orgs[1].pk, "submitted") in created  # its claim for this measure was rejected
    assert sum(got.values()) >= 10 and all(got.values())
    assert {o for _, o, *_ in expected[0]} <= {o.pk for o in orgs} | {cast.org.pk}  # never 吉林市
    # a second run finds every organisation with an open claim
    assert services.auto_claims_generate_many(actor=cast.officer, measures=auto, on=ON) == {
        m.pk: 0 for m in auto
    }


def test_many_is_scoped_and_checked(cast, measures):
    auto = [measures[c] for c in AUTOMATIC]
    jilin = _qualifying(3, region="220202")
    mine = _qualifying(3)
    got = services.auto_claims_generate_many(actor=cast.other_officer, measures=auto, on=ON)
    assert set(Claim.objects.values_list("organization_id", flat=True)) == {o.pk for o in jilin}
    assert got == {m.pk: Claim.objects.filter(measure=m).count() for m in auto}
    assert not Claim.objects.filter(organization__in=mine).exists()
    with pytest.raises(ApplicationError) as exc:
        services.auto_claims_generate_many(actor=cast.officer, measures=[measures["specialized-sme"]], on=ON)
    assert exc.value.message == "只有“免申即享”事项可以自动生成兑现清单。"
    before = Claim.objects.count()
    with pytest.raises(ApplicationError):  # one measure refused: nothing written for any
        services.auto_claims_generate_many(
            actor=cast.officer, measures=[*auto, measures["specialized-sme"]], on=ON
        )
    assert Claim.objects.count() == before


def _count(run: Any) -> int:
    with transaction.atomic(), CaptureQueriesContext(connection) as ctx:
        run()
        transaction.set_rollback(True)
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_measures_or_organisations(cast, measures):
    auto = [measures[c] for c in AUTOMATIC]
    orgs = _qualifying(4)
    many = lambda ms: lambda: services.auto_claims_generate_many(actor=cast.officer, measures=ms, on=ON)  # noqa: E731
    # 高企 and 园区 compile without a query; 研发加计扣除's negative list reads the industry tree
    # (the compiler: two queries per industry code the rule names, not per measure or organisation)
    _count(many(auto))  # warm the caches (content types for the audit records)
    assert _count(many(auto[:1])) == _count(many(auto[:2]))
    three = _count(many(auto))
    _qualifying(12, park=ParkMembership.objects.filter(organization=orgs[0]).get().park)
    assert _count(many(auto)) == three
    # one measure at a time: a selection and a facts load per measure
    per = lambda: [services.auto_claims_generate(measure=m, actor=cast.officer, on=ON) for m in auto]  # noqa: E731
    assert _count(per) > three


def test_nightly_command(cast, measures):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    _qualifying(3)
    out = StringIO()
    call_command("policies_auto_claims", user="officer", date=ON, stdout=out)
    lines = out.getvalue().splitlines()
    counts = {code: int(k) for code, k in (line.split("\t") for line in lines[:-1])}
    every = {code for code, m in measures.items() if m.mode == "automatic"}  # every shipped 免申即享 measure
    assert set(AUTOMATIC) <= every and set(counts) == every
    assert counts == {c: Claim.objects.filter(measure__code=c).count() for c in every}
    assert lines[-1] == f"共 {len(every)} 项免申即享事项，新生成 {sum(counts.values())} 条，申请日 2026-06-30"
    assert sum(counts.values()) > 0
    with pytest.raises(CommandError):
        call_command("policies_auto_claims", user="nobody", stdout=StringIO())
