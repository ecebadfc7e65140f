"""Starting a plan's snapshot from its dashboard as a task (:func:`kechuang.targets.tasks.snapshot_plan`):
the manager's permission is checked on the plan, an audited
:class:`~kechuang.core.models.BackgroundJob` is recorded and the task enqueued once that commits; while the
plan's snapshot is queued or running, its owner is shown that job instead of a second one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from kechuang.core.errors import ApplicationError
from kechuang.core.models import BackgroundJob
from kechuang.core.permissions import ensure_can
from kechuang.core.services_jobs import job_start_once
from kechuang.targets import tasks
from kechuang.targets.models import Plan
from kechuang.targets.services_snapshots import snapshot_day, snapshot_size


def snapshot_start(*, plan: Plan, actor: Any, today: dt.date | None = None) -> tuple[BackgroundJob, bool]:
    """The plan's snapshot as a job of ``actor`` (one of its managers), with True when started now (False:
    the one ``actor`` started is still queued or running)."""
    ensure_can(actor, plan, "change")
    on = snapshot_day(plan, today)
    total = snapshot_size(plan)
    if total == 0:
        raise ApplicationError(_("该规划还没有指标，无需记录快照。"))
    with transaction.atomic():
        job, created = job_start_once(
            actor=actor,
            kind=tasks.SNAPSHOT_JOB,
            target=f"targets.plan:{plan.pk}",
            lock=plan,
            total=total,
            phase=tasks.QUEUED,
            data={
                "plan": plan.pk,
                "on": on.isoformat(),
                "language": get_language() or "",
                "intro": gettext_noop("共%(n)s个指标数值（各指标在本级和分解到的各地区）待计算记录。"),
            },
        )
        if created:
            transaction.on_commit(lambda: tasks.snapshot_plan.enqueue(job.pk))
    return job, created
