"""Issue 20: an officer runs the platform without a developer. In the browser, the officer sets up a
municipal enterprise-technology-center scheme with its indicator system (previewed as the experts' score
sheet) and opens a call; adds two experts to the pool, one with a declared conflict; founds an alliance
with three members; enters a policy document and drafts, then publishes, a measure with its rule; and
enters a plan with one indicator allocated to two counties, previews it as its dashboard and publishes it;
enters a national enterprise technology center recognised years ago. Each is then seen where its users
look: the call page, the expert's task list after assignment (the conflicted expert gets nothing), the
alliance page, the enterprise's policies, the dashboard (by a county officer), the public carrier list."""

from __future__ import annotations

import datetime as dt

import pytest

from tests import factories as f

pytestmark = pytest.mark.browser
PASSWORD = "Kechuang-2026"
TITLE = "长春光华微电子企业技术中心"


@pytest.fixture
def scene(live_server, settings, tmp_path):  # type: ignore[no-untyped-def]
    from kechuang.recognition.tests.builders import GOOD_FIGURES
    from kechuang.registry.models import Region
    from kechuang.registry.services_experts import expert_create

    settings.MEDIA_ROOT = tmp_path
    admin = f.UserFactory(username="admin", is_platform_admin=True)
    f.OfficerFactory(user__username="officer", user__display_name="王立新")
    org = f.OrganizationFactory(name="长春光华微电子有限公司")
    f.MembershipFactory(organization=org, user__username="qiye", user__display_name="李明")
    f.StatisticsFactory(organization=org, year=2025, **GOOD_FIGURES)
    chaoyang = Region.objects.get(code="220104")
    universities = [
        f.OrganizationFactory(name=f"吉林测试大学{i}", kind="university", region=chaoyang) for i in range(6)
    ]
    for i in range(4):  # the pool before today: four experts; the officer adds the fifth and sixth
        expert_create(
            name=f"专家{i}",
            user=f.UserFactory(username=f"zhuanjia{i}"),
            organization=universities[i],
            region=chaoyang,
            fields=["C"],
            actor=admin,
        )
    f.UserFactory(username="zhao", display_name="赵教授")
    f.UserFactory(username="qian", display_name="钱研究员")
    members = [
        f.OrganizationFactory(name="长春理工大学", kind="university"),
        f.OrganizationFactory(name="长春光机所测试中心", kind="institute"),
    ]
    nongan = f.DepartmentFactory(region=Region.objects.get(code="220122"), name="农安县科学技术局")
    f.OfficerFactory(user__username="county", department=nongan)
    return {"org": org, "universities": universities, "members": members}


def as_user(page, login, username):  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    return login(username, PASSWORD)


def submit(page, selector):  # type: ignore[no-untyped-def]
    with page.expect_navigation():
        page.click(selector)


def _scheme_and_call(page):  # type: ignore[no-untyped-def]
    page.goto("/recognition/officer/schemes/new/")
    page.fill("input[name=code]", "cc-etc")
    page.fill("input[name=name]", "长春市企业技术中心认定")
    page.select_option("select[name=carrier_kind]", "enterprise_tech_center")
    page.fill("input[name=recognition_title]", "长春市企业技术中心")
    rows = [
        ("rd", "研发投入强度", "60", "threshold", "rd_intensity", "1.5=20；3=40；5=60"),
        ("innovation", "技术创新能力", "40", "expert", "", ""),
    ]
    for n, (code, name, score, method, metric, bands) in enumerate(rows):
        page.fill(f"input[name=ind-{n}-code]", code)
        page.fill(f"input[name=ind-{n}-name]", name)
        page.fill(f"input[name=ind-{n}-max_score]", score)
        page.select_option(f"select[name=ind-{n}-method]", method)
        if metric:
            page.select_option(f"select[name=ind-{n}-metric]", metric)
            page.fill(f"input[name=ind-{n}-bands]", bands)
    submit(page, "#scheme-preview")
    assert not page.locator("#scheme-problems").count(), page.locator("form").inner_text()
    sheet = page.locator("#score-sheet").inner_text()
    assert "达到1.5%得20分" in sheet and "专家按评审要点给出0至40分" in sheet
    submit(page, "#scheme-save")
    assert "认定类别已设立" in page.content()
    submit(page, "#call-new")
    now = dt.datetime.now()
    page.fill("input[name=year]", str(now.year))
    page.fill("input[name=title]", f"{now.year}年度长春市企业技术中心认定")
    page.fill("input[name=opens_at]", (now - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=closes_at]", (now + dt.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=quota]", "20")
    submit(page, "form.rc-form button[type=submit]")
    submit(page, "#call-open")
    assert page.locator("#call-status").inner_text() == "已发布"


