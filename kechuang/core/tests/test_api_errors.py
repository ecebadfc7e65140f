"""Every API answer is the one JSON envelope: deep JSON, unknown paths with any method, server errors."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from kechuang.accounts import services as account_services
from tests.api import assert_error, client_for

pytestmark = pytest.mark.django_db

SERVER_ERROR = "服务器内部错误，请稍后重试；如问题持续，请联系平台管理员。"


@pytest.mark.parametrize("depth", [33, 5000])
def test_deeply_nested_json_is_a_400(cast, depth):
    body = "[" * depth + "]" * depth
    response = client_for(cast.org_admin).post(
        "/api/v1/market/contacts/", body, content_type="application/json"
    )
    assert_error(response, 400, "JSON 嵌套层数过多：最多32层。")


def test_json_nested_32_deep_is_parsed(cast):
    body = '{"from_org": ' + "[" * 31 + "]" * 31 + "}"
    response = client_for(cast.org_admin).post(
        "/api/v1/market/contacts/", body, content_type="application/json"
    )
    assert_error(response, 400, "from_org: 应为文本或数字。")


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete", "options"])
def test_unknown_api_path_is_a_json_404_for_every_method(cast, method):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(cast.org_admin)
    response = getattr(client, method)("/api/v1/no-such-thing/", {}, format="json")
    assert assert_error(response, 404, "接口不存在。") == {"path": "/api/v1/no-such-thing/"}
    anonymous = getattr(APIClient(enforce_csrf_checks=True), method)("/api/nothing/", {}, format="json")
    assert_error(anonymous, 404, "接口不存在。")


def test_server_error_in_the_api_is_json(cast, monkeypatch, caplog):
    def boom(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr(account_services, "auth_token_obtain", boom)
    response = APIClient().post("/api/v1/auth/token/", {"username": "a", "password": "b"}, format="json")
    assert response["Content-Type"] == "application/json"
    assert assert_error(response, 500, SERVER_ERROR) == {}
    assert "boom" not in response.content.decode()
    assert [r.levelname for r in caplog.records if "Internal Server Error" in r.getMessage()] == ["ERROR"]
    assert any(r.exc_info for r in caplog.records)


def test_server_error_on_a_page_stays_html(cast, monkeypatch):
    # the home page: a visitor's is the public site (views_public), a signed-in user's the workbench
    monkeypatch.setattr("kechuang.portal.views.render", lambda *a, **k: 1 / 0, raising=False)
    monkeypatch.setattr("kechuang.portal.views_public.render", lambda *a, **k: 1 / 0, raising=False)
    client = Client(raise_request_exception=False)
    response = client.get("/")
    assert response.status_code == 500
    assert not response["Content-Type"].startswith("application/json")
