"""Starting the policy work a page hands to a task worker, the officer then following it on the job page
(``core:job``): a push to more organisations than ``KECHUANG_EXPORT_BACKGROUND_ROWS``, and the
qualification run (how many organisations in the officer's scope qualify for one measure or for every
published one — what ``manage.py policies_qualify`` prints at night).

Each start checks the officer's permission on the measure, records an audited
:class:`~kechuang.core.models.BackgroundJob` and enqueues its task once that commits. While the same work
on the same measure is queued or running, its owner is shown that job instead of a second one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from kechuang.core.background import background_threshold
from kechuang.core.errors import ApplicationError
from kechuang.core.models import BackgroundJob
from kechuang.core.permissions import ensure_can
from kechuang.core.services_jobs import job_start_once
from kechuang.policies import selectors, tasks
from kechuang.policies.choices import MeasureStatus
from kechuang.policies.models import Measure
from kechuang.policies.services.pushes import push_targets
from kechuang.registry.guards import user_is_officer_or_admin


def push_start(
    *, measure: Measure, actor: Any, on: dt.date | None = None, message: str = ""
) -> tuple[BackgroundJob, bool] | None:
    """The push of ``measure`` as a job when it reaches more organisations than the page may wait for,
    with True when it was started now (False: the one this officer already started, still running);
    None when it is small enough to push now.
    Refused as :func:`~kechuang.policies.services.push_send` refuses it."""
    with transaction.atomic():
        total = push_targets(measure=measure, actor=actor, on=on).count()
        if total <= background_threshold():
            return None
        job, created = job_start_once(
            actor=actor,
            kind=tasks.PUSH_JOB,
            target=f"policies.measure:{measure.pk}",
            lock=measure,
            total=total,
            phase=tasks.QUEUED,
            data={
                "measure": measure.pk,
                "on": (on or selectors.today()).isoformat(),
                "message": message[:300],
                "language": get_language() or "",
                "intro": gettext_noop("共%(n)s家符合条件的单位待推送，数据较多，已转入后台分批推送。"),
            },
        )
        if created:
            transaction.on_commit(lambda: tasks.push_measure.enqueue(job.pk))
    return job, created


def qualify_start(
    *, actor: Any, measure: Measure | None = None, on: dt.date | None = None
) -> tuple[BackgroundJob, bool]:
    """The qualification run of one published measure, or (``measure`` None) of every published measure
    the officer sees, counted in the officer's scope on day ``on``, with True when started now (False:
    the officer's run already queued or running)."""
    if measure is not None:
        ensure_can(actor, measure, "select")
        if measure.status != MeasureStatus.PUBLISHED:
            raise ApplicationError(_("只能统计已发布的政策事项。"))
        total, target, lock = 1, f"policies.measure:{measure.pk}@{actor.pk}", measure
    else:
        if not user_is_officer_or_admin(actor):
            raise ApplicationError(_("只有科技部门工作人员和平台管理员可以统计符合条件的单位。"))
        total = selectors.measure_list(user=actor).filter(status=MeasureStatus.PUBLISHED).count()
        if total == 0:
            raise ApplicationError(_("您可见的范围内没有已发布的政策事项。"))
        target, lock = f"policies.measures:all@{actor.pk}", actor
    with transaction.atomic():
        job, created = job_start_once(
            actor=actor,
            kind=tasks.QUALIFY_JOB,
            target=target,
            lock=lock,
            total=total,
            phase=tasks.QUEUED,
            data={
                "measure": measure.pk if measure is not None else None,
                "on": (on or selectors.today()).isoformat(),
                "language": get_language() or "",
                "intro": gettext_noop("共%(n)s项政策事项，正在逐项统计辖区内符合条件的单位。"),
            },
        )
        if created:
            transaction.on_commit(lambda: tasks.qualify_measures.enqueue(job.pk))
    return job, created
