"""``officer_required``: the one page guard for officers' pages (officers and platform admins pass)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from kechuang.registry.guards import officer_required, user_is_officer_or_admin


@officer_required
def _officers_page(request: Any) -> HttpResponse:
    return HttpResponse("ok")


def _get(user: Any) -> HttpResponse:
    request = RequestFactory().get("/officers/")
    request.user = user
    return _officers_page(request)


def test_officers_and_admins_pass(cast: Any) -> None:
    assert _get(cast.officer).content == b"ok"
    assert _get(cast.other_officer).content == b"ok"
    assert _get(cast.admin).content == b"ok"


@pytest.mark.parametrize("who", ["org_admin", "org_member", "norole"])
def test_others_get_the_404_of_a_hidden_page(cast: Any, who: str) -> None:
    with pytest.raises(Http404):
        _get(getattr(cast, who))


def test_anonymous_is_sent_to_sign_in(cast: Any) -> None:
    response = _get(AnonymousUser())
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/officers/"


def test_the_rule_for_buttons_is_the_same(cast: Any) -> None:
    assert [user_is_officer_or_admin(u) for u in (cast.officer, cast.admin, cast.org_admin, cast.norole)] == [
        True,
        True,
        False,
        False,
    ]
    assert user_is_officer_or_admin(AnonymousUser()) is False
