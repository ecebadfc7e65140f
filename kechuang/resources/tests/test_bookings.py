"""Bookings: every move and refusal through the services, with exact messages; no double booking."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from kechuang.core.errors import ApplicationError
from kechuang.core.models import AuditRecord
from kechuang.resources.choices import BookingStatus as S
from kechuang.resources.choices import InstrumentStatus
from kechuang.resources.services.bookings import (
    booking_rate,
    booking_record_use,
    booking_request,
    booking_transition,
    instrument_create,
)
from tests import app_factories as af
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_admin(cast):  # type: ignore[no-untyped-def]
    university = f.OrganizationFactory(name="吉林大学", kind="university")
    return f.MembershipFactory(organization=university, user__username="jlu_admin").user


@pytest.fixture
def instrument(owner_admin):  # type: ignore[no-untyped-def]
    return af.InstrumentFactory(owner=owner_admin.memberships.get().organization, name="场发射扫描电子显微镜")


def _slot(days: int = 3, hour: int = 9, hours: int = 3) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.now().replace(hour=hour, minute=0, second=0, microsecond=0) + dt.timedelta(days=days)
    return start, start + dt.timedelta(hours=hours)


def _request(cast, instrument, days=3, hour=9, hours=3):  # type: ignore[no-untyped-def]
    start, end = _slot(days, hour, hours)
    return booking_request(
        actor=cast.org_admin,
        instrument=instrument,
        organization=cast.org,
        starts_at=start,
        ends_at=end,
        sample_description="镁合金断口样品3件",
    )


def test_instrument_create_by_owner_admin_only(cast, owner_admin):
    org = owner_admin.memberships.get().organization
    made = instrument_create(actor=owner_admin, owner=org, name="X射线衍射仪", category="diffraction")
    assert made.region_path == org.region_path
    assert AuditRecord.objects.filter(action="instrument.create").count() == 1
    with pytest.raises(ApplicationError, match=r"^您无权执行此操作。$"):
        instrument_create(actor=cast.org_admin, owner=org, name="核磁共振波谱仪", category="spectroscopy")


def test_full_walk(cast, owner_admin, instrument):
    booking = _request(cast, instrument)
    assert booking.status == S.REQUESTED
    booking_transition(booking=booking, to=S.APPROVED, actor=owner_admin)
    booking_record_use(
        booking=booking,
        actor=owner_admin,
        hours=Decimal("3"),
        samples=3,
        fee=Decimal("1800"),
        result_delivered=True,
    )
    booking.refresh_from_db()
    assert (booking.status, booking.hours_used, booking.fee, booking.result_delivered) == (
        S.USED,
        Decimal("3.00"),
        Decimal("1800.00"),
        True,
    )
    booking_rate(booking=booking, actor=cast.org_member, rating=5, comment="结果及时")
    booking.refresh_from_db()
    assert (booking.status, booking.rating) == (S.RATED, 5)


def test_request_refusals(cast, owner_admin, instrument):
    start, end = _slot()
    args = {"instrument": instrument, "organization": cast.org, "sample_description": "样品"}
    with pytest.raises(ApplicationError, match=r"^您无权执行此操作。$"):
        booking_request(actor=cast.other_org_admin, starts_at=start, ends_at=end, **args)
    with pytest.raises(ApplicationError, match=r"^结束时间必须晚于开始时间。$"):
        booking_request(actor=cast.org_admin, starts_at=end, ends_at=start, **args)
    past = timezone.now() - dt.timedelta(hours=5)
    with pytest.raises(ApplicationError, match=r"^只能预约将来的时段。$"):
        booking_request(actor=cast.org_admin, starts_at=past, ends_at=past + dt.timedelta(hours=1), **args)
    instrument.status = InstrumentStatus.MAINTENANCE
    instrument.save()
    with pytest.raises(ApplicationError, match=r"^该仪器当前“维护中”，暂不接受预约。$"):
        booking_request(actor=cast.org_admin, starts_at=start, ends_at=end, **args)


def test_no_double_booking_on_request_and_on_approval(cast, owner_admin, instrument):
    first = _request(cast, instrument, hour=9, hours=3)
    second = _request(cast, instrument, hour=10, hours=3)  # overlaps a request: allowed while not approved
    booking_transition(booking=first, to=S.APPROVED, actor=owner_admin)
    start = timezone.localtime(first.starts_at).strftime("%Y-%m-%d %H:%M")
    end = timezone.localtime(first.ends_at).strftime("%Y-%m-%d %H:%M")
    message = f"该时段与已批准的预约（{start}至{end}）冲突，请选择其他时段。"
    with pytest.raises(ApplicationError) as exc:
        booking_transition(booking=second, to=S.APPROVED, actor=owner_admin)
    assert exc.value.message == message
    second.refresh_from_db()
    assert second.status == S.REQUESTED
    with pytest.raises(ApplicationError) as exc:
        _request(cast, instrument, hour=11, hours=1)
    assert exc.value.message == message
    # touching ends are not an overlap
    adjacent = _request(cast, instrument, hour=12, hours=2)
    booking_transition(booking=adjacent, to=S.APPROVED, actor=owner_admin)
    # another instrument's approved bookings do not matter
    other = af.InstrumentFactory(owner=instrument.owner)
    _request(cast, other, hour=9, hours=3)


def test_move_permissions(cast, owner_admin, instrument):
    booking = _request(cast, instrument)
    for actor, to in [
        (cast.org_admin, S.APPROVED),
        (cast.other_org_admin, S.CANCELLED),
        (owner_admin, S.RATED),
    ]:
        with pytest.raises(ApplicationError, match=r"^您无权执行此操作。$"):
            booking_transition(booking=booking, to=to, actor=actor)
    booking_transition(booking=booking, to=S.CANCELLED, actor=cast.org_member)
    booking.refresh_from_db()
    assert booking.status == S.CANCELLED
    with pytest.raises(ApplicationError, match=r"^不能从“已取消”变更为“已批准”。$"):
        booking_transition(booking=booking, to=S.APPROVED, actor=owner_admin)


def test_use_and_rating_refusals(cast, owner_admin, instrument):
    booking = _request(cast, instrument)
    use = {"samples": 1, "fee": Decimal("100"), "result_delivered": False}
    with pytest.raises(ApplicationError, match=r"^不能从“待审核”变更为“已使用”。$"):
        booking_record_use(booking=booking, actor=owner_admin, hours=Decimal("1"), **use)
    booking_transition(booking=booking, to=S.APPROVED, actor=owner_admin)
    with pytest.raises(ApplicationError, match=r"^使用机时必须大于零。$"):
        booking_record_use(booking=booking, actor=owner_admin, hours=Decimal("0"), **use)
    with pytest.raises(ApplicationError, match=r"^服务费不能为负数。$"):
        booking_record_use(
            booking=booking,
            actor=owner_admin,
            hours=Decimal("1"),
            samples=1,
            fee=Decimal("-1"),
            result_delivered=False,
        )
    with pytest.raises(ApplicationError, match=r"^您无权执行此操作。$"):
        booking_record_use(booking=booking, actor=cast.org_admin, hours=Decimal("1"), **use)
    booking_record_use(booking=booking, actor=owner_admin, hours=Decimal("1"), **use)
    with pytest.raises(ApplicationError, match=r"^评分应为1至5分。$"):
        booking_rate(booking=booking, actor=cast.org_admin, rating=6)
    with pytest.raises(ApplicationError, match=r"^您无权执行此操作。$"):
        booking_rate(booking=booking, actor=owner_admin, rating=5)
    booking.refresh_from_db()
    assert booking.status == S.USED


def test_stale_version_is_refused(cast, owner_admin, instrument):
    booking = _request(cast, instrument)
    with pytest.raises(ApplicationError, match=r"^该记录已被他人修改，请刷新页面后重试。$"):
        booking_transition(
            booking=booking, to=S.APPROVED, actor=owner_admin, expected_version=booking.version + 1
        )
