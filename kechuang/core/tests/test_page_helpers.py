"""The page kernel: ``page_action`` (POST → service → message → redirect), ``form_data`` and
``role_required``. Plain requests from a RequestFactory: no app, no database."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.test import RequestFactory
from django.urls import reverse
from django.utils.translation import gettext_lazy

from kechuang.core.errors import ApplicationError
from kechuang.core.pages import form_data, page_action, post_action, save_form
from kechuang.core.permissions import role_required


def _request(user: Any = None) -> Any:
    request = RequestFactory().post("/x/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request.user = user if user is not None else AnonymousUser()
    return request


def _flashed(request: Any) -> list[tuple[str, str]]:
    return [(m.level_tag, m.message) for m in get_messages(request)]


def test_page_action_success_shows_message_and_redirects() -> None:
    request = _request()
    calls: list[int] = []
    response = page_action(request, lambda: calls.append(1), success="已保存。", redirect_to="/done/")
    assert calls == [1]
    assert (response.status_code, response["Location"]) == (302, "/done/")
    assert _flashed(request) == [("success", "已保存。")]


def test_page_action_service_error_shows_its_message_and_goes_to_the_error_page() -> None:
    def refuse() -> None:
        raise ApplicationError("该对接已经回复过。")

    request = _request()
    response = page_action(
        request, refuse, success="已保存。", redirect_to="/done/", error_redirect=redirect("/back/")
    )
    assert response["Location"] == "/back/"
    assert _flashed(request) == [("error", "该对接已经回复过。")]


def test_page_action_error_goes_to_redirect_to_by_default() -> None:
    def refuse() -> None:
        raise ApplicationError("您无权执行此操作。")

    request = _request()
    response = page_action(request, refuse, success="x", redirect_to="/done/")
    assert response["Location"] == "/done/"
    assert _flashed(request) == [("error", "您无权执行此操作。")]


def test_page_action_unparsable_input_is_answered_like_a_stale_page() -> None:
    request = _request()
    response = page_action(request, lambda: int("v2"), success="x", redirect_to="/done/")
    assert response["Location"] == "/done/"
    assert _flashed(request) == [("error", "操作不正确，请刷新页面后重试。")]


def test_page_action_message_and_target_may_depend_on_the_result_or_the_error() -> None:
    request = _request()
    response = page_action(
        request,
        lambda: 7,
        success=lambda n: f"已处理{n}件。",
        redirect_to=lambda n: f"/item/{n}/",
        error_redirect="/back/",
    )
    assert response["Location"] == "/item/7/"
    assert _flashed(request) == [("success", "已处理7件。")]

    def refuse() -> None:
        raise ApplicationError("已有申请。", extra={"claim": 3})

    request = _request()
    response = page_action(
        request,
        refuse,
        success="x",
        redirect_to=lambda n: f"/item/{n}/",
        error_redirect=lambda exc: f"/claim/{exc.extra['claim']}/",
    )
    assert response["Location"] == "/claim/3/"


def test_form_data_refuses_an_invalid_form_with_the_given_message() -> None:
    class NoteForm(forms.Form):
        note = forms.CharField()

    with pytest.raises(ApplicationError) as exc:
        form_data(NoteForm({}), invalid="请填写处理意见。")
    assert exc.value.message == "请填写处理意见。"
    assert form_data(NoteForm({"note": "同意"}), invalid="x") == {"note": "同意"}


def test_post_action_declares_the_page_action_on_the_view() -> None:
    @post_action(success=gettext_lazy("需求已关闭。"), redirect_to="market:demand_detail")
    def close(request: Any, pk: int) -> int:
        if pk == 2:
            raise ApplicationError("您无权执行此操作。")
        return pk

    request = _request(_User("member"))
    response = close(request, pk=1)
    assert response["Location"] == reverse("market:demand_detail", kwargs={"pk": 1})
    assert _flashed(request) == [("success", "需求已关闭。")]
    request = _request(_User("member"))
    assert close(request, pk=2)["Location"] == reverse("market:demand_detail", kwargs={"pk": 2})
    assert _flashed(request) == [("error", "您无权执行此操作。")]
    # only a signed-in POST runs it
    assert close(_request(), pk=1)["Location"].startswith("/accounts/login/")
    get = RequestFactory().get("/x/")
    get.user = _User("member")
    assert close(get, pk=1).status_code == 405


def test_post_action_error_page_and_result_message() -> None:
    @post_action(
        success=lambda n: f"已处理{n}件。",
        redirect_to=lambda request, pk: "/list/",
        error_redirect=lambda request, pk: f"/item/{pk}/",
    )
    def act(request: Any, pk: int) -> int:
        if request.POST.get("fail"):
            raise ApplicationError("请说明回避原因。")
        return 3

    request = _request(_User("member"))
    assert act(request, pk=7)["Location"] == "/list/"
    assert _flashed(request) == [("success", "已处理3件。")]
    request = RequestFactory().post("/x/", {"fail": "1"})
    request.session, request.user = SessionStore(), _User("member")
    request._messages = FallbackStorage(request)
    assert act(request, pk=7)["Location"] == "/item/7/"
    assert _flashed(request) == [("error", "请说明回避原因。")]


class _NameForm(forms.Form):
    name = forms.CharField()
    code = forms.CharField(required=False)


def test_save_form_saves_a_valid_post_and_redirects() -> None:
    request = _request()
    saved: list[dict[str, Any]] = []

    def save(data: dict[str, Any]) -> int:
        saved.append(data)
        return 5

    response = save_form(
        request,
        _NameForm({"name": "园区"}),
        save,
        success=lambda pk: f"已创建{pk}。",
        redirect_to=lambda pk: f"/parks/{pk}/",
    )
    assert response is not None and response["Location"] == "/parks/5/"
    assert saved == [{"name": "园区", "code": ""}]
    assert _flashed(request) == [("success", "已创建5。")]


def test_save_form_leaves_invalid_forms_and_service_errors_on_the_page() -> None:
    request = _request()
    form = _NameForm({})
    assert save_form(request, form, lambda data: 1, success="x", redirect_to="/") is None
    assert list(form.errors) == ["name"]

    def refuse(data: dict[str, Any]) -> None:
        raise ApplicationError("代码已被使用。", extra={"field": "uscc"})

    form = _NameForm({"name": "园区"})
    assert save_form(request, form, refuse, success="x", redirect_to="/", fields={"uscc": "code"}) is None
    assert form.errors == {"code": ["代码已被使用。"]}
    assert _flashed(request) == []
    get = RequestFactory().get("/x/")
    assert save_form(get, _NameForm({"name": "园区"}), lambda data: 1, success="x", redirect_to="/") is None


class _User:
    is_authenticated = True

    def __init__(self, role: str) -> None:
        self.role = role


def test_role_required_sends_anonymous_to_sign_in_and_hides_the_page_from_others() -> None:
    @role_required(lambda user: user.role == "officer")
    def page(request: Any) -> HttpResponse:
        return HttpResponse("ok")

    response = page(_request())
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    with pytest.raises(Http404):
        page(_request(_User("member")))
    assert page(_request(_User("officer"))).content == b"ok"
    assert page.__name__ == "page"


def test_region_code_and_industry_section_from_the_query_string(rf) -> None:  # type: ignore[no-untyped-def]
    from kechuang.core.pages import region_code_param, section_param

    def get(**params: str):  # type: ignore[no-untyped-def]
        return rf.get("/", params)

    assert region_code_param(get(region="220102")) == "220102"
    assert region_code_param(get(region=" 220102 ")) == "220102"
    for bad in ("22010", "2201020", "22010a", "２２０１０２", "南关区", ""):
        assert region_code_param(get(region=bad)) == "", bad
    assert region_code_param(get(cell="220100"), "cell") == "220100"
    assert section_param(get(section="c")) == "C" and section_param(get(section="C")) == "C"
    for bad in ("C3", "3", "Ｃ", "制", ""):
        assert section_param(get(section=bad)) == "", bad
