"""Background work of the policies app (Django Tasks): a 免申即享 list or a push too large to do while the
officer waits (more qualifying organizations than ``KECHUANG_EXPORT_BACKGROUND_ROWS``), and the
qualification run of one measure or all (started from the page: :mod:`kechuang.policies.services.background`).

The page records a :class:`~kechuang.core.models.BackgroundJob` and enqueues the task; the worker runs the
same service as the page would, as the officer, reports its progress on the job and leaves its message
(and, for a qualification run, the count of every measure) on the job page (``core:job``).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override
from django_tasks import task

from kechuang.core.errors import ApplicationError
from kechuang.core.models import BackgroundJob
from kechuang.core.permissions import restrict
from kechuang.core.services_jobs import job_finish, job_progress
from kechuang.eligibility import RuleError
from kechuang.policies import selectors, services
from kechuang.policies.choices import MeasureStatus
from kechuang.policies.models import Measure

logger = logging.getLogger(__name__)
AUTO_CLAIMS_JOB = "policies.auto_claims"
PUSH_JOB = "policies.push"
QUALIFY_JOB = "policies.qualify"
GENERATING = gettext_noop("正在生成兑现清单")
PUSHING = gettext_noop("正在分批推送")
COUNTING = gettext_noop("正在统计符合条件的单位")
QUEUED = gettext_noop("排队等待处理")
QUALIFY_BATCH = 10  # measures selected in one query (and one progress report) of a qualification run
FAILED = gettext_noop("处理时发生系统错误，请稍后重试或联系管理员。")


@task()
def generate_auto_claims(job_id: int, measure_id: int, on: str, language: str = "") -> str:
    """The 免申即享 claims of measure ``measure_id`` for the job's owner on day ``on``; returns the status."""
    job = BackgroundJob.objects.select_related("owner").get(pk=job_id, kind=AUTO_CLAIMS_JOB)
    link = reverse("policies:qualified", args=[measure_id])
    with override(language or None):
        job_progress(job, phase=GENERATING, done=0)
        try:
            measure = selectors.measure_get(user=job.owner, pk=measure_id, action="select")
            count = services.auto_claims_generate(
                measure=measure, actor=job.owner, on=dt.date.fromisoformat(on)
            )
        except ApplicationError as exc:
            job_finish(job, ok=False, message=str(exc.message), result={"link": link})
        except Exception:
            logger.exception("background auto claims %s failed", job_id)
            job_finish(
                job,
                ok=False,
                message=str(_("生成时发生系统错误，未写入任何数据，请稍后重试或联系管理员。")),
                result={"link": link},
            )
        else:
            message = _("已自动生成 %(n)s 条免申即享兑现记录，请在审核页面确认。") % {"n": count}
            job_finish(job, ok=True, message=str(message), result={"link": link, "created": count})
    return job.status


@task()
def push_measure(job_id: int) -> str:
    """Push the job's measure to the organisations that qualify, in batches; returns the job's status."""
    job = BackgroundJob.objects.select_related("owner").get(pk=job_id, kind=PUSH_JOB)
    data = dict(job.result)
    measure_id = int(data["measure"])
    link = reverse("policies:qualified", args=[measure_id]) + f"?on={data['on']}"

    def report(done: int, total: int) -> None:
        job_progress(job, phase=PUSHING, done=done, total=total)

    with override(data.get("language") or None):
        try:
            measure = selectors.measure_get(user=job.owner, pk=measure_id, action="select")
            pushed, notified = services.push_run(
                measure=measure,
                actor=job.owner,
                on=dt.date.fromisoformat(data["on"]),
                message=str(data.get("message") or ""),
                progress=report,
            )
        except ApplicationError as exc:
            job_finish(job, ok=False, message=str(exc.message), result={"link": link})
        except Exception:
            logger.exception("background push %s failed", job_id)
            message = _("推送时发生系统错误，已完成的批次已推送，重新推送将只推送其余单位。")
            job_finish(job, ok=False, message=str(message), result={"link": link})
        else:
            message = _("已向 %(n)s 家符合条件的单位推送，通知 %(m)s 人。") % {"n": pushed, "m": notified}
            job_finish(
                job,
                ok=True,
                message=str(message),
                result={"link": link, "pushed": pushed, "notified": notified},
            )
    return job.status


def _counts(user: Any, measures: list[Measure], on: dt.date) -> dict[int, int | None]:
    """How many organisations in the user's scope qualify for each measure (None: its rule cannot be
    computed on the day), all the measures in one query, or one by one if one of them fails."""
    try:
        got = selectors.qualified_many(user=user, measures=measures, on=on)
        return {pk: len(ids) for pk, ids in got.items()}
    except RuleError:
        counts: dict[int, int | None] = {}
        for m in measures:
            try:
                counts[m.pk] = len(selectors.qualified_many(user=user, measures=[m], on=on)[m.pk])
            except RuleError:
                counts[m.pk] = None
        return counts


@task()
def qualify_measures(job_id: int) -> str:
    """Count the organisations that qualify for the job's measure (or every published one the owner
    sees), :data:`QUALIFY_BATCH` measures a query; returns the job's status."""
    job = BackgroundJob.objects.select_related("owner").get(pk=job_id, kind=QUALIFY_JOB)
    data = dict(job.result)
    on = dt.date.fromisoformat(data["on"])
    link = (
        reverse("policies:measure_detail", args=[data["measure"]])
        if data.get("measure")
        else reverse("policies:measure_list")
    )
    with override(data.get("language") or None):
        try:
            published = selectors.measure_list(user=job.owner).filter(status=MeasureStatus.PUBLISHED)
            if data.get("measure"):  # still published, and still the officer's to select
                selectable = restrict(Measure.objects.all(), job.owner, "select").values("pk")
                published = published.filter(pk=data["measure"]).filter(pk__in=selectable)
            measures = list(published)
            job_progress(job, phase=COUNTING, done=0, total=len(measures))
            counts: dict[int, int | None] = {}
            for start in range(0, len(measures), QUALIFY_BATCH):
                counts.update(_counts(job.owner, measures[start : start + QUALIFY_BATCH], on))
                job_progress(job, phase=COUNTING, done=len(counts))
        except Exception:
            logger.exception("background qualification %s failed", job_id)
            job_finish(job, ok=False, message=str(_(FAILED)), result={"link": link})
            return job.status
        if not measures:
            job_finish(
                job, ok=False, message=str(_("该政策事项已不存在或已停止执行。")), result={"link": link}
            )
            return job.status
        uncomputed = str(_("无法计算"))
        rows = [
            {
                "cells": [m.title, uncomputed if counts[m.pk] is None else str(counts[m.pk])],
                "link": reverse("policies:qualified", args=[m.pk]) + f"?on={on.isoformat()}",
            }
            for m in measures
        ]
        qualified = sum(n for n in counts.values() if n is not None)
        message = _("已统计 %(n)s 项政策事项（申请日%(on)s），合计 %(q)s 家次单位符合条件。") % {
            "n": len(measures),
            "on": f"{on.year}年{on.month}月{on.day}日",
            "q": qualified,
        }
        table = {"columns": [gettext_noop("政策事项"), gettext_noop("符合条件的单位数")], "rows": rows}
        job_finish(job, ok=True, message=str(message), result={"link": link, "table": table})
    return job.status
