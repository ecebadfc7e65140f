"""REST API: error envelope with exact messages, permission matrix, dashboard and compute."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from kechuang.targets import services

PATENTS = {"op": "sum", "model": "yearly_statistics", "field": "valid_invention_patents"}


def api(user=None) -> APIClient:  # type: ignore[no-untyped-def]
    c = APIClient()
    if user is not None:
        c.force_authenticate(user)
    return c


@pytest.mark.django_db
def test_indicator_create_and_bad_input(jilin, records) -> None:  # type: ignore[no-untyped-def]
    url = f"/api/v1/targets/plans/{jilin.plan.pk}/indicators/"
    body = {
        "code": "G12",
        "name": "企业有效发明专利拥有数",
        "unit": "件",
        "target_value": "100",
        "target_date": "2026-12-31",
        "baseline_value": "0",
        "baseline_date": "2024-01-01",
        "metric": PATENTS,
        "lead_unit": jilin.industry.pk,
    }
    r = api(jilin.manager).post(url, {**body, "target_value": "-1"}, format="json")
    assert r.status_code == 400 and r.json()["message"] == "计数类指标的目标值不能为负数。"
    r = api(jilin.manager).post(url, {**body, "baseline_date": "2027-01-01"}, format="json")
    assert r.json()["message"] == "目标日期必须晚于基期日期。"
    r = api(jilin.manager).post(url, {**body, "metric": {"op": "count", "model": "satellite"}}, format="json")
    assert r.status_code == 400
    assert r.json()["message"].startswith("$.model:未知的模型 satellite(可用:")
    assert r.json()["extra"] == {"path": "$.model"}
    r = api(jilin.manager).post(url, body, format="json")
    assert r.status_code == 201 and r.json()["source"] == "computed"
    r = api(None).post(url, body, format="json")
    assert r.status_code in (401, 403)

    r = api(jilin.manager).get(f"/api/v1/targets/plans/{jilin.plan.pk}/dashboard/?on=2025-12-31")
    row = r.json()["indicators"][0]
    assert row["code"] == "G12" and float(row["actual"]) == 46
    assert {c["region"]: c["actual"] for c in row["regions"]}["220100"] == "33"


@pytest.mark.django_db
def test_dashboard_hidden_from_other_region_and_enterprises(jilin, cast) -> None:  # type: ignore[no-untyped-def]
    url = f"/api/v1/targets/plans/{jilin.plan.pk}/dashboard/"
    assert api(cast.org_admin).get(url).status_code == 404
    assert api(cast.norole).get(url).status_code == 404
    assert api(jilin.manager).get(url).status_code == 200
    assert [p["id"] for p in api(cast.org_admin).get("/api/v1/targets/plans/").json()] == []


@pytest.mark.django_db
def test_metric_validate_and_compute(jilin, records) -> None:  # type: ignore[no-untyped-def]
    r = api(jilin.quality_officer).post(
        "/api/v1/targets/metrics/validate/",
        {"definition": {"op": "sum", "model": "yearly_statistics", "field": "profit"}},
        format="json",
    )
    assert r.status_code == 400
    assert r.json()["message"] == "您无权读取字段 yearly_statistics.profit(利润总额（元）)。"
    r = api(jilin.manager).post(
        "/api/v1/targets/metrics/compute/",
        {"definition": PATENTS, "regions": ["220100", "220200"], "on": "2025-12-31"},
        format="json",
    )
    assert r.status_code == 200 and r.json()["values"] == {"220100": "33", "220200": "13"}


@pytest.mark.django_db
def test_report_submit_refused_for_unit_not_responsible(jilin) -> None:  # type: ignore[no-untyped-def]
    ind = services.indicator_create(
        actor=jilin.manager,
        plan=jilin.plan,
        code="G13",
        name="工业企业吉林省著名商标",
        unit="件",
        target_value=1200,
        target_date=dt.date(2026, 12, 31),
        baseline_date=dt.date(2024, 1, 1),
        lead_unit=jilin.industry,
    )
    body = {
        "indicator": ind.pk,
        "department": jilin.quality.pk,
        "as_of": "2025-01-31",
        "value": "3",
        "narrative": "x",
    }
    r = api(jilin.quality_officer).post("/api/v1/targets/reports/", body, format="json")
    assert r.status_code == 400
    assert r.json()["message"] == "吉林省质量技术监督局不是指标“工业企业吉林省著名商标”的责任单位,不能填报。"
    r = api(jilin.industry_officer).post(
        "/api/v1/targets/reports/", {**body, "department": jilin.industry.pk}, format="json"
    )
    assert r.status_code == 201
    rid = r.json()["id"]
    r = api(jilin.manager).post(f"/api/v1/targets/reports/{rid}/review/", {"accept": True}, format="json")
    assert r.json()["status"] == "accepted"
