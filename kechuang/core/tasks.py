"""Background work of the kernel (Django Tasks): the list exports that :mod:`kechuang.core.background`
moved out of the request, and the one-sheet Excel imports (:mod:`kechuang.core.import_pages`) of more rows
than ``KECHUANG_IMPORT_BACKGROUND_ROWS``: the worker rebuilds the page's import as its owner would get it
(a registered provider), checks every row with its progress, writes all or none, and leaves the count —
or every error by row and column with the error workbook — on the job page."""

from __future__ import annotations

import logging
import shutil
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils.translation import get_language, gettext_noop, override
from django.utils.translation import gettext as _
from django_tasks import task

from kechuang.core import background
from kechuang.core.errors import ApplicationError
from kechuang.core.excel import cleanup_old_files
from kechuang.core.excel_import import SheetImportFailed, sheet_import, store_error_workbook
from kechuang.core.models import BackgroundJob
from kechuang.core.services_jobs import job_finish, job_progress, job_start

SHEET_IMPORT_JOB = "core.sheet_import"
PHASES = {"checking": gettext_noop("正在逐行核对"), "writing": gettext_noop("核对无误，正在写入")}

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


def sheet_import_start(
    *,
    actor: Any,
    provider: background.SheetImportProvider,
    params: Mapping[str, Any],
    source: Path,
    rows: int,
) -> BackgroundJob:
    """Keep the upload ``source`` where every node's worker reads it, record the import job of ``actor``
    (audited) and enqueue it once the job is committed."""
    name = f"{provider.__module__}.{provider.__qualname__}"
    if background.sheet_import_named(name) is not provider:
        raise ValueError(f"sheet import {name} is not registered")
    upload = f"{uuid.uuid4().hex}.xlsx"
    target = background.stored_import(upload)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    data = {
        "provider": name,
        "params": dict(params),
        "upload": upload,
        "language": get_language() or "",
        "intro": gettext_noop("文件共%(n)s行数据，较大，已转入后台逐行核对并导入。"),
    }
    with transaction.atomic():
        job = job_start(actor=actor, kind=SHEET_IMPORT_JOB, total=rows, phase=background.QUEUED, result=data)
        transaction.on_commit(lambda: sheet_import_run.enqueue(job.pk))
    return job


@task()
def sheet_import_run(job_id: int) -> str:
    """Run the one-sheet import of job ``job_id`` as its owner; returns the job's status."""
    job = BackgroundJob.objects.select_related("owner").get(pk=job_id, kind=SHEET_IMPORT_JOB)
    data = dict(job.result)
    path = background.stored_import(str(data.get("upload", "")))
    rows = job.total

    def report(phase: str, n: int) -> None:  # checking: the first half of the bar; writing: the second
        job_progress(job, phase=PHASES[phase], done=n // 2 if phase == "checking" else rows // 2)

    with override(data.get("language") or None):
        link = ""
        try:
            build = background.sheet_import_named(str(data.get("provider", "")))
            if build is None:
                raise ValueError(data.get("provider"))
            spec = build(job.owner, data.get("params") or {})
            link = str(spec.back[0] or spec.redirect_to)
            job_progress(job, phase=PHASES["checking"], done=0)
            written = sheet_import(
                path,
                sheet=spec.sheet,
                columns=spec.columns,
                clean=spec.clean,
                write=spec.write,
                progress=report,
            )
        except SheetImportFailed as exc:
            token = store_error_workbook(actor=job.owner, errors=exc.errors, source=path)
            shown = [e.as_dict() for e in exc.errors[: exc.SHOWN]]
            result = {"errors": shown, "total": len(exc.errors), "token": token, "link": link}
            job_finish(job, ok=False, message=str(exc.message), result=result)
        except ApplicationError as exc:
            job_finish(job, ok=False, message=str(exc.message), result={"link": link})
        except Http404:
            message = _("要导入的对象已不存在或您已无权操作，未写入任何数据。")
            job_finish(job, ok=False, message=str(message))
        except Exception:
            logger.exception("background sheet import %s failed", job_id)
            message = _("导入时发生系统错误，未写入任何数据，请稍后重试或联系管理员。")
            job_finish(job, ok=False, message=str(message), result={"link": link})
        else:
            message = spec.success(len(written))
            job_finish(
                job,
                ok=True,
                message=str(message),
                result={"link": str(spec.redirect_to), "rows": len(written)},
            )
        finally:
            path.unlink(missing_ok=True)
    return job.status
