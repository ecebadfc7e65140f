"""Writes to the integrity list (失信名单): record a decision, lift it, and keep automatic entries in step.

Officers of the organization's region (and platform admins) record and lift decisions by hand; other apps
whose own rules put an organization on a list (the quality credit grade D) call :func:`integrity_sync`,
which keeps exactly one open record per source. Every write is audited; nothing is ever deleted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log, snapshot
from kechuang.core.dates import check_date_range
from kechuang.core.errors import ApplicationError
from kechuang.core.models import clean_and_save
from kechuang.core.permissions import ensure_can
from kechuang.core.text import clean_name
from kechuang.registry.choices import IntegrityKind, VerificationStatus
from kechuang.registry.models import IntegrityRecord, Organization
from kechuang.registry.selectors_integrity import integrity_block_message, integrity_blocks


def ensure_not_blocked(organization: Organization, *, on: dt.date | None = None, own: bool = True) -> None:
    """Raise with the reason when the organization is on an integrity list on ``on`` (worded for the
    organization itself, or with ``own=False`` for an officer acting on it)."""
    blocks = integrity_blocks(organization=organization, on=on)
    if blocks:
        raise ApplicationError(
            integrity_block_message(blocks[0], own=own),
            extra={"integrity_records": [record.pk for record in blocks]},
        )


def ensure_can_apply(organization: Organization) -> None:
    """Raise unless the organization may apply for recognitions, programs and benefits: it must be verified
    and on no integrity list (失信名单) today — the one rule every application path asks."""
    if organization.verification_status != VerificationStatus.VERIFIED:
        raise ApplicationError(
            _("贵单位尚未通过主管部门核验，暂不能提交申报。请等待核验或联系所在地科技部门。")
        )
    ensure_not_blocked(organization)


def _clean_text(value: Any, *, label: str, field: str, required: bool) -> str:
    text = clean_name(str(value or ""))
    if required and not text:
        raise ApplicationError(_("请填写%(label)s。") % {"label": label}, extra={"field": field})
    return text


@transaction.atomic
def integrity_record_add(
    *,
    actor: Any,
    organization: Organization,
    kind: str,
    reason: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    document: str = "",
    authority: str = "",
) -> IntegrityRecord:
    """Put the organization on a list from a decision: only the authority over its region may."""
    ensure_can(actor, organization, "verify")
    errors: list[str] = []
    if kind not in IntegrityKind.values:
        errors.append(_("请选择失信类别。"))
    try:
        reason = _clean_text(reason, label=_("失信事实"), field="reason", required=True)
    except ApplicationError as exc:
        errors.append(str(exc))
    for day, label, field in (
        (starts_on, _("限制申报起始日"), "starts_on"),
        (ends_on, _("限制申报截止日"), "ends_on"),
    ):
        if day is not None:
            try:
                check_date_range(day, field=field, label=label)
            except ApplicationError as exc:
                errors.append(str(exc))
    if starts_on and ends_on and ends_on < starts_on:
        errors.append(_("限制申报截止日不能早于起始日。"))
    if errors:
        raise ApplicationError("".join(errors))
    record = IntegrityRecord(
        organization=organization,
        kind=kind,
        reason=reason,
        document=_clean_text(document, label=_("处理决定文号"), field="document", required=False),
        authority=_clean_text(authority, label=_("作出决定的部门"), field="authority", required=False),
        starts_on=starts_on,
        ends_on=ends_on,
        recorded_by=actor,
    )
    clean_and_save(record)
    audit_log(actor=actor, action="integrity.add", target=record, after=snapshot(record))
    return record


@transaction.atomic
def integrity_record_lift(
    *, actor: Any, record: IntegrityRecord, reason: str, on: dt.date | None = None
) -> IntegrityRecord:
    """Take the organization off the list early (a decision revoked, a credit repaired), with the reason."""
    locked = IntegrityRecord.objects.select_for_update().select_related("organization").get(pk=record.pk)
    ensure_can(actor, locked.organization, "verify")
    if locked.source_key:
        raise ApplicationError(
            _("该记录由其他业务自动列入，需在原业务中更正（如质量信用重新评级）后自动移出。")
        )
    if locked.lifted_on is not None:
        raise ApplicationError(_("该记录已于%(day)s移出名单。") % {"day": locked.lifted_on.isoformat()})
    reason = _clean_text(reason, label=_("移出原因"), field="lifted_reason", required=True)
    before = snapshot(locked)
    locked.lifted_on = on or timezone.localdate()
    locked.lifted_by = actor
    locked.lifted_reason = reason
    clean_and_save(locked)
    audit_log(
        actor=actor,
        action="integrity.lift",
        target=locked,
        before={k: before.get(k) for k in ("lifted_on", "lifted_reason")},
        after={"lifted_on": locked.lifted_on.isoformat(), "lifted_reason": reason},
    )
    return locked


@transaction.atomic
def integrity_sync(
    *,
    actor: Any,
    organization: Organization,
    source_key: str,
    kind: str,
    listed: bool,
    reason: str = "",
    on: dt.date | None = None,
    authority: str = "",
) -> IntegrityRecord | None:
    """Keep one open record for ``source_key`` when ``listed``, lift it when not (for other apps' rules).

    Idempotent: calling it again with the same answer writes nothing. The caller has already checked its
    own permission (it is applying its own rule), so no region check is made here.
    """
    day = on or timezone.localdate()
    current = (
        IntegrityRecord.objects.select_for_update()
        .filter(organization=organization, source_key=source_key, lifted_on__isnull=True)
        .first()
    )
    if listed and current is None:
        record = IntegrityRecord(
            organization=organization,
            kind=kind,
            reason=reason,
            authority=authority,
            starts_on=day,
            recorded_by=actor,
            source_key=source_key,
        )
        clean_and_save(record)
        audit_log(actor=actor, action="integrity.add", target=record, after=snapshot(record))
        return record
    if listed and current is not None and current.reason != reason:
        before = {"reason": current.reason}
        current.reason = reason
        clean_and_save(current)
        audit_log(
            actor=actor, action="integrity.update", target=current, before=before, after={"reason": reason}
        )
        return current
    if not listed and current is not None:
        current.lifted_on = day
        current.lifted_by = actor
        current.lifted_reason = _("原业务已不再认定为失信")
        clean_and_save(current)
        audit_log(
            actor=actor,
            action="integrity.lift",
            target=current,
            before={"lifted_on": None},
            after={"lifted_on": day.isoformat(), "lifted_reason": current.lifted_reason},
        )
        return current
    return current
