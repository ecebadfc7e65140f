"""Confidential figures: metrics only within the caller's area, and statistical disclosure control.

The attack this guards against: an officer of 长春市 asked ``metrics/compute/`` for 吉林市昌邑区 (220202)
with a filter narrowing to one micro enterprise of industry 0171 and read its exact revenue, profit and
R&D spending.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from kechuang.registry.models import Industry, Region
from kechuang.targets import services
from kechuang.targets.models import ValueSnapshot
from kechuang.targets.tests.conftest import make_org
from tests import factories as f

COMPUTE = "/api/v1/targets/metrics/compute/"
ON = "2025-12-31"
FEW = "不足3家，不予公开"
NARROW = {"industry": "0171", "organization_size": "micro", "organization_kind": "enterprise"}


def narrow(field: str, **where: object) -> dict:
    return {"op": "sum", "model": "yearly_statistics", "field": field, "where": {**NARROW, **where}}


def compute(user, definition: dict, *regions: str):  # type: ignore[no-untyped-def]
    c = APIClient()
    c.force_authenticate(user)
    return c.post(COMPUTE, {"definition": definition, "regions": list(regions), "on": ON}, format="json")


@pytest.fixture
def farm(db):  # type: ignore[no-untyped-def]
    """Makes a micro rice-growing enterprise (industry 0171) with 2025 figures in a county."""
    division = Industry.objects.get(code="01")
    Industry.objects.get_or_create(
        code="0171",
        defaults={
            "code_with_section": "A0171",
            "name": "稻谷种植",
            "level": "class",
            "parent": division,
            "path": f"{division.path}0171/",
        },
    )
    counter = iter(range(500, 600))

    def make(region_code: str, *, revenue: int, profit: int = 0, rd: int = 0):  # type: ignore[no-untyped-def]
        org = make_org(region_code, next(counter), size="micro", industry_id="0171")
        f.StatisticsFactory(organization=org, year=2025, revenue=revenue, profit=profit, rd_expenditure=rd)
        return org

    return make


@pytest.fixture
def target(cast, farm):  # type: ignore[no-untyped-def]
    """The one 0171 micro enterprise of 吉林市 (plus a larger enterprise there the filter leaves out)."""
    farm("220202", revenue=3_456_789, profit=456_789, rd=123_456)
    make_org("220202", 700, size="large")
    return Region.objects.get(code="220202")


@pytest.mark.django_db
def test_officer_of_one_city_is_refused_another_citys_region(cast, target) -> None:  # type: ignore[no-untyped-def]
    refused = {"message": "请提供有效的地区代码。", "extra": {}}
    for field in ("revenue", "profit", "rd_expenditure"):
        r = compute(cast.officer, narrow(field), "220202")
        assert (r.status_code, r.json()) == (400, refused)
    # the province above the officer's city, and a mix of own and other regions: refused the same way,
    # exactly like a region that does not exist (hidden and missing are not told apart)
    assert compute(cast.officer, narrow("revenue"), "220000").json() == refused
    assert compute(cast.officer, narrow("revenue"), "220102", "220202").json() == refused
    assert compute(cast.officer, narrow("revenue"), "229999").json() == refused
    # enterprises and users without a role compute nothing
    for user in (cast.org_admin, cast.norole):
        r = compute(user, narrow("revenue"), "220102")
        assert r.status_code == 400 and r.json()["message"] == "您无权读取 年度统计 的数据。"
    # 吉林市's own officer may ask, but one enterprise's figures are not published to them either
    r = compute(cast.other_officer, narrow("revenue"), "220202", "220200")
    assert r.status_code == 200
    assert r.json()["values"] == {"220202": None, "220200": None}
    assert r.json()["withheld"] == {"220202": FEW, "220200": FEW}
    assert "3456789" not in r.content.decode()


@pytest.mark.django_db
def test_own_region_small_group_suppressed_three_published(cast, farm, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TARGETS_LIVE_CACHE_SECONDS = 0
    count_orgs = {"op": "count", "model": "organization", "where": {"industry": "0171"}}
    farm("220102", revenue=1_000_000, profit=100_000, rd=50_000)
    for field in ("revenue", "profit", "rd_expenditure"):
        r = compute(cast.officer, narrow(field), "220102")
        assert r.status_code == 200
        assert r.json()["values"] == {"220102": None} and r.json()["withheld"] == {"220102": FEW}
    # how many enterprises there are is not confidential
    assert compute(cast.officer, count_orgs, "220102").json()["values"] == {"220102": "1"}
    farm("220102", revenue=1_200_000, profit=-30_000, rd=60_000)
    r = compute(cast.officer, narrow("revenue"), "220102")
    assert r.json()["values"] == {"220102": None} and r.json()["withheld"] == {"220102": FEW}
    farm("220102", revenue=1_300_000, profit=120_000, rd=70_000)
    expected = {"revenue": "3500000", "profit": "190000", "rd_expenditure": "180000"}
    for field, value in expected.items():
        r = compute(cast.officer, narrow(field), "220102")
        assert Decimal(r.json()["values"]["220102"]) == Decimal(value)
        assert r.json()["withheld"] == {}
    # a ratio with a withheld part is withheld (the share of R&D in one enterprise's revenue)
    rate = {
        "op": "ratio",
        "numerator": narrow("rd_expenditure"),
        "denominator": narrow("revenue"),
        "scale": 100,
    }
    r = compute(cast.officer, rate, "220102", "220104")
    assert r.json()["values"] == {"220102": "5.14", "220104": None}  # 220104: no enterprise, no ratio
    farm("220104", revenue=5_000)
    r = compute(cast.officer, rate, "220102", "220104")
    assert r.json()["values"]["220104"] is None and r.json()["withheld"] == {"220104": FEW}


@pytest.mark.django_db
def test_threshold_filter_on_confidential_figure_needs_a_large_population(
    cast, target, farm, settings
) -> None:  # type: ignore[no-untyped-def]
    """``revenue__gte`` over one enterprise, probed threshold by threshold, would tell its revenue."""
    settings.TARGETS_LIVE_CACHE_SECONDS = 0
    probe = {"op": "count", "model": "yearly_statistics", "where": {**NARROW, "revenue__gte": 3_000_000}}
    r = compute(cast.other_officer, probe, "220202")
    assert r.json()["values"] == {"220202": None} and r.json()["withheld"] == {"220202": FEW}
    farm("220202", revenue=100_000)
    farm("220202", revenue=200_000)
    r = compute(cast.other_officer, probe, "220202")
    assert r.json()["values"] == {"220202": "1"} and r.json()["withheld"] == {}


@pytest.mark.django_db
def test_dominant_enterprise_suppressed_and_settings(cast, farm, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TARGETS_LIVE_CACHE_SECONDS = 0
    for revenue in (100_000, 100_000, 9_000_000):
        farm("220102", revenue=revenue)
    r = compute(cast.officer, narrow("revenue"), "220102")
    assert r.json()["values"] == {"220102": None}
    assert r.json()["withheld"] == {"220102": "为保护统计调查对象的信息，不予公开"}
    settings.TARGETS_DISCLOSURE_DOMINANCE = 0  # rule off
    assert Decimal(compute(cast.officer, narrow("revenue"), "220102").json()["values"]["220102"]) == 9_200_000
    settings.TARGETS_DISCLOSURE_MIN_UNITS = 5
    assert compute(cast.officer, narrow("revenue"), "220102").json()["withheld"] == {
        "220102": "不足5家，不予公开"
    }


@pytest.mark.django_db
def test_area_follows_the_department_allowed_to_read_the_fields(cast, target) -> None:  # type: ignore[no-untyped-def]
    """A 长春 科技局 officer who also serves 吉林市's 质监局 may sum revenue in 吉林市, not R&D spending."""
    from kechuang.registry.choices import DepartmentKind

    quality = f.DepartmentFactory(region=Region.objects.get(code="220200"), kind=DepartmentKind.QUALITY)
    f.OfficerFactory(user=cast.officer, department=quality)
    assert compute(cast.officer, narrow("revenue"), "220202").json()["withheld"] == {"220202": FEW}
    r = compute(cast.officer, narrow("rd_expenditure"), "220202")
    assert (r.status_code, r.json()["message"]) == (400, "请提供有效的地区代码。")
    assert compute(cast.officer, narrow("rd_expenditure"), "220102").status_code == 200


