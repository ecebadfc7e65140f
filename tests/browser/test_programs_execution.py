"""A project's execution end to end in the browser, from an issued project (built by factories):
task contract confirmed and signed → funds disbursed → progress report → extension approved (the end date
moves) → acceptance application → expert acceptance panel (review app) → 通过, certificate → the
project's achievement published in one step and, once the market's officer approves it, in the market."""

from __future__ import annotations

import datetime as dt

import pytest

from tests import factories as f

pytestmark = pytest.mark.browser
PASSWORD = "Kechuang-2026"


@pytest.fixture
def scene(live_server):  # type: ignore[no-untyped-def]
    from types import SimpleNamespace

    from kechuang.registry.models import Region
    from tests.program_projects import issued_project

    officer = f.OfficerFactory(user__username="officer", user__display_name="王立新").user
    org = f.OrganizationFactory(name="长春光华微电子有限公司")
    qiye = f.MembershipFactory(organization=org, user__username="qiye", user__display_name="李明").user
    cast = SimpleNamespace(officer=officer, org=org, org_admin=qiye)
    project = issued_project(cast, starts_on=dt.date(2026, 1, 1))
    jilin = Region.objects.get(code="220200")
    for i in range(3):
        uni = f.OrganizationFactory(name=f"吉林测试大学{i}", kind="university", region=jilin)
        f.ExpertFactory(user__username=f"zhuanjia{i}", organization=uni, region=jilin, fields=["C"])
    return project


def as_user(page, login, username):  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    return login(username, PASSWORD)


def click(page, selector):  # type: ignore[no-untyped-def]
    with page.expect_navigation():
        page.click(selector)


