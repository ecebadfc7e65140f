"""Shared resources in a real browser: an enterprise applies for an innovation voucher and the officer
issues it; the enterprise books an instrument at a university, the university approves the booking and
records the use; the enterprise pays part of the fee with the voucher; the university claims settlement,
the officer approves and pays it; the reconciliation page shows the money balanced."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from kechuang.resources.models import Booking, Redemption, Voucher
from kechuang.resources.services.vouchers import scheme_create
from tests import app_factories as af
from tests import factories as f

pytestmark = pytest.mark.browser
PASSWORD = "Kechuang-2026"


@pytest.fixture
def resources(transactional_db):  # type: ignore[no-untyped-def]
    officer = f.OfficerFactory(user__username="officer", department__name="长春市科学技术局")
    jlu = f.OrganizationFactory(name="吉林大学", kind="university")
    f.MembershipFactory(organization=jlu, user__username="jlu_lab", role="admin")
    ent = f.OrganizationFactory(name="长春启明汽车零部件有限公司", size="small")
    f.MembershipFactory(organization=ent, user__username="liming", role="admin")
    instrument = af.InstrumentFactory(
        owner=jlu, name="场发射扫描电子显微镜", model_number="JSM-7900F", fee_external=Decimal("600")
    )
    today = timezone.localdate()
    scheme = scheme_create(
        actor=officer.user,
        department=officer.department,
        name="2026年度长春市科技创新券",
        year=today.year,
        budget=Decimal("1000000"),
        share_percent=Decimal("50"),
        cap_per_enterprise=Decimal("100000"),
        valid_from=today - dt.timedelta(days=30),
        valid_until=today + dt.timedelta(days=200),
        eligibility_rule='kind == "enterprise" and size in ["small", "micro"]',
    )
    return {"instrument": instrument, "scheme": scheme, "ent": ent}


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


def _message(page: Any) -> str:
    return page.locator(".messages").inner_text()


def test_voucher_booking_redemption_settlement_reconciliation(browser, live_server, resources):  # type: ignore[no-untyped-def]
    instrument = resources["instrument"]
    # 1. the enterprise applies for a voucher of the open scheme
    ent = _as(browser, live_server, "liming")
    ent.goto("/resources/vouchers/")
    with ent.expect_navigation():
        ent.get_by_role("link", name="申领", exact=True).click()
    ent.fill("input[name=amount]", "20000")
    ent.fill("textarea[name=purpose]", "委托吉林大学对镁合金轮毂断口做电镜分析")
    with ent.expect_navigation():
        ent.get_by_role("button", name="提交申领").click()
    assert "申领已提交" in _message(ent)

    # 2. the officer issues 15,000元
    officer = _as(browser, live_server, "officer")
    officer.goto("/resources/officer/applications/")
    row = officer.locator("tr", has_text="长春启明汽车零部件有限公司")
    row.locator("input[name=amount]").fill("15000")
    with officer.expect_navigation():
        row.get_by_role("button", name="发券", exact=True).click()
    assert "操作成功" in _message(officer)
    voucher = Voucher.objects.get(enterprise=resources["ent"])
    assert voucher.amount == Decimal("15000")

    # 3. the enterprise books the university's microscope
    start = timezone.localtime() + dt.timedelta(days=2)
    ent.goto(f"/resources/instruments/{instrument.pk}/")
    with ent.expect_navigation():
        ent.get_by_role("link", name="预约使用").click()
    ent.fill("input[name=starts_at]", start.strftime("%Y-%m-%dT09:00"))
    ent.fill("input[name=ends_at]", start.strftime("%Y-%m-%dT12:00"))
    ent.fill("textarea[name=sample_description]", "镁合金轮毂断口样品3件")
    with ent.expect_navigation():
        ent.get_by_role("button", name="提交预约申请").click()
    assert "等待仪器所属单位审核" in _message(ent)
    booking = Booking.objects.get(instrument=instrument)

    # 4. the university approves and records the use (3 hours, 3 samples, 1,800元)
    lab = _as(browser, live_server, "jlu_lab")
    lab.goto("/resources/requests/")
    with lab.expect_navigation():
        lab.get_by_role("link", name="场发射扫描电子显微镜").first.click()
    with lab.expect_navigation():
        lab.get_by_role("button", name="批准", exact=True).click()
    lab.fill("input[name=hours]", "3")
    lab.fill("input[name=samples]", "3")
    lab.fill("input[name=fee]", "1800")
    lab.check("input[name=result_delivered]")
    with lab.expect_navigation():
        lab.get_by_role("button", name="保存使用记录").click()
    booking.refresh_from_db()
    assert (booking.status, booking.fee) == ("used", Decimal("1800.00"))

    # 5. the enterprise pays half of the fee with the voucher
    ent.goto("/resources/vouchers/")
    with ent.expect_navigation():
        ent.get_by_role("button", name="抵扣", exact=True).click()
    assert "已抵扣900.00元" in _message(ent)

    # 6. the university claims settlement; 7. the officer approves and pays it
    lab.goto("/resources/settlements/")
    with lab.expect_navigation():
        lab.get_by_role("button", name="申请结算").click()
    officer.goto("/resources/officer/settlements/")
    with officer.expect_navigation():
        officer.get_by_role("button", name="审核通过", exact=True).click()
    with officer.expect_navigation():
        officer.get_by_role("button", name="登记拨付").click()
    assert Redemption.objects.get().status == "paid"

    # 8. the reconciliation shows where the money is: issued 1.5万 = redeemed 0.09万 + open 1.41万
    officer.goto("/resources/officer/reconciliation/")
    scheme_row = officer.locator("tr", has_text="2026年度长春市科技创新券").first.inner_text()
    assert "1.50万元" in scheme_row and "0.09万元" in scheme_row and "1.41万元" in scheme_row
    assert "平衡" in scheme_row
    provider_row = officer.locator("tr", has_text="吉林大学").inner_text()
    assert provider_row.count("0.09万元") == 2  # redeemed, and paid
