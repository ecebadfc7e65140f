"""Rule guarded: a model without a registered permission rule fails closed (``core.permissions.restrict``).

Only a platform admin sees its rows; every other role — anonymous, no role, members and admins of
organizations, officers of any region — sees none, for every action.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import Http404

from kechuang.core.audit import audit_log
from kechuang.core.models import AuditRecord, StatusChange
from kechuang.core.permissions import _RULES, can, get_object_or_404_for, restrict
from kechuang.market.models import Achievement
from tests.app_factories import AchievementFactory

pytestmark = pytest.mark.django_db

ACTIONS = ["view", "change", "delete", "manage", "decide", "anything"]
NON_ADMIN_ROLES = ["officer", "other_officer", "org_admin", "org_member", "other_org_admin", "norole"]


def _unregistered_models():
    return [
        m for m in apps.get_models() if m not in _RULES and m._meta.app_label.startswith(("core", "accounts"))
    ]


@pytest.fixture
def audit_rows(cast):
    with transaction.atomic():
        audit_log(actor=cast.officer, action="test.write", target=cast.org, after={"x": 1})
        audit_log(actor=cast.org_admin, action="test.write", target=cast.org, after={"x": 2})
    assert AuditRecord.objects.count() >= 2
    return AuditRecord.objects.all()


def test_the_models_under_test_have_no_rule():
    assert AuditRecord not in _RULES and StatusChange not in _RULES


@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_unregistered_model_is_hidden_from_every_non_admin_role(cast, audit_rows, role, action):
    user = getattr(cast, role)
    assert list(restrict(AuditRecord.objects.all(), user, action)) == []
    record = audit_rows.first()
    assert can(user, record, action) is False


@pytest.mark.parametrize("user", [None, AnonymousUser()], ids=["none", "anonymous"])
def test_unregistered_model_is_hidden_from_anonymous(audit_rows, user):
    for action in ACTIONS:
        assert list(restrict(AuditRecord.objects.all(), user, action)) == []


@pytest.mark.parametrize("action", ACTIONS)
def test_unregistered_model_is_visible_to_platform_admin_only(cast, audit_rows, action):
    assert restrict(AuditRecord.objects.all(), cast.admin, action).count() == audit_rows.count()


def test_hidden_unregistered_row_is_the_same_404_as_a_missing_one(cast, audit_rows):
    record = audit_rows.first()
    for pk in (record.pk, 10**9):
        with pytest.raises(Http404, match="对象不存在或无权访问。"):
            get_object_or_404_for(cast.officer, AuditRecord.objects.all(), pk=pk)
    assert get_object_or_404_for(cast.admin, AuditRecord.objects.all(), pk=record.pk) == record


@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_every_unregistered_model_restricts_to_nothing(cast, role):
    models = _unregistered_models()
    assert StatusChange in models and AuditRecord in models
    user = getattr(cast, role)
    for model in models:
        qs = restrict(model._default_manager.all(), user, "view")
        assert qs.query.is_empty(), model


# Registered rules: restrict(), can() and get_object_or_404_for() pass the action through, "view" by default.


def test_the_action_reaches_the_rule_and_defaults_to_view(cast):
    achievement = AchievementFactory()  # published: anyone may view it, only officers review it
    qs = Achievement.objects.filter(pk=achievement.pk)
    assert list(restrict(qs, cast.norole)) == [achievement]
    assert list(restrict(qs, cast.norole, "review")) == []
    assert can(cast.norole, achievement, "view") is True
    assert can(cast.norole, achievement, "review") is False
    assert get_object_or_404_for(cast.norole, qs, pk=achievement.pk) == achievement
    with pytest.raises(Http404, match="对象不存在或无权访问。"):
        get_object_or_404_for(cast.norole, qs, "review", pk=achievement.pk)


def test_an_object_without_is_authenticated_is_not_an_admin(audit_rows):
    impostor = SimpleNamespace(is_platform_admin=True)
    assert list(restrict(AuditRecord.objects.all(), impostor)) == []
