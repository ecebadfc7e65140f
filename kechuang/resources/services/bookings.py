"""Instruments and their bookings: the owner opens an instrument, another organization requests a slot,
the owner approves (never two approved bookings of one instrument overlap), records the use, and the
requester rates it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.audit import audit_log
from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import ensure_can, not_allowed
from kechuang.core.workflow import transition
from kechuang.registry.models import Organization
from kechuang.registry.selectors import user_organization_ids
from kechuang.resources.choices import BOOKING_TRANSITIONS, BookingStatus, InstrumentStatus
from kechuang.resources.models import Booking, Instrument
from kechuang.resources.services.rating import record_rating

# who may take each move of a booking (a permission of kechuang/resources/permissions.py)
MOVE_PERMISSION: dict[str, str] = {
    BookingStatus.APPROVED: "manage",
    BookingStatus.DECLINED: "manage",
    BookingStatus.USED: "manage",
    BookingStatus.CANCELLED: "cancel",
    BookingStatus.RATED: "apply",
}


@transaction.atomic
def instrument_create(
    *, actor: Any, owner: Organization, name: str, category: str, **fields: Any
) -> Instrument:
    """Open an instrument of ``owner`` (its admins, or a platform admin)."""
    if not user_is_platform_admin(actor) and owner.pk not in user_organization_ids(actor, admin_only=True):
        raise not_allowed()
    instrument = Instrument(owner=owner, name=name, category=category, **fields)
    instrument.region_path = owner.region_path
    instrument.full_clean()
    instrument.save()
    audit_log(actor=actor, action="instrument.create", target=instrument, after={"name": name})
    return instrument


def _format(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _refuse_overlap(
    *, instrument: Instrument, starts_at: dt.datetime, ends_at: dt.datetime, exclude: int | None
) -> None:
    """Refuse a slot that overlaps an approved booking of the instrument. The caller holds the
    instrument's row lock, so two requests for one slot are decided one after the other."""
    clash = (
        Booking.objects.filter(
            instrument=instrument, status=BookingStatus.APPROVED, starts_at__lt=ends_at, ends_at__gt=starts_at
        )
        .exclude(pk=exclude or 0)
        .order_by("starts_at")
        .first()
    )
    if clash is not None:
        raise ApplicationError(
            _("该时段与已批准的预约（%(start)s至%(end)s）冲突，请选择其他时段。")
            % {"start": _format(clash.starts_at), "end": _format(clash.ends_at)},
            extra={"field": "starts_at"},
        )


def _lock(instrument_id: int) -> Instrument:
    return Instrument.objects.select_for_update().get(pk=instrument_id)


@transaction.atomic
def booking_request(
    *,
    actor: Any,
    instrument: Instrument,
    organization: Organization,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    sample_description: str,
) -> Booking:
    """A member of ``organization`` asks for a slot of ``instrument``."""
    if organization.pk not in user_organization_ids(actor):
        raise not_allowed()
    instrument = _lock(instrument.pk)
    if instrument.status != InstrumentStatus.AVAILABLE:
        raise ApplicationError(
            _("该仪器当前“%(status)s”，暂不接受预约。") % {"status": instrument.get_status_display()}
        )
    if ends_at <= starts_at:
        raise ApplicationError(_("结束时间必须晚于开始时间。"), extra={"field": "ends_at"})
    if starts_at <= timezone.now():
        raise ApplicationError(_("只能预约将来的时段。"), extra={"field": "starts_at"})
    _refuse_overlap(instrument=instrument, starts_at=starts_at, ends_at=ends_at, exclude=None)
    booking = Booking(
        instrument=instrument,
        organization=organization,
        requested_by=actor,
        starts_at=starts_at,
        ends_at=ends_at,
        sample_description=sample_description.strip(),
    )
    booking.full_clean()
    booking.save()
    audit_log(
        actor=actor,
        action="booking.request",
        target=booking,
        after={"instrument": instrument.pk, "starts_at": starts_at, "ends_at": ends_at},
    )
    return booking


@transaction.atomic
def booking_transition(
    *, booking: Booking, to: str, actor: Any, note: str = "", expected_version: int | None = None
) -> Booking:
    """Every move of a booking. Approving locks the instrument and refuses an overlapping slot."""
    ensure_can(actor, booking, MOVE_PERMISSION.get(to, "manage"))
    if to == BookingStatus.APPROVED:
        _lock(booking.instrument_id)
        _refuse_overlap(
            instrument=booking.instrument,
            starts_at=booking.starts_at,
            ends_at=booking.ends_at,
            exclude=booking.pk,
        )
    if note:
        Booking.objects.filter(pk=booking.pk).update(note=note)
    transition(
        obj=booking,
        to=to,
        actor=actor,
        transitions=BOOKING_TRANSITIONS,
        note=note,
        expected_version=expected_version,
    )
    return booking


@transaction.atomic
def booking_record_use(
    *,
    booking: Booking,
    actor: Any,
    hours: Decimal,
    samples: int,
    fee: Decimal,
    result_delivered: bool,
    expected_version: int | None = None,
) -> Booking:
    """The owner records the use of an approved booking (hours, samples, fee, result) — it becomes used."""
    ensure_can(actor, booking, "manage")
    if hours <= 0:
        raise ApplicationError(_("使用机时必须大于零。"), extra={"field": "hours"})
    if fee < 0:
        raise ApplicationError(_("服务费不能为负数。"), extra={"field": "fee"})
    booking_transition(booking=booking, to=BookingStatus.USED, actor=actor, expected_version=expected_version)
    booking.hours_used, booking.samples, booking.fee = hours, samples, fee
    booking.result_delivered = result_delivered
    booking.full_clean()
    booking.save(update_fields=["hours_used", "samples", "fee", "result_delivered", "updated_at"])
    audit_log(
        actor=actor,
        action="booking.record_use",
        target=booking,
        after={"hours": hours, "samples": samples, "fee": fee, "result_delivered": result_delivered},
    )
    return booking


@transaction.atomic
def booking_rate(*, booking: Booking, actor: Any, rating: int, comment: str = "") -> Booking:
    """The requesting organization rates a used booking (1–5)."""
    record_rating(
        booking,
        actor=actor,
        rating=rating,
        comment=comment,
        to_rated=lambda: booking_transition(booking=booking, to=BookingStatus.RATED, actor=actor),
        action="booking.rate",
    )
    return booking
