"""Progress reports (年度进展报告), the mid-term check (中期检查) and supervision (督查) of overdue reports and
milestones — reminders before the due date and one escalation after it, each recorded once (the way the
targets app supervises its tasks)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.models import clean_and_save
from kechuang.core.services import notification_send
from kechuang.core.workflow import transition
from kechuang.programs.choices import ProjectStatus
from kechuang.programs.choices_execution import (
    REMINDER_DAYS,
    REPORT_TRANSITIONS,
    ContractStatus,
    MidtermRating,
    ReportKind,
    ReportStatus,
    SupervisionKind,
)
from kechuang.programs.models import Milestone, ProgressReport, Project, ProjectSupervision
from kechuang.programs.selectors_execution import due_items
from kechuang.programs.services._common import check_version, ensure_allowed, project_panel
from kechuang.programs.services.execution_contract import chinese_date, ensure_signed
from kechuang.programs.services.execution_funds import apply_spending, clean_spending
from kechuang.registry.choices import MembershipRole
from kechuang.registry.models import OfficerAssignment
from kechuang.registry.selectors import membership_list
from kechuang.review.choices import PanelStatus
from kechuang.review.models import Panel
from kechuang.review.selectors import panel_for_owner

REPORTING_STATES = frozenset({ProjectStatus.EXECUTING, ProjectStatus.RECTIFYING})
# The mid-term check's score sheet when experts take part (中期检查专家评分表).
MIDTERM_SHEET = [
    {"code": "progress", "name": "研究进展与年度目标完成情况", "max_score": 50},
    {"code": "funds", "name": "经费使用与管理", "max_score": 25},
    {"code": "outlook", "name": "后续计划可行性", "max_score": 25},
]


def _clean_report(kind: str, content: str) -> str:
    if kind not in ReportKind.values:
        raise ApplicationError(_("请选择报告类型。"), extra={"field": "kind"})
    content = content.strip()
    if not content:
        raise ApplicationError(_("请填写进展情况。"), extra={"field": "content"})
    return content


def _complete_milestones(project: Project, actor: Any, ids: Iterable[int], today: dt.date) -> None:
    wanted = {int(i) for i in ids}
    rows = list(Milestone.objects.filter(project=project, pk__in=wanted))
    if len(rows) != len(wanted):
        raise ApplicationError(_("所选进度安排不属于本项目。"), extra={"field": "milestones"})
    for milestone in rows:
        if milestone.completed_on is not None:
            continue
        milestone.completed_on = today
        clean_and_save(milestone)
        audit_log(
            actor=actor, action="program_milestone.complete", target=milestone, after={"completed_on": today}
        )


@transaction.atomic
def report_submit(
    *,
    project: Project,
    actor: Any,
    kind: str,
    year: int,
    content: str,
    problems: str = "",
    spent: Mapping[str, Any] | None = None,
    completed_milestones: Iterable[int] = (),
) -> ProgressReport:
    """The lead organization reports a year's progress (or the mid-term check), with the cumulative
    spending per budget category and the milestones completed."""
    ensure_allowed(actor, project, "submit")
    project = Project.objects.select_for_update().get(pk=project.pk)
    ensure_signed(project)
    content = _clean_report(kind, content)
    if project.status not in REPORTING_STATES:
        raise ApplicationError(
            _("项目%(status)s，不再报送进展报告。") % {"status": project.get_status_display()}
        )
    today = timezone.localdate()
    if not project.starts_on.year <= year <= min(project.ends_on.year, today.year):
        raise ApplicationError(
            _("报告年度应在项目实施期内且不晚于今年（%(a)d—%(b)d年）。")
            % {"a": project.starts_on.year, "b": min(project.ends_on.year, today.year)},
            extra={"field": "year"},
        )
    if ProgressReport.objects.filter(project=project, kind=kind, year=year).exists():
        raise ApplicationError(_("该年度的此类报告已报送。"), extra={"field": "year"})
    if kind == ReportKind.MIDTERM and project.reports.filter(kind=ReportKind.MIDTERM).exists():
        raise ApplicationError(_("本项目已报送中期检查报告。"), extra={"field": "kind"})
    if spent:
        apply_spending(project=project, actor=actor, cleaned=clean_spending(project, spent), year=year)
    _complete_milestones(project, actor, completed_milestones, today)
    report = ProgressReport(
        project=project, kind=kind, year=year, content=content, problems=problems.strip(), submitted_by=actor
    )
    clean_and_save(report)
    audit_log(actor=actor, action="program_report.create", target=report, after=snapshot(report))
    return report


@transaction.atomic
def report_resubmit(
    *,
    report: ProgressReport,
    actor: Any,
    content: str,
    problems: str = "",
    expected_version: int | None = None,
) -> ProgressReport:
    ensure_allowed(actor, report.project, "submit")
    check_version(report, expected_version)
    content = _clean_report(report.kind, content)
    before = snapshot(report, ["content", "problems"])
    ProgressReport.objects.filter(pk=report.pk).update(content=content, problems=problems.strip())
    report.refresh_from_db()
    transition(obj=report, to=ReportStatus.SUBMITTED, actor=actor, transitions=REPORT_TRANSITIONS)
    audit_log(
        actor=actor, action="program_report.update", target=report, before=before,
        after=snapshot(report, ["content", "problems"]),
    )  # fmt: skip
    return report


@transaction.atomic
def report_review(
    *,
    report: ProgressReport,
    actor: Any,
    accept: bool,
    note: str = "",
    rating: str = "",
    expected_version: int | None = None,
) -> ProgressReport:
    """An officer accepts the report or returns it with a reason; a mid-term check needs a conclusion."""
    ensure_allowed(actor, report.project, "decide")
    note = note.strip()
    if not accept and not note:
        raise ApplicationError(_("退回时请填写审核意见。"), extra={"field": "note"})
    panel = panel_for_owner(owner=report)
    if panel is not None and panel.status != PanelStatus.CLOSED:
        raise ApplicationError(_("中期检查专家组尚未结束评审，请待专家评分并结束评审后再审核。"))
    if accept and report.kind == ReportKind.MIDTERM and rating not in MidtermRating.values:
        raise ApplicationError(_("请选择中期检查结论。"), extra={"field": "rating"})
    transition(
        obj=report,
        to=ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED,
        actor=actor,
        transitions=REPORT_TRANSITIONS,
        note=note,
        expected_version=expected_version,
    )
    ProgressReport.objects.filter(pk=report.pk).update(
        officer_note=note[:500], rating=rating if report.kind == ReportKind.MIDTERM else ""
    )
    report.refresh_from_db()
    return report


@transaction.atomic
def midterm_panel(*, report: ProgressReport, actor: Any, experts_per_item: int = 3) -> Panel:
    """Optionally, experts take part in the mid-term check (中期检查专家组, the review app); the officer's
    review then waits for the panel to close.  Idempotent."""
    project = report.project
    ensure_allowed(actor, project, "decide")
    if report.kind != ReportKind.MIDTERM:
        raise ApplicationError(_("只有中期检查报告可以组织专家检查。"))
    if report.status != ReportStatus.SUBMITTED:
        raise ApplicationError(_("报告已审核或已退回，不能再组织专家检查。"))
    return project_panel(
        project=project,
        owner=report,
        name=_("%(t)s中期检查专家组") % {"t": project.application.title},
        indicators=MIDTERM_SHEET,
        actor=actor,
        experts_per_item=experts_per_item,
    )


# ------------------------------------------------------------------------------------------- supervision


def _officers(project: Project) -> list[Any]:
    department_id = project.application.topic.call.program_type.department_id
    region_path = project.application.region_path
    return [
        a.user
        for a in OfficerAssignment.objects.filter(
            ended_on__isnull=True, department_id=department_id
        ).select_related("user", "region")
        if a.user.is_active and region_path.startswith(a.region.path)
    ]


def _admins(project: Project) -> list[Any]:
    return [
        m.user
        for m in membership_list(organization=project.application.organization).filter(
            role=MembershipRole.ADMIN
        )
    ]


@transaction.atomic
def project_supervise(*, today: dt.date, actor: Any = None) -> list[ProjectSupervision]:
    """Remind the lead organization 30, 7 and 1 days before each due report and milestone; escalate
    overdue ones once (督办) to the organization and the responsible officers.  Running twice on a day
    sends nothing new."""
    created: list[ProjectSupervision] = []
    projects = Project.objects.filter(
        status__in=REPORTING_STATES, contract__status=ContractStatus.SIGNED
    ).select_related("application__organization", "application__topic__call__program_type")
    for project in projects:
        for item in due_items(project):
            days = (item.due_on - today).days
            if days >= 0 and days not in REMINDER_DAYS:
                continue
            kind = SupervisionKind.REMINDER if days >= 0 else SupervisionKind.ESCALATION
            days = max(days, -1)
            if ProjectSupervision.objects.filter(
                project=project, key=item.key, kind=kind, due_on=item.due_on, days_before=days
            ).exists():
                continue
            title = project.application.title
            if kind == SupervisionKind.REMINDER:
                users = _admins(project)
                body = _("项目“%(p)s”的%(s)s将于%(d)s到期（还有%(n)d天），请按期报送。") % {
                    "p": title, "s": item.subject, "d": chinese_date(item.due_on), "n": days,
                }  # fmt: skip
            else:
                users = _admins(project) + _officers(project)
                body = _("项目“%(p)s”的%(s)s已于%(d)s逾期，现予督办。承担单位：%(o)s。") % {
                    "p": title, "s": item.subject, "d": chinese_date(item.due_on),
                    "o": project.application.organization.name,
                }  # fmt: skip
            link = reverse("programs:project_detail", args=[project.pk])
            heading = _("%(kind)s：%(s)s（%(p)s）") % {
                "kind": SupervisionKind(kind).label,
                "s": item.subject,
                "p": title,
            }
            for user in {u.pk: u for u in users}.values():
                notification_send(
                    recipient=user, title=heading, body=body, link=link, kind=f"programs.{kind}"
                )
            record = ProjectSupervision(
                project=project,
                subject=item.subject[:200],
                key=item.key,
                kind=kind,
                due_on=item.due_on,
                days_before=days,
                sent_on=today,
                recipients=len({u.pk for u in users}),
            )
            clean_and_save(record)
            audit_log(
                actor=actor, action=f"program_supervision.{kind}", target=record, after=snapshot(record)
            )
            created.append(record)
    return created
