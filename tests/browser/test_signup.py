"""An enterprise signs up in the browser: a wrong USCC check digit is refused with the exact message,
the corrected code is accepted and the new user lands on the organization's page (pending verification)."""

from __future__ import annotations

import re

import pytest

from kechuang.core.models import AuditRecord
from kechuang.registry.models import Membership, Organization
from kechuang.registry.validators import uscc_check_digit

pytestmark = pytest.mark.browser

BODY = "91220102MA0Y7K3Q2"  # 17 characters: 工商 / 企业, 长春市南关区
GOOD = BODY + uscc_check_digit(BODY)
WRONG_DIGIT = "0" if GOOD[-1] != "0" else "1"
BAD = BODY + WRONG_DIGIT


def _fill(page, uscc: str) -> None:  # type: ignore[no-untyped-def]
    page.fill("input[name=uscc]", uscc)
    page.fill("input[name=name]", "长春启明光电科技有限公司")
    page.select_option("select[name=kind]", "enterprise")
    page.fill("input[name=region]", "220102")
    page.fill("input[name=display_name]", "李明")
    page.fill("input[name=username]", "qiming")
    page.fill("input[name=email]", "liming@qiming.example.cn")
    page.fill("input[name=password]", "Qiming-Optics-2026")
    page.fill("input[name=password2]", "Qiming-Optics-2026")


def test_enterprise_signup_refuses_wrong_check_digit_then_lands_on_its_page(page):  # type: ignore[no-untyped-def]
    page.goto("/")
    page.click("header >> text=机构注册")
    assert page.url.endswith("/accounts/signup/")

    _fill(page, BAD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    expected = (
        f"统一社会信用代码校验位错误：第18位应为“{GOOD[-1]}”，而不是“{WRONG_DIGIT}”。请核对后重新输入。"
    )
    error = page.locator(".field.has-error .errors")
    assert error.inner_text().strip() == expected
    assert page.url.endswith("/accounts/signup/")
    assert not Organization.objects.filter(uscc__startswith=BODY).exists()
    assert not AuditRecord.objects.filter(action="organization.create").exists()

    # The form keeps what was typed (except passwords); fix the code and submit again.
    assert page.input_value("input[name=name]") == "长春启明光电科技有限公司"
    _fill(page, GOOD)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/organizations/\d+/$"))

    org = Organization.objects.get(uscc=GOOD)
    assert page.url.endswith(f"/organizations/{org.pk}/")
    assert page.locator("main h1").inner_text().startswith("长春启明光电科技有限公司")
    assert page.locator("main .tag.status-pending").first.inner_text() == "待核验"
    assert GOOD in page.locator("main").inner_text()
    assert "注册成功" in page.locator(".messages").inner_text()
    assert org.verification_status == "pending"
    assert Membership.objects.get(organization=org).user.username == "qiming"
    assert page.locator("header .username").inner_text() == "李明"
