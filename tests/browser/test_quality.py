"""Quality, brand and IP in the browser (issue 17):

1. a unit (吉林测试大学) nominates an enterprise for 知识产权示范企业, experts of the discipline review it,
   the officer decides, publishes and recognises it — and the designation appears on the enterprise's
   page, in the plan dashboard's count and in a policy rule's answer;
2. a complaint is lodged, assigned, answered and closed;
3. a failed inspection lowers the credit grade; a major penalty (D, 失信) then blocks a new application,
   and the enterprise is told why.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests import factories as f

pytestmark = pytest.mark.browser
PASSWORD = "Kechuang-2026"
IP_RULE = """
id: cc-ipd-reward
title: 长春市知识产权示范企业奖励
source:
  document: 长春市知识产权示范企业奖励办法（测试）
  number: 长知发〔2026〕1号
  issuer: 长春市知识产权局
  article: 第三条
effective: {from: 2020-01-01, to: null}
benefit: {type: subsidy, text: 一次性奖励10万元}
mode: apply
rule:
  all:
    - label: 被认定为知识产权示范企业
      when: designated("知识产权示范企业")
"""


@pytest.fixture
def scene(live_server, settings, tmp_path):  # type: ignore[no-untyped-def]
    from kechuang.policies.services import measure_save_rule
    from kechuang.recognition.demo_awards import AWARD_INDICATORS
    from kechuang.recognition.tests.builders import GOOD_FIGURES, make_call, make_scheme
    from kechuang.registry.models import Department, Region
    from kechuang.registry.services_experts import expert_create
    from kechuang.targets import services as targets

    settings.MEDIA_ROOT = tmp_path
    admin = f.UserFactory(username="admin", is_platform_admin=True)
    officer_role = f.OfficerFactory(user__username="officer", user__display_name="王立新")
    science = officer_role.department
    org = f.OrganizationFactory(name="长春启明光电科技有限公司")
    f.MembershipFactory(organization=org, user__username="qiye", user__display_name="李明")
    f.StatisticsFactory(organization=org, year=dt.date.today().year - 1, **GOOD_FIGURES)
    unit = f.OrganizationFactory(
        name="吉林测试大学", kind="university", region=Region.objects.get(code="220104")
    )
    f.MembershipFactory(organization=unit, user__username="tuijian", user__display_name="孙浩")
    for i in range(5):
        uni = f.OrganizationFactory(
            name=f"吉林专家大学{i}", kind="university", region=Region.objects.get(code="220104")
        )
        expert_create(
            name=f"专家{i}",
            user=f.UserFactory(username=f"zhuanjia{i}"),
            organization=uni,
            fields=["C"],
            actor=admin,
        )
    ip_scheme = make_scheme(
        department=science,
        actor=admin,
        code="ccipd",
        name="长春市知识产权示范企业认定",
        carrier_kind="",
        designation_kind="ip_demonstration",
        recognition_title="长春市知识产权示范企业",
        indicator_system=AWARD_INDICATORS,
        eligibility={"organization_kinds": ["enterprise"], "verified_only": True},
    )
    ip_call = make_call(scheme=ip_scheme, actor=officer_role.user)
    tech_call = make_call(scheme=make_scheme(department=science, actor=admin), actor=officer_role.user)
    measure_save_rule(actor=admin, rule_source=IP_RULE, status="published")
    plan = targets.plan_create(
        actor=officer_role.user,
        kind="implementation",
        title="长春市知识产权强市建设方案",
        department=science,
        region=Region.objects.get(code="220100"),
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2027, 12, 31),
    )
    targets.indicator_create(
        actor=officer_role.user,
        plan=plan,
        code="IP1",
        name="市级知识产权示范企业",
        unit="家",
        target_value=10,
        target_date=dt.date(2027, 12, 31),
        baseline_date=dt.date(2025, 1, 1),
        baseline_value=0,
        metric={"op": "count", "model": "designation", "where": {"kind": "ip_demonstration"}},
    )
    Department.objects.get_or_create(
        region_id="220102", kind="market_regulation", defaults={"name": "南关区市场监督管理局"}
    )
    return {"org": org, "ip_call": ip_call, "tech_call": tech_call, "plan": plan, "science": science}


def as_user(page, login, username):  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    return login(username, PASSWORD)


def click(page, selector):  # type: ignore[no-untyped-def]
    with page.expect_navigation():
        page.click(selector)


def test_nomination_designation_complaint_and_credit(page, login, scene, tmp_path):  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    from kechuang.recognition.models import Application

    cache.clear()
    org, call = scene["org"], scene["ip_call"]
    pdf = tmp_path / "推荐表.pdf"
    pdf.write_bytes(b"%PDF-1.4 test")

    # 1. the unit nominates the enterprise, attaches its nomination form and submits
    as_user(page, login, "tuijian")
    page.goto(f"/recognition/calls/{call.pk}/")
    page.fill("#nominate input[name=uscc]", org.uscc)
    page.fill("#nominate input[name=title]", "长春启明光电知识产权示范企业")
    page.fill("#nominate textarea[name=summary]", "拥有有效发明专利4件，建立了知识产权管理体系。")
    click(page, "button[name=nominate]")
    assert "已创建提名草稿" in page.content()
    assert "吉林测试大学推荐" in page.content()
    page.fill("form:has(#upload) input[name=title]", "推荐表")
    page.set_input_files("form:has(#upload) input[name=file]", str(pdf))
    click(page, "#upload")
    click(page, "#move-submitted")
    assert page.locator("#app-status").inner_text() == "已提交"
    application = Application.objects.get(call=call)
    app_url = f"/recognition/applications/{application.pk}/"

    # 2. the officer checks it and forms the panel of the discipline's experts
    as_user(page, login, "officer")
    page.goto(app_url)
    click(page, "#move-formal_check")
    click(page, "#move-expert_review")
    assert page.locator("#app-status").inner_text() == "专家评审中"
    page.goto(f"/recognition/officer/calls/{call.pk}/")
    click(page, "#panel-link")
    click(page, "#panel-assign")
    click(page, "#panel-open")
    panel_url = page.url

    # 3. five experts score
    for i in range(5):
        as_user(page, login, f"zhuanjia{i}")
        page.goto("/review/")
        with page.expect_navigation():
            page.get_by_role("link", name="长春启明光电知识产权示范企业").click()
        page.fill("input[name=score_quality]", "16")
        page.fill("input[name=score_impact]", str(14 + i))
        page.fill("textarea[name=comment]", "知识产权管理规范，建议认定。")
        click(page, "#score-submit")
        assert page.locator("#assignment-status").inner_text() == "已评分"

    # 4. the officer closes the review, decides, publishes; after publicity the enterprise is recognised
    as_user(page, login, "officer")
    page.goto(panel_url)
    click(page, "#panel-close")
    page.goto(app_url)
    click(page, "#move-decision")
    click(page, "#move-publicity")
    yesterday = dt.date.today() - dt.timedelta(days=1)
    Application.objects.filter(pk=application.pk).update(
        publicity_starts_on=yesterday - dt.timedelta(days=7), publicity_ends_on=yesterday
    )
    page.goto(app_url)
    click(page, "#move-recognised")
    assert page.locator("#app-status").inner_text() == "已认定"

    # the designation: on the enterprise's page, in the plan's count, in the policy rule's answer
    page.goto(f"/registry/organizations/{org.pk}/")
    assert "知识产权示范企业" in page.locator("#designations").inner_text()
    page.goto(f"/quality/organizations/{org.pk}/")
    assert "知识产权示范企业" in page.content()
    page.goto(f"/targets/plans/{scene['plan'].pk}/")
    assert page.locator("#indicators tr[data-code=IP1] td.actual").inner_text().strip() == "1"
    as_user(page, login, "qiye")
    page.goto("/policies/mine/")
    eligible = page.locator("#eligible article[data-measure=cc-ipd-reward]")
    assert "长春市知识产权示范企业奖励" in eligible.locator("h3").inner_text()

    # 5. a complaint: lodged by the enterprise, assigned, answered, closed
    page.goto("/quality/complaints/new/")
    page.fill("input[name=subject]", "发现假冒本公司注册商标的产品")
    page.select_option("select[name=category]", "trademark")
    page.fill("textarea[name=body]", "在南关区某市场发现假冒我公司注册商标的光电产品，请查处。")
    page.fill("input[name=region]", "220102")
    click(page, "main form button[type=submit]")
    assert "投诉已登记" in page.content()
    complaint_url = page.url
    as_user(page, login, "officer")
    page.goto(complaint_url)
    page.select_option("select[name=department]", str(scene["science"].pk))
    click(page, "form[action$='/assign/'] button")
    assert "投诉已交办。" in page.content()
    page.fill("textarea[name=answer]", "已会同市场监管部门查处，涉案产品已下架。")
    click(page, "form[action$='/answer/'] button")
    assert "已答复" in page.content()
    page.goto("/quality/complaints/statistics/")
    assert "商标侵权" in page.content()
    as_user(page, login, "qiye")
    page.goto(complaint_url)
    click(page, "form[action$='/close/'] button")
    assert "投诉已办结。" in page.content() and "已办结" in page.content()

    # 6. a failed inspection lowers the grade; a major penalty makes it D and blocks a new application
    as_user(page, login, "officer")
    page.goto(f"/quality/organizations/{org.pk}/")
    page.click("summary:has-text('记录质量信用事件')")
    page.select_option("form[action$='/credit/'] select[name=kind]", "inspection_failed")
    page.fill("form[action$='/credit/'] input[name=occurred_on]", dt.date.today().isoformat())
    page.fill("form[action$='/credit/'] input[name=source]", "长春市市场监督管理局产品质量监督抽查")
    click(page, "form[action$='/credit/'] button")
    assert "B级（基本守信）" in page.content()
    page.click("summary:has-text('记录质量信用事件')")
    page.select_option("form[action$='/credit/'] select[name=kind]", "major_penalty")
    page.fill("form[action$='/credit/'] input[name=occurred_on]", dt.date.today().isoformat())
    page.fill("form[action$='/credit/'] input[name=source]", "长春市市场监督管理局行政处罚决定书")
    click(page, "form[action$='/credit/'] button")
    assert "D级（失信）" in page.content()
    as_user(page, login, "qiye")
    page.goto(f"/recognition/calls/{scene['tech_call'].pk}/")
    page.fill(f"#apply-{org.pk} input[name=title]", "长春启明光电企业技术中心")
    click(page, "button[name=apply]")
    page.fill("form:has(#upload) input[name=title]", "营业执照")
    page.set_input_files("form:has(#upload) input[name=file]", str(pdf))
    click(page, "#upload")
    click(page, "#move-submitted")
    text = page.content()
    assert "贵单位已被列入" in text and "重大行政处罚" in text
    assert page.locator("#app-status").inner_text() == "草稿"
