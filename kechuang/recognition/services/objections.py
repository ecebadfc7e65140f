"""Objections during publicity (公示异议) and the conclusion of a re-evaluation (复核)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log
from kechuang.core.errors import ApplicationError
from kechuang.core.models import clean_and_save
from kechuang.core.permissions import can
from kechuang.recognition.choices import RE_EVALUATION_TARGET, ApplicationStatus
from kechuang.recognition.models import Application, Objection
from kechuang.recognition.services.transitions import application_transition
from kechuang.review.objections import objection_conclude, objection_lodging

S = ApplicationStatus


# ------------------------------------------------------------------------------------------ objections


@transaction.atomic
def objection_lodge(
    *, application: Application, name: str, contact: str, content: str, today: dt.date | None = None
) -> Objection:
    """Anyone may object during the publicity period; the form states name and contact (实名异议)."""
    fields = objection_lodging(
        on_notice=application.status == S.PUBLICITY,
        starts=application.publicity_starts_on,
        ends=application.publicity_ends_on,
        today=today or timezone.localdate(),
        name=name,
        contact=contact,
        content=content,
        closed_message=_("该申请不在公示期内，不能提出异议。"),
    )
    objection = Objection(application=application, **fields)
    clean_and_save(objection)
    audit_log(actor=None, action="objection.lodge", target=application, after={"objection": objection.pk})
    return objection


@transaction.atomic
def objection_resolve(*, objection: Objection, actor: Any, upheld: bool, resolution: str) -> Objection:
    """An officer rules on an objection.  An upheld objection lets the officer reject the application."""
    if not can(actor, objection.application, "decide"):
        raise ApplicationError(_("只有主管部门的工作人员可以执行此操作。"))
    objection_conclude(objection=objection, actor=actor, upheld=upheld, text=resolution)
    return objection


# ---------------------------------------------------------------------------------------- re-evaluation


@transaction.atomic
def re_evaluation_decide(
    *, application: Application, outcome: str, actor: Any, note: str = "", expected_version: int | None = None
) -> Application:
    """Conclude a re-evaluation: pass (back to recognised), warning, or revocation."""
    if outcome not in RE_EVALUATION_TARGET:
        raise ApplicationError(_("复核结论不正确。"))
    if application.status != S.RE_EVALUATION:
        raise ApplicationError(_("该认定不在复核中。"))
    return application_transition(
        application=application,
        to=RE_EVALUATION_TARGET[outcome],
        actor=actor,
        note=note,
        expected_version=expected_version,
    )
