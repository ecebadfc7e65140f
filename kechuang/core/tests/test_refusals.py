"""Issue 10: writes refused by a permission check are security events in the audit chain — bounded in
volume (one per user and route a minute), without the request body, and the chain stays intact."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.http import HttpResponseRedirect
from django.test import RequestFactory
from django.urls import resolve, reverse
from rest_framework.test import APIClient

from kechuang.core.audit import audit_verify
from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord
from kechuang.core.permissions import not_allowed
from kechuang.core.refusals import RefusedWriteMiddleware
from tests.pages import client_for

pytestmark = pytest.mark.django_db
ACTION = "security.write_refused"


@pytest.fixture(autouse=True)
def _empty_cache():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


def _events():  # type: ignore[no-untyped-def]
    return list(AuditRecord.objects.filter(action=ACTION).order_by("id"))


def test_a_refused_page_write_is_recorded_once_a_minute_without_the_body(cast):
    membership = cast.org.memberships.get(user=cast.org_member)
    url = reverse("members:membership_remove", args=[membership.pk])
    client = client_for(cast.other_org_admin)
    for _ in range(5):
        response = client.post(url, {"password": "s3cret-Passw0rd", "note": "x"})
        assert response.status_code == 404
    events = _events()
    assert len(events) == 1
    event = events[0]
    assert event.actor_id == cast.other_org_admin.pk
    assert event.after == {
        "method": "POST",
        "route": "members:membership_remove",
        "path": url,
        "status": 404,
        "reason": "hidden_or_missing:change",
        "ip_address": "127.0.0.1",
    }
    assert "s3cret" not in str(event.after) and "s3cret" not in event.target_label
    assert audit_verify() == (AuditRecord.objects.count(), None)


def test_a_refused_api_write_is_recorded(cast):
    api = APIClient()
    api.force_authenticate(cast.other_org_admin)
    response = api.patch(
        reverse("api-organization", args=[cast.org.pk]), {"name": "抢来的名字"}, format="json"
    )
    assert response.status_code == 404
    (event,) = _events()
    assert event.after["route"] == "api-organization"
    assert event.after["method"] == "PATCH"
    assert event.after["status"] == 404
    assert "抢来的名字" not in str(event.after)


def test_reads_allowed_writes_and_unknown_urls_are_not_events(cast):
    membership = cast.org.memberships.get(user=cast.org_member)
    client_for(cast.other_org_admin).get(reverse("members:organization_members", args=[cast.org.pk]))
    client_for(cast.org_admin).post(reverse("members:membership_remove", args=[membership.pk]))
    APIClient().put("/api/v1/no-such-thing/", {}, format="json")
    assert _events() == []


def test_each_user_and_route_gets_its_own_event(cast):
    membership = cast.org.memberships.get(user=cast.org_member)
    url = reverse("members:membership_remove", args=[membership.pk])
    client_for(cast.other_org_admin).post(url)
    client_for(cast.norole).post(url)
    client_for(cast.other_org_admin).post(reverse("members:membership_remove", args=[membership.pk + 99]))
    assert [e.actor_id for e in _events()] == [cast.other_org_admin.pk, cast.norole.pk]


def test_a_service_refusal_answered_with_a_message_is_recorded_too(cast):
    """``not_allowed()`` (a visible object the actor may not act on: a 302 with a message, or a 400 in the
    API) is a refused write as well; a GET that meets one is not."""

    def view(request):  # type: ignore[no-untyped-def]
        try:
            raise not_allowed("not_allowed:decide")
        except ApplicationError:
            return HttpResponseRedirect("/")

    url = reverse("members:membership_remove", args=[1])
    for method in ("get", "post"):
        request = getattr(RequestFactory(), method)(url)
        request.user = cast.norole
        request.resolver_match = resolve(url)
        assert RefusedWriteMiddleware(view)(request).status_code == 302
    (event,) = _events()
    assert (event.after["reason"], event.after["status"], event.after["method"]) == (
        "not_allowed:decide",
        302,
        "POST",
    )