@pytest.mark.django_db
def test_platform_admin_computes_anywhere_but_small_groups_stay_withheld(cast, target, farm) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        farm("230102", revenue=1_000)
    r = compute(cast.admin, narrow("revenue"), "220202", "230100", "220000")
    assert r.status_code == 200
    assert r.json()["withheld"] == {"220202": FEW, "220000": FEW}
    assert Decimal(r.json()["values"]["230100"]) == 3_000


@pytest.mark.django_db
def test_respondents_with_several_rows_counted_once(farm) -> None:  # type: ignore[no-untyped-def]
    """A model whose respondents have several rows (every year's statistics) sizes groups in distinct
    organizations: two organizations with two years each are still two."""
    from kechuang.targets.compute import compute_many, region_refs
    from kechuang.targets.metrics import FEW, Catalogue, FieldSpec, ModelSpec, Withheld, parse

    catalogue = Catalogue(
        [
            ModelSpec(
                key="all_years",
                label="历年统计",
                model="registry.YearlyStatistics",
                region_path="organization__region_path",
                fields=(FieldSpec("revenue", "decimal", "营业收入", confidential=True),),
                unit="organization",
                unit_unique=False,
            )
        ]
    )
    for revenue in (1_000, 2_000):
        org = farm("220102", revenue=revenue)
        f.StatisticsFactory(organization=org, year=2024, revenue=revenue)
    metric = parse({"op": "sum", "model": "all_years", "field": "revenue"}, catalogue)
    regions = region_refs(list(Region.objects.filter(code="220102")))
    assert compute_many([metric], regions, on=dt.date(2025, 12, 31)) == [{"220102": Withheld(FEW, 3)}]
    farm("220102", revenue=3_000)
    assert compute_many([metric], regions, on=dt.date(2025, 12, 31), fresh=True) == [{"220102": 9_000}]


