"""The range of dates a user may ask the platform to compute for (an application date, an "as of" date).

From the founding of the People's Republic (1949-10-01: no policy, statistic or registration the
platform holds is older) to the end of 2100 (the last year the statistics models accept). Every input
that takes such a date from a user, on a page, in the API or on the command line, checks it here,
so the rule engine's date arithmetic (``today - years(2)``) is never asked about year 1 or year 9999.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils.translation import gettext as _

from kechuang.core.errors import ApplicationError

EARLIEST_DATE = dt.date(1949, 10, 1)
LATEST_DATE = dt.date(2100, 12, 31)
# Founding dates (of an organization, a park) are history, not computation: 吉林大学 was founded in 1946
# and some enterprises and institutes are older still. A day before 1800 is a typing mistake.
FOUNDING_EARLIEST = dt.date(1800, 1, 1)


def check_date_range(
    value: dt.date,
    *,
    field: str,
    label: Any,
    earliest: dt.date = EARLIEST_DATE,
    latest: dt.date = LATEST_DATE,
) -> dt.date:
    """``value`` if it lies within ``earliest`` .. ``latest`` (by default :data:`EARLIEST_DATE` ..
    :data:`LATEST_DATE`; :data:`FOUNDING_EARLIEST` for founding dates), else an :class:`ApplicationError`
    naming the field (``label``, already translated). Deadlines and event times are checked here too, so
    9999-12-31 is refused like 0001-01-01."""
    if not earliest <= value <= latest:
        raise ApplicationError(
            _("%(label)s应在 %(earliest)s 至 %(latest)s 之间。")
            % {"label": label, "earliest": earliest.isoformat(), "latest": latest.isoformat()},
            extra={"field": field, "earliest": earliest.isoformat(), "latest": latest.isoformat()},
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
