"""Background work of the policies app (Django Tasks): a 免申即享 list too large to generate while the officer
waits (more qualifying organizations than ``KECHUANG_EXPORT_BACKGROUND_ROWS``).

The page records a :class:`~kechuang.core.models.BackgroundJob` and enqueues :func:`generate_auto_claims`;
the worker runs the same service as the page would, as the officer, and leaves its message on the job page
(``core:job``).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override
from django_tasks import task

from kechuang.core.errors import ApplicationError
from kechuang.core.models import BackgroundJob
from kechuang.core.services_jobs import job_finish, job_progress
from kechuang.policies import selectors, services

logger = logging.getLogger(__name__)
AUTO_CLAIMS_JOB = "policies.auto_claims"
GENERATING = gettext_noop("正在生成兑现清单")
QUEUED = gettext_noop("排队等待处理")


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
