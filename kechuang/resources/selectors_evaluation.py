"""Open-sharing evaluation (开放共享评价考核) of instruments for a calendar year: per instrument and per
owner, the hours used by outside organizations, the service income from them, the number of outside users,
the uses and the ratings — the figures provincial evaluations score. Two grouped queries over the year's
used bookings, whatever the number of instruments; the instrument rows are read in one more query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, F, Q, QuerySet, Sum
from django.utils import timezone

from kechuang.core.permissions import restrict
from kechuang.resources.choices import BookingStatus
from kechuang.resources.models import ZERO, Booking, Instrument

USED = (BookingStatus.USED, BookingStatus.RATED)
CENT = Decimal("0.01")


@dataclass
class Figures:
    """One instrument's or one owner's year."""

    hours_total: Decimal = ZERO
    hours_external: Decimal = ZERO
    income_external: Decimal = ZERO
    external_users: int = 0
    uses: int = 0
    external_uses: int = 0
    rating: Decimal | None = None  # average of the ratings given (1–5)
    ratings: int = 0

    @property
    def external_share(self) -> Decimal:
        """Outside hours as a percentage of all hours used."""
        if not self.hours_total:
            return ZERO
        return (self.hours_external * 100 / self.hours_total).quantize(Decimal("0.1"))


@dataclass
class InstrumentRow:
    instrument: Instrument
    figures: Figures


@dataclass
class OwnerRow:
    owner_id: int
    owner: str
    instruments: int
    original_value: Decimal
    figures: Figures


@dataclass
class Evaluation:
    year: int
    instruments: list[InstrumentRow]
    owners: list[OwnerRow]


def _year_range(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def _figures(row: dict[str, Any]) -> Figures:
    rating = row["rating_avg"]
    return Figures(
        hours_total=Decimal(row["hours_total"] or ZERO).quantize(CENT),
        hours_external=Decimal(row["hours_external"] or ZERO).quantize(CENT),
        income_external=Decimal(row["income_external"] or ZERO).quantize(CENT),
        external_users=row["external_users"],
        uses=row["uses"],
        external_uses=row["external_uses"],
        rating=None if rating is None else Decimal(str(rating)).quantize(Decimal("0.1")),
        ratings=row["ratings"],
    )


def _aggregate(bookings: QuerySet[Booking], key: str) -> dict[int, Figures]:
    external = ~Q(organization_id=F("instrument__owner_id"))
    rows = (
        bookings.values(key)
        .order_by()
        .annotate(
            hours_total=Sum("hours_used"),
            hours_external=Sum("hours_used", filter=external),
            income_external=Sum("fee", filter=external),
            external_users=Count("organization_id", filter=external, distinct=True),
            uses=Count("id"),
            external_uses=Count("id", filter=external),
            rating_avg=Avg("rating"),
            ratings=Count("rating"),
        )
    )
    return {row[key]: _figures(row) for row in rows}


def sharing_evaluation(*, user: Any, year: int, owner_id: int | None = None) -> Evaluation:
    """The year's figures of every instrument the user may evaluate (officers: their region; an owner's
    members: its instruments), and of their owners; instruments without use count with zeros."""
    instruments = restrict(Instrument.objects.all(), user, "evaluate")
    if owner_id:
        instruments = instruments.filter(owner_id=owner_id)
    start, end = _year_range(year)
    bookings = Booking.objects.filter(
        instrument__in=instruments, status__in=USED, starts_at__gte=start, starts_at__lt=end
    )
    by_instrument = _aggregate(bookings, "instrument_id")
    by_owner = _aggregate(bookings, "instrument__owner_id")
    rows = [
        InstrumentRow(instrument=i, figures=by_instrument.get(i.pk, Figures()))
        for i in instruments.select_related("owner").order_by("owner__name", "name", "id")
    ]
    owners: dict[int, OwnerRow] = {}
    for r in rows:
        i = r.instrument
        o = owners.setdefault(
            i.owner_id,
            OwnerRow(
                owner_id=i.owner_id,
                owner=i.owner.name,
                instruments=0,
                original_value=ZERO,
                figures=by_owner.get(i.owner_id, Figures()),
            ),
        )
        o.instruments += 1
        o.original_value += i.original_value
    ranked = sorted(owners.values(), key=lambda o: (-o.figures.hours_external, o.owner))
    rows.sort(key=lambda r: (-r.figures.hours_external, r.instrument.owner.name, r.instrument.name))
    return Evaluation(year=year, instruments=rows, owners=ranked)


def instrument_calendar(
    *, instrument: Instrument, start: dt.date, days: int = 7
) -> list[tuple[dt.date, list[Booking]]]:
    """The taken slots (approved, used or rated bookings) of each day from ``start`` — public: when, not
    by whom."""
    tz = timezone.get_current_timezone()
    begin = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    end = begin + dt.timedelta(days=days)
    taken = list(
        Booking.objects.filter(
            instrument=instrument,
            status__in=[BookingStatus.APPROVED, *USED],
            starts_at__lt=end,
            ends_at__gt=begin,
        ).order_by("starts_at")
    )
    out = []
    for n in range(days):
        day = start + dt.timedelta(days=n)
        lo = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
        hi = lo + dt.timedelta(days=1)
        out.append((day, [b for b in taken if b.starts_at < hi and b.ends_at > lo]))
    return out
