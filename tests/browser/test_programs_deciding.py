"""A provincial call decided end to end in the browser: the officer publishes a guide (topic, recommending
unit, score sheet) → an enterprise applies with a university partner and a budget → the recommending unit
approves → the formal check returns it → resubmitted → three experts read the materials and score →
funding decision within the budget → 立项公示 with an objection answered → 下达 creates the project."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.browser
PASSWORD = "Kechuang-2026"


@pytest.fixture
def scene(live_server):  # type: ignore[no-untyped-def]
    from kechuang.programs.models import ProgramType
    from kechuang.registry.models import Region
    from kechuang.registry.services_experts import expert_create

    admin = f.UserFactory(username="admin", is_platform_admin=True)
    officer = f.OfficerFactory(user__username="officer", user__display_name="王立新")
    program_type = ProgramType.objects.create(code="ZDYF", name="重点研发计划", department=officer.department)
    org = f.OrganizationFactory(name="长春光华微电子有限公司")
    f.MembershipFactory(organization=org, user__username="qiye", user__display_name="李明")
    nanguan = Region.objects.get(code="220102")
    university = f.OrganizationFactory(name="吉林测试大学", kind="university", region=nanguan)
    f.MembershipFactory(organization=university, user__username="daxue")
    bureau = f.OrganizationFactory(name="长春市南关区科学技术局", kind="government", region=nanguan)
    f.MembershipFactory(organization=bureau, user__username="tuijian", role="member")
    for i in range(3):
        uni = f.OrganizationFactory(
            name=f"评审专家大学{i}", kind="university", region=Region.objects.get(code="220104")
        )
        expert_create(
            name=f"专家{i}", user=f.UserFactory(username=f"zhuanjia{i}"), organization=uni, fields=["C"], actor=admin
        )  # fmt: skip
    return {"program_type": program_type, "org": org, "university": university, "bureau": bureau}


def as_user(page, login, username):  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    return login(username, PASSWORD)


def click(page, selector):  # type: ignore[no-untyped-def]
    with page.expect_navigation():
        page.click(selector)


def test_a_call_decided_from_guide_to_issue(page, login, scene):  # type: ignore[no-untyped-def]
    from kechuang.programs.models import Application, Call, Project

    # 1. the officer drafts the guide, adds a topic, the recommending unit and the score sheet, publishes
    as_user(page, login, "officer")
    page.goto(f"/programs/setup/types/{scene['program_type'].pk}/calls/new/")
    now = timezone.localtime()
    page.fill("input[name=year]", "2026")
    page.fill("input[name=title]", "2026年度省重点研发计划申报指南")
    page.fill("input[name=opens_at]", (now - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=closes_at]", (now + dt.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=total_budget]", "200")
    click(page, "main form button[type=submit]")
    assert "已保存申报指南草稿" in page.content()
    page.fill("input[name=title]", "集成电路关键材料")
    page.fill("input[name=funding_cap]", "100")
    page.fill("input[name=project_count]", "2")
    page.fill("input[name=duration_months]", "24")
    page.fill("input[name=co_funding_ratio]", "1")
    click(page, "#add-topic")
    page.fill("#recommender-form input[name=uscc]", scene["bureau"].uscc)
    page.fill("#recommender-form input[name=region]", "220102")
    click(page, "#add-recommender")
    assert "长春市南关区科学技术局" in page.locator("#recommenders").inner_text()
    page.fill("#scheme-form textarea[name=indicators]", "技术创新性|40\n实施方案可行性|30\n预期效益|30")
    page.fill("#scheme-form input[name=experts_per_item]", "3")
    click(page, "#save-scheme")
    assert "评审指标已保存。" in page.content()
    click(page, "#publish")
    call = Call.objects.get(title="2026年度省重点研发计划申报指南")
    assert call.status == "published"

    # 2. the enterprise applies with a university partner and a budget, and submits
    as_user(page, login, "qiye")
    page.goto(f"/programs/calls/{call.pk}/")
    topic = call.topics.get()
    page.fill(f"form:has(#apply-{topic.pk}) input[name=title]", "车规级碳化硅衬底材料研发")
    page.fill(f"form:has(#apply-{topic.pk}) input[name=leader_name]", "李明")
    page.fill(f"form:has(#apply-{topic.pk}) input[name=leader_identifier]", "220102198001011234")
    click(page, f"#apply-{topic.pk}")
    form = "#application-form"
    page.fill(f"{form} textarea[name=summary]", "研发6英寸车规级碳化硅衬底材料，建设中试线。")
    page.fill(f"{form} input[name=requested_funds]", "80")
    page.fill(f"{form} input[name=self_funds]", "80")
    page.fill(f"{form} input[name=special_equipment]", "50")
    page.fill(f"{form} input[name=self_equipment]", "50")
    page.fill(f"{form} input[name=special_operations]", "30")
    page.fill(f"{form} input[name=self_operations]", "30")
    page.fill(f"{form} textarea[name=indicators]", "申请发明专利|3|项\n新产品|2|个")
    page.fill(f"{form} textarea[name=partners]", f"{scene['university'].uscc}|联合申报单位|20")
    click(page, "#save")
    assert "已保存。" in page.content()
    click(page, "#move-submit")
    assert page.locator("#app-status").inner_text() == "已提交，待推荐"
    application = Application.objects.get(title="车规级碳化硅衬底材料研发")
    assert application.partners.get().organization == scene["university"]
    app_url = f"/programs/applications/{application.pk}/"

    # 3. the recommending unit approves (推荐) from its queue
    as_user(page, login, "tuijian")
    page.goto("/programs/recommend/")
    page.get_by_role("link", name="车规级碳化硅衬底材料研发").click()
    page.wait_for_load_state()
    page.locator("form:has(#recommend-recommended) input[name=note]").fill("同意推荐。")
    click(page, "#recommend-recommended")
    assert page.locator("#app-status").inner_text() == "已推荐"

    # 4. the officer accepts it in bulk from the queue, and the formal check returns it with a reason
    as_user(page, login, "officer")
    page.goto("/programs/officer/?status=recommended")
    assert "已推荐（1）" in page.locator("#status-recommended").inner_text()
    page.check(f"input[name=ids][value='{application.pk}']")
    page.select_option("#bulk-to", "formal_check")
    click(page, "#bulk-submit")
    assert "已处理1项。" in page.content()
    page.goto(app_url)
    page.locator("form:has(#move-returned) input[name=note]").fill("缺少合作协议，请补充后重新提交。")
    click(page, "#move-returned")
    assert page.locator("#app-status").inner_text() == "退回修改"

    # 5. the applicant resubmits; the unit recommends again; the officer passes the formal check
    as_user(page, login, "qiye")
    page.goto(app_url)
    assert "缺少合作协议" in page.locator("#last-note").inner_text()
    click(page, "#move-submit")
    as_user(page, login, "tuijian")
    page.goto(app_url)
    click(page, "#recommend-recommended")
    as_user(page, login, "officer")
    page.goto(app_url)
    click(page, "#move-formal_check")
    click(page, "#move-in_review")
    assert page.locator("#app-status").inner_text() == "专家评审中"

    # 6. the panel of the call: assign three conflict-free experts and open scoring
    page.goto(f"/programs/calls/{call.pk}/decision/")
    page.locator("#panel a").click()
    page.wait_for_load_state()
    click(page, "#panel-assign")
    assert "无利益冲突" in page.content()
    click(page, "#panel-open")
    panel_url = page.url

    # 7. three experts read the materials (read-only) and score
    for i, base in enumerate((30, 24, 36)):
        as_user(page, login, f"zhuanjia{i}")
        page.goto("/programs/expert/")
        page.locator(f"#materials-{application.pk}").click()
        page.wait_for_load_state()
        assert "6英寸车规级碳化硅衬底" in page.locator("#summary").inner_text()
        assert page.locator("#application-form").count() == 0
        page.go_back()
        page.locator("[id^=sheet-]").click()
        page.wait_for_load_state()
        page.fill("input[name=score_i1]", str(base))
        page.fill("input[name=score_i2]", "25")
        page.fill("input[name=score_i3]", "25")
        page.fill("textarea[name=comment]", "技术路线清晰，建议支持。")
        click(page, "#score-submit")
        assert page.locator("#assignment-status").inner_text() == "已评分"

    # 8. the officer closes the panel, collects the scores and decides the funding within the budget
    as_user(page, login, "officer")
    page.goto(panel_url)
    click(page, "#panel-close")
    page.goto(f"/programs/calls/{call.pk}/decision/")
    click(page, "#collect")
    assert "已汇总1项的专家评分。" in page.content()
    page.fill(f"#amount-{application.pk}", "120")
    click(page, "#fund")
    assert "超过上限80万元" in page.content()
    page.fill(f"#amount-{application.pk}", "60")
    click(page, "#fund")
    assert "已确定1个拟立项项目。" in page.content()
    assert page.locator("#remaining").inner_text() == "140.00万元"
    click(page, "#publicity-start")
    assert "已发布1个项目的立项公示。" in page.content()

    # 9. the public notice; a signed-in reader objects; the officer answers
    page.context.clear_cookies()
    page.goto(f"/programs/calls/{call.pk}/publicity/")
    assert "长春光华微电子有限公司" in page.locator(f"#publicity-{application.pk}").inner_text()
    as_user(page, login, "daxue")
    page.goto(f"/programs/calls/{call.pk}/publicity/")
    page.locator("details summary").click()
    page.fill("input[name=name]", "王先生")
    page.fill("input[name=contact]", "13800000000")
    page.fill("textarea[name=content]", "合作协议签署日期晚于申报日期，请核查。")
    click(page, f"#object-{application.pk}")
    assert "异议已提交" in page.content()
    as_user(page, login, "officer")
    page.goto(f"/programs/calls/{call.pk}/decision/")
    click(page, "#issue")
    assert "没有公示期满且无未结异议的项目可下达。" in page.content()
    page.goto(app_url)
    page.select_option("#objections select[name=upheld]", "0")
    page.fill("#objections textarea[name=answer]", "经核实协议签署在申报前，异议不成立。")
    click(page, "#objections button[type=submit]")
    assert "已处理异议。" in page.content()

    # 10. the publicity period passes; 下达 creates the project
    ended = timezone.localdate() - dt.timedelta(days=1)
    Application.objects.filter(pk=application.pk).update(
        publicity_starts_on=ended - dt.timedelta(days=6), publicity_ends_on=ended
    )
    page.goto(f"/programs/calls/{call.pk}/decision/")
    click(page, "#issue")
    assert "已下达1个项目。" in page.content()
    page.goto(app_url)
    assert page.locator("#app-status").inner_text() == "已下达"
    project = Project.objects.get(application=application)
    assert project.code in page.locator("#project").inner_text()
