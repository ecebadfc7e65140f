"""Signing in to the API: token obtain/revoke, token and session auth. (/me/ with roles: the registry's.)"""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from kechuang.core.models import AuditRecord
from tests.api import assert_error

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
REVOKE = "/api/v1/auth/token/revoke/"
ME = "/api/v1/me/"


def test_obtain_token_then_use_it(cast):
    c = APIClient(enforce_csrf_checks=True)
    response = c.post(TOKEN, {"username": "officer", "password": "Kechuang-2026"}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["username"] == "officer" and body["user_id"] == cast.officer.pk
    assert Token.objects.get(user=cast.officer).key == body["token"]
    assert AuditRecord.objects.filter(action="token.create", actor=cast.officer).count() == 1
    # The same token comes back on the next sign-in (no new audit row).
    again = c.post(TOKEN, {"username": "officer", "password": "Kechuang-2026"}, format="json").json()
    assert again["token"] == body["token"]
    assert AuditRecord.objects.filter(action="token.create").count() == 1

    api = APIClient(enforce_csrf_checks=True)
    api.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert api.get(ME).json()["username"] == "officer"
    # Token clients are not subject to CSRF (no cookies involved).
    org = f"/api/v1/organizations/{cast.org.pk}/"
    assert api.patch(org, {"address": "人民大街2号"}, format="json").status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"username": "officer", "password": "wrong"},
        {"username": "nobody", "password": "Kechuang-2026"},
        {"username": "", "password": ""},
        {},
    ],
)
def test_bad_credentials_one_message(cast, body):
    response = APIClient().post(TOKEN, body, format="json")
    assert_error(response, 400, "用户名或密码错误。")
    assert not Token.objects.exists()


def test_inactive_user_cannot_obtain_token(cast):
    cast.officer.is_active = False
    cast.officer.save()
    response = APIClient().post(TOKEN, {"username": "officer", "password": "Kechuang-2026"}, format="json")
    assert_error(response, 400, "用户名或密码错误。")


def test_token_endpoint_locks_after_five_failures(cast):
    c = APIClient()
    for _ in range(4):
        assert_error(
            c.post(TOKEN, {"username": "officer", "password": "wrong"}, format="json"),
            400,
            "用户名或密码错误。",
        )
    response = c.post(TOKEN, {"username": "officer", "password": "wrong"}, format="json")
    extra = assert_error(response, 429, "登录失败次数过多，该账户或地址已被暂时锁定，请15分钟后再试。")
    assert extra == {"code": "locked_out", "retry_after_seconds": 900}
    assert response["Retry-After"] == "900"
    # Locked: the right password is refused too, and no token is made.
    response = c.post(TOKEN, {"username": "officer", "password": "Kechuang-2026"}, format="json")
    assert_error(response, 429, "登录失败次数过多，该账户或地址已被暂时锁定，请15分钟后再试。")
    assert not Token.objects.exists()


def test_invalid_and_revoked_tokens(cast):
    token = Token.objects.create(user=cast.org_admin)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert_error(api.get(ME), 401, "认证令牌无效。")
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.post(REVOKE).status_code == 204
    assert not Token.objects.filter(user=cast.org_admin).exists()
    assert AuditRecord.objects.filter(action="token.revoke").count() == 1
    assert_error(api.get(ME), 401, "认证令牌无效。")
    assert_error(APIClient().post(REVOKE), 401, "身份认证信息未提供。")


def test_session_writes_need_csrf(cast):
    c = APIClient(enforce_csrf_checks=True)
    c.force_login(cast.org_admin)
    response = c.patch(f"/api/v1/organizations/{cast.org.pk}/", {"address": "x"}, format="json")
    assert response.status_code == 403
    assert response.json()["message"] == (
        "CSRF 校验失败：使用会话登录时，写操作须在 X-CSRFToken 请求头中携带 csrftoken；脚本请改用令牌认证。"
    )
