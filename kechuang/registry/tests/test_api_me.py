"""GET /api/v1/me/: who the signed-in user is in the directory, with every kind of role."""

from __future__ import annotations

import pytest

from kechuang.registry.services_experts import expert_set_active
from tests import factories as f
from tests.api import assert_error, client_for

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"


def test_me_anonymous(cast):
    assert_error(client_for(None).get(ME), 401, "身份认证信息未提供。")


def test_me_officer(cast):
    body = client_for(cast.officer).get(ME).json()
    assert body["roles"] == {
        "platform_admin": False,
        "expert": False,
        "officer": [
            {
                "department_id": cast.officer.officer_assignments.get().department_id,
                "department": "长春市科学技术局",
                "department_kind": "science",
                "region_code": "220100",
                "region": "吉林省长春市",
            }
        ],
        "memberships": [],
    }
    assert body["role_labels"] == ["长春市科学技术局"]


def test_me_org_member_admin_norole(cast):
    member = client_for(cast.org_member).get(ME).json()
    assert member["roles"]["memberships"] == [
        {
            "organization_id": cast.org.pk,
            "organization": "长春光华微电子有限公司",
            "uscc": cast.org.uscc,
            "role": "member",
            "role_display": "机构成员",
        }
    ]
    assert member["role_labels"] == ["长春光华微电子有限公司（机构成员）"]
    admin = client_for(cast.admin).get(ME).json()
    assert admin["roles"]["platform_admin"] is True and admin["role_labels"] == ["平台管理员"]
    norole = client_for(cast.norole).get(ME).json()
    assert norole["roles"] == {"platform_admin": False, "expert": False, "officer": [], "memberships": []}
    assert norole["username"] == "norole" and norole["role_labels"] == []


def test_me_in_english(cast):
    c = client_for(cast.org_member)
    body = c.get(ME, HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["roles"]["memberships"][0]["role"] == "member"
    assert_error(
        client_for(None).get(ME, HTTP_ACCEPT_LANGUAGE="en"),
        401,
        "Authentication credentials were not provided.",
    )


def test_me_expert_is_the_active_entry_in_the_expert_pool(cast):
    expert = f.ExpertFactory(user__username="prof_li")
    body = client_for(expert.user).get(ME).json()
    assert body["roles"]["expert"] is True and body["role_labels"] == ["评审专家"]
    expert_set_active(expert=expert, actor=cast.admin, active=False)
    body = client_for(expert.user).get(ME).json()
    assert body["roles"]["expert"] is False and body["role_labels"] == []
