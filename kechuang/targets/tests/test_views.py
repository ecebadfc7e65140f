"""Pages: permission matrix, dashboard content and query count, reports through the page, exports."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse

from kechuang.registry.models import Region, YearlyStatistics
from kechuang.targets import services
from kechuang.targets.models import Indicator, ProgressReport
from kechuang.targets.tests.builders import patents_indicator, trademarks_indicator


@pytest.fixture
def board(jilin, records):  # type: ignore[no-untyped-def]
    ind = patents_indicator(jilin, baseline_value=0)
    services.allocation_set(actor=jilin.manager, indicator=ind, region=jilin.changchun, target_value=60)
    rep = trademarks_indicator(jilin)
    task = services.task_create(
        actor=jilin.manager,
        plan=jilin.plan,
        code="T01",
        title="建设完善企业技术中心",
        due_date=dt.date(2025, 3, 31),
        lead_unit=jilin.industry,
    )
    return ind, rep, task


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


@pytest.mark.django_db
def test_permission_matrix(jilin, board, cast) -> None:  # type: ignore[no-untyped-def]
    ind, _rep, task = board
    urls = [
        reverse("targets:plan_dashboard", args=[jilin.plan.pk]),
        reverse("targets:indicator_detail", args=[ind.pk]),
        reverse("targets:task_detail", args=[task.pk]),
        reverse("targets:plan_report_xlsx", args=[jilin.plan.pk]),
    ]
    for url in urls:
        assert client_for(None).get(url).status_code == 302  # anonymous → login
        assert client_for(cast.norole).get(url).status_code == 404
        assert client_for(cast.org_admin).get(url).status_code == 404  # an enterprise sees no plans
        assert client_for(jilin.manager).get(url).status_code == 200
        # a 长春 officer sees the provincial plan that allocates to 长春
        assert client_for(cast.officer).get(url).status_code == 200
    from tests import factories as f

    heilongjiang = f.OfficerFactory(
        user__username="hlj", department=f.DepartmentFactory(region=Region.objects.get(code="230000"))
    ).user
    for url in urls:
        assert client_for(heilongjiang).get(url).status_code == 404  # other region


@pytest.mark.django_db
def test_dashboard_shows_values_status_and_drilldown(jilin, board, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    c = client_for(jilin.manager)
    url = reverse("targets:plan_dashboard", args=[jilin.plan.pk]) + "?on=2025-12-31"
    with django_assert_max_num_queries(30):
        r = c.get(url)
    html = r.content.decode()
    assert r.status_code == 200
    assert "企业有效发明专利拥有数" in html and "46" in html  # 10+11+12+13
    assert "echarts.min.js" in html
    assert 'data-code="G12"' in html
    # drill-down to 长春市: its actual 33 against its allocation 60
    r = c.get(reverse("targets:plan_dashboard", args=[jilin.plan.pk]) + "?on=2025-12-31&region=220100")
    html = r.content.decode()
    assert "33" in html and "60" in html
    # a region outside the plan is 404
    r = c.get(reverse("targets:plan_dashboard", args=[jilin.plan.pk]) + "?region=230100")
    assert r.status_code == 404


@pytest.mark.django_db
def test_unit_files_report_through_page_and_unrelated_unit_refused(jilin, board, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    _ind, rep, _task = board
    url = reverse("targets:indicator_detail", args=[rep.pk])
    data = {
        "department": jilin.industry.pk,
        "as_of": "2025-06-30",
        "value": "300",
        "narrative": "新增著名商标认定。",
        "files": io.BytesIO(b"evidence"),
    }
    data["files"].name = "认定文件.pdf"
    r = client_for(jilin.industry_officer).post(url, data)
    assert r.status_code == 302
    report = ProgressReport.objects.get()
    assert report.attachments.get().name == "认定文件.pdf"
    r = client_for(jilin.quality_officer).post(
        url, {"department": jilin.quality.pk, "as_of": "2025-06-30", "value": "1", "narrative": "x"}
    )
    assert r.status_code == 200
    assert "吉林省质量技术监督局不是指标“工业企业吉林省著名商标”的责任单位,不能填报。" in r.content.decode()
    assert ProgressReport.objects.count() == 1
    # the manager accepts it; the dashboard then shows the reported value
    r = client_for(jilin.manager).post(
        reverse("targets:report_review", args=[report.pk]), {"decision": "accept"}
    )
    assert r.status_code == 302
    html = (
        client_for(jilin.manager)
        .get(reverse("targets:plan_dashboard", args=[jilin.plan.pk]))
        .content.decode()
    )
    assert "300" in html


@pytest.mark.django_db
def test_unit_list_and_overdue(jilin, board) -> None:  # type: ignore[no-untyped-def]
    r = client_for(jilin.industry_officer).get(reverse("targets:mine"))
    html = r.content.decode()
    assert "建设完善企业技术中心" in html and "逾期" in html
    assert "企业有效发明专利拥有数" in html
    html = client_for(jilin.quality_officer).get(reverse("targets:mine")).content.decode()
    assert "建设完善企业技术中心" not in html


@pytest.mark.django_db
def test_exports(jilin, board) -> None:  # type: ignore[no-untyped-def]
    c = client_for(jilin.manager)
    r = c.get(reverse("targets:plan_report_xlsx", args=[jilin.plan.pk]) + "?year=2025")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(r.content))
    ws = wb["指标完成情况"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0][0] == "2025年度目标完成情况报告"
    g12 = next(r for r in rows if r[0] == "G12")
    assert g12[1] == "企业有效发明专利拥有数" and g12[6] == "46"
    assert "重点任务" in wb.sheetnames
    r = c.get(reverse("targets:plan_report_pdf", args=[jilin.plan.pk]) + "?year=2025")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert b"STSong-Light" in r.content


@pytest.mark.django_db
def test_dashboard_in_english(jilin, board) -> None:  # type: ignore[no-untyped-def]
    c = client_for(jilin.manager)
    c.cookies["django_language"] = "en"
    html = c.get(reverse("targets:plan_dashboard", args=[jilin.plan.pk]) + "?on=2025-12-31").content.decode()
    assert "Progress by region" in html and "Annual report (Excel)" in html
    c = client_for(jilin.industry_officer)
    c.cookies["django_language"] = "en"
    r = c.post(
        reverse("targets:indicator_detail", args=[board[1].pk]),
        {"department": jilin.industry.pk, "as_of": "2099-01-01", "value": "1", "narrative": "x"},
    )
    assert "The as-of date cannot be after today." in r.content.decode()


@pytest.mark.django_db
def test_plan_search_accepts_traditional_chinese(jilin) -> None:  # type: ignore[no-untyped-def]
    html = client_for(jilin.manager).get(reverse("targets:plan_list") + "?q=產品創新").content.decode()
    assert "吉林省加快推进工业企业产品创新实施方案" in html
    html = client_for(jilin.manager).get(reverse("targets:plan_list") + "?q=農業").content.decode()
    assert "吉林省加快推进工业企业产品创新实施方案" not in html


@pytest.mark.django_db
def test_add_indicator_page_refuses_unknown_field_and_unreadable_field(jilin, records) -> None:  # type: ignore[no-untyped-def]
    url = reverse("targets:indicator_new", args=[jilin.plan.pk])
    base = {
        "code": "X1",
        "name": "高新技术企业数",
        "unit": "家",
        "direction": "at_least",
        "baseline_value": "0",
        "baseline_date": "2024-01-01",
        "target_value": "10",
        "target_date": "2026-12-31",
    }
    c = client_for(jilin.manager)
    r = c.post(url, {**base, "metric": "op: count\nmodel: designation\nwhere: {grade: A}"})
    assert "$.where.grade:模型 designation 没有字段 grade(可用:" in r.content.decode()
    r = c.post(url, {**base, "target_value": "-3", "metric": ""})
    assert "计数类指标的目标值不能为负数。" in r.content.decode()
    assert not Indicator.objects.exists()
    r = c.post(url, {**base, "metric": "op: count\nmodel: designation\nwhere: {kind: high_tech}"})
    assert r.status_code == 302
    assert Indicator.objects.get().metric == {
        "op": "count",
        "model": "designation",
        "where": {"kind": "high_tech"},
    }
    # not a manager of the plan: 404
    assert client_for(jilin.quality_officer).get(url).status_code == 404


@pytest.mark.django_db
def test_region_matrix_shows_allocation_gap(jilin, board) -> None:  # type: ignore[no-untyped-def]
    html = (
        client_for(jilin.manager)
        .get(reverse("targets:plan_dashboard", args=[jilin.plan.pk]) + "?on=2025-12-31")
        .content.decode()
    )
    # 长春市: 33 of its 60 (behind, red); only 60 of the 100 allocated: a gap of 40
    assert '<td class="tg-num tg-behind">33 / 60</td>' in html
    assert '60 <span class="tg-behind">(-40)</span>' in html


@pytest.mark.django_db
def test_participating_unit_elsewhere_sees_the_plan(jilin, board) -> None:  # type: ignore[no-untyped-def]
    """A unit outside the plan's region that takes part in a task sees the plan and its own list."""
    from tests import factories as f

    outside = f.DepartmentFactory(region=Region.objects.get(code="110000"), name="北京市科学技术委员会")
    user = f.OfficerFactory(user__username="beijing", department=outside).user
    url = reverse("targets:plan_dashboard", args=[jilin.plan.pk])
    assert client_for(user).get(url).status_code == 404
    board[2].participating_units.add(outside)
    assert client_for(user).get(url).status_code == 200
    assert "建设完善企业技术中心" in client_for(user).get(reverse("targets:mine")).content.decode()


@pytest.mark.django_db
def test_as_of_view_uses_the_snapshot_of_that_day(jilin, board) -> None:  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    services.snapshot_take(plan=jilin.plan, on=dt.date(2025, 12, 31))

    YearlyStatistics.objects.filter(year=2025).update(valid_invention_patents=0)  # records change later
    cache.clear()
    html = (
        client_for(jilin.manager)
        .get(reverse("targets:plan_dashboard", args=[jilin.plan.pk]) + "?on=2025-12-31")
        .content.decode()
    )
    assert '<td class="tg-num actual">46</td>' in html  # the recorded value, not today's recomputation
    html = (
        client_for(jilin.manager)
        .get(reverse("targets:plan_dashboard", args=[jilin.plan.pk]) + "?on=2025-12-30")
        .content.decode()
    )
    assert '<td class="tg-num actual">0</td>' in html  # no snapshot that day: computed from the records
