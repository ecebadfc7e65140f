"""Designations written by another app's decision: a recognition grants one, a revocation ends it.

``designation_add`` (in ``services``) is the officer's hand entry and asks for the ``verify`` right on the
organization. The functions here are called by a service that has already checked its own actor (the
recognition workflow: an officer of the scheme's department moved the application), so they check
nothing but the data. The certificate number ties the designation to the decision that made it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.models import clean_and_save
from kechuang.registry.choices import DesignationKind
from kechuang.registry.models import Designation, Organization


@transaction.atomic
def designation_grant(
    *,
    organization: Organization,
    actor: Any,
    kind: str,
    certificate_no: str,
    issuer: str,
    valid_from: dt.date,
    valid_to: dt.date | None,
) -> Designation:
    """Record the designation a decision grants (one per certificate: granting again returns it)."""
    if kind not in DesignationKind.values:
        raise ApplicationError(_("资质类型不正确。"), extra={"field": "kind"})
    if not certificate_no.strip():
        raise ApplicationError(_("请填写证书编号。"), extra={"field": "certificate_no"})
    existing = Designation.objects.filter(
        organization=organization, kind=kind, certificate_no=certificate_no.strip()
    ).first()
    if existing is not None:
        return existing
    designation = Designation(
        organization=organization,
        kind=kind,
        certificate_no=certificate_no.strip(),
        issuer=issuer.strip(),
        valid_from=valid_from,
        valid_to=valid_to,
    )
    clean_and_save(designation)
    audit_log(actor=actor, action="designation.grant", target=designation, after=snapshot(designation))
    return designation


@transaction.atomic
def designation_end(
    *, organization: Organization, actor: Any, kind: str, certificate_no: str, on: dt.date, reason: str = ""
) -> Designation | None:
    """End the designation granted with ``certificate_no`` as of ``on`` (revocation): it is held until the
    day before. One revoked on the day it began never held and is removed (the audit keeps it)."""
    designation = Designation.objects.filter(
        organization=organization, kind=kind, certificate_no=certificate_no.strip()
    ).first()
    if designation is None:
        return None
    before = snapshot(designation)
    if on <= designation.valid_from:
        audit_log(
            actor=actor, action="designation.end", target=designation, before=before, after={"reason": reason}
        )
        designation.delete()
        return None
    last_day = on - dt.timedelta(days=1)
    if designation.valid_to is not None and designation.valid_to <= last_day:
        return designation
    designation.valid_to = last_day
    clean_and_save(designation)
    audit_log(
        actor=actor,
        action="designation.end",
        target=designation,
        before=before,
        after={**snapshot(designation), "reason": reason},
    )
    return designation