@pytest.mark.django_db
def test_withheld_reason_in_english(cast, target) -> None:  # type: ignore[no-untyped-def]
    c = APIClient()
    c.force_authenticate(cast.other_officer)
    body = {"definition": narrow("profit"), "regions": ["220202"], "on": ON}
    r = c.post(COMPUTE, body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert r.json()["withheld"] == {"220202": "Fewer than 3 organizations: not published"}


# --------------------------------------------------------------------------------------------- pages
REVENUE = {"op": "sum", "model": "yearly_statistics", "field": "revenue"}


@pytest.fixture
def revenue_board(jilin, records):  # type: ignore[no-untyped-def]
    """A provincial indicator summing revenue: 长春市 has 3 enterprises, 吉林市 1 (withheld)."""
    return services.indicator_create(
        actor=jilin.manager,
        plan=jilin.plan,
        code="G20",
        name="企业营业收入",
        unit="元",
        target_value=10_000,
        baseline_value=0,
        target_date=dt.date(2026, 12, 31),
        baseline_date=dt.date(2024, 1, 1),
        metric=REVENUE,
    )


def page(user, url: str) -> str:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(user)
    r = c.get(url)
    assert r.status_code == 200
    return r.content.decode()


@pytest.mark.django_db
def test_dashboard_cells_withheld(jilin, revenue_board) -> None:  # type: ignore[no-untyped-def]
    url = reverse("targets:plan_dashboard", args=[jilin.plan.pk]) + "?on=" + ON
    html = page(jilin.manager, url)
    assert '<td class="tg-num actual">4,000</td>' in html  # the province: 4 enterprises
    assert '<td class="tg-num">3,000</td><td class="tg-num">不足3家，不予公开</td>' in html  # 长春 | 吉林市
    html = page(jilin.manager, url + "&region=220200")
    assert '<td class="tg-num actual">不足3家，不予公开</td>' in html
    assert "实际值不予公开" in html and "1,000" not in html

    c = APIClient()
    c.force_authenticate(jilin.manager)
    rows = c.get(f"/api/v1/targets/plans/{jilin.plan.pk}/dashboard/?on={ON}").json()["indicators"]
    cells = {cell["region"]: cell for cell in rows[0]["regions"]}
    assert (rows[0]["actual"], rows[0]["withheld"]) == ("4000.0000", None)
    # the figure as the database sums it ("3000" on SQLite, "3000.00" on PostgreSQL): compare the number
    assert (Decimal(cells["220100"]["actual"]), cells["220100"]["withheld"]) == (Decimal(3000), None)
    assert (cells["220200"]["actual"], cells["220200"]["withheld"]) == (None, FEW)
    row = c.get(f"/api/v1/targets/plans/{jilin.plan.pk}/dashboard/?on={ON}&region=220200").json()[
        "indicators"
    ][0]
    assert (row["actual"], row["withheld"], row["status"]) == (None, FEW, "grey")
    assert row["reason"] == "实际值不予公开"


@pytest.mark.django_db
def test_export_withholds_small_regions(jilin, revenue_board) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    c = Client()
    c.force_login(jilin.manager)
    r = c.get(reverse("targets:plan_report_xlsx", args=[jilin.plan.pk]) + "?year=2025")
    wb = load_workbook(io.BytesIO(r.content))
    regions = [[cell.value for cell in row] for row in wb["分地区"].iter_rows()]
    assert regions[0][1:3] == ["长春市", "吉林市"]
    assert regions[1][:3] == ["企业营业收入", "3,000", FEW]
    g20 = next(row for row in wb["指标完成情况"].iter_rows(values_only=True) if row[0] == "G20")
    assert g20[6] == "4,000"


@pytest.mark.django_db
def test_snapshots_never_keep_or_show_a_withheld_value(jilin, revenue_board) -> None:  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    jilin_city = Region.objects.get(code="220200")
    services.snapshot_take(plan=jilin.plan, on=dt.date(2025, 12, 31), regions=[jilin.province, jilin_city])
    values = dict(ValueSnapshot.objects.values_list("region_id", "value"))
    assert values == {"220000": Decimal("4000"), "220200": None}
    # a snapshot recorded before disclosure control held the figure: the page still withholds it
    ValueSnapshot.objects.filter(region_id="220200").update(value=1000)
    cache.clear()
    url = reverse("targets:plan_dashboard", args=[jilin.plan.pk]) + f"?on={ON}&region=220200"
    html = page(jilin.manager, url)
    assert '<td class="tg-num actual">不足3家，不予公开</td>' in html and "1,000" not in html
