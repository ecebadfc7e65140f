"""An officer whose appointment has ended (免职) keeps the record but is no longer told to act: the
notices that wait for a department's officers go to those still serving only."""

from __future__ import annotations

import datetime as dt

import pytest

from kechuang.core.models import Notification
from kechuang.recognition.services import transitions
from tests import app_factories as af
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_submitted_application_is_announced_to_serving_officers_only(cast):
    bureau = cast.officer.officer_assignments.get().department
    former = f.OfficerFactory(department=bureau, ended_on=dt.date(2026, 1, 1)).user
    application = af.ApplicationFactory(call__scheme__department=bureau, organization=cast.org)
    transitions._notify_officers(application)
    told = set(Notification.objects.values_list("recipient_id", flat=True))
    assert cast.officer.pk in told and former.pk not in told