def _experts(page, scene):  # type: ignore[no-untyped-def]
    for name, username, university in (("赵教授", "zhao", 4), ("钱研究员", "qian", 5)):
        page.goto("/registry/experts/new/")
        page.fill("input[name=name]", name)
        page.fill("input[name=title]", "教授")
        page.fill("input[name=organization]", scene["universities"][university].uscc)
        page.fill("input[name=region]", "220104")
        page.fill("input[name=fields]", "C")
        page.fill("input[name=user]", username)
        page.wait_for_load_state("networkidle")  # the pickers' suggestions have arrived…
        page.keyboard.press("Escape")  # …and close (行业 "C" lists every division, over the submit button)
        submit(page, "form.form button[type=submit]")
        assert "专家已入库" in page.content()
    page.fill("#conflict-form input[name=organization]", scene["org"].uscc)
    page.fill("#conflict-form input[name=reason]", "近三年担任该企业技术顾问")
    submit(page, "#conflict-form button[type=submit]")
    assert scene["org"].name in page.locator("#expert-conflicts").inner_text()


def test_an_officer_creates_every_record_in_the_browser(page, login, scene, tmp_path):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kechuang.recognition.models import Application, Call
    from kechuang.recognition.services import application_create, application_transition, attachment_add

    org = scene["org"]
    as_user(page, login, "officer")
    _scheme_and_call(page)
    _experts(page, scene)

    # the call page shows the scheme's score sheet (version 1) to applicants
    call = Call.objects.get()
    page.context.clear_cookies()
    page.goto(f"/recognition/calls/{call.pk}/")
    assert "指标体系第1版" in page.content() and "研发投入强度" in page.locator("#score-sheet").inner_text()

    # an application reaches expert review; the officer assigns experts; 赵教授 gets it, 钱研究员 (conflict) not
    admin_user = org.memberships.get().user
    application = application_create(call=call, organization=org, title=TITLE, summary="", actor=admin_user)
    attachment_add(
        application=application,
        actor=admin_user,
        title="营业执照",
        file=SimpleUploadedFile("营业执照.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
    )
    application_transition(application=application, to="submitted", actor=admin_user)
    as_user(page, login, "officer")
    page.goto(f"/recognition/applications/{application.pk}/")
    for to in ("formal_check", "expert_review"):
        submit(page, f"#move-{to}")
    assert Application.objects.get(pk=application.pk).status == "expert_review"
    page.goto(f"/recognition/officer/calls/{call.pk}/")
    submit(page, "#panel-link")
    submit(page, "#panel-assign")
    as_user(page, login, "zhao")
    page.goto("/review/")
    assert TITLE in page.content()
    as_user(page, login, "qian")
    page.goto("/review/")
    assert TITLE not in page.content()

    # an alliance with three members, on its public page
    as_user(page, login, "officer")
    page.goto("/carriers/alliances/new/")
    page.fill("input[name=name]", "长春光电子产业技术创新联盟")
    page.fill("input[name=lead]", org.uscc)
    page.fill("input[name=region]", "220102")
    page.fill("input[name=chain]", "光电芯片—模组—整机")
    submit(page, "form.form button[type=submit]")
    for member in scene["members"]:
        page.fill("#member-uscc", member.uscc)
        submit(page, "#member-add")
    page.context.clear_cookies()
    page.goto(page.url)
    members = page.locator("#alliance-members tbody tr")
    assert members.count() == 3
    assert "长春理工大学" in page.locator("#alliance-members").inner_text()

    # a policy document, a measure with its rule, published: the enterprise sees it among its policies
    as_user(page, login, "officer")
    text_file = tmp_path / "办法.txt"
    text_file.write_text("第一条 对认定的市级企业技术中心给予一次性补助。", encoding="utf-8")
    page.goto("/policies/documents/new/")
    page.fill("input[name=title]", "长春市支持企业技术中心建设若干措施")
    page.fill("input[name=number]", "长科发〔2026〕8号")
    page.set_input_files("input[name=attachment]", str(text_file))
    submit(page, "#document-save")
    assert "一次性补助" in page.content()
    submit(page, "#measure-new")
    rule = page.locator("textarea[name=rule_source]").input_value()
    rule = rule.replace("title: 事项名称", "title: 企业技术中心建设补助")
    page.fill("textarea[name=rule_source]", rule)
    submit(page, "button[name=action][value=save]")
    submit(page, "#measure-publish")
    assert page.locator("#measure-status").inner_text() == "已发布"
    as_user(page, login, "qiye")
    page.goto("/policies/mine/")
    assert "企业技术中心建设补助" in page.content()

    # a plan with one indicator allocated to two counties, on the dashboard
    as_user(page, login, "officer")
    page.goto("/targets/plans/new/")
    page.fill("input[name=title]", "2027年长春市科技创新工作要点")
    page.fill("input[name=region]", "220100")
    page.fill("input[name=period_start]", "2027-01-01")
    page.fill("input[name=period_end]", "2027-12-31")
    submit(page, "form.form button[type=submit]")
    submit(page, "#indicator-new")
    page.fill("input[name=code]", "1")
    page.fill("input[name=name]", "高新技术企业数量")
    page.fill("input[name=unit]", "家")
    page.fill("input[name=baseline_date]", "2026-12-31")
    page.fill("input[name=target_value]", "100")
    page.fill("input[name=target_date]", "2027-12-31")
    submit(page, "#indicator-form button[type=submit]")
    page.goto(_plan_dashboard_url())
    submit(page, "a.allocate")
    page.fill("#r-220122", "30")
    page.fill("#r-220183", "25")
    submit(page, "#allocation-save")
    assert "目标已分解到各地区" in page.content()
    board = page.content()
    assert "高新技术企业数量" in board and "农安县" in board and "德惠市" in board
    assert "/ 30" in board and "/ 25" in board  # each county's share in the region matrix
    # a draft: the managers preview it as its dashboard, then publish it for its units and the public
    assert page.locator("#draft-preview").count() == 1
    page.once("dialog", lambda dialog: dialog.accept())
    submit(page, "#plan-publish")
    assert "规划计划已发布" in page.content() and page.locator("#draft-preview").count() == 0
    as_user(page, login, "county")
    page.goto(_plan_dashboard_url())
    assert "高新技术企业数量" in page.content() and "农安县" in page.content()
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)

    # a national enterprise technology center recognised years ago, entered with its certificate and hosts
    as_user(page, login, "officer")
    page.goto("/carriers/new/")
    page.fill("input[name=name]", "长春光华国家企业技术中心")
    page.select_option("select[name=kind]", "enterprise_tech_center")
    page.select_option("select[name=tier]", "national")
    page.fill("input[name=region]", "220102")
    page.fill("input[name=lead]", org.uscc)
    page.fill("textarea[name=joint]", scene["members"][0].uscc)
    page.fill("input[name=certificate_no]", "国认企技〔2015〕12号")
    page.fill("input[name=recognised_on]", "2015-06-30")
    submit(page, "form.form button[type=submit]")
    assert "创新载体已登记" in page.content()
    page.context.clear_cookies()
    page.goto("/carriers/?q=国家企业技术中心")
    listing = page.locator("table").inner_text()
    assert "长春光华国家企业技术中心" in listing and "国家级" in listing and "长春理工大学（联建）" in listing


def _plan_dashboard_url() -> str:
    from kechuang.targets.models import Plan

    return f"/targets/plans/{Plan.objects.get(title='2027年长春市科技创新工作要点').pk}/"
