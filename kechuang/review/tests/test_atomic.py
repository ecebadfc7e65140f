"""Rule guarded: assigning experts to a panel is all or nothing, outside any test transaction too.

``transaction=True``: the test commits for real. A failure after the assignments and their audit record
are written leaves no assignment and no audit record behind (tests/atomic.py).
"""

from __future__ import annotations

import pytest

from kechuang.review import services
from kechuang.review.models import ReviewAssignment
from tests.atomic import Boom, assert_chain_intact, counts, fail_after_audit

from .conftest import expert

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_failure_after_the_assignment_is_audited_leaves_no_assignment(panel, cast, monkeypatch):
    """Rule: panel_assign writes the assignments and their audit record in one transaction."""
    pool = [expert("甲"), expert("乙")]
    before = counts(ReviewAssignment)
    fail_after_audit(monkeypatch, services)
    with pytest.raises(Boom):
        services.panel_assign(panel=panel, actor=cast.officer, experts=pool)
    assert counts(ReviewAssignment) == before
    assert_chain_intact()


def test_the_same_assignment_commits_when_nothing_fails(panel, cast):
    """The control: without the injected failure the assignment and its audit record are committed."""
    pool = [expert("甲"), expert("乙")]
    assignments, audits = counts(ReviewAssignment)
    services.panel_assign(panel=panel, actor=cast.officer, experts=pool)
    assert counts(ReviewAssignment) == (assignments + 1, audits + 1)
    assert_chain_intact()
