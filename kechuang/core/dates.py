"""The range of dates a user may ask the platform to compute for (an application date, an "as of" date).

From the founding of the People's Republic (1949-10-01: no policy, statistic or registration the
platform holds is older) to the end of 2100 (the last year the statistics models accept). Every input
that takes such a date from a user, on a page, in the API or on the command line, checks it here,
so the rule engine's date arithmetic (``today - years(2)``) is never asked about year 1 or year 9999.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from kechuang.core.errors import ApplicationError

EARLIEST_DATE = dt.date(1949, 10, 1)
LATEST_DATE = dt.date(2100, 12, 31)


def check_date_range(value: dt.date, *, field: str, label: str) -> dt.date:
    """``value`` if it lies within :data:`EARLIEST_DATE` .. :data:`LATEST_DATE`, else an
    :class:`ApplicationError` naming the field (``label``, already translated)."""
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ApplicationError(
            _("%(label)s应在 %(earliest)s 至 %(latest)s 之间。")
            % {"label": label, "earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
            extra={"field": field, "earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
        )
    return value


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_iso_date(raw: object) -> dt.date | None:
    """``raw`` as a calendar date written exactly ``YYYY-MM-DD`` (the OpenAPI ``date`` format), else None.

    ``date.fromisoformat`` alone also takes ``20261205`` and week dates (``2026-W49-6``), which the API's
    schema does not describe."""
    if not isinstance(raw, str) or not _ISO_DATE.fullmatch(raw):
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None
