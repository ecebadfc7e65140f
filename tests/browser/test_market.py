"""The technology market in a real browser: a university publishes an achievement after an officer's
review; an enterprise posts a demand and sees explained suggestions, gives feedback and contacts the
university, which accepts and answers in the thread."""

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
    uni.fill("input[name=trl]", "6")
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
    ent.fill("input[name=min_trl]", "5")
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
