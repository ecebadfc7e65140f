"""Bodies missing required keys answer 400 in the error envelope, not a server error (KeyError/TypeError)."""

from __future__ import annotations

import pytest

from kechuang.market.models import Contact, MatchmakingEvent
from tests.api import assert_error, client_for

pytestmark = pytest.mark.django_db


def test_contact_without_from_org_is_a_400(cast):
    response = client_for(cast.org_admin).post("/api/v1/market/contacts/", {}, format="json")
    assert assert_error(response, 400, "您无权以该单位名义操作。") == {"field": "from_org"}
    assert not Contact.objects.exists()


@pytest.mark.parametrize("user", ["org_admin", "officer"])
def test_event_with_only_a_title_is_a_400(cast, user):
    response = client_for(getattr(cast, user)).post("/api/v1/market/events/", {"title": "x"}, format="json")
    assert assert_error(response, 400, "请选择主办单位。") == {"field": "organizer"}
    assert not MatchmakingEvent.objects.exists()
