"""Background jobs a user started: created (audited) when queued, then moved along by the task worker.

Work on one object (a measure's push, a plan's snapshot) starts through :func:`job_start_once`: while a
job of that kind on that object is queued or running, a second start returns it (its owner is shown the
running job) or is refused with who started it (anyone else), instead of doing the work twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log
from kechuang.core.errors import ApplicationError
from kechuang.core.models import BackgroundJob, clean_and_save

UNFINISHED = (BackgroundJob.Status.QUEUED, BackgroundJob.Status.RUNNING)


@transaction.atomic
def job_start(
    *, actor: Any, kind: str, total: int = 0, phase: str = "", result: dict[str, Any] | None = None
) -> BackgroundJob:
    """A queued job of ``actor`` (the task is enqueued by the caller once this commits); ``result`` holds
    what the worker needs (the object, the day…) until the worker replaces it with the outcome."""
    job = BackgroundJob(kind=kind, owner=actor, total=max(0, total), phase=phase, result=result or {})
    clean_and_save(job)
    after: dict[str, Any] = {"kind": kind, "total": total}
    if result and "target" in result:
        after["target"] = result["target"]
    audit_log(actor=actor, action="core.background_job_start", target=job, after=after)
    return job


def stale_after() -> dt.timedelta:
    """A job unfinished for longer than this (``KECHUANG_JOB_STALE_HOURS``, 6 by default) is taken for
    lost (its worker died) and no longer keeps another from starting."""
    return dt.timedelta(hours=float(getattr(settings, "KECHUANG_JOB_STALE_HOURS", 6)))


def job_running(*, kind: str, target: str) -> BackgroundJob | None:
    """The queued or running job of ``kind`` on ``target`` (``"<app>.<model>:<pk>"``), if any."""
    return (
        BackgroundJob.objects.filter(
            kind=kind,
            result__target=target,
            status__in=UNFINISHED,
            created_at__gte=timezone.now() - stale_after(),
        )
        .select_related("owner")
        .order_by("-id")
        .first()
    )


def _display(user: Any) -> str:
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return str(full or user.get_username())


@transaction.atomic
def job_start_once(
    *,
    actor: Any,
    kind: str,
    target: str,
    lock: models.Model,
    total: int = 0,
    phase: str = "",
    data: dict[str, Any] | None = None,
) -> tuple[BackgroundJob, bool]:
    """A new queued job of ``actor`` on ``target`` (``True``), or the one of ``actor``'s already queued or
    running there (``False``: the caller enqueues nothing). A job of someone else's there is refused.

    The row of ``lock`` (the object itself) is locked first, so two starts at once see each other."""
    list(
        lock._meta.model._default_manager.select_for_update().filter(pk=lock.pk).values_list("pk", flat=True)
    )
    running = job_running(kind=kind, target=target)
    if running is not None:
        if running.owner_id == actor.pk:
            return running, False
        raise ApplicationError(
            _("已有一项相同的后台任务正在进行（由%(who)s于%(at)s发起），请待其完成后再试。")
            % {"who": _display(running.owner), "at": timezone.localtime(running.created_at).strftime("%H:%M")}
        )
    job = job_start(
        actor=actor, kind=kind, total=total, phase=phase, result={**(data or {}), "target": target}
    )
    return job, True


def job_progress(
    job: BackgroundJob, *, phase: str, done: int | None = None, total: int | None = None
) -> None:
    """The worker's progress: saved at once (outside any transaction of the work) so the page sees it."""
    job.status = BackgroundJob.Status.RUNNING
    job.phase = phase[:120]
    if total is not None:
        job.total = max(0, total)
    if done is not None:
        job.done = max(0, done)
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=job.status, phase=job.phase, done=job.done, total=job.total
    )


def job_finish(
    job: BackgroundJob, *, ok: bool, message: str = "", result: dict[str, Any] | None = None
) -> None:
    job.status = BackgroundJob.Status.SUCCEEDED if ok else BackgroundJob.Status.FAILED
    job.message = message
    job.result = result or {}
    job.finished_at = timezone.now()
    if ok:
        job.done = job.total
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=job.status, message=job.message, result=job.result, finished_at=job.finished_at, done=job.done
    )
