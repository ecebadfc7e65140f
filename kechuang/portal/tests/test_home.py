"""The home page tells each role where to start."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kechuang.registry.choices import VerificationStatus
from kechuang.registry.models import Invitation
from tests import factories as f
from tests.pages import client_for, text

pytestmark = pytest.mark.django_db


def _home(user):  # type: ignore[no-untyped-def]
    return text(client_for(user).get("/"))


def test_anonymous_home_offers_sign_in_and_registration(db):
    body = _home(None)
    assert reverse("accounts:login") in body and reverse("members:signup") in body
    assert "您好" not in body


def test_officer_home_counts_the_region_and_links_the_queue(cast):
    f.OrganizationFactory(verification_status=VerificationStatus.PENDING)
    response = client_for(cast.officer).get("/")
    assert response.context["org_count"] == 3 and response.context["pending_count"] == 1
    body = text(response)
    assert "辖区主体" in body and reverse("registry:verification_queue") in body
    assert "长春市科学技术局" in body and "吉林省 / 长春市" in body
    assert reverse("admin:index") not in body


def test_admin_home_links_system_administration(cast):
    body = _home(cast.admin)
    assert "平台主体" in body and reverse("admin:index") in body


def test_a_government_bureaus_admin_is_not_asked_for_yearly_statistics(cast):
    """A county science bureau is an organization (it recommends applications) but files no 营业收入."""
    bureau = f.OrganizationFactory(name="绿园区科学技术局", kind="government")
    admin = f.UserFactory()
    f.MembershipFactory(user=admin, organization=bureau)
    body = _home(admin)
    assert "年度统计数据" not in body
    assert reverse("registry:statistics_add", args=[bureau.pk]) not in body
    assert (
        'class="quick-links"' not in body
    )  # an applicant's shortcuts (我的政策, 认定申报 …), not a bureau's
    assert 'class="quick-links"' in _home(cast.org_admin)


def test_org_admin_home_asks_for_last_years_statistics_until_filed(cast):
    last_year = timezone.localdate().year - 1
    body = _home(cast.org_admin)
    assert f"填报{last_year}年度统计数据" in body
    assert reverse("registry:statistics_add", args=[cast.org.pk]) in body
    assert reverse("members:organization_members", args=[cast.org.pk]) in body
    f.StatisticsFactory(organization=cast.org, year=last_year)
    body = _home(cast.org_admin)
    assert f"{last_year}年度统计数据已填报。" in body


def test_org_member_home_has_no_admin_actions(cast):
    body = _home(cast.org_member)
    assert reverse("registry:organization_detail", args=[cast.org.pk]) in body
    assert reverse("registry:organization_edit", args=[cast.org.pk]) not in body
    assert reverse("members:organization_members", args=[cast.org.pk]) not in body


def test_pending_org_admin_is_told_to_wait(cast):
    cast.org.verification_status = VerificationStatus.PENDING
    cast.org.save()
    assert "正等待所在地科技部门核验" in _home(cast.org_admin)


def test_expert_home(cast):
    expert = f.ExpertFactory(user__username="expert").user
    body = _home(expert)
    assert "您已入选专家库。" in body and "您的账号尚未关联任何机构或角色" not in body
    assert reverse("review:my_assignments") in body


def test_no_role_home_explains_and_offers_invitations(cast):
    body = _home(cast.norole)
    assert "您的账号尚未关联任何机构或角色" in body and "请联系单位管理员" in body
    invitation = Invitation.objects.create(
        organization=cast.org,
        email=cast.norole.email,
        token="t" * 40,
        invited_by=cast.org_admin,
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    body = _home(cast.norole)
    assert reverse("members:invitation_accept", args=[invitation.token]) in body
