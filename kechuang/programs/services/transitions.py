"""Officers' moves on an application (推荐, 形式审查, 立项, 公示, 下达) and the project's; one service each
through ``core.workflow.transition``.  Issuing (下达) creates the project."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.services import notification_send
from kechuang.core.workflow import status_label, transition
from kechuang.programs.choices import (
    APPLICATION_TRANSITIONS,
    PROJECT_TRANSITIONS,
    REASON_REQUIRED,
    ApplicationStatus,
)
from kechuang.programs.models import Application, Project
from kechuang.programs.services._common import ensure_allowed
from kechuang.registry.choices import MembershipRole
from kechuang.registry.selectors import membership_list
from kechuang.registry.services import full_clean

S = ApplicationStatus
# The applicant's own moves; submitting (with its checks) is ``application_submit``.
APPLICANT_MOVES = {S.WITHDRAWN}


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, 28))


@transaction.atomic
def application_transition(
    *, application: Application, to: str, actor: Any, note: str = "", expected_version: int | None = None
) -> Application:
    """Move an application along the table: the applicant withdraws, officers do the rest."""
    if to == S.SUBMITTED:
        raise ApplicationError(_("请通过“提交申报”提交申报书。"))
    ensure_allowed(actor, application, "submit" if to in APPLICANT_MOVES else "decide")
    if (application.status, to) in REASON_REQUIRED and not note.strip():
        raise ApplicationError(_("请填写理由。"), extra={"field": "note"})
    transition(
        obj=application,
        to=to,
        actor=actor,
        transitions=APPLICATION_TRANSITIONS,
        note=note.strip(),
        expected_version=expected_version,
    )
    if note.strip():
        Application.objects.filter(pk=application.pk).update(last_note=note.strip())
        application.last_note = note.strip()
    if to == S.ISSUED:
        _create_project(application, actor)
    if to not in APPLICANT_MOVES:
        _notify_applicant(application, to, note.strip())
    return application


def _notify_applicant(application: Application, to: str, note: str) -> None:
    """An officer moved the application: the applicant's admins learn the new state (returned: they must
    revise it), with a link to the application."""
    call = application.topic.call.title
    title = (
        _("项目申报被退回修改，请按意见修改后重新提交：%(call)s")
        if to == S.RETURNED
        else _("项目申报状态更新为“%(status)s”：%(call)s")
    ) % {"status": status_label(application, to), "call": call}
    link = reverse("programs:application_detail", args=[application.pk])
    for membership in membership_list(organization=application.organization).filter(
        role=MembershipRole.ADMIN
    ):
        notification_send(
            recipient=membership.user, title=title, body=note, link=link, kind="programs.application"
        )


def _create_project(application: Application, actor: Any) -> Project:
    call = application.topic.call
    starts_on = timezone.localdate()
    project = Project(
        application=application,
        code=f"{call.year}-{call.program_type_id:03d}-{application.pk:06d}",
        starts_on=starts_on,
        ends_on=_add_months(starts_on, application.topic.duration_months),
    )
    full_clean(project)
    project.save()
    audit_log(actor=actor, action="program_project.create", target=project, after=snapshot(project))
    return project


@transaction.atomic
def project_transition(
    *, project: Project, to: str, actor: Any, note: str = "", expected_version: int | None = None
) -> Project:
    ensure_allowed(actor, project, "decide")
    transition(
        obj=project,
        to=to,
        actor=actor,
        transitions=PROJECT_TRANSITIONS,
        note=note,
        expected_version=expected_version,
    )
    return project
