"""An organization's yearly statistics and designations over the API: permission matrix, partial
updates, exact messages, nothing written on refusal."""

from __future__ import annotations

import pytest

from kechuang.core.models import AuditRecord
from kechuang.registry.models import Designation, Organization, YearlyStatistics
from kechuang.registry.tests.helpers import NOT_FOUND, item, matrix, who, writes
from tests import factories as f
from tests.api import assert_error, client_for

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------------------------------
# Yearly statistics


def stats_url(org: Organization, year: int | None = None) -> str:
    return f"{item(org)}statistics/" + (f"{year}/" if year else "")


@pytest.mark.parametrize(("name", "status"), matrix(org_member=200, org_admin=200, officer=200, admin=200))
def test_statistics_list_matrix(cast, name, status):
    f.StatisticsFactory(organization=cast.org, year=2024)
    f.StatisticsFactory(organization=cast.org, year=2025)
    response = client_for(who(cast, name)).get(stats_url(cast.org))
    assert response.status_code == status
    if status == 200:
        rows = response.json()
        assert [r["year"] for r in rows] == [2025, 2024]
        assert rows[0]["revenue"] == "50000000.00" and rows[0]["employees"] == 120


@pytest.mark.parametrize(("name", "status"), matrix(org_member=403, org_admin=200, officer=200, admin=200))
def test_statistics_upsert_matrix(cast, name, status):
    before = writes(cast)
    response = client_for(who(cast, name)).put(
        stats_url(cast.org, 2024), {"revenue": "12,345,678.9", "employees": 80, "rd_staff": 12}, format="json"
    )
    assert response.status_code == status
    if status == 200:
        stats = YearlyStatistics.objects.get(organization=cast.org, year=2024)
        assert str(stats.revenue) == "12345678.90" and stats.employees == 80 and stats.rd_staff == 12
        assert response.json()["revenue"] == "12345678.90"
    else:
        assert writes(cast) == before


def test_statistics_upsert_updates_only_sent_figures(cast):
    f.StatisticsFactory(organization=cast.org, year=2024)
    c = client_for(cast.org_admin)
    response = c.put(stats_url(cast.org, 2024), {"exports": 1000, "patent_applications": None}, format="json")
    assert response.status_code == 200
    stats = YearlyStatistics.objects.get(organization=cast.org, year=2024)
    assert stats.exports == 1000 and stats.revenue == 50_000_000 and stats.patent_applications is None
    assert AuditRecord.objects.filter(action="statistics.update").count() == 1


@pytest.mark.parametrize(
    ("year", "body", "message", "field"),
    [
        (2024, {"revenue": "-5"}, "营业收入不能为负数。", "revenue"),
        (2024, {"employees": "3.5"}, "从业人员必须是整数。", "employees"),
        (2024, {"employees": 99_000_000}, "从业人员数值过大，请检查。", "employees"),
        (
            2024,
            {"rd_expenditure": "1e14"},
            "研发费用数值过大（超过10万亿元），请检查单位是否为元。",
            "rd_expenditure",
        ),
        (2024, {"rd_expenditure": "NaN"}, "研发费用必须是数字。", "rd_expenditure"),
        (2024, {"employees": 10, "rd_staff": 11}, "研发人员数不能超过从业人员数。", "rd_staff"),
        (1800, {"revenue": 1}, "年度1800无效：应在1949年至今年之间。", "year"),
        (2999, {"revenue": 1}, "年度2999无效：应在1949年至今年之间。", "year"),
    ],
)
def test_statistics_bad_figures(cast, year, body, message, field):
    before = writes(cast)
    extra = assert_error(
        client_for(cast.org_admin).put(stats_url(cast.org, year), body, format="json"), 400, message
    )
    assert extra["field"] == field
    assert writes(cast) == before


def test_statistics_of_forged_org_is_404(cast):
    assert_error(client_for(cast.admin).get("/api/v1/organizations/987654321/statistics/"), 404, NOT_FOUND)
    assert_error(
        client_for(cast.admin).put("/api/v1/organizations/987654321/statistics/2024/", {}, format="json"),
        404,
        NOT_FOUND,
    )


# ---------------------------------------------------------------------------------------------------------
# Designations


def des_url(org: Organization) -> str:
    return f"{item(org)}designations/"


@pytest.mark.parametrize(("name", "status"), matrix(org_member=200, officer=200, admin=200))
def test_designations_list_matrix(cast, name, status):
    Designation.objects.create(organization=cast.org, kind="tech_sme", valid_from="2025-04-01")
    response = client_for(who(cast, name)).get(des_url(cast.org))
    assert response.status_code == status
    if status == 200:
        assert [d["kind"] for d in response.json()] == ["tech_sme"]


GOOD_DESIGNATION = {
    "kind": "高新技术企业",
    "certificate_no": "GR202422000123",
    "issuer": "吉林省科学技术厅",
    "valid_from": "2024-12-01",
    "valid_to": "2027-11-30",
}


@pytest.mark.parametrize(("name", "status"), matrix(org_member=403, org_admin=403, officer=201, admin=201))
def test_designation_add_matrix(cast, name, status):
    before = writes(cast)
    response = client_for(who(cast, name)).post(des_url(cast.org), GOOD_DESIGNATION, format="json")
    assert response.status_code == status
    if status == 201:
        d = Designation.objects.get(organization=cast.org)
        assert (d.kind, str(d.valid_to)) == ("high_tech", "2027-11-30")
        assert response.json()["kind_display"] == "高新技术企业"
    else:
        assert writes(cast) == before


@pytest.mark.parametrize(
    ("overrides", "message", "field"),
    [
        ({"kind": "诺贝尔奖"}, "资质类型“诺贝尔奖”无效。", "kind"),
        ({"valid_from": ""}, "请填写有效期起。", "valid_from"),
        ({"valid_from": "2099-01-01"}, "有效期起不能晚于今天。", "valid_from"),
        ({"valid_to": "2020-01-01"}, "有效期止不能早于有效期起。", "valid_to"),
        ({"valid_to": "明年"}, "有效期止“明年”不是有效日期（例如 2020-05-01）。", "valid_to"),
        ({"certificate_no": "G" * 61}, "证书编号不能超过60个字符。", "certificate_no"),
    ],
)
def test_designation_bad_input(cast, overrides, message, field):
    before = writes(cast)
    response = client_for(cast.officer).post(
        des_url(cast.org), {**GOOD_DESIGNATION, **overrides}, format="json"
    )
    assert assert_error(response, 400, message)["field"] == field
    assert writes(cast) == before
