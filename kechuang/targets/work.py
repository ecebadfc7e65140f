"""Targets' share of a user's workbench: overdue and soon-due tasks of the officer's units, and progress
reports waiting for the plan manager's review."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.permissions import restrict
from kechuang.core.work import WorkItem, WorkList
from kechuang.registry.guards import user_is_officer_or_admin
from kechuang.registry.selectors import officer_department_ids
from kechuang.targets.choices import ReportStatus, TaskStatus
from kechuang.targets.models import ProgressReport, Task

SOON_DAYS = 30  # a task due within this many days is shown as coming up


def pending_for(user: Any) -> list[WorkItem]:
    """Two queries: the units' open tasks (overdue, due soon), the reports to review (at most ten)."""
    if not user_is_officer_or_admin(user):
        return []
    items = WorkList(_("目标考核"))
    today = timezone.localdate()
    ids = officer_department_ids(user)
    if ids:
        units = Q(lead_unit_id__in=ids) | Q(participating_units__in=ids)
        open_tasks = restrict(Task.objects.filter(units, status=TaskStatus.OPEN), user, "view")
        row = open_tasks.aggregate(
            overdue=Count("id", filter=Q(due_date__lt=today), distinct=True),
            first_overdue=Min("due_date", filter=Q(due_date__lt=today)),
            soon=Count(
                "id",
                filter=Q(due_date__gte=today, due_date__lte=today + dt.timedelta(days=SOON_DAYS)),
                distinct=True,
            ),
            first_soon=Min("due_date", filter=Q(due_date__gte=today)),
        )
        items.add(
            _("逾期未完成的任务"),
            count=row["overdue"],
            url=reverse("targets:mine"),
            hint=_("报送进展或说明原因"),
            due=row["first_overdue"],
            overdue=True,
        )
        items.add(
            _("%(days)s天内到期的任务") % {"days": SOON_DAYS},
            count=row["soon"],
            url=reverse("targets:mine"),
            hint=_("按期完成并报送进展"),
            due=row["first_soon"],
        )
    reports = restrict(ProgressReport.objects.filter(status=ReportStatus.SUBMITTED), user, "review").order_by(
        "id"
    )[:10]
    for report in reports:
        url = (
            reverse("targets:indicator_detail", args=[report.indicator_id])
            if report.indicator_id
            else reverse("targets:task_detail", args=[report.task_id])
        )
        items.add(
            _("待审核的进展报送"),
            count=1,
            url=url,
            hint=_("采纳或退回"),
        )
    return items
