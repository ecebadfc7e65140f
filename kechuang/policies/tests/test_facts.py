"""The facts loader: few queries, and exactly what reading each table on its own gives."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kechuang.policies.facts import SECTIONS_AND_DIVISIONS, facts_for, organization_facts
from kechuang.policies.models import PolicyStatistics
from kechuang.registry.models import (
    Designation,
    Industry,
    Organization,
    ParkMembership,
    Region,
    YearlyStatistics,
)
from tests import factories as f

pytestmark = pytest.mark.django_db


def reference_facts(org: Organization, *, labels: bool) -> dict[str, Any]:
    """The same facts read table by table (the loader's specification)."""
    stats: dict[int, dict[str, Any]] = {}
    for model in (YearlyStatistics, PolicyStatistics):
        for row in model.objects.filter(organization=org).values("year", *model.FIGURES):
            stats.setdefault(row.pop("year"), {}).update(row)
    path = Industry.objects.get(code=org.industry_id).path if org.industry_id else ""
    out: dict[str, Any] = {
        "kind": org.kind,
        "size": org.size or None,
        "founded_on": org.founded_on,
        "verified": org.verification_status == "verified",
        "in_park": ParkMembership.objects.filter(organization=org).exists(),
        "region": {"code": org.region_id, "ancestors": [c for c in org.region_path.strip("/").split("/") if c != org.region_id]},
        "industry": {"code": org.industry_id, "ancestors": [c for c in path.strip("/").split("/") if c and c != org.industry_id]}
        if org.industry_id
        else None,
        "stats": stats,
        "designations": [
            {"kind": d.get_kind_display(), "valid_from": d.valid_from, "valid_to": d.valid_to, "number": d.certificate_no}
            for d in Designation.objects.filter(organization=org).order_by("-valid_from")
        ],
    }  # fmt: skip
    if labels:
        names = dict(
            Region.objects.filter(code__in=org.region_path.strip("/").split("/")).values_list("code", "name")
        )
        names.update(Industry.objects.filter(code__in=path.strip("/").split("/")).values_list("code", "name"))
        # and every section and division, the codes rules name industries by ("要求属于 B / D")
        names.update(Industry.objects.filter(code__in=SECTIONS_AND_DIVISIONS).values_list("code", "name"))
        out["labels"] = names  # fmt: skip
    return out


@pytest.fixture
def org(cast):  # type: ignore[no-untyped-def]
    o = cast.org
    o.industry = Industry.objects.get(code="33")
    o.size, o.founded_on = "small", dt.date(2019, 5, 10)
    o.save()
    YearlyStatistics.objects.create(organization=o, year=2024, revenue=50_000_000, employees=80)
    YearlyStatistics.objects.create(organization=o, year=2025, revenue=80_000_000, rd_expenditure=3_200_000)
    PolicyStatistics.objects.create(
        organization=o, year=2025, tech_staff=12, high_tech_revenue=Decimal("123.45")
    )
    PolicyStatistics.objects.create(organization=o, year=2023, ip_count=3)  # a year only declared
    Designation.objects.create(organization=o, kind="tech_sme", valid_from=dt.date(2023, 1, 1), valid_to=None)
    Designation.objects.create(
        organization=o, kind="high_tech", valid_from=dt.date(2024, 3, 1), valid_to=dt.date(2027, 2, 28),
        certificate_no="GR202422000123",
    )  # fmt: skip
    ParkMembership.objects.create(park=f.ParkFactory(), organization=o)
    ParkMembership.objects.create(park=f.ParkFactory(), organization=o)  # two parks: still one fact
    return o


def test_facts_equal_reading_each_table(org, cast):  # type: ignore[no-untyped-def]
    got = facts_for(Organization.objects.get(pk=org.pk))
    assert got == reference_facts(org, labels=True)
    assert got["in_park"] is True
    assert [d["kind"] for d in got["designations"]] == ["高新技术企业", "科技型中小企业"]  # newest first
    assert got["stats"][2025] == {
        **{f: None for f in YearlyStatistics.FIGURES},
        **{f: None for f in PolicyStatistics.FIGURES},
        "revenue": Decimal("80000000.00"),
        "rd_expenditure": Decimal("3200000.00"),
        "tech_staff": 12,
        "high_tech_revenue": Decimal("123.45"),
    }
    assert set(got["stats"][2023]) == set(PolicyStatistics.FIGURES)  # no registry row: no registry keys
    assert got["labels"]["33"] and got["labels"]["C"] and got["labels"]["220000"]
    other = cast.other_org  # nothing recorded
    assert facts_for(other, labels=False) == reference_facts(other, labels=False)


def test_facts_for_one_organisation_in_one_query(org):  # type: ignore[no-untyped-def]
    fetched = Organization.objects.select_related("industry").get(pk=org.pk)
    with CaptureQueriesContext(connection) as ctx:
        facts_for(fetched)
    assert len(ctx.captured_queries) == 1  # figures, designations, parks, code names: one UNION ALL
    with CaptureQueriesContext(connection) as ctx:
        facts_for(fetched, labels=False)
    assert len(ctx.captured_queries) == 1
    plain = Organization.objects.get(pk=org.pk)  # industry not fetched: its path is read first
    with CaptureQueriesContext(connection) as ctx:
        assert facts_for(plain) == facts_for(fetched)
    assert len(ctx.captured_queries) == 2 + 1
    with CaptureQueriesContext(connection) as ctx:  # …unless no names are wanted: then it is in the union
        assert facts_for(plain, labels=False) == facts_for(fetched, labels=False)
    assert len(ctx.captured_queries) == 1 + 1


def test_batched_facts_with_years(org, cast):  # type: ignore[no-untyped-def]
    orgs = list(Organization.objects.filter(pk__in=[org.pk, cast.other_org.pk]))
    with CaptureQueriesContext(connection) as ctx:
        facts = organization_facts(orgs, years=[2025])
    assert len(ctx.captured_queries) == 1  # figures, designations, parks, industry paths
    assert list(facts[org.pk]["stats"]) == [2025]
    assert facts[cast.other_org.pk]["stats"] == {} and facts[cast.other_org.pk]["designations"] == []
