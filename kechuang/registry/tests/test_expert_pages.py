"""The expert pool in the browser's pages: officers add experts (every problem at once), record conflicts,
retire them; an expert keeps their own profile but nothing else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord
from kechuang.registry.models import Expert
from kechuang.registry.services_experts import expert_create, expert_update
from tests import factories as f
from tests.pages import client_for, text

pytestmark = pytest.mark.django_db


def test_an_officer_adds_an_expert_with_fields_and_a_conflict(cast):
    client = client_for(cast.officer)
    account = f.UserFactory(username="prof_li")
    response = client.post(
        reverse("registry:expert_new"),
        {
            "name": "李教授",
            "title": "教授",
            "organization": cast.other_org.uscc,
            "region": "220102",
            "fields": "C39、I65",
            "max_load": "8",
            "user": "prof_li",
        },
    )
    expert = Expert.objects.get(name="李教授")
    assert response.status_code == 302
    assert (expert.user, expert.organization, expert.region_id) == (account, cast.other_org, "220102")
    assert expert.fields == ["39", "65"]
    client.post(
        reverse("registry:expert_conflict_add", args=[expert.pk]),
        {"organization": cast.org.name, "reason": "曾任该单位顾问"},
    )
    assert list(expert.conflicts.values_list("organization", flat=True)) == [cast.org.pk]
    page = text(client.get(reverse("registry:expert_detail", args=[expert.pk])))
    assert cast.org.name in page and "曾任该单位顾问" in page and "C39" in page
    assert AuditRecord.objects.filter(action="expert.declare_conflict", actor=cast.officer).exists()


def test_every_problem_of_the_form_at_once(cast):
    client = client_for(cast.officer)
    response = client.post(
        reverse("registry:expert_new"),
        {
            "name": "王研究员",
            "organization": "不存在的单位",
            "region": "999999",
            "fields": "Z99",
            "user": "nobody",
        },
    )
    body = text(response)
    assert response.status_code == 200
    for message in ("不存在的单位", "999999", "Z99", "nobody"):
        assert message in body
    assert not Expert.objects.filter(name="王研究员").exists()


def test_an_expert_keeps_their_own_profile_but_not_their_name(cast):
    user = f.UserFactory(username="prof_sun")
    expert = expert_create(name="孙教授", user=user, actor=cast.admin)
    client = client_for(user)
    client.post(reverse("registry:my_expert_profile"), {"title": "研究员", "fields": "C", "max_load": "3"})
    expert.refresh_from_db()
    assert (expert.title, expert.fields, expert.max_load) == ("研究员", ["C"], 3)
    with pytest.raises(ApplicationError):
        expert_update(expert=expert, actor=user, data={"name": "改名"})


def test_retired_experts_leave_the_pool(cast):
    expert = expert_create(name="周教授", user=f.UserFactory(), actor=cast.admin)
    client = client_for(cast.officer)
    client.post(reverse("registry:expert_status", args=[expert.pk]), {"active": "0"})
    expert.refresh_from_db()
    assert not expert.is_active
    assert "周教授" not in text(client.get(reverse("registry:expert_list")))
    assert "周教授" in text(client.get(reverse("registry:expert_list") + "?active=0"))
