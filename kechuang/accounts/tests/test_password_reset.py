"""Issue 10: password reset on an intranet — a platform admin sets a one-time temporary password (shown
once, audited without the password, every token revoked) that the user must change before anything else;
Django's e-mail reset only where mail is configured (off by default)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from kechuang.core.models import AuditRecord
from tests.pages import client_for

pytestmark = pytest.mark.django_db


def test_a_platform_admin_sets_a_temporary_password_the_user_must_change(cast):
    Token.objects.create(user=cast.org_member)
    url = reverse("accounts:user_password_reset", args=[cast.org_member.pk])
    assert client_for(cast.officer).post(url).status_code == 404
    assert client_for(cast.org_admin).post(url).status_code == 404
    page = client_for(cast.admin).post(url)
    assert page.status_code == 200
    password = page.context["password"]
    assert len(password) == 12 and password in page.content.decode()
    record = AuditRecord.objects.get(action="user.password_reset")
    assert record.actor_id == cast.admin.pk and record.target_id == str(cast.org_member.pk)
    assert password not in str(record.after) and password not in str(record.before)
    assert not Token.objects.filter(user=cast.org_member).exists()

    client = Client()
    signed_in = client.post(reverse("accounts:login"), {"username": "org_member", "password": password})
    assert signed_in.status_code == 302
    held = client.get(reverse("core:notification_list"))
    assert held.status_code == 302 and held["Location"] == reverse("accounts:password_change")
    api = APIClient()
    refused = api.post("/api/v1/auth/token/", {"username": "org_member", "password": password}, format="json")
    assert refused.json()["extra"]["code"] == "password_change_required"
    form = client.get(reverse("accounts:password_change"))
    assert "临时密码" in form.content.decode()
    same = client.post(
        reverse("accounts:password_change"),
        {"old_password": password, "new_password1": password, "new_password2": password},
    )
    assert "新密码不能与原密码相同。" in same.content.decode()
    changed = client.post(
        reverse("accounts:password_change"),
        {"old_password": password, "new_password1": "Xin-Mima-2027", "new_password2": "Xin-Mima-2027"},
    )
    assert changed.status_code == 302
    assert client.get(reverse("core:notification_list")).status_code == 200  # still signed in, free
    cast.org_member.refresh_from_db()
    assert not cast.org_member.must_change_password
    assert AuditRecord.objects.filter(action="user.password_change", actor=cast.org_member).exists()


def test_an_admin_cannot_reset_their_own_password_this_way(cast):
    url = reverse("accounts:user_password_reset", args=[cast.admin.pk])
    response = client_for(cast.admin).post(url, follow=True)
    assert "您无权执行此操作。" in response.content.decode()
    assert not AuditRecord.objects.filter(action="user.password_reset").exists()


def test_email_reset_is_off_by_default(cast):
    assert Client().get(reverse("accounts:password_reset")).status_code == 404
    assert "请联系平台管理员或本单位管理员重置" in Client().get(reverse("accounts:login")).content.decode()


@override_settings(KECHUANG_PASSWORD_RESET_BY_EMAIL=True)
def test_email_reset_when_configured(cast):
    cast.org_member.email = "member@example.cn"
    cast.org_member.save()
    client = Client()
    response = client.post(reverse("accounts:password_reset"), {"email": "member@example.cn"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert "重置" in message.subject
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"new_password1": "Xin-Mima-2027", "new_password2": "Xin-Mima-2027"},
    )
    assert done.status_code == 302
    cast.org_member.refresh_from_db()
    assert cast.org_member.check_password("Xin-Mima-2027")


def test_an_organization_admin_resets_a_plain_members_password_only(cast):
    from tests.factories import MembershipFactory, OfficerFactory

    membership = cast.org.memberships.get(user=cast.org_member)
    url = reverse("members:member_password_reset", args=[membership.pk])
    assert client_for(cast.other_org_admin).post(url).status_code == 404
    assert client_for(cast.org_member).post(url).status_code == 404
    page = client_for(cast.org_admin).post(url)
    assert page.status_code == 200 and len(page.context["password"]) == 12
    cast.org_member.refresh_from_db()
    assert cast.org_member.must_change_password
    # An officer who is also a member of the organization: only a platform admin resets that password.
    officer_member = MembershipFactory(
        organization=cast.org, user=OfficerFactory(user__username="dual").user, role="member"
    )
    refused = client_for(cast.org_admin).post(
        reverse("members:member_password_reset", args=[officer_member.pk]), follow=True
    )
    assert "该账户的密码只能由平台管理员重置。" in refused.content.decode()
    officer_member.user.refresh_from_db()
    assert not officer_member.user.must_change_password
    assert AuditRecord.objects.filter(action="user.password_reset").count() == 1
