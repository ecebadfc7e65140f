"""Rule guarded: assigning a complaint is all or nothing, outside any test transaction too.

``transaction=True``: the test commits for real. A failure after the move to 已交办 (status change and
audit record written) but before the department is saved leaves the complaint lodged, with no status
change and no audit record — never assigned to nobody (tests/atomic.py).
"""

from __future__ import annotations

import pytest

from kechuang.core.models import StatusChange
from kechuang.quality.choices import ComplaintStatus
from kechuang.quality.services import complaints
from tests import app_factories as af
from tests.atomic import Boom, assert_chain_intact, counts, fail_after_audit

pytestmark = pytest.mark.django_db(transaction=True)


def _science(cast):  # type: ignore[no-untyped-def]
    return cast.officer.officer_assignments.get().department


def test_a_failure_after_the_move_leaves_the_complaint_lodged(cast, monkeypatch):
    """Rule: complaint_transition moves the complaint and names its department in one transaction."""
    complaint = af.ComplaintFactory(lodged_by=cast.norole)
    before = counts(StatusChange)
    fail_after_audit(monkeypatch, complaints, "transition")
    with pytest.raises(Boom):
        complaints.complaint_transition(
            complaint=complaint, to=ComplaintStatus.ASSIGNED, actor=cast.officer, department=_science(cast)
        )
    complaint.refresh_from_db()
    assert (complaint.status, complaint.department) == (ComplaintStatus.LODGED, None)
    assert counts(StatusChange) == before
    assert_chain_intact()


def test_the_same_assignment_commits_when_nothing_fails(cast):
    """The control: without the injected failure the complaint is assigned to the department."""
    complaint = af.ComplaintFactory(lodged_by=cast.norole)
    complaints.complaint_transition(
        complaint=complaint, to=ComplaintStatus.ASSIGNED, actor=cast.officer, department=_science(cast)
    )
    complaint.refresh_from_db()
    assert (complaint.status, complaint.department) == (ComplaintStatus.ASSIGNED, _science(cast))
