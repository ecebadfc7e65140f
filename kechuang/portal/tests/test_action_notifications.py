"""A state change that asks someone to act tells them, with a link to the record: a panel starts scoring
→ its experts; an officer returns a recognition application or an achievement → the applicant's admins."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kechuang.core.models import Notification
from kechuang.market.choices import AchievementStatus
from kechuang.market.services import achievement_review
from kechuang.recognition.choices import ApplicationStatus
from kechuang.recognition.services import application_transition, attachment_add
from kechuang.recognition.tests.conftest import pdf_file
from kechuang.review.services import panel_open
from tests import app_factories as af
from tests.pages import client_for, text

pytestmark = pytest.mark.django_db


def test_starting_a_panel_tells_each_expert_with_a_link_to_the_score_sheet(cast):
    panel = af.PanelFactory()
    first = af.ReviewAssignmentFactory(item__panel=panel)
    second = af.ReviewAssignmentFactory(item__panel=panel)
    panel_open(panel=panel, actor=cast.officer)
    for assignment in (first, second):
        note = Notification.objects.get(recipient=assignment.expert.user)
        assert note.link == reverse("review:assignment_detail", args=[assignment.pk])
        assert panel.name in note.title
    # the inbox shows the title as a link that opens the score sheet and marks it read
    client = client_for(first.expert.user)
    note = Notification.objects.get(recipient=first.expert.user)
    assert reverse("core:notification_open", args=[note.pk]) in text(client.get("/notifications/"))
    response = client.get(reverse("core:notification_open", args=[note.pk]))
    assert response.status_code == 302 and response.url == note.link
    note.refresh_from_db()
    assert note.read_at is not None


def test_returning_a_recognition_application_tells_the_applicants_admins(cast):
    application = af.ApplicationFactory(organization=cast.org, status=ApplicationStatus.FORMAL_CHECK)
    application_transition(
        application=application,
        to=ApplicationStatus.RETURNED,
        actor=cast.officer,
        note="请补充研发费用明细。",
    )
    note = Notification.objects.get(recipient=cast.org_admin)
    assert "退回修改" in note.title and note.body == "请补充研发费用明细。"
    assert note.link == reverse("recognition:application_detail", args=[application.pk])
    assert not Notification.objects.filter(recipient=cast.org_member).exists()  # members cannot act on it


def test_submitting_a_recognition_application_tells_the_officers_who_accept_it(cast):
    application = af.ApplicationFactory(organization=cast.org, status=ApplicationStatus.DRAFT)
    attachment_add(application=application, actor=cast.org_admin, title="营业执照", file=pdf_file())
    application_transition(application=application, to=ApplicationStatus.SUBMITTED, actor=cast.org_admin)
    note = Notification.objects.get(recipient=cast.officer)
    assert note.link == reverse("recognition:application_detail", args=[application.pk])
    assert not Notification.objects.filter(recipient=cast.other_officer).exists()  # another region


def test_an_applicants_own_move_notifies_nobody_of_the_applicant(cast):
    application = af.ApplicationFactory(organization=cast.org, status=ApplicationStatus.SUBMITTED)
    application_transition(application=application, to=ApplicationStatus.WITHDRAWN, actor=cast.org_admin)
    assert not Notification.objects.filter(recipient=cast.org_admin).exists()


def test_returning_an_achievement_tells_the_owners_admins(cast):
    achievement = af.AchievementFactory(owner=cast.org, status=AchievementStatus.SUBMITTED)
    achievement_review(achievement=achievement, actor=cast.officer, approve=False, note="请补充应用案例。")
    note = Notification.objects.get(recipient=cast.org_admin)
    assert note.link == reverse("market:achievement_detail", args=[achievement.pk]) and "退回" in note.title
