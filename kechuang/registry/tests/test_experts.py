"""The expert pool is the directory's: a user is a review expert exactly while their pool entry is active,
every change of it is audited, and the signed-in user's entry costs no query of its own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kechuang.accounts.models import User
from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord
from kechuang.registry.selectors import user_is_expert, user_role_labels
from kechuang.registry.services_experts import (
    expert_cooperation_add,
    expert_create,
    expert_declare_conflict,
    expert_set_active,
    expert_update,
)
from tests import factories as f
from tests.pages import client_for, text

pytestmark = pytest.mark.django_db


def _actions(target_id: int) -> list[str]:
    return list(
        AuditRecord.objects.filter(target_type="registry.expert", target_id=str(target_id))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_a_user_is_an_expert_exactly_while_their_pool_entry_is_active(cast):
    user = f.UserFactory(username="prof_zhao")
    assert not user_is_expert(user)
    expert = expert_create(name="赵教授", user=user, title="教授", fields=["C33"], actor=cast.admin)
    assert user_is_expert(User.objects.get(pk=user.pk))
    assert user_role_labels(User.objects.get(pk=user.pk)) == ["评审专家"]

    expert_set_active(expert=expert, actor=cast.admin, active=False)
    assert not user_is_expert(User.objects.get(pk=user.pk))
    expert_set_active(expert=expert, actor=cast.admin, active=False)  # no change, nothing recorded
    expert_set_active(expert=expert, actor=cast.admin, active=True)
    assert user_is_expert(User.objects.get(pk=user.pk))
    assert _actions(expert.pk) == ["expert.create", "expert.deactivate", "expert.activate"]
    deactivated = AuditRecord.objects.get(action="expert.deactivate")
    assert (deactivated.actor, deactivated.before, deactivated.after) == (
        cast.admin,
        {"is_active": True},
        {"is_active": False},
    )


def test_nobody_without_an_account_in_the_pool_is_an_expert(cast):
    expert_create(name="钱研究员", actor=cast.admin)
    assert not any(user_is_expert(u) for u in User.objects.all())
    assert not user_is_expert(None)


def test_update_is_audited_with_what_changed_and_refuses_the_status(cast):
    expert = f.ExpertFactory(user__username="prof_sun", name="孙工")
    expert_update(expert=expert, actor=cast.admin, data={"title": "研究员", "fields": ["C26", "C27"]})
    record = AuditRecord.objects.get(action="expert.update")
    assert record.before == {"title": "教授", "fields": []}
    assert record.after == {"title": "研究员", "fields": ["C26", "C27"]}
    with pytest.raises(ApplicationError) as exc:
        expert_update(expert=expert, actor=cast.admin, data={"is_active": False})
    assert exc.value.message == "不能修改这些专家信息：is_active。"
    expert.refresh_from_db()
    assert expert.is_active


def test_conflicts_and_cooperations_are_recorded_through_audited_services(cast):
    expert = f.ExpertFactory(user__username="prof_qian")
    expert_declare_conflict(expert=expert, organization=cast.org, reason=" 曾任顾问 ", actor=expert.user)
    expert_declare_conflict(expert=expert, organization=cast.org, reason="再次声明", actor=expert.user)
    assert list(expert.conflicts.values_list("organization_id", "reason")) == [(cast.org.pk, "曾任顾问")]
    expert_cooperation_add(
        expert=expert, organization=cast.other_org, occurred_on=dt.date(2025, 3, 1), actor=cast.admin
    )
    assert expert.cooperations.get().organization == cast.other_org
    assert _actions(expert.pk) == [
        "expert.declare_conflict",
        "expert.declare_conflict",
        "expert.add_cooperation",
    ]


def test_the_signed_in_users_pool_entry_comes_with_the_user(cast):
    """The menu asks on every page whether the user is an expert; it must not cost a query of its own."""
    expert = f.ExpertFactory(user__username="prof_wu")
    client = client_for(expert.user)
    client.get(reverse("core:home"))
    with CaptureQueriesContext(connection) as ctx:
        body = text(client.get(reverse("core:home")))
    assert reverse("review:my_assignments") in body
    sql = [q["sql"] for q in ctx.captured_queries]
    assert [s for s in sql if s.startswith("SELECT") and 'FROM "registry_expert"' in s] == []
    assert any('FROM "accounts_user" LEFT OUTER JOIN "registry_expert"' in s for s in sql)


def test_a_deactivated_expert_loses_the_review_menu(cast):
    expert = f.ExpertFactory(user__username="prof_zheng")
    assert "评审任务" in text(client_for(expert.user).get(reverse("core:home")))
    expert_set_active(expert=expert, actor=cast.admin, active=False)
    body = text(client_for(expert.user).get(reverse("core:home")))
    assert "您已入选专家库。" not in body and reverse("review:my_assignments") not in body
