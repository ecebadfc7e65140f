"""Rule guarded: submitting an application is all or nothing, outside any test transaction too.

``transaction=True``: the test commits for real. A failure while the officers are being told (after the
snapshot of the figures, the status change and its audit record are written) leaves the application a
draft without a snapshot, no status change, no notification and no audit record (tests/atomic.py).
"""

from __future__ import annotations

import pytest

from kechuang.core.models import Notification, StatusChange
from kechuang.recognition.choices import ApplicationStatus
from kechuang.recognition.models import Application
from kechuang.recognition.services import transitions
from tests.atomic import Boom, assert_chain_intact, counts, fail_after_audit

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_failure_while_telling_the_officers_leaves_a_draft(draft, cast, monkeypatch):
    """Rule: application_transition writes the snapshot, the move, its audit and the notices in one
    transaction."""
    before = counts(StatusChange, Notification)
    snapshot = Application.objects.filter(pk=draft.pk).values().get()
    fail_after_audit(monkeypatch, transitions, "_notify_officers")
    with pytest.raises(Boom):
        transitions.application_transition(
            application=draft, to=ApplicationStatus.SUBMITTED, actor=cast.org_admin
        )
    assert Application.objects.filter(pk=draft.pk).values().get() == snapshot
    assert counts(StatusChange, Notification) == before
    assert_chain_intact()


def test_the_same_submission_commits_when_nothing_fails(draft, cast):
    """The control: without the injected failure the application is submitted and the officers told."""
    notifications = Notification.objects.count()
    transitions.application_transition(
        application=draft, to=ApplicationStatus.SUBMITTED, actor=cast.org_admin
    )
    assert Application.objects.get(pk=draft.pk).status == ApplicationStatus.SUBMITTED
    assert Notification.objects.count() > notifications
