"""Moves on an application (推荐 by the recommending unit, 形式审查, 评审, 公示, 下达 by officers) and the
project's; one service each through ``core.workflow.transition``.  Entering expert review puts the
application on the call's panel; 立项 (approved) is the funding decision's (``services/funding.py``);
issuing (下达) creates the project."""

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
    ObjectionStatus,
)
from kechuang.programs.models import Application, Objection, Project
from kechuang.programs.services._common import ensure_allowed
from kechuang.programs.services.review import enter_review, review_finished
from kechuang.registry.choices import MembershipRole
from kechuang.registry.models import OfficerAssignment
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
    """Move an application along the table: the applicant withdraws, the recommending unit recommends or
    returns a submitted one, officers do the rest."""
    if to == S.SUBMITTED:
        raise ApplicationError(_("请通过“提交申报”提交申报书。"))
    if to == S.APPROVED:
        raise ApplicationError(_("请在“评审排序与立项”页面确定资助金额后立项。"))
    ensure_allowed(actor, application, move_permission(application, to))
    if (application.status, to) in REASON_REQUIRED and not note.strip():
        raise ApplicationError(_("请填写理由。"), extra={"field": "note"})
    if to in APPLICATION_TRANSITIONS.get(application.status, ()):
        _before_enter(application, to, actor)
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
    if to == S.RECOMMENDED:
        _notify_officers(application)
    if to not in APPLICANT_MOVES:
        notify_applicant(application, to, note.strip())
    return application


def move_permission(application: Application, to: str) -> str:
    """The right a move takes: ``submit`` (the applicant's withdrawal), ``recommend`` (推荐 or return of a
    submitted application: its recommending unit, or the officers when no unit covers it), ``decide``."""
    if to in APPLICANT_MOVES:
        return "submit"
    if application.status == S.SUBMITTED and to in (S.RECOMMENDED, S.RETURNED):
        return "recommend"
    return "decide"


def _before_enter(application: Application, to: str, actor: Any) -> None:
    """Checks and side effects of entering ``to`` (the move itself is valid)."""
    if to == S.IN_REVIEW:
        enter_review(application=application, actor=actor)
    elif to == S.PUBLICITY:
        today = timezone.localdate()
        days = application.topic.call.publicity_days
        application.publicity_starts_on = today
        application.publicity_ends_on = today + dt.timedelta(days=days - 1)
        Application.objects.filter(pk=application.pk).update(
            publicity_starts_on=application.publicity_starts_on,
            publicity_ends_on=application.publicity_ends_on,
        )
    elif to == S.ISSUED:
        blocker = issue_blocker(application, timezone.localdate())
        if blocker:
            raise ApplicationError(blocker)
    elif to == S.REJECTED and application.status == S.IN_REVIEW and not review_finished(application):
        raise ApplicationError(_("专家评审尚未结束，评分封存中，不能作出立项决定。"))


def issue_blocker(application: Application, today: dt.date) -> str | None:
    """Why the application may not be issued yet (``None``: it may)."""
    ends = application.publicity_ends_on
    if ends is not None and today <= ends:
        return _("公示期至%(d)s结束，期满后才能下达。") % {"d": f"{ends.year}年{ends.month}月{ends.day}日"}
    objections = Objection.objects.filter(application=application)
    if objections.filter(status=ObjectionStatus.OPEN).exists():
        return _("还有未处理的公示异议，处理完毕后才能下达。")
    if objections.filter(status=ObjectionStatus.UPHELD).exists():
        return _("公示异议成立，不能下达。")
    return None


def _notify_officers(application: Application) -> None:
    """推荐 done: the officers who run the call's formal check learn that an application waits."""
    department_id = application.topic.call.program_type.department_id
    link = reverse("programs:application_detail", args=[application.pk])
    seen: set[int] = set()
    for role in OfficerAssignment.objects.filter(
        ended_on__isnull=True, department_id=department_id
    ).select_related("region", "user"):
        if application.region_path.startswith(role.region.path) and role.user_id not in seen:
            seen.add(role.user_id)
            notification_send(
                recipient=role.user,
                title=_("推荐单位已推荐项目申报，待受理：%(title)s") % {"title": application.title},
                link=link,
                kind="programs.formal_check",
            )


def notify_applicant(application: Application, to: str, note: str) -> None:
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
