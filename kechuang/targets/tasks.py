"""Background work of the targets app (Django Tasks): supervision and value snapshots.

Run daily, e.g. from cron: ``manage.py targets_schedule`` enqueues both; a worker executes them. A plan's
manager also takes its snapshot from the dashboard (:func:`snapshot_plan`, started by
:mod:`kechuang.targets.services_background`), following it on the job page (``core:job``).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override
from django_tasks import task

from kechuang.core.errors import ApplicationError
from kechuang.core.models import BackgroundJob
from kechuang.core.services_jobs import job_finish, job_progress
from kechuang.targets import selectors, services, services_snapshots, services_versions
from kechuang.targets.models import Plan
from kechuang.targets.selectors import dashboard_warm

logger = logging.getLogger(__name__)
SNAPSHOT_JOB = "targets.snapshot"
QUEUED = gettext_noop("排队等待处理")
SNAPSHOTTING = gettext_noop("正在计算并记录指标值")


def _day(value: str | None) -> dt.date:
    return dt.date.fromisoformat(value) if value else timezone.localdate()


@task()
def supervise_deadlines(today: str | None = None) -> int:
    """Send due reminders and escalations; returns how many were recorded."""
    return len(services.supervise(today=_day(today)))


@task()
def snapshot_values(on: str | None = None) -> int:
    """Snapshot every plan that is running on the day; returns the number of values recorded. Indicator
    definitions revised to apply from the day take effect first, so the day's figures use them."""
    day = _day(on)
    services_versions.indicator_versions_apply(today=day)
    total = 0
    for plan in Plan.objects.filter(period_start__lte=day).select_related("region"):
        total += services.snapshot_take(plan=plan, on=min(day, plan.period_end))
    return total


@task()
def warm_dashboards() -> int:
    """Refresh the cached live values of every plan's dashboard (run more often than the cache's
    ``TARGETS_LIVE_CACHE_SECONDS``, e.g. every 4 minutes)."""
    return sum(dashboard_warm(plan=plan) for plan in Plan.objects.select_related("region"))


@task()
def snapshot_plan(job_id: int) -> str:
    """Take the snapshot of the job's plan as its owner, with its progress; returns the job's status."""
    job = BackgroundJob.objects.select_related("owner").get(pk=job_id, kind=SNAPSHOT_JOB)
    data = dict(job.result)
    link = reverse("targets:plan_dashboard", args=[data["plan"]])
    on = dt.date.fromisoformat(data["on"])

    def report(done: int, total: int) -> None:
        job_progress(job, phase=SNAPSHOTTING, done=done, total=total)

    with override(data.get("language") or None):
        try:
            plan = selectors.plan_get(user=job.owner, pk=data["plan"], action="change")
            recorded = services_snapshots.snapshot_record(plan=plan, actor=job.owner, on=on, progress=report)
        except Http404:
            job_finish(job, ok=False, message=str(_("规划不存在或您已无权管理。")), result={"link": link})
        except ApplicationError as exc:
            job_finish(job, ok=False, message=str(exc.message), result={"link": link})
        except Exception:
            logger.exception("background snapshot %s failed", job_id)
            message = _("记录快照时发生系统错误，请稍后重试或联系管理员；已记录的地区重新记录时会被替换。")
            job_finish(job, ok=False, message=str(message), result={"link": link})
        else:
            message = _("已记录 %(n)s 个指标数值（%(on)s）。") % {
                "n": recorded,
                "on": f"{on.year}年{on.month}月{on.day}日",
            }
            job_finish(job, ok=True, message=str(message), result={"link": link, "values": recorded})
    return job.status
