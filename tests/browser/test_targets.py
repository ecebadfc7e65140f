"""Targets in the browser, on the demo data loaded from seeds 002 and 001:

an officer opens seed 002's plan and sees progress per indicator and per region (drill-down), a
responsible unit files a progress report with evidence, the officer accepts it and the dashboard shows
the value, an overdue task appears escalated with its supervision record, and the annual report
downloads as Excel and PDF.
"""

from __future__ import annotations

import io
import random

import pytest

from kechuang.targets import demo
from kechuang.targets.models import Plan, ProgressReport

pytestmark = pytest.mark.browser
PASSWORD = demo.DEMO_PASSWORD


@pytest.fixture
def seeded(transactional_db):  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    cache.clear()
    demo.load(stdout=io.StringIO(), rng=random.Random(1))
    return Plan.objects.get(source_name=demo.SEED_002)


def test_officer_dashboard_unit_report_escalation_and_annual_report(page, login, seeded, tmp_path, settings):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    plan = seeded
    # 1. the plan's officer (省工业信息化厅, the annex's lead unit) opens the plan from the list
    login("jl_officer", PASSWORD)
    page.goto("/targets/")
    with page.expect_navigation():
        page.click("text=吉林省加快推进工业企业产品创新实施方案")
    page.wait_for_selector("#indicators")
    rows = page.locator("#indicators tbody tr")
    assert rows.count() == 16
    assert page.locator("#indicators tr[data-code=G08] td").nth(1).inner_text().startswith("产业技术创新联盟")
    assert page.locator("#indicators tr[data-code=G08] td").last.inner_text() == "吉林省科学技术厅"
    assert page.locator("#rag-summary").is_visible()
    # ECharts draws from the local copy once its script has run (after the table is in the page): wait for it
    page.locator("#progress-chart canvas").wait_for(state="attached")
    assert page.locator("#progress-chart canvas").count() == 1
    # per region: the prefectures of 吉林省, and a drill-down into 长春市
    assert "长春市" in page.locator("#regions thead").inner_text()
    with page.expect_navigation():
        page.click("#regions thead >> text=长春市")
    assert "region=220100" in page.url
    assert (
        page.locator("main h2").first.inner_text().startswith("长春市")
    )  # (the side menu has its own headings)

    # 2. the unit responsible for 著名商标 (省工商局) files a progress report with evidence
    mark = plan.indicators.get(name="工业企业吉林省著名商标")
    unit_user = mark.lead_unit.officers.get().user.username
    page.context.clear_cookies()
    login(unit_user, PASSWORD)
    page.goto(f"/targets/indicators/{mark.pk}/")
    page.fill("input[name=value]", "1080")
    page.fill("textarea[name=narrative]", "截至本年末新认定吉林省著名商标,累计1080件。")
    evidence = tmp_path / "认定名单.pdf"
    evidence.write_bytes(b"%PDF-1.4 evidence")
    page.set_input_files("input[name=files]", str(evidence))
    with page.expect_navigation():
        page.click("#report-form button[type=submit]")
    assert "进展报告已提交,等待审核。" in page.locator(".messages").inner_text()
    assert "待审核" in page.locator("#reports").inner_text()
    # the demo's own closing reports are there too: this one is the newest
    assert ProgressReport.objects.filter(indicator=mark).latest("id").attachments.get().name == "认定名单.pdf"

    # 3. the officer accepts it; the dashboard now shows the reported value
    page.context.clear_cookies()
    login("jl_officer", PASSWORD)
    page.goto(f"/targets/indicators/{mark.pk}/")
    page.select_option("#reports select[name=decision]", "accept")
    with page.expect_navigation():
        page.click("#reports button[type=submit]")
    assert "已采纳" in page.locator("#reports").inner_text()
    page.goto(f"/targets/plans/{plan.pk}/")
    assert page.locator(f"#indicators tr[data-code={mark.code}] td.actual").inner_text() == "1,080"

    # 4. the plan ended in 2020: its open tasks are overdue and escalated, with the record of each 督办
    task = plan.tasks.get(code="T01")
    page.goto(f"/targets/tasks/{task.pk}/")
    status = page.locator("#task-status").inner_text()
    assert "逾期" in status and "已督办" in status
    supervision = page.locator("#supervision").inner_text()
    assert "逾期督办" in supervision and "建设完善企业技术中心" in supervision

    # 5. the annual report downloads as Excel and as PDF
    page.goto(f"/targets/plans/{plan.pk}/")
    with page.expect_download() as dl:
        page.click("text=年度报告(Excel)")
    assert dl.value.suggested_filename == f"targets-plan{plan.pk}-2020.xlsx"
    from openpyxl import load_workbook

    with open(dl.value.path(), "rb") as fh:
        wb = load_workbook(io.BytesIO(fh.read()))
    assert wb["指标完成情况"]["A1"].value == "2020年度目标完成情况报告"
    with page.expect_download() as dl:
        page.click("text=年度报告(PDF)")
    assert dl.value.suggested_filename == f"targets-plan{plan.pk}-2020.pdf"
    with open(dl.value.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-"
