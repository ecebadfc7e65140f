"""An applicant's draft: creating it, editing it, its attachments."""

from __future__ import annotations

import os
from typing import Any

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.models import clean_and_save
from kechuang.core.permissions import ensure_visible
from kechuang.core.text import clean_name
from kechuang.recognition.choices import EDITABLE
from kechuang.recognition.models import Application, ApplicationAttachment, Call
from kechuang.recognition.services._common import (
    check_version,
    draft_create,
    ensure_allowed,
)
from kechuang.recognition.services.trademarks import chosen_trademark, names_trademark
from kechuang.registry.selectors import user_organization_ids

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ATTACHMENT_EXTENSIONS = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".zip", ".ofd"}


@transaction.atomic
def application_create(
    *, call: Call, organization: Any, title: str, actor: Any, summary: str = ""
) -> Application:
    """Start a draft.  Only an admin of the organization, only while the call's window is open; a call the
    actor cannot see (a draft) is a 404, like a missing one."""
    ensure_visible(actor, call)
    if organization.pk not in user_organization_ids(actor, admin_only=True):
        raise ApplicationError(_("只有本单位管理员可以申报。"))
    return draft_create(
        call=call,
        organization=organization,
        title=title,
        summary=summary,
        actor=actor,
        action="application.create",
        taken=ApplicationError(_("本单位已申报过该批次。")),
    )


@transaction.atomic
def application_update(
    *,
    application: Application,
    actor: Any,
    title: str,
    summary: str,
    expected_version: int | None = None,
    trademark: Any = None,
) -> Application:
    """Edit a draft; ``trademark`` (an id from the form) is the trademark a 著名商标 application puts forward
    (ignored by other schemes)."""
    ensure_allowed(actor, application, "change")
    locked = Application.objects.select_for_update().get(pk=application.pk)
    check_version(locked, expected_version)
    if locked.status not in EDITABLE:
        raise ApplicationError(_("申请已提交，不能修改。"))
    title = clean_name(title)
    if not title:
        raise ApplicationError(_("请填写申报名称。"), extra={"field": "title"})
    fields = ["title", "summary"]
    changes: dict[str, Any] = {"title": title, "summary": summary.strip()}
    if names_trademark(locked):
        chosen = chosen_trademark(locked, trademark, timezone.localdate())
        fields.append("trademark")
        changes["trademark"] = chosen
    before = snapshot(locked, fields)
    updated = Application.objects.filter(pk=locked.pk, version=locked.version).update(
        **changes, version=locked.version + 1, updated_at=timezone.now()
    )
    if updated != 1:
        raise ApplicationError(_("该记录已被他人修改，请刷新页面后重试。"), extra={"conflict": True})
    locked.refresh_from_db()
    audit_log(
        actor=actor,
        action="application.update",
        target=locked,
        before=before,
        after=snapshot(locked, fields),
    )
    return locked


@transaction.atomic
def attachment_add(*, application: Application, actor: Any, title: str, file: File) -> ApplicationAttachment:
    ensure_allowed(actor, application, "change")
    if application.status not in EDITABLE:
        raise ApplicationError(_("申请已提交，不能再上传材料。"))
    if not title.strip():
        raise ApplicationError(_("请填写材料名称。"), extra={"field": "title"})
    ext = os.path.splitext(file.name or "")[1].lower()
    if ext not in ATTACHMENT_EXTENSIONS:
        raise ApplicationError(
            _("不支持的文件类型，请上传PDF、图片、Word、Excel、OFD或ZIP文件。"), extra={"field": "file"}
        )
    if file.size is None or file.size > MAX_ATTACHMENT_BYTES:
        raise ApplicationError(_("文件不能超过20MB。"), extra={"field": "file"})
    if file.size == 0:
        raise ApplicationError(_("文件为空。"), extra={"field": "file"})
    attachment = ApplicationAttachment(
        application=application, title=title.strip(), file=file, size=file.size, uploaded_by=actor
    )
    clean_and_save(attachment)
    audit_log(
        actor=actor,
        action="application.attachment_add",
        target=application,
        after={"attachment": attachment.pk, "title": title},
    )
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: ApplicationAttachment, actor: Any) -> None:
    application = attachment.application
    ensure_allowed(actor, application, "change")
    if application.status not in EDITABLE:
        raise ApplicationError(_("申请已提交，不能删除材料。"))
    audit_log(
        actor=actor,
        action="application.attachment_delete",
        target=application,
        before={"attachment": attachment.pk},
    )
    attachment.file.delete(save=False)
    attachment.delete()
