"""Rule guarded: a contact request is all or nothing, outside any test transaction too.

``transaction=True``: the test commits for real. A failure while the owner's members are being notified
leaves no contact, no notification and no audit record (tests/atomic.py).
"""

from __future__ import annotations

import pytest

from kechuang.core.models import Notification
from kechuang.market.models import Contact
from kechuang.market.services import contacts
from tests import app_factories as af
from tests.atomic import Boom, assert_chain_intact, counts, fail_after_audit

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_failure_while_notifying_leaves_no_contact(cast, monkeypatch):
    """Rule: contact_create writes the contact, its audit record and the notifications in one transaction."""
    achievement = af.AchievementFactory(owner=cast.org)
    before = counts(Contact, Notification)
    fail_after_audit(monkeypatch, contacts, "notification_send")
    with pytest.raises(Boom):
        contacts.contact_create(
            actor=cast.other_org_admin, from_org=cast.other_org, message="希望洽谈。", achievement=achievement
        )
    assert counts(Contact, Notification) == before
    assert_chain_intact()


def test_the_same_contact_commits_when_nothing_fails(cast):
    """The control: without the injected failure the contact and both members' notifications are written."""
    achievement = af.AchievementFactory(owner=cast.org)
    contacts_, notifications, audits = counts(Contact, Notification)
    contacts.contact_create(
        actor=cast.other_org_admin, from_org=cast.other_org, message="希望洽谈。", achievement=achievement
    )
    assert counts(Contact, Notification)[:2] == (contacts_ + 1, notifications + 2)
    assert counts(Contact, Notification)[2] > audits
