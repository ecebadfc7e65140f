"""Two owners' staff approving overlapping requests at the same moment: exactly one is approved (the
instrument's row lock decides; on SQLite writers are serialised, on PostgreSQL it is a real race)."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.utils import timezone

from kechuang.core.errors import ApplicationError
from kechuang.resources.choices import BookingStatus as S
from kechuang.resources.models import Booking, Redemption
from kechuang.resources.services.bookings import booking_transition
from kechuang.resources.services.vouchers import voucher_redeem
from tests import app_factories as af
from tests import factories as f


@pytest.fixture
def reference_data_after(django_db_blocker):  # type: ignore[no-untyped-def]
    """Requested before ``transactional_db``: reload the reference data after its flush."""
    yield
    from kechuang.registry.reference import INDUSTRY_DIVISIONS_CSV, load_industries, load_regions

    with django_db_blocker.unblock():
        load_regions()
        load_industries(INDUSTRY_DIVISIONS_CSV)


def _race(calls):  # type: ignore[no-untyped-def]
    """Start ``calls`` in threads at once. SQLite's shared in-memory test database refuses a second writer
    ("table is locked") instead of waiting, so there the calls take turns (the database would serialise
    them anyway); on PostgreSQL they really race and the row locks decide."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []
    turn = threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()

    def run(call):  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            with turn:
                call()
            outcomes.append("ok")
        except ApplicationError as exc:
            outcomes.append(exc.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_two_approvals_of_one_slot_one_wins(reference_data_after, transactional_db, cast):  # type: ignore[no-untyped-def]
    university = f.OrganizationFactory(name="吉林大学", kind="university")
    staff = [f.MembershipFactory(organization=university).user for _ in range(2)]
    instrument = af.InstrumentFactory(owner=university)
    start = timezone.now() + dt.timedelta(days=3)
    bookings = [
        af.BookingFactory(
            instrument=instrument,
            organization=org,
            starts_at=start + dt.timedelta(minutes=30 * i),
            ends_at=start + dt.timedelta(hours=2),
        )
        for i, org in enumerate([cast.org, cast.other_org])
    ]
    outcomes = _race(
        [
            lambda b=b, u=u: booking_transition(booking=b, to=S.APPROVED, actor=u)
            for b, u in zip(bookings, staff, strict=True)
        ]
    )
    assert outcomes.count("ok") == 1, outcomes
    [refusal] = [o for o in outcomes if o != "ok"]
    assert refusal.startswith("该时段与已批准的预约（") and refusal.endswith("）冲突，请选择其他时段。")
    assert Booking.objects.filter(instrument=instrument, status=S.APPROVED).count() == 1


def test_two_redemptions_of_one_booking_one_wins(reference_data_after, transactional_db, cast):  # type: ignore[no-untyped-def]
    voucher = af.VoucherFactory(enterprise=cast.org, amount=Decimal("50000"))
    booking = af.BookingFactory(organization=cast.org, status=S.USED, fee=Decimal("2000"))
    outcomes = _race(
        [
            lambda u=u: voucher_redeem(actor=u, voucher=voucher, booking=booking)
            for u in (cast.org_admin, cast.org_member)
        ]
    )
    assert sorted(outcomes) == ["ok", "该创新券已用于此次预约，不能重复使用。"]
    assert Redemption.objects.filter(voucher=voucher, booking=booking).count() == 1
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("49000.00")


def test_two_redemptions_racing_for_one_balance_never_overdraw(reference_data_after, transactional_db, cast):  # type: ignore[no-untyped-def]
    """Two used bookings, each covered for 1,000元, race for a voucher with 1,500元 left: the voucher's row
    lock orders them; the second gets what is left, the balance ends at zero, never below, and the money
    still reconciles."""
    from kechuang.resources.models import VoucherScheme
    from kechuang.resources.selectors import reconcile

    voucher = af.VoucherFactory(enterprise=cast.org, amount=Decimal("1500"))
    bookings = [
        af.BookingFactory(organization=cast.org, status=S.USED, fee=Decimal("2000")) for _ in range(2)
    ]
    outcomes = _race(
        [
            lambda b=b, u=u: voucher_redeem(actor=u, voucher=voucher, booking=b)
            for b, u in zip(bookings, (cast.org_admin, cast.org_member), strict=True)
        ]
    )
    assert outcomes == ["ok", "ok"]
    voucher.refresh_from_db()
    amounts = sorted(Redemption.objects.filter(voucher=voucher).values_list("amount", flat=True))
    assert (voucher.balance, voucher.status, amounts) == (Decimal("0.00"), "redeemed", [500, 1000])
    assert reconcile(schemes=VoucherScheme.objects.all()).mismatches == []
