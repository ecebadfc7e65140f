"""Two-factor sign-in in a real browser: an officer enables TOTP on 账户安全 (QR code drawn inline, under
the Content-Security-Policy), keeps the backup codes, signs out and signs in again with a code."""

from __future__ import annotations

import os
import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import OfficerFactory

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("KECHUANG_SCREENSHOTS")  # a directory: keep screenshots of the pages for a look


def _code(device: TOTPDevice, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_an_officer_enables_totp_and_signs_in_with_a_code(page, login):  # type: ignore[no-untyped-def]
    officer = OfficerFactory(user__username="li_officer", user__display_name="李科员").user
    login("li_officer", "Kechuang-2026")
    page.goto("/accounts/security/")
    with page.expect_navigation():
        page.click("text=开始设置")
    assert page.locator(".qr svg").count() == 1  # the QR code rendered (inline SVG, no image service)
    _shot(page, "security-setup")
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    page.fill("input[name=code]", _code(device))
    with page.expect_navigation():
        page.click("text=确认启用")
    assert page.locator(".backup-codes li").count() == 10
    _shot(page, "security-enabled")
    with page.expect_navigation():
        page.click("header button:has-text('退出')")
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "li_officer")
    page.fill("input[name=password]", "Kechuang-2026")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.url.endswith("/accounts/login/code/")
    _shot(page, "login-code")
    page.fill("input[name=code]", _code(device, 30))
    with page.expect_navigation():
        page.click("text=验证并登录")
    assert page.locator("header .username").inner_text() == "李科员"
