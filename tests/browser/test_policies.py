"""The enterprise's policy view in a real browser: eligible and almost-eligible measures with their
reasons, the explanation tree, one-click claim with prefilled data, and submission."""

from __future__ import annotations

import datetime as dt

import pytest

from kechuang.policies import services
from kechuang.policies.models import PolicyStatistics
from kechuang.registry.models import YearlyStatistics
from tests import factories as f

pytestmark = pytest.mark.browser


@pytest.fixture
def enterprise(transactional_db):  # type: ignore[no-untyped-def]
    admin = f.UserFactory(username="admin", is_platform_admin=True)
    services.documents_load(actor=admin)
    services.measures_sync(actor=admin)
    org = f.OrganizationFactory(
        name="长春启明光电科技有限公司", size="small", founded_on=dt.date(2019, 5, 10)
    )
    last_year = dt.date.today().year - 1
    YearlyStatistics.objects.create(
        organization=org, year=last_year, revenue=80_000_000, rd_expenditure=3_200_000
    )
    PolicyStatistics.objects.create(organization=org, year=last_year, rd_institutions_provincial=0)
    f.MembershipFactory(organization=org, user__username="liming", user__display_name="李明")
    return org


def test_enterprise_sees_policies_with_reasons_and_claims_one(page, login, enterprise):  # type: ignore[no-untyped-def]
    login("liming", "Kechuang-2026")
    page.goto("/policies/mine/")
    eligible = page.locator("#eligible article[data-measure=specialized-sme]")
    assert "专精特新中小企业认定" in eligible.locator("h3").inner_text()
    # the explanation opens and shows the actual figure next to the requirement
    eligible.locator("summary").click()
    text = eligible.locator(".steps-tree").first.inner_text()
    assert "研发费用 320万元，要求 ≥ 100万元" in text
    assert "上年度研发费用占营业收入比例 4%，要求 ≥ 3%" in text
    # almost: what is missing is said plainly
    almost = page.locator("#almost article[data-measure=innovative-sme]")
    assert "取得高新技术企业资质" in almost.locator(".changes").first.inner_text()
    # one click: a draft with the figures filled in, then submit
    with page.expect_navigation():
        eligible.get_by_role("button", name="一键申请").click()
    assert page.locator("#claim-status").inner_text() == "草稿"
    assert "研发费用 320万元，要求 ≥ 100万元" in page.locator(".steps-tree").first.inner_text()
    page.fill("textarea[name=note]", "请审核")
    with page.expect_navigation():
        page.get_by_role("button", name="提交申请").click()
    assert page.locator("#claim-status").inner_text() == "已提交"
    assert "申请已提交，请等待审核。" in page.locator(".messages").inner_text()
    page.goto("/policies/mine/")
    assert "已提交" in page.locator("#eligible article[data-measure=specialized-sme] h3").inner_text()


RULE = """id: changchun-rd-subsidy
title: 长春市研发投入补助
source: {document: 长春市促进科技创新若干政策, number: 长府发〔2025〕1号, article: 第三条}
effective: {from: 2025-01-01}
benefit: {type: subsidy, text: 按研发费用的10%补助}
rule:
  all:
    - kind == "enterprise"
    - label: 注册地在长春市
      when: region under "220100"
    - label: 上年度研发费用不低于100万元
      when: stats[last_year].rd_expenditure >= 100万
"""


def test_officer_checks_fixes_and_saves_a_rule(page, login, enterprise):  # type: ignore[no-untyped-def]
    admin = f.UserFactory(username="admin2", is_platform_admin=True)
    measure = services.measure_save_rule(actor=admin, rule_source=RULE, status="published")
    f.OfficerFactory(user__username="wangfang")
    login("wangfang", "Kechuang-2026")
    page.goto(f"/policies/measures/{measure.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="编辑规则").click()
    # a typo: the check says where and why, and nothing is saved
    page.fill("textarea[name=rule_source]", RULE.replace("rd_expenditure >=", "rd_expenditur >="))
    with page.expect_navigation():
        page.get_by_role("button", name="检查").click()
    assert "第 12 行，第 30 列" in page.locator("#rule-error").inner_text()
    assert "未知的年度统计字段“rd_expenditur”" in page.locator("#rule-error-reason").inner_text()
    # the cursor is put on the error in the text
    selected = page.evaluate(
        "() => { const a = document.querySelector('textarea.rule-source');"
        " return a.value.slice(a.selectionStart, a.selectionStart + 13); }"
    )
    assert selected == "rd_expenditur"
    # fixed and lowered: the rule in words and how many qualify in the region
    page.fill("textarea[name=rule_source]", RULE.replace(">= 100万", ">= 50万"))
    with page.expect_navigation():
        page.get_by_role("button", name="检查").click()
    assert page.locator("#preview-eligible").inner_text() == "1"
    assert "2025年研发费用 ≥ 50万元" in page.locator("#rule-outline").inner_text().replace(
        str(dt.date.today().year - 1), "2025"
    )
    page.fill("input[name=note]", "门槛降为50万")
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    assert "规则已保存为第 2 版。" in page.locator(".messages").inner_text()
    assert "门槛降为50万" in page.locator("#rule-versions").inner_text()
