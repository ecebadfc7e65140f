"""The technology market in a real browser: a university publishes an achievement after an officer's
review; an enterprise posts a demand and sees explained suggestions, gives feedback and contacts the
university, which accepts and answers in the thread. An officer runs a matchmaking event (create, add the
achievement found by search, publish), the enterprise registers, the officer records the signed agreement,
registers it as a technology contract from the prefilled form and finds it in the statistics."""

from __future__ import annotations

from typing import Any

import pytest

from kechuang.market import search, services
from kechuang.registry.models import Region
from tests import factories as f

pytestmark = pytest.mark.browser
PASSWORD = "Kechuang-2026"


@pytest.fixture
def market(transactional_db, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MATCHING_INDEX_DIR = tmp_path / "matching"
    search.reset_cache()
    f.OfficerFactory(user__username="officer")
    uni = f.OrganizationFactory(name="吉林大学", kind="university", region=Region.objects.get(code="220102"))
    uni_user = f.MembershipFactory(organization=uni, user__username="uni").user
    ent = f.OrganizationFactory(name="长春启明汽车零部件有限公司")
    f.MembershipFactory(organization=ent, user__username="liming", user__display_name="李明")
    background = [
        ("玉米秸秆生物质发电技术", "利用玉米秸秆直燃发电，降低农业废弃物污染。", ["秸秆"], 8),
        ("湖泊水体富营养化评价模型", "基于三角模糊数的湖泊富营养化评价方法。", ["富营养化"], 3),
        ("锂电池正极材料制备", "高镍三元正极材料的共沉淀制备工艺。", ["锂电池"], 5),
        ("工业零件表面缺陷检测", "基于深度学习的零件表面缺陷检测系统。", ["缺陷检测"], 7),
    ]
    admin = f.UserFactory(username="admin", is_platform_admin=True)
    for i in range(6):
        for title, summary, kw, trl in background:
            a = services.achievement_create(
                actor=admin,
                owner=uni,
                data={
                    "title": f"{title}{i}",
                    "summary": summary,
                    "keywords": kw,
                    "maturity": "pilot",
                    "trl": trl,
                    "transfer_modes": ["转让"],
                },
            )
            services.achievement_submit(achievement=a, actor=admin)
            services.achievement_review(achievement=a, actor=admin, approve=True)
    yield {"uni": uni, "uni_user": uni_user, "ent": ent}
    search.reset_cache()


def _as(browser: Any, live_server: Any, username: str) -> Any:
    ctx = browser.new_context(base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai")
    ctx.set_default_timeout(30_000)
    page = ctx.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "/accounts/login/" not in page.url, f"login as {username} failed"
    return page


def test_publish_review_demand_suggestions_contact(browser, live_server, market):  # type: ignore[no-untyped-def]
    # 1. the university enters an achievement and submits it for review
    uni = _as(browser, live_server, "uni")
    uni.goto("/market/achievements/new/")
    uni.fill("input[name=title]", "稀土镁合金高压压铸技术")
    uni.fill("textarea[name=summary]", "一种稀土镁合金高压压铸工艺，提高汽车轮毂强度和耐腐蚀性能。")
    uni.fill("input[name=keywords]", "稀土镁合金,压铸,汽车轮毂")
    uni.select_option("select[name=maturity]", "pilot")
    uni.select_option("select[name=trl]", "6")  # the sentence for level 6
    uni.check("input[name=transfer_modes][value=转让]")
    with uni.expect_navigation():
        uni.click("button[name=submit]")
    assert uni.locator("#status").inner_text() == "待审核"
    detail_url = uni.url

    # not public yet
    anon = browser.new_context(base_url=live_server.url).new_page()
    assert anon.goto(detail_url).status == 404

    # 2. the officer of the region publishes it
    officer = _as(browser, live_server, "officer")
    officer.goto("/market/review/")
    with officer.expect_navigation():
        officer.get_by_role("link", name="稀土镁合金高压压铸技术").click()
    with officer.expect_navigation():
        officer.get_by_role("button", name="审核通过并发布").click()
    assert officer.locator("#status").inner_text() == "已发布"
    assert anon.goto(detail_url).status == 200

    # 3. the enterprise posts a demand and sees explained suggestions
    ent = _as(browser, live_server, "liming")
    ent.goto("/market/demands/new/")
    ent.fill("input[name=title]", "汽车轮毂轻量化")
    ent.fill("textarea[name=problem]", "需要镁合金压铸轻量化技术，提高轮毂强度。")
    ent.fill("textarea[name=confidential_detail]", "现有良品率82%")
    ent.fill("input[name=keywords]", "镁合金,压铸,轻量化")
    ent.select_option("select[name=min_trl]", "5")
    with ent.expect_navigation():
        ent.click("button[name=submit]")
    first = ent.locator("#suggestions li.suggestion").first
    assert "稀土镁合金高压压铸技术" in first.inner_text()
    assert "共同词语" in first.inner_text()

    # 4. contact: the enterprise asks, the university accepts and answers
    with ent.expect_navigation():
        first.get_by_role("link", name="稀土镁合金高压压铸技术").click()
    ent.fill("#contact-form textarea[name=message]", "希望洽谈许可")
    with ent.expect_navigation():
        ent.get_by_role("button", name="发送对接请求").click()
    assert ent.locator("#contact-status").inner_text() == "待回复"
    contact_url = ent.url

    uni.goto(contact_url)
    with uni.expect_navigation():
        uni.get_by_role("button", name="接受对接").click()
    assert uni.locator("#contact-status").inner_text() == "已接受"
    uni.fill("textarea[name=body]", "欢迎下周来校面谈")
    with uni.expect_navigation():
        uni.get_by_role("button", name="发送").click()
    ent.goto(contact_url)
    assert "欢迎下周来校面谈" in ent.locator(".thread").inner_text()


@pytest.fixture
def event_market(transactional_db, settings, tmp_path):  # type: ignore[no-untyped-def]
    """A lighter market: one published achievement of the university, an enterprise and an officer."""
    settings.MATCHING_INDEX_DIR = tmp_path / "matching"
    search.reset_cache()
    f.OfficerFactory(user__username="officer")
    uni = f.OrganizationFactory(name="吉林大学", kind="university", region=Region.objects.get(code="220102"))
    ent = f.OrganizationFactory(name="长春启明汽车零部件有限公司")
    f.MembershipFactory(organization=ent, user__username="liming")
    admin = f.UserFactory(username="admin", is_platform_admin=True)
    a = services.achievement_create(
        actor=admin,
        owner=uni,
        data={
            "title": "稀土镁合金高压压铸技术",
            "summary": "一种稀土镁合金高压压铸工艺，提高汽车轮毂强度。",
            "keywords": ["稀土镁合金", "压铸"],
            "maturity": "pilot",
            "trl": 6,
            "transfer_modes": ["转让"],
        },
    )
    services.achievement_submit(achievement=a, actor=admin)
    services.achievement_review(achievement=a, actor=admin, approve=True)
    yield {"uni": uni, "ent": ent}
    search.reset_cache()


def test_event_agreement_becomes_a_contract_in_the_statistics(browser, live_server, event_market):  # type: ignore[no-untyped-def]
    uni, ent = event_market["uni"], event_market["ent"]
    # 1. the officer creates the event (a draft), finds the achievement by search and adds it, publishes
    officer = _as(browser, live_server, "officer")
    officer.goto("/market/events/new/")
    officer.fill("input[name=organizer]", "吉林大学")
    officer.fill("input[name=title]", "长春新材料产学研对接会")
    officer.fill("input[name=starts_at]", "2026-12-01T09:30")
    officer.select_option("select[name=region]", "220100")
    officer.fill("input[name=location]", "长春国际会展中心")
    with officer.expect_navigation():
        officer.click("button[name=submit]")
    assert officer.locator("#event-status").inner_text() == "筹备中"
    event_url = officer.url
    officer.fill("#item-q", "镁合金 压铸")
    with officer.expect_navigation():
        officer.locator("#item-search button").click()
    with officer.expect_navigation():
        officer.get_by_role("button", name="添加 稀土镁合金高压压铸技术").click()
    assert "稀土镁合金高压压铸技术" in officer.locator("#items ul").first.inner_text()
    with officer.expect_navigation():
        officer.get_by_role("button", name="发布活动").click()
    assert officer.locator("#event-status").inner_text() == "已发布"

    # 2. the enterprise registers itself
    company = _as(browser, live_server, "liming")
    company.goto("/market/events/")
    with company.expect_navigation():
        company.get_by_role("link", name="长春新材料产学研对接会").click()
    with company.expect_navigation():
        company.get_by_role("button", name="报名", exact=True).click()
    assert "报名成功。" in company.locator(".messages").inner_text()
    assert ent.name in company.locator("#registrations").inner_text()

    # 3. the officer records the signed agreement between the university and the enterprise
    officer.goto(event_url)
    assert ent.name in officer.locator("#registrations").inner_text()
    with officer.expect_navigation():
        officer.get_by_role("link", name="记录活动成效").click()
    officer.select_option("select[name=kind]", "agreement")
    officer.select_option("select[name=item]", label="稀土镁合金高压压铸技术")
    officer.select_option("select[name=seller]", str(uni.pk))
    officer.select_option("select[name=buyer]", str(ent.pk))
    officer.fill("input[name=amount]", "300000")
    with officer.expect_navigation():
        officer.click("button[name=submit]")
    outcomes = officer.locator("#outcomes").inner_text()
    assert "签约协议" in outcomes and "30.00万元" in outcomes

    # 4. the agreement becomes a contract registration, prefilled
    with officer.expect_navigation():
        officer.get_by_role("link", name="登记为技术合同").click()
    assert officer.input_value("input[name=title]") == "稀土镁合金高压压铸技术"
    assert officer.input_value("select[name=buyer]") == str(ent.pk)
    officer.select_option("select[name=contract_type]", "transfer")
    officer.fill("input[name=tech_amount]", "280000")
    with officer.expect_navigation():
        officer.click("button[name=submit]")
    assert "合同已登记" in officer.locator(".messages").inner_text()

    # 5. and it is counted in the statistics of the officer's region, under 南关区
    officer.goto("/market/contracts/statistics/")
    assert officer.locator("#total-tech-amount").inner_text() == "28.00万元"
    assert "南关区" in officer.locator("#by-region").inner_text()
    assert "技术转让" in officer.locator("#by-type").inner_text()
    officer.goto(event_url)
    assert "登记为技术合同" not in officer.locator("#outcomes").inner_text()
