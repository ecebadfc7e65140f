"""Rule guarded: merging a carrier is all or nothing, outside any test transaction too.

``transaction=True``: the test commits for real. A failure at the merge's last step (the history line on
the carrier merged into) leaves the merged carrier as it was: not merged, no status change, no audit
record (tests/atomic.py).
"""

from __future__ import annotations

import pytest

from kechuang.carriers import services
from kechuang.carriers.choices import CarrierKind, CarrierStatus, Tier
from kechuang.carriers.models import CarrierEvent
from kechuang.carriers.tests.builders import make_carrier
from kechuang.core.models import StatusChange
from tests.atomic import Boom, assert_chain_intact, counts, fail_after_audit

pytestmark = pytest.mark.django_db(transaction=True)


def _two(cast):  # type: ignore[no-untyped-def]
    def one(name, kind):  # type: ignore[no-untyped-def]
        return make_carrier(
            organization=cast.org, actor=cast.admin, name=name, kind=kind, tier=Tier.PROVINCIAL
        )

    return one("光华重点实验室", CarrierKind.KEY_LAB), one(
        "光华工程中心", CarrierKind.ENGINEERING_RESEARCH_CENTER
    )


def test_a_failure_at_the_merges_last_step_leaves_the_carrier_unmerged(cast, monkeypatch):
    """Rule: carrier_merge moves the carrier, changes its status and writes the history in one transaction."""
    carrier, into = _two(cast)
    before = counts(CarrierEvent, StatusChange)
    fail_after_audit(monkeypatch, services, "_event")
    with pytest.raises(Boom):
        services.carrier_merge(carrier=carrier, into=into, actor=cast.officer, note="整合")
    carrier.refresh_from_db()
    assert (carrier.status, carrier.merged_into) == (CarrierStatus.ACTIVE, None)
    assert counts(CarrierEvent, StatusChange) == before
    assert_chain_intact()


def test_the_same_merge_commits_when_nothing_fails(cast):
    """The control: without the injected failure the merge is committed with its status change."""
    carrier, into = _two(cast)
    services.carrier_merge(carrier=carrier, into=into, actor=cast.officer, note="整合")
    carrier.refresh_from_db()
    assert (carrier.status, carrier.merged_into) == (CarrierStatus.MERGED, into)
