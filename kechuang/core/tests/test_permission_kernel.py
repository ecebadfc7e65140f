"""Rules of the permission kernel beyond ``restrict`` (``kechuang/core/permissions.py``).

* a registered rule is the one ``restrict`` asks, with the queryset, the user and the action;
* a bad lookup (a non-number id) is the same 404 as a hidden or missing object;
* a service refuses with a user-facing error when the actor may not act;
* a role-guarded page sends anonymous users to sign in and answers 404 to the wrong role.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from kechuang.core import permissions as perms
from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord
from kechuang.core.permissions import (
    ensure_can,
    get_object_or_404_for,
    register_rule,
    restrict,
    role_required,
)
from kechuang.market.models import Achievement
from tests.app_factories import AchievementFactory

pytestmark = pytest.mark.django_db


def test_rule_a_registered_rule_decides_with_the_queryset_user_and_action(monkeypatch, cast):
    monkeypatch.setattr(perms, "_RULES", dict(perms._RULES))
    calls = []

    def rule(qs, user, action):
        calls.append((qs.model, user, action))
        return qs.none() if action == "delete" else qs

    assert register_rule(AuditRecord)(rule) is rule
    assert perms._RULES[AuditRecord] is rule
    qs = AuditRecord.objects.all()
    assert restrict(qs, cast.norole, "change") is qs
    assert not restrict(qs, cast.admin, "delete").exists()
    assert calls == [(AuditRecord, cast.norole, "change"), (AuditRecord, cast.admin, "delete")]


@pytest.mark.parametrize("lookup", [{"pk": "abc"}, {"pk": None}, {"pk": 10**9}, {"pk__in": 5}])
def test_rule_a_bad_or_missing_id_is_the_same_404(cast, lookup):
    AchievementFactory()
    with pytest.raises(Http404) as exc:
        get_object_or_404_for(cast.admin, Achievement.objects.all(), **lookup)
    assert str(exc.value) == "对象不存在或无权访问。"


def test_rule_a_service_refuses_an_actor_without_the_permission(cast):
    achievement = AchievementFactory()
    ensure_can(cast.norole, achievement, "view")  # published: anyone may view it
    with pytest.raises(ApplicationError) as exc:
        ensure_can(cast.norole, achievement, "review")
    assert exc.value.message == "您无权执行此操作。"


def test_rule_a_role_guarded_page(cast):
    def view(request, *args, **kwargs):
        return HttpResponse(f"ok {request.user.username} {args} {sorted(kwargs.items())}")

    view.__doc__ = "The page."
    guarded = role_required(lambda user: user.username == cast.officer.username)(view)
    assert guarded.__doc__ == "The page." and guarded.__name__ == "view"
    request = RequestFactory().get("/page/")
    request.user = AnonymousUser()
    response = guarded(request)
    assert response.status_code == 302 and "/page/" in response["Location"]
    request.user = cast.norole
    with pytest.raises(Http404) as exc:
        guarded(request, 1, x=2)
    assert str(exc.value) == "对象不存在或无权访问。"
    request.user = cast.officer
    response = guarded(request, 1, x=2)
    assert (
        response.status_code == 200
        and response.content.decode() == f"ok {cast.officer.username} (1,) [('x', 2)]"
    )