def test_project_execution_end_to_end(page, login, scene):  # type: ignore[no-untyped-def]
    from kechuang.programs.models import Project

    project = scene
    url = f"/programs/projects/{project.pk}/"

    # 1. the lead organization draws up the task contract, adds a milestone each year and confirms it
    as_user(page, login, "qiye")
    page.goto("/programs/projects/mine/")
    assert "车规级功率芯片研发及产业化" in page.locator("#my-projects").inner_text()
    page.goto(url)
    click(page, "#contract-prepare")
    assert page.locator("#contract-status").inner_text() == "待承担单位确认"
    click(page, "#contract-confirm")
    assert "以下年度还没有进度安排：2026年、2027年、2028年。" in page.content()
    for year, title in ((2026, "完成芯片设计与流片"), (2027, "通过车规认证"), (2028, "实现量产")):
        page.fill("#milestone-form input[name=due_on]", f"{year}-11-30")
        page.fill("#milestone-form input[name=title]", title)
        click(page, "#milestone-add")
    click(page, "#contract-confirm")
    assert page.locator("#contract-status").inner_text() == "待主管部门签订"

    # 2. the bureau signs it and pays the first tranche
    as_user(page, login, "officer")
    page.goto("/programs/projects/execution/")
    assert page.locator("#queue-contracts").inner_text() == "待签订任务书（1）"
    page.goto(url)
    click(page, "#contract-sign")
    assert page.locator("#contract-status").inner_text() == "已签订"
    pdf = page.request.get(page.locator("#contract-pdf").get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"
    page.fill("#disbursement-form input[name=amount]", "120")
    page.fill("#disbursement-form input[name=paid_on]", "2026-03-01")
    click(page, "#disburse")
    assert "拨付总额不能超过批准的专项经费100万元（已拨付0万元，最多还可拨付100万元）。" in page.content()
    page.fill("#disbursement-form input[name=amount]", "60")
    page.fill("#disbursement-form input[name=paid_on]", "2026-03-01")
    click(page, "#disburse")
    assert "60.00万元" in page.locator("#disbursements").inner_text()

    # 3. the organization reports the year's progress and spending; asks for a six-month extension
    as_user(page, login, "qiye")
    page.goto(url)
    page.click("#report-new summary")
    page.select_option("#report-form select[name=kind]", "annual")
    page.fill("#report-form input[name=year]", "2026")
    page.fill("#report-form textarea[name=content]", "完成芯片设计，首轮流片成功。")
    page.fill("#report-form input[name=spent_special_equipment]", "40")
    page.check("#report-form input[name=milestones] >> nth=0")
    click(page, "#report-submit")
    assert "进展报告已报送。" in page.content()
    assert "40.00" in page.locator("#budget").inner_text()
    page.click("#change-new summary")
    page.select_option("#change-form select[name=kind]", "extension")
    page.fill("#change-form textarea[name=reason]", "车规认证机构排期推迟。")
    page.fill("#change-form input[name=months]", "6")
    click(page, "#change-submit")
    assert "延期6个月：结束日期由2028年12月31日改为2029年6月28日" in page.locator("#changes").inner_text()

    # 4. the officer accepts the report and approves the extension: the end date moves
    as_user(page, login, "officer")
    page.goto(url)
    click(page, "[id^=report-review-]")
    assert "已通过" in page.locator("#reports").inner_text()
    click(page, "[id^=change-decide-]")
    assert "已批准" in page.locator("#changes").inner_text()
    assert page.locator("#project-period").inner_text() == "2026年1月1日至2029年6月28日"

    # 5. the organization applies for acceptance with achieved vs promised indicators
    as_user(page, login, "qiye")
    page.goto(url)
    page.click("#acceptance-new summary")
    page.fill("#acceptance-form textarea[name=summary]", "完成任务书全部研究内容，实现小批量供货。")
    page.fill("#acceptance-form textarea[name=final_accounts]", "专项经费到位60万元，支出40万元。")
    for field in page.locator("#acceptance-form input[name^=achieved_]").all():
        field.fill("3")
    click(page, "#acceptance-submit")
    assert page.locator("#project-status").inner_text() == "验收中"

    # 6. the officer forms the acceptance panel; three experts score; the panel closes; 通过
    as_user(page, login, "officer")
    page.goto(url)
    click(page, "#acceptance-panel")
    click(page, "#panel-link")
    click(page, "#panel-assign")
    click(page, "#panel-open")
    panel_url = page.url
    for i in range(3):
        as_user(page, login, f"zhuanjia{i}")
        page.goto("/review/")
        with page.expect_navigation():
            page.get_by_role("link", name="车规级功率芯片研发及产业化").click()
        page.fill("input[name=score_goals]", "36")
        page.fill("input[name=score_funds]", "26")
        page.fill("input[name=score_outputs]", "27")
        page.fill("textarea[name=comment]", "完成了任务书规定的考核指标，同意通过验收。")
        click(page, "#score-submit")
        assert page.locator("#assignment-status").inner_text() == "已评分"
    as_user(page, login, "officer")
    page.goto(panel_url)
    click(page, "#panel-close")
    page.goto(url)
    page.select_option("#conclusion-form select[name=conclusion]", "passed")
    click(page, "#acceptance-decide")
    assert page.locator("#project-status").inner_text() == "已验收"
    assert page.locator("#acceptance-conclusion").inner_text() == "通过"
    cert = page.request.get(page.locator("#certificate").get_attribute("href"))
    assert cert.headers["content-type"] == "application/pdf"
    assert Project.objects.get(pk=project.pk).status == "accepted"

    # 7. the result is public; the organization publishes the achievement in one step
    page.context.clear_cookies()
    page.goto("/programs/projects/acceptance-results/")
    assert "车规级功率芯片研发及产业化" in page.locator("#results").inner_text()
    as_user(page, login, "qiye")
    page.goto(url)
    page.select_option("#publish-form select[name=maturity]", "pilot")
    page.select_option("#publish-form select[name=trl]", "7")  # the sentence for level 7
    page.check("#publish-form input[value=许可]")
    click(page, "#publish-submit")
    assert "成果已提交科技大市场" in page.content()
    with page.expect_navigation():
        page.locator("#outputs a").click()
    achievement_url = page.url

    # 8. the market's officer (of the owner's region) approves: the achievement is in the market
    as_user(page, login, "officer")
    page.goto(achievement_url)
    click(page, "#review-form button[value=true]")
    page.context.clear_cookies()
    page.goto("/market/achievements/")
    assert "车规级功率芯片研发及产业化" in page.content()
