"""Writing and verifying the hash-chained audit log.

The chain is serialised: on PostgreSQL a transaction-scoped advisory lock is taken before reading the
previous hash; on SQLite, writes are already serialised (transactions start IMMEDIATE).
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from kechuang.core.bulk import insert
from kechuang.core.models import AuditRecord

GENESIS_HASH = "0" * 64
_ADVISORY_LOCK_KEY = 0x6B6563687561  # "kechua"


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, set | frozenset):
        return sorted(value)
    return str(value)


def to_jsonable(data: dict[str, Any] | None) -> dict[str, Any] | None:
    """Round-trip a dict through JSON so what is hashed is exactly what is stored."""
    if data is None:
        return None
    return json.loads(json.dumps(data, default=_json_default, ensure_ascii=False))


def snapshot(obj: models.Model, fields: Sequence[str] | None = None) -> dict[str, Any]:
    """The concrete field values of ``obj`` (foreign keys as ids), for ``before``/``after``."""
    result: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        result[field.attname] = getattr(obj, field.attname)
    return to_jsonable(result) or {}


def compute_hash(*, prev_hash: str, payload: dict[str, Any]) -> str:
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def _payload(record: AuditRecord) -> dict[str, Any]:
    return {
        "actor_id": record.actor_id,
        "actor_label": record.actor_label,
        "action": record.action,
        "target_type": record.target_type,
        "target_id": record.target_id,
        "target_label": record.target_label,
        "before": record.before,
        "after": record.after,
        "created_at": record.created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
    }


def serialize_writes() -> None:
    """Take the chain's transaction-scoped lock (PostgreSQL; SQLite serialises writes already): rows
    numbered while holding it commit in the order of their numbers. The index change log relies on it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])


def _lock_chain() -> str:
    serialize_writes()
    last = AuditRecord.objects.order_by("-id").values_list("record_hash", flat=True).first()
    return last or GENESIS_HASH


@dataclass(frozen=True)
class AuditEntry:
    """One entry for :func:`audit_log_many` (bulk writes such as Excel imports)."""

    action: str
    target: models.Model
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


def _target_type(target: models.Model) -> str:
    return f"{target._meta.app_label}.{target._meta.model_name}"


def _actor_label(actor: Any) -> str:
    if actor is None:
        return "system"
    return getattr(actor, "display_name", "") or actor.get_username()


def audit_log_many(*, actor: Any, entries: Iterable[AuditEntry], need_ids: bool = True) -> list[AuditRecord]:
    """Append several records to the chain in one go. Must run inside the caller's transaction.

    ``need_ids=False`` (imports of many rows) inserts with :func:`kechuang.core.bulk.insert`, about five
    times cheaper; the returned records then have no primary key.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_log must be called inside a transaction")
    prev = _lock_chain()
    now = timezone.now()
    records = []
    for entry in entries:
        record = AuditRecord(
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=_actor_label(actor),
            action=entry.action,
            target_type=_target_type(entry.target),
            target_id=str(entry.target.pk),
            target_label=str(entry.target)[:255],
            before=to_jsonable(entry.before),
            after=to_jsonable(entry.after),
            created_at=now,
            prev_hash=prev,
        )
        record.record_hash = compute_hash(prev_hash=prev, payload=_payload(record))
        prev = record.record_hash
        records.append(record)
    if need_ids:
        AuditRecord.objects.bulk_create(records, batch_size=2000)
    else:
        insert(AuditRecord, records)
    return records


def audit_log(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditRecord:
    """Append one record to the audit chain. Call it inside the service's transaction."""
    return audit_log_many(
        actor=actor, entries=[AuditEntry(action=action, target=target, before=before, after=after)]
    )[0]


def diff(
    before: Mapping[str, Any], after: Mapping[str, Any], *, ignore: Collection[str] = ("updated_at",)
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields whose value differs between two snapshots (``ignore`` left out): their old values and
    their new values, for an update's ``before``/``after``. Both empty when nothing changed."""
    new = {k: v for k, v in after.items() if before.get(k) != v and k not in ignore}
    return {k: before.get(k) for k in new}, new


def audit_changes(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    before: Mapping[str, Any],
    ignore: Collection[str] = ("updated_at",),
) -> dict[str, Any]:
    """Audit an update of ``target`` since the snapshot ``before``: one record with the old and new values
    of the changed fields only, none when nothing changed. Returns the new values of the changed fields."""
    old, new = diff(before, snapshot(target), ignore=ignore)
    if new:
        audit_log(actor=actor, action=action, target=target, before=old, after=new)
    return new


def set_flag(obj: models.Model, *, field: str = "is_active", value: bool, actor: Any, action: str) -> bool:
    """Set a yes/no field of a row the caller has locked and checked, and audit it (``before``/``after``).
    ``False``, with nothing written, when the field already has that value."""
    if getattr(obj, field) == value:
        return False
    setattr(obj, field, value)
    obj.save(update_fields=[field, "updated_at"])
    audit_log(actor=actor, action=action, target=obj, before={field: not value}, after={field: value})
    return True


@dataclass(frozen=True)
class ChainBreak:
    record_id: int
    reason: str


def audit_verify(*, batch_size: int = 5000) -> tuple[int, ChainBreak | None]:
    """Walk the chain from the first record; return (records checked, first break or None)."""
    prev = GENESIS_HASH
    checked = 0
    last_id = 0
    while True:
        batch = list(AuditRecord.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            return checked, None
        for record in batch:
            if record.prev_hash != prev:
                return checked, ChainBreak(record.id, "prev_hash does not match the previous record")
            if compute_hash(prev_hash=prev, payload=_payload(record)) != record.record_hash:
                return checked, ChainBreak(record.id, "content does not match its hash")
            prev = record.record_hash
            checked += 1
            last_id = record.id


def security_event(
    *,
    action: str,
    target: models.Model | None = None,
    label: str = "",
    details: dict[str, Any] | None = None,
    actor: Any = None,
) -> AuditRecord:
    """A security event (a failed sign-in, a lockout, a refused write) in the same chain as the writes.

    It is not part of a business write, so it commits on its own: called inside a transaction that is
    later rolled back, the event would be lost — callers record it outside the failing transaction.
    ``target`` may be ``None`` (an unknown username): the record then names ``label`` only.
    """
    with transaction.atomic():
        prev = _lock_chain()
        record = AuditRecord(
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=_actor_label(actor),
            action=action,
            target_type=_target_type(target) if target is not None else "security",
            target_id=str(target.pk) if target is not None else "",
            target_label=(str(target) if target is not None else label)[:255],
            before=None,
            after=to_jsonable(details),
            created_at=timezone.now(),
            prev_hash=prev,
        )
        record.record_hash = compute_hash(prev_hash=prev, payload=_payload(record))
        record.save()
        return record
