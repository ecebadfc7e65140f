"""Background jobs a user started: created (audited) when queued, then moved along by the task worker."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from kechuang.core.audit import audit_log
from kechuang.core.models import BackgroundJob, clean_and_save


@transaction.atomic
def job_start(*, actor: Any, kind: str, total: int = 0, phase: str = "") -> BackgroundJob:
    """A queued job of ``actor`` (the task is enqueued by the caller once this commits)."""
    job = BackgroundJob(kind=kind, owner=actor, total=max(0, total), phase=phase)
    clean_and_save(job)
    audit_log(
        actor=actor, action="core.background_job_start", target=job, after={"kind": kind, "total": total}
    )
    return job


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
