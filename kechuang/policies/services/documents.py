"""Policy documents an officer enters in the browser or the API: the document as issued, its file and
full text; measures are then drafted from it one by one (:func:`measure_create`). Retiring a document is
recording the date it ceased to apply (废止日期): measures and claims made under it stay."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.audit import audit_changes, audit_log, snapshot
from kechuang.core.errors import ApplicationError, raise_problems
from kechuang.core.permissions import ensure_can
from kechuang.policies.choices import DocumentLevel, DocumentSource
from kechuang.policies.models import PolicyDocument
from kechuang.registry.selectors import user_is_officer, user_officer_roles

DOCUMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".wps", ".ofd", ".txt")
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
EDITABLE = (
    "title",
    "issuer",
    "number",
    "level",
    "region",
    "issued_on",
    "effective_from",
    "effective_to",
    "full_text",
)


def _problems(values: Mapping[str, Any], attachment: Any) -> dict[str, str]:
    problems: dict[str, str] = {}
    if "title" in values and not str(values.get("title") or "").strip():
        problems["title"] = _("请填写文件标题。")
    if values.get("level") and values["level"] not in DocumentLevel.values:
        problems["level"] = _("文件层级不正确。")
    start, end = values.get("effective_from"), values.get("effective_to")
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        problems["effective_to"] = _("废止日期不能早于施行日期。")
    if attachment is not None:
        if Path(attachment.name).suffix.lower() not in DOCUMENT_EXTENSIONS:
            problems["attachment"] = _("文件只能是PDF、Word、WPS、OFD或纯文本。")
        elif attachment.size > MAX_DOCUMENT_BYTES:
            problems["attachment"] = _("文件不能超过20MB。")
    return problems


def _ensure_region(actor: Any, region: Any) -> None:
    if actor is None or user_is_platform_admin(actor):
        return
    if not user_is_officer(actor):
        raise ApplicationError(_("只有主管部门的工作人员可以录入政策文件。"))
    if region is not None and not any(
        region.path.startswith(r.region.path) for r in user_officer_roles(actor)
    ):
        raise ApplicationError(_("您只能录入适用于本辖区的政策文件。"), extra={"field": "region"})


def _text_of(attachment: Any) -> str:
    """The full text of an uploaded plain-text file (UTF-8 or GB 18030), else ""."""
    if attachment is None or Path(attachment.name).suffix.lower() != ".txt":
        return ""
    raw = attachment.read()
    attachment.seek(0)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return str(raw.decode(encoding))
        except UnicodeDecodeError:
            continue
    return ""


@transaction.atomic
def document_create(*, actor: Any, data: Mapping[str, Any], attachment: Any = None) -> PolicyDocument:
    """Enter a document (source: 人工录入) with its file; a plain-text file also fills the full text."""
    values = {k: v for k, v in data.items() if k in EDITABLE}
    _ensure_region(actor, values.get("region"))
    raise_problems(_problems({"title": "", **values}, attachment))
    doc = PolicyDocument(source=DocumentSource.MANUAL, **values)
    doc.title = doc.title.strip()
    if not doc.full_text.strip():
        doc.full_text = _text_of(attachment)
    if attachment is not None:
        doc.attachment = attachment
    doc.full_clean()
    doc.save()
    audit_log(actor=actor, action="policy_document.create", target=doc, after=snapshot(doc))
    return doc


@transaction.atomic
def document_update(
    *, document: PolicyDocument, actor: Any, data: Mapping[str, Any], attachment: Any = None
) -> PolicyDocument:
    """Correct a document or record when it ceased to apply (``effective_to``)."""
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ApplicationError(_("不能修改这些字段：%(fields)s。") % {"fields": "、".join(sorted(unknown))})
    locked = PolicyDocument.objects.select_for_update().get(pk=document.pk)
    ensure_can(actor, locked, "change")
    if "region" in data:
        _ensure_region(actor, data["region"])
    merged = {
        "effective_from": data.get("effective_from", locked.effective_from),
        "effective_to": data.get("effective_to", locked.effective_to),
        **{k: v for k, v in data.items() if k not in ("effective_from", "effective_to")},
    }
    raise_problems(_problems(merged, attachment))
    before = snapshot(locked)
    for key, value in data.items():
        setattr(locked, key, value)
    if attachment is not None:
        locked.attachment = attachment
        if not locked.full_text.strip():
            locked.full_text = _text_of(attachment)
    locked.full_clean()
    locked.save()
    audit_changes(actor=actor, action="policy_document.update", target=locked, before=before)
    return locked
