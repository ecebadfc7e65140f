"""Background work of the kernel (Django Tasks): the list exports that :mod:`kechuang.core.background`
moved out of the request."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from kechuang.core import background
from kechuang.core.excel import cleanup_old_files
from kechuang.core.models import BackgroundJob
from kechuang.core.services_jobs import job_finish

logger = logging.getLogger(__name__)


def export_start(
    *, actor: Any, provider: background.ExportProvider, params: Mapping[str, list[str]], total: int
) -> BackgroundJob:
    """Record the export job of ``actor`` and enqueue it once the job is committed."""
    with transaction.atomic():
        job = background.export_job_start(actor=actor, provider=provider, params=params, total=total)
        transaction.on_commit(lambda: export_list.enqueue(job.pk))
    return job


@task()
def export_list(job_id: int) -> str:
    """Build the workbook of export job ``job_id`` as its owner would see it; returns the job's status."""
    job = BackgroundJob.objects.select_related("owner").get(pk=job_id, kind=background.EXPORT_JOB)
    provider = str(job.result.get("provider", ""))
    params = job.result.get("params") or {}
    directory = background.export_dir()
    directory.mkdir(parents=True, exist_ok=True)
    cleanup_old_files(directory, max_age=background.KEEP_FILES)  # earlier exports, kept for a week
    name = f"{job.pk}-{uuid.uuid4().hex}.xlsx"
    dest = directory / name
    try:
        build = background.provider_named(provider)
        if build is None:
            raise ValueError(provider)
        with override(job.result.get("language") or None):
            spec = build(job.owner, background.query_of(params))
            rows = background.write_export(job, spec, dest)
    except Exception:
        logger.exception("background export %s failed", job_id)
        dest.unlink(missing_ok=True)
        job_finish(
            job, ok=False, message=str(_("导出时发生系统错误，请稍后重试或联系管理员。")), result=job.result
        )
    else:
        job_finish(job, ok=True, result={**job.result, "file": name, "filename": spec.filename, "rows": rows})
    return job.status
