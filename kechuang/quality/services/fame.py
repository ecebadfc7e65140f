"""A trademark's 著名商标 status written by a recognition (the 著名商标认定 scheme of the recognition app).

The application names the trademark (one of the applicant's registered trademarks, picked on the
application); recognising it sets the trademark's 著名 status for the certificate's validity, and revoking
the certificate ends it — the day before, like the designation. Expiry needs no step: a status whose
validity has passed is no longer in force anywhere (``Trademark.fame_in_force``, the register's counts, the
targets catalogue's ``famous_trademark``, the public verification page). Every change is audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.models import clean_and_save
from kechuang.quality.choices import TrademarkFame
from kechuang.quality.models import Trademark
from kechuang.registry.models import Organization


def fame_candidate_check(*, trademark: Trademark, organization: Organization, today: dt.date) -> None:
    """Refuse a trademark that is not the applicant's, or that is already 驰名 (national, above 著名)."""
    if trademark.organization_id != organization.pk:
        raise ApplicationError(
            _("商标“%(name)s”不是%(org)s的注册商标。") % {"name": trademark.name, "org": organization.name},
            extra={"field": "trademark"},
        )
    if trademark.fame == TrademarkFame.WELL_KNOWN and trademark.fame_in_force(today):
        raise ApplicationError(
            _("商标“%(name)s”已被认定为驰名商标，无需申报著名商标。") % {"name": trademark.name},
            extra={"field": "trademark"},
        )


@transaction.atomic
def trademark_fame_recognise(
    *, trademark: Trademark, actor: Any, certificate_no: str, since: dt.date, valid_until: dt.date | None
) -> Trademark:
    """The recognition with ``certificate_no`` made the trademark 著名 from ``since`` to ``valid_until``."""
    locked = Trademark.objects.select_for_update().get(pk=trademark.pk)
    before = snapshot(locked)
    locked.fame = TrademarkFame.FAMOUS
    locked.fame_since, locked.fame_valid_until = since, valid_until
    locked.fame_certificate_no = certificate_no
    clean_and_save(locked)
    audit_log(
        actor=actor,
        action="trademark.fame_recognised",
        target=locked,
        before=before,
        after={**snapshot(locked), "certificate_no": certificate_no},
    )
    return locked


@transaction.atomic
def trademark_fame_revoke(
    *, trademark: Trademark, actor: Any, certificate_no: str, on: dt.date, reason: str = ""
) -> Trademark:
    """The certificate ``certificate_no`` was revoked on ``on``: the 著名 status it gave is held until the day
    before (removed if revoked on its first day). A status from another decision (a later certificate,
    驰名 recorded by hand) is left as it is."""
    locked = Trademark.objects.select_for_update().get(pk=trademark.pk)
    if locked.fame_certificate_no != certificate_no or locked.fame == TrademarkFame.NONE:
        return locked
    before = snapshot(locked)
    if locked.fame_since is None or on <= locked.fame_since:
        locked.fame, locked.fame_since, locked.fame_valid_until = TrademarkFame.NONE, None, None
        locked.fame_certificate_no = ""
    elif locked.fame_valid_until is None or locked.fame_valid_until >= on:
        locked.fame_valid_until = on - dt.timedelta(days=1)
    else:
        return locked  # it had already expired
    clean_and_save(locked)
    audit_log(
        actor=actor,
        action="trademark.fame_revoked",
        target=locked,
        before=before,
        after={**snapshot(locked), "certificate_no": certificate_no, "reason": reason},
    )
    return locked
