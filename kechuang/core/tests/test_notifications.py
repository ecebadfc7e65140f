"""The notification inbox is per user; only links inside the platform are followed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kechuang.core.models import Notification
from tests.pages import client_for, text

pytestmark = pytest.mark.django_db


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
