"""Rule guarded: a demand's confidential part is shown to the owner (and platform admins) and to an
organization only once the owner has ACCEPTED its contact request — never while it is pending or after it
was declined, and an acceptance on another demand or by another organization reveals nothing.

Checked in every contact state, through the selector, the page and the API.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from kechuang.market import selectors, services
from kechuang.market.choices import ContactStatus

from .conftest import demand_data

pytestmark = pytest.mark.django_db

SECRET = "现有模具参数：压射速度 5m/s，良品率 82%。"  # demand_data()["confidential_detail"]
HIDDEN_NOTE = "部分内容保密，发布单位接受对接后可见。"

# The rule, written here and not read from the code: which contact states reveal the confidential part.
REVEALS = {
    None: False,  # no contact at all
    ContactStatus.PENDING: False,
    ContactStatus.DECLINED: False,
    ContactStatus.ACCEPTED: True,
}


def test_the_rule_covers_every_contact_state():
    assert set(REVEALS) - {None} == set(ContactStatus.values)


def _demand(cast, title="汽车轮毂轻量化材料"):
    return services.demand_create(
        actor=cast.org_admin, owner=cast.org, data=demand_data(title=title), publish=True
    )


def _contact(cast, demand, state):
    if state is None:
        return None
    contact = services.contact_create(
        actor=cast.other_org_admin, from_org=cast.other_org, demand=demand, message="我们有方案"
    )
    if state != ContactStatus.PENDING:
        services.contact_respond(
            contact=contact, actor=cast.org_admin, accept=state == ContactStatus.ACCEPTED
        )
    contact.refresh_from_db()
    assert contact.status == state
    return contact


def _page(client, user, demand) -> str:
    client.force_login(user)
    return client.get(reverse("market:demand_detail", args=[demand.pk])).content.decode()


def _api(client, user, demand) -> dict:
    client.force_login(user)
    return client.get(f"/api/v1/market/demands/{demand.pk}/").json()


@pytest.mark.parametrize("state", list(REVEALS), ids=lambda s: str(s or "none"))
def test_confidential_part_follows_the_contact_state(client, cast, state):
    demand = _demand(cast)
    _contact(cast, demand, state)
    shown = REVEALS[state]
    assert selectors.demand_confidential_visible(user=cast.other_org_admin, demand=demand) is shown
    page = _page(client, cast.other_org_admin, demand)
    assert (SECRET in page) is shown
    assert (HIDDEN_NOTE in page) is (not shown)
    api = _api(client, cast.other_org_admin, demand)
    assert api.get("confidential_detail") == (SECRET if shown else None)
    assert ("confidential_detail" in api) is shown
    # the owner always sees it; nobody else is affected by this contact
    assert selectors.demand_confidential_visible(user=cast.org_admin, demand=demand) is True
    assert SECRET in _page(client, cast.org_member, demand)
    for outsider in (cast.norole, cast.officer):
        assert selectors.demand_confidential_visible(user=outsider, demand=demand) is False
        assert SECRET not in _page(client, outsider, demand)


def test_acceptance_on_another_demand_reveals_nothing(client, cast):
    first, second = _demand(cast), _demand(cast, title="汽车底盘轻量化材料")
    _contact(cast, first, ContactStatus.ACCEPTED)
    assert selectors.demand_confidential_visible(user=cast.other_org_admin, demand=first) is True
    assert selectors.demand_confidential_visible(user=cast.other_org_admin, demand=second) is False
    assert SECRET not in _page(client, cast.other_org_admin, second)


def test_anonymous_never_sees_it(client, cast):
    demand = _demand(cast)
    _contact(cast, demand, ContactStatus.ACCEPTED)
    client.logout()
    page = client.get(reverse("market:demand_detail", args=[demand.pk])).content.decode()
    assert SECRET not in page and HIDDEN_NOTE in page
