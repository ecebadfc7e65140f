"""Sign-in throttling (django-axes): per account and per address, on the page and the token endpoint;
the client address from REMOTE_ADDR unless the request comes through a trusted proxy; failed sign-ins
and lockouts recorded in the audit chain."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory, override_settings
from rest_framework.test import APIClient

from kechuang.core.audit import audit_verify
from kechuang.core.client_ip import client_ip
from kechuang.core.models import AuditRecord
from tests.api import assert_error

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
TOKEN = "/api/v1/auth/token/"
LOCKED = "登录失败次数过多，该账户或地址已被暂时锁定，请15分钟后再试。"


def _login(client: Client, username: str, password: str, ip: str = "10.1.1.1", **headers: str):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, **headers)


def test_login_page_locks_the_account_after_five_failures(cast):
    c = Client()
    for _ in range(4):
        assert _login(c, "officer", "wrong").status_code == 200
    locked = _login(c, "officer", "wrong")
    assert locked.status_code == 429 and LOCKED in locked.content.decode()
    # The right password no longer works, from this address or any other: the account is locked.
    again = _login(Client(), "officer", "Kechuang-2026", ip="10.9.9.9")
    assert again.status_code == 429 and LOCKED in again.content.decode()
    # Another account from another address still signs in.
    assert _login(Client(), "norole", "Kechuang-2026", ip="10.2.2.2").status_code == 302


def test_one_address_is_locked_whatever_the_usernames(cast):
    c = Client()
    for name in ["a1", "a2", "a3", "a4", "a5"]:
        _login(c, name, "wrong", ip="10.3.3.3")
    # officer is not locked as an account, but this address is.
    response = _login(Client(), "officer", "Kechuang-2026", ip="10.3.3.3")
    assert response.status_code == 429
    assert _login(Client(), "officer", "Kechuang-2026", ip="10.4.4.4").status_code == 302


def test_success_before_the_limit_resets_the_count(cast):
    c = Client()
    for _ in range(4):
        _login(c, "officer", "wrong")
    assert _login(Client(), "officer", "Kechuang-2026").status_code == 302
    for _ in range(4):
        assert _login(Client(), "officer", "wrong").status_code == 200


def test_forwarded_for_is_ignored_without_a_trusted_proxy(cast):
    # An attacker rotating X-Forwarded-For is still one address...
    for i in range(5):
        _login(Client(), f"x{i}", "wrong", ip="10.5.5.5", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    assert _login(Client(), "officer", "Kechuang-2026", ip="10.5.5.5").status_code == 429
    # ...and cannot lock out a victim's address by naming it.
    for i in range(5):
        _login(Client(), f"y{i}", "wrong", ip="10.6.6.6", HTTP_X_FORWARDED_FOR="10.7.7.7")
    assert _login(Client(), "org_admin", "Kechuang-2026", ip="10.7.7.7").status_code == 302


def test_token_endpoint_counts_per_address_with_the_page(cast):
    for i in range(3):
        _login(Client(), f"p{i}", "wrong", ip="10.8.8.8")
    api = APIClient(REMOTE_ADDR="10.8.8.8")
    assert_error(
        api.post(TOKEN, {"username": "q", "password": "x"}, format="json"), 400, "用户名或密码错误。"
    )
    response = api.post(TOKEN, {"username": "q2", "password": "x"}, format="json")
    assert_error(response, 429, LOCKED)
    response = api.post(TOKEN, {"username": "officer", "password": "Kechuang-2026"}, format="json")
    assert_error(response, 429, LOCKED)


@override_settings(KECHUANG_TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/8"])
def test_client_ip_through_trusted_proxies():
    rf = RequestFactory()
    # Through the proxies: the right-most untrusted entry (the leftmost one is the client's own claim).
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9, 10.0.0.2")
    assert client_ip(request) == "203.0.113.9"
    # From an untrusted peer the header is ignored.
    assert (
        client_ip(rf.get("/", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="6.6.6.6")) == "198.51.100.1"
    )
    assert client_ip(rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="junk")) == "127.0.0.1"


def test_client_ip_trusts_no_proxy_by_default():
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(request) == "127.0.0.1"


def test_failures_and_lockouts_are_security_events_in_the_chain(cast):
    for _ in range(5):
        _login(Client(), "officer", "wrong", ip="10.10.10.10")
    APIClient(REMOTE_ADDR="10.11.11.11").post(TOKEN, {"username": "ghost", "password": "x"}, format="json")
    failed = AuditRecord.objects.filter(action="security.login_failed").order_by("id")
    assert failed.count() == 6
    first = failed.first()
    assert first is not None
    assert (first.target_type, first.target_id) == ("accounts.user", str(cast.officer.pk))
    assert first.after == {
        "username": "officer",
        "ip_address": "10.10.10.10",
        "path": LOGIN,
        "locked_out": False,
    }
    assert "wrong" not in str(first.after)
    ghost = failed.last()
    assert ghost is not None
    assert (ghost.target_type, ghost.target_id, ghost.target_label) == ("security", "", "ghost")
    assert ghost.after["path"] == TOKEN and ghost.after["ip_address"] == "10.11.11.11"
    lockouts = AuditRecord.objects.filter(action="security.lockout")
    assert lockouts.count() == 1
    assert lockouts.get().after == {"username": "officer", "ip_address": "10.10.10.10", "path": LOGIN}
    checked, broken = audit_verify()
    assert broken is None and checked == AuditRecord.objects.count()
