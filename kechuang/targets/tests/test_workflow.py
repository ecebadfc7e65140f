"""Every allowed and every forbidden move of the task and report workflows."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from kechuang.core.errors import ApplicationError
from kechuang.core.models import StatusChange
from kechuang.targets import services
from kechuang.targets.choices import REPORT_TRANSITIONS, TASK_TRANSITIONS, ReportStatus, TaskStatus
from kechuang.targets.models import ProgressReport, Task


def _task(j, status):  # type: ignore[no-untyped-def]
    t = services.task_create(
        actor=j.manager, plan=j.plan, code=f"T{Task.objects.count() + 1}", title="任务", lead_unit=j.industry
    )
    Task.objects.filter(pk=t.pk).update(status=status)
    t.refresh_from_db()
    return t


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "to"), list(itertools.product(TaskStatus.values, TaskStatus.values)))
def test_task_moves(jilin, start, to) -> None:  # type: ignore[no-untyped-def]
    task = _task(jilin, start)
    if to in TASK_TRANSITIONS[start]:
        services.task_transition(actor=jilin.manager, task=task, to=to)
        assert Task.objects.get(pk=task.pk).status == to
        assert StatusChange.objects.filter(object_id=str(task.pk), from_status=start, to_status=to).exists()
    else:
        with pytest.raises(ApplicationError) as exc:
            services.task_transition(actor=jilin.manager, task=task, to=to)
        assert exc.value.message == f"不能从“{TaskStatus(start).label}”变更为“{TaskStatus(to).label}”。"
        assert Task.objects.get(pk=task.pk).status == start


def test_report_transition_table() -> None:
    assert {
        ReportStatus.SUBMITTED: {ReportStatus.ACCEPTED, ReportStatus.RETURNED},
        ReportStatus.RETURNED: set(),
        ReportStatus.ACCEPTED: set(),
    } == REPORT_TRANSITIONS


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "accept"), list(itertools.product(ReportStatus.values, [True, False])))
def test_report_moves(jilin, start, accept) -> None:  # type: ignore[no-untyped-def]
    """A review moves a report to accepted or returned; only a submitted report can be reviewed."""
    task = _task(jilin, TaskStatus.OPEN)
    report = services.report_submit(
        actor=jilin.industry_officer,
        department=jilin.industry,
        task=task,
        as_of=dt.date(2025, 1, 1),
        narrative="进展",
    )
    ProgressReport.objects.filter(pk=report.pk).update(status=start)
    report.refresh_from_db()
    to = ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED
    if to in REPORT_TRANSITIONS[start]:
        services.report_review(actor=jilin.manager, report=report, accept=accept, note="意见")
        assert ProgressReport.objects.get(pk=report.pk).status == to
    else:
        with pytest.raises(ApplicationError) as exc:
            services.report_review(actor=jilin.manager, report=report, accept=accept, note="意见")
        assert exc.value.message == f"不能从“{ReportStatus(start).label}”变更为“{ReportStatus(to).label}”。"
        assert ProgressReport.objects.get(pk=report.pk).status == start
