"""Anchoring the audit chain's head outside the database, so that truncation is detectable.

The hash chain (:mod:`kechuang.core.audit`) proves that no record was edited or removed *between* others,
but someone with write access to the database can delete the newest records, or rebuild the whole chain,
and it still verifies. An anchor is a small signed file, written daily and kept by the operator away from
the database (another host, write-once storage, a ticket): the sequence number (the record's id), the hash
and the time of the chain's head, and an HMAC-SHA256 over them with ``KECHUANG_AUDIT_ANCHOR_KEY`` (a secret
from the environment, not stored in the database). ``audit_verify --anchor FILE…`` then checks that each
anchored head is still in the chain, unchanged: a missing record means the chain was cut after the anchor,
another hash means it was rewritten.

HMAC and not a signature: the standard library has it, and the verifier is the operator, who holds the key
(keep the key out of the database host's backups). Rotate by writing a new anchor with the new key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from kechuang.core.models import AuditRecord

FORMAT = "kechuang-audit-anchor/1"
_SIGNED = ("format", "sequence", "hash", "record_created_at", "records", "anchored_at", "key_id")


class AnchorError(Exception):
    """An anchor that cannot be written or does not hold (message for the operator, in English)."""


def _key() -> bytes:
    key = str(getattr(settings, "KECHUANG_AUDIT_ANCHOR_KEY", "") or "")
    if len(key) < 32:
        raise AnchorError(
            "KECHUANG_AUDIT_ANCHOR_KEY must be set to a secret of at least 32 characters "
            "(e.g. `python -c 'import secrets;print(secrets.token_hex(32))'`)"
        )
    return key.encode("utf-8")


def _key_id(key: bytes) -> str:
    return hashlib.sha256(b"kechuang-anchor-key:" + key).hexdigest()[:16]


def _canonical(data: dict[str, Any]) -> bytes:
    return json.dumps({k: data.get(k) for k in _SIGNED}, sort_keys=True, separators=(",", ":")).encode()


def _sign(data: dict[str, Any], key: bytes) -> str:
    return hmac.new(key, _canonical(data), hashlib.sha256).hexdigest()


def make_anchor() -> dict[str, Any]:
    """The signed description of the chain's head now (``sequence`` 0 for an empty chain)."""
    key = _key()
    head = AuditRecord.objects.order_by("-id").values("id", "record_hash", "created_at").first()
    data: dict[str, Any] = {
        "format": FORMAT,
        "sequence": head["id"] if head else 0,
        "hash": head["record_hash"] if head else "",
        "record_created_at": head["created_at"].astimezone(dt.UTC).isoformat() if head else None,
        "records": AuditRecord.objects.count(),
        "anchored_at": timezone.now().astimezone(dt.UTC).isoformat(timespec="seconds"),
        "key_id": _key_id(key),
    }
    data["signature"] = _sign(data, key)
    return data


def write_anchor(directory: str | Path) -> Path:
    """Write :func:`make_anchor` to ``directory`` as ``audit-anchor-<UTC time>-<sequence>.json``."""
    data = make_anchor()
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = data["anchored_at"].replace(":", "").replace("-", "").replace("+0000", "Z")
    path = folder / f"audit-anchor-{stamp}-{data['sequence']}.json"
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def verify_anchor(path: str | Path) -> dict[str, Any]:
    """Check one anchor file against the database; return its data or raise :class:`AnchorError`."""
    key = _key()
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AnchorError(f"{path}: cannot read the anchor ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise AnchorError(f"{path}: not an audit anchor")
    if data.get("key_id") != _key_id(key):
        raise AnchorError(f"{path}: signed with another key (key id {data.get('key_id')})")
    if not hmac.compare_digest(str(data.get("signature", "")), _sign(data, key)):
        raise AnchorError(f"{path}: the signature does not match: the file was altered")
    sequence = data.get("sequence")
    if not isinstance(sequence, int) or sequence < 0:
        raise AnchorError(f"{path}: bad sequence number")
    if sequence == 0:
        return data
    record = AuditRecord.objects.filter(pk=sequence).values("record_hash").first()
    if record is None:
        raise AnchorError(
            f"{path}: record {sequence}, the chain's head on {data.get('anchored_at')}, is missing: "
            "the chain was truncated or rebuilt after the anchor"
        )
    if record["record_hash"] != data.get("hash"):
        raise AnchorError(
            f"{path}: record {sequence} has another hash than when anchored on {data.get('anchored_at')}: "
            "the chain was rewritten"
        )
    if AuditRecord.objects.filter(pk__lte=sequence).count() != data.get("records"):
        raise AnchorError(f"{path}: the number of records up to {sequence} changed since the anchor")
    return data
