"""Objections to a public notice (公示异议), the part every publishing app shares: the checks on lodging
(within the period, a real name, a contact, facts and reasons) and the officer's answer moved through
``OBJECTION_TRANSITIONS``.  Who may answer, and what is on the notice, stay with the app (recognition's
认定公示, programs' 立项公示): these helpers run inside the app's service and its transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.errors import ApplicationError
from kechuang.core.workflow import transition
from kechuang.review.choices import OBJECTION_TRANSITIONS, ObjectionStatus
from kechuang.review.models import ObjectionBase


def objection_lodging(
    *,
    on_notice: bool,
    starts: dt.date | None,
    ends: dt.date | None,
    today: dt.date,
    name: str,
    contact: str,
    content: str,
    closed_message: str,
) -> dict[str, str]:
    """The objection's fields, trimmed, or the first reason it cannot be lodged: ``closed_message`` when
    the object is not on the notice or ``today`` is outside ``starts``–``ends`` (open-ended when empty)."""
    if not on_notice or not (starts and starts <= today <= (ends or today)):
        raise ApplicationError(closed_message)
    if not name.strip():
        raise ApplicationError(_("请填写异议人姓名或单位。"), extra={"field": "name"})
    if not contact.strip():
        raise ApplicationError(_("请填写联系方式。"), extra={"field": "contact"})
    if len(content.strip()) < 10:
        raise ApplicationError(_("异议内容至少10个字，请写明事实和理由。"), extra={"field": "content"})
    return {"name": name.strip()[:60], "contact": contact.strip()[:100], "content": content.strip()}


@transaction.atomic
def objection_conclude(*, objection: ObjectionBase, actor: Any, upheld: bool, text: str) -> ObjectionBase:
    """Record the officer's answer (text, who, when — the model's ``ANSWER_FIELDS``) and move the objection
    to 异议成立 or 不成立, with its status change and audit record.  The caller checks the actor's right."""
    text_field, by_field, at_field = objection.ANSWER_FIELDS
    if not text.strip():
        raise ApplicationError(_("请填写处理意见。"), extra={"field": text_field})
    type(objection)._default_manager.filter(pk=objection.pk).update(
        **{text_field: text.strip(), by_field: actor, at_field: timezone.now()}
    )
    objection.refresh_from_db()
    to = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
    transition(obj=objection, to=to, actor=actor, transitions=OBJECTION_TRANSITIONS, note=text.strip())
    return objection
