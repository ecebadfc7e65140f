"""The home page tells each role where to start; the notification inbox is per user."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kechuang.core.models import Notification
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


def test_notifications_are_per_user_with_unread_badge_and_mark_all(cast):
    Notification.objects.create(recipient=cast.org_admin, title="您的申报已受理", link="/registry/parks/")
    Notification.objects.create(recipient=cast.org_admin, title="年度统计填报提醒")
    Notification.objects.create(recipient=cast.other_org_admin, title="别人的通知")
    client = client_for(cast.org_admin)
    body = text(client.get(reverse("core:notification_list")))
    assert "您的申报已受理" in body and "别人的通知" not in body
    assert '<span class="badge">2</span>' in body
    response = client.post(reverse("core:notification_read_all"), follow=True)
    assert "已将2条通知标为已读。" in text(response)
    assert not Notification.objects.filter(recipient=cast.org_admin, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=cast.other_org_admin, read_at__isnull=True).count() == 1
    body = text(client.get(reverse("core:notification_list"), {"unread": "1"}))
    assert "暂无通知。" in body


def test_notification_link_outside_the_site_is_not_followed(cast):
    note = Notification.objects.create(recipient=cast.org_admin, title="钓鱼", link="https://evil.example/")
    response = client_for(cast.org_admin).post(reverse("core:notification_read", args=[note.pk]))
    assert response["Location"] == reverse("core:notification_list")


def test_verification_notifies_the_organization_admins(cast):
    pending = f.OrganizationFactory(name="新注册光电公司", verification_status=VerificationStatus.PENDING)
    admin = f.MembershipFactory(organization=pending).user
    client_for(cast.officer).post(
        reverse("registry:organization_verify", args=[pending.pk]), {"decision": "approve"}
    )
    note = admin.notifications.get()
    assert note.title == "新注册光电公司已通过核验，可以开始申报。"
    assert note.link == reverse("registry:organization_detail", args=[pending.pk])
