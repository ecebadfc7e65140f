"""The carrier page's buttons come from ``CARRIER_TRANSITIONS`` and the carrier's permission rule
(``{% allowed_actions carrier as actions %}``)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from kechuang.carriers.choices import CarrierStatus
from kechuang.carriers.services import carrier_transition
from kechuang.core.workflow import Action, allowed_actions, register_actions

from .test_carriers import carrier  # noqa: F401  (fixture)


def _render(source: str, user: Any, **context: Any) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load workflow %}" + source).render(Context({"request": request, **context}))


def test_the_responsible_officer_gets_the_moves_of_the_table(cast: Any, carrier: Any) -> None:  # noqa: F811
    actions = allowed_actions(carrier, cast.officer)
    assert list(actions) == [("warned", "警告"), ("revoked", "已撤销")]
    assert [o.name for o in actions.offered] == ["warn", "revoke", "merge", "host_add"]
    carrier_transition(carrier=carrier, to=CarrierStatus.WARNED, actor=cast.officer, note="运行不规范")
    assert list(allowed_actions(carrier, cast.officer)) == [("active", "有效"), ("revoked", "已撤销")]


@pytest.mark.parametrize("who", ["other_officer", "org_admin", "norole"])
def test_a_user_without_the_right_sees_no_button(cast: Any, carrier: Any, who: str) -> None:  # noqa: F811
    out = _render(
        "{% allowed_actions carrier as actions %}[{% for to, label in actions %}{{ to }} {% endfor %}]"
        "{% if actions.merge %}merge{% endif %}",
        getattr(cast, who),
        carrier=carrier,
    )
    assert out == "[]"


def test_a_terminal_status_shows_none(cast: Any, carrier: Any) -> None:  # noqa: F811
    carrier_transition(carrier=carrier, to=CarrierStatus.REVOKED, actor=cast.officer, note="停止运行")
    assert not allowed_actions(carrier, cast.admin)
    out = _render(
        "{% allowed_actions carrier as actions %}[{% for to, label in actions %}{{ to }}{% endfor %}]"
        "{% if actions.host_add %}host{% endif %}",
        cast.admin,
        carrier=carrier,
    )
    assert out == "[]"


def test_the_tag_names_actions_for_the_signed_in_user(cast: Any, carrier: Any) -> None:  # noqa: F811
    source = (
        "{% allowed_actions carrier as actions %}{% for to, label in actions %}{{ to }}={{ label }};{% endfor %}"
        "{% if actions.merge %}merge;{% endif %}{% if actions.host_add %}host{% endif %}"
    )
    assert _render(source, cast.officer, carrier=carrier) == "warned=警告;revoked=已撤销;merge;host"
    # a user passed explicitly wins over the request's
    assert (
        _render(
            source.replace("carrier as", "carrier viewer as"),
            cast.officer,
            carrier=carrier,
            viewer=cast.norole,
        )
        == ""
    )


def test_the_detail_page_shows_exactly_the_allowed_buttons(client: Any, cast: Any, carrier: Any) -> None:  # noqa: F811
    url = reverse("carriers:carrier_detail", args=[carrier.pk])
    client.force_login(cast.officer)
    page = client.get(url).content.decode()
    assert 'id="carrier-warned"' in page and 'id="carrier-revoked"' in page
    assert 'id="carrier-active"' not in page and 'id="carrier-merged"' not in page
    assert "新增依托单位" in page and "合并</button>" in page
    carrier_transition(carrier=carrier, to=CarrierStatus.REVOKED, actor=cast.officer, note="停止运行")
    page = client.get(url).content.decode()
    assert not re.search(r'id="carrier-(active|warned|revoked|merged)"', page)
    assert "新增依托单位" not in page and "合并</button>" not in page
    client.force_login(cast.other_officer)
    assert 'id="carrier-actions"' not in client.get(url).content.decode()


def test_a_button_that_is_no_move_of_the_table_is_refused_at_start_up() -> None:
    from kechuang.carriers.models import Carrier
    from kechuang.core.workflow import _WORKFLOWS

    saved = _WORKFLOWS[Carrier]
    try:
        with pytest.raises(ValueError, match="no transition leads to 'archived'"):
            register_actions(
                Carrier,
                transitions={"active": {"revoked"}},
                actions=[Action("x", to="archived", permission="change")],
            )
        with pytest.raises(ValueError, match="'revoked' → 'revoked' is not a move"):
            register_actions(
                Carrier,
                transitions={"active": {"revoked"}, "revoked": set()},
                actions=[Action("x", to="revoked", permission="change", sources=frozenset({"revoked"}))],
            )
        with pytest.raises(ValueError, match="needs sources"):
            register_actions(Carrier, transitions={}, actions=[Action("x", to=None, permission="change")])
    finally:
        _WORKFLOWS[Carrier] = saved
