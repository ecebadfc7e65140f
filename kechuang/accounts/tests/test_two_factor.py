"""Issue 10: TOTP two-factor sign-in (django-otp) — enabling it on 账户安全 with a first code, the sign-in
page's second step, the API token's ``otp`` field, backup codes, a platform admin's audited reset, and the
``KECHUANG_REQUIRE_2FA_FOR_STAFF`` flag for officers and platform admins."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from kechuang.accounts import otp
from kechuang.core.audit import audit_verify
from kechuang.core.models import AuditRecord
from tests.pages import client_for

pytestmark = pytest.mark.django_db
PASSWORD = "Kechuang-2026"
TOKEN = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def _fresh_cache():  # type: ignore[no-untyped-def]
    cache.clear()


def code_for(device: TOTPDevice, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


def enable(client: Client, user) -> tuple[TOTPDevice, list[str]]:  # type: ignore[no-untyped-def]
    url = reverse("accounts:security")
    page = client.post(url, {"action": "start"})
    assert page.status_code == 200
    assert "<svg" in page.content.decode() and "otpauth" not in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(url, {"action": "confirm", "code": "000000" if code_for(device) != "000000" else "1"})
    assert "验证码不正确" in wrong.content.decode()
    assert not otp.has_two_factor(user)
    done = client.post(url, {"action": "confirm", "code": code_for(device)})
    assert done.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    return device, list(done.context["codes"])


def test_an_officer_enables_totp_and_then_needs_the_code_to_sign_in(cast):
    device, codes = enable(client_for(cast.officer), cast.officer)
    assert len(codes) == 10 and AuditRecord.objects.filter(action="otp.enable", actor=cast.officer).exists()

    client = Client()
    step1 = client.post(reverse("accounts:login"), {"username": "officer", "password": PASSWORD})
    assert step1.status_code == 302 and step1["Location"] == reverse("accounts:login_otp")
    # The password alone does not sign in.
    assert client.get(reverse("core:notification_list")).status_code == 302
    bad = client.post(reverse("accounts:login_otp"), {"code": "12345x"})
    assert "动态验证码不正确" in bad.content.decode()
    assert AuditRecord.objects.filter(action="security.login_failed", target_id=str(cast.officer.pk)).exists()
    time.sleep(1.1)  # django-otp throttles the device for a second after a failure
    # A code already used cannot be replayed; the next step's code works.
    ok = client.post(reverse("accounts:login_otp"), {"code": code_for(device, 30)})
    assert ok.status_code == 302
    assert client.get(reverse("core:notification_list")).status_code == 200


def test_a_backup_code_works_once(cast):
    _device, codes = enable(client_for(cast.officer), cast.officer)
    for expected in (302, 200):
        client = Client()
        client.post(reverse("accounts:login"), {"username": "officer", "password": PASSWORD})
        response = client.post(reverse("accounts:login_otp"), {"code": codes[0].upper()})
        assert response.status_code == expected  # the second time: the code is used up, the form again
    assert otp.backup_codes_left(cast.officer) == 9


def test_five_wrong_codes_end_the_attempt(cast):
    enable(client_for(cast.officer), cast.officer)
    client = Client()
    client.post(reverse("accounts:login"), {"username": "officer", "password": PASSWORD})
    for _ in range(5):
        response = client.post(reverse("accounts:login_otp"), {"code": "999999x"})
    assert response.status_code in {302, 429}
    assert client.get(reverse("accounts:login_otp")).status_code == 302  # back to the password


def test_the_api_token_needs_the_otp_field(cast):
    device, _codes = enable(client_for(cast.officer), cast.officer)
    api = APIClient()
    missing = api.post(TOKEN, {"username": "officer", "password": PASSWORD}, format="json")
    assert missing.status_code == 400
    assert missing.json()["extra"]["code"] == "otp_required"
    wrong = api.post(TOKEN, {"username": "officer", "password": PASSWORD, "otp": "000001"}, format="json")
    assert wrong.status_code == 400 and wrong.json()["extra"]["code"] == "otp_invalid"
    time.sleep(1.1)
    ok = api.post(
        TOKEN, {"username": "officer", "password": PASSWORD, "otp": code_for(device, 30)}, format="json"
    )
    assert ok.status_code == 200 and ok.json()["token"]


def test_a_platform_admin_resets_the_second_factor_audited(cast):
    enable(client_for(cast.officer), cast.officer)
    url = reverse("accounts:user_otp_reset", args=[cast.officer.pk])
    assert client_for(cast.org_admin).post(url).status_code == 404
    assert otp.has_two_factor(cast.officer)
    assert client_for(cast.admin).post(url).status_code == 302
    assert not otp.has_two_factor(cast.officer)
    record = AuditRecord.objects.get(action="otp.reset")
    assert record.actor_id == cast.admin.pk and record.target_id == str(cast.officer.pk)
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "officer", "password": PASSWORD})
    assert response["Location"] == reverse("core:home")  # the password alone again
    assert audit_verify()[1] is None


@override_settings(KECHUANG_REQUIRE_2FA_FOR_STAFF=True)
def test_required_for_officers_and_admins_only(cast):
    officer = client_for(cast.officer)
    response = officer.get(reverse("core:notification_list"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:security")
    assert officer.get(reverse("accounts:security")).status_code == 200
    api = APIClient()
    refused = api.post(TOKEN, {"username": "officer", "password": PASSWORD}, format="json")
    assert refused.status_code == 400 and refused.json()["extra"]["code"] == "otp_setup_required"
    assert client_for(cast.admin).get(reverse("core:notification_list")).status_code == 302
    # An enterprise user is not held.
    assert client_for(cast.org_admin).get(reverse("core:notification_list")).status_code == 200
    # Once enabled (this session verified), the officer goes on.
    enable(officer, cast.officer)
    assert officer.get(reverse("core:notification_list")).status_code == 200
