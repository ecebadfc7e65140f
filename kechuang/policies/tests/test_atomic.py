"""Rule guarded: recording a disbursement is all or nothing, outside any test transaction too.

``transaction=True``: the test commits for real. A failure when the claim moves to 已兑现 (after the
disbursement and its audit record are written) leaves no disbursement, the claim approved, and no audit
record (tests/atomic.py).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kechuang.core.models import StatusChange
from kechuang.policies.choices import ClaimStatus
from kechuang.policies.models import Disbursement
from kechuang.policies.services import disbursements
from tests import app_factories as af
from tests.atomic import Boom, assert_chain_intact, counts, fail_after_audit

pytestmark = pytest.mark.django_db(transaction=True)


def _record(cast, claim):  # type: ignore[no-untyped-def]
    return disbursements.disbursement_record(
        claim=claim,
        actor=cast.officer,
        amount=Decimal("50000"),
        paid_on=dt.date(2025, 6, 1),
        voucher_no="P-1",
    )


def test_a_failure_when_the_claim_moves_leaves_no_disbursement(cast, monkeypatch):
    """Rule: disbursement_record writes the disbursement, its audit and the claim's move in one transaction."""
    claim = af.ClaimFactory(
        organization=cast.org, status=ClaimStatus.APPROVED, amount_approved=Decimal("80000")
    )
    before = counts(Disbursement, StatusChange)
    fail_after_audit(monkeypatch, disbursements, "transition")
    with pytest.raises(Boom):
        _record(cast, claim)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    assert counts(Disbursement, StatusChange) == before
    assert_chain_intact()


def test_the_same_disbursement_commits_when_nothing_fails(cast):
    """The control: without the injected failure the disbursement is written and the claim is 已兑现."""
    claim = af.ClaimFactory(
        organization=cast.org, status=ClaimStatus.APPROVED, amount_approved=Decimal("80000")
    )
    _record(cast, claim)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.DISBURSED
    assert Disbursement.objects.filter(claim=claim).count() == 1
