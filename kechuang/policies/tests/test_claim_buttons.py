"""The claim page's buttons come from the claim table (``policies/actions.py``) and the claim rule:
the enterprise submits and withdraws its own claim, officers of its region review and record payment."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from kechuang.core.workflow import allowed_actions
from kechuang.policies import services

from .conftest import ON

pytestmark = pytest.mark.django_db

BUTTONS = {
    "submit": "policies:claim_submit",
    "withdraw": "policies:claim_withdraw",
    "review": "policies:claim_review",
    "disburse": "policies:claim_disburse",
}


def _buttons(client, user, claim) -> set[str]:
    client.force_login(user)
    page = client.get(reverse("policies:claim_detail", args=[claim.pk])).content.decode()
    return {name for name, url in BUTTONS.items() if f'action="{reverse(url, args=[claim.pk])}"' in page}


def test_buttons_follow_the_claim_table_and_the_rule(client, cast, srdi):
    claim = services.claim_start(measure=srdi, organization=cast.org, actor=cast.org_admin, on=ON)
    assert _buttons(client, cast.org_admin, claim) == {"submit", "withdraw"}
    assert [a.name for a in allowed_actions(claim, cast.org_admin).offered] == ["submit", "withdraw"]
    assert _buttons(client, cast.officer, claim) == set()
    assert not allowed_actions(claim, cast.other_org_admin)
    services.claim_submit(claim=claim, actor=cast.org_admin)
    assert _buttons(client, cast.org_admin, claim) == set()
    assert _buttons(client, cast.officer, claim) == {"review"}
    assert _buttons(client, cast.admin, claim) == {"review"}
    services.claim_review(claim=claim, actor=cast.officer, decision="approve")
    assert _buttons(client, cast.officer, claim) == {"disburse"}
    services.disbursement_record(claim=claim, actor=cast.officer, amount=1000, paid_on=ON)
    for user in (cast.org_admin, cast.officer, cast.admin):  # 已兑现 is terminal
        assert _buttons(client, user, claim) == set()


def _post(client, name, claim, data=None):
    """Post, follow to the claim page, and return the messages it shows."""
    r = client.post(reverse(name, args=[claim.pk]), data or {}, follow=True)
    assert r.redirect_chain == [(reverse("policies:claim_detail", args=[claim.pk]), 302)]
    return [m.message for m in get_messages(r.wsgi_request)]


def test_claim_actions_answer_with_the_exact_message(client, cast, srdi):
    claim = services.claim_start(measure=srdi, organization=cast.org, actor=cast.org_admin, on=ON)
    client.force_login(cast.org_admin)
    assert _post(client, "policies:claim_review", claim) == ["请选择审核结论。"]
    assert _post(client, "policies:claim_withdraw", claim) == ["申请已撤回。"]
    assert _post(client, "policies:claim_withdraw", claim) == ["不能从“已撤回”变更为“已撤回”。"]
