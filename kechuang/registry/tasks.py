"""Background work of the registry (Django Tasks): an Excel import too big to wait for in the request.

The page stores the upload under ``MEDIA_ROOT/imports/`` (shared by every node), starts a
:class:`~kechuang.core.models.BackgroundJob` and enqueues :func:`import_organizations`; a task worker runs
the same :func:`~kechuang.registry.excel.import_workbook` as the page would, reports its phases on the job
and leaves the result — or the row-by-row errors and their workbook — on it for the page.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from kechuang.core.errors import ApplicationError
from kechuang.core.models import BackgroundJob
from kechuang.core.services_jobs import job_finish, job_progress
from kechuang.registry import excel

logger = logging.getLogger(__name__)
IMPORT_JOB = "registry.organization_import"
# Stored untranslated (the page translates them in the reader's language).
QUEUED = gettext_noop("排队等待处理")
PHASES = {
    "read": gettext_noop("已读取，正在核对"),
    "checked": gettext_noop("核对无误，正在写入"),
    "written": gettext_noop("已写入"),
}


def stored_upload(name: str) -> Path:
    path = (Path(settings.MEDIA_ROOT) / "imports" / name).resolve()
    if path.parent != (Path(settings.MEDIA_ROOT) / "imports").resolve():
        raise ValueError(name)
    return path


@task()
def import_organizations(job_id: int, upload: str, mode: str) -> str:
    """Run the registry Excel import of job ``job_id`` from the stored ``upload``; returns the job's status."""
    job = BackgroundJob.objects.select_related("owner").get(pk=job_id, kind=IMPORT_JOB)
    path = stored_upload(upload)
    job_progress(job, phase=gettext_noop("正在读取文件"), done=0)

    def report(phase: str, rows: int) -> None:
        done = {"read": rows // 3, "checked": 2 * rows // 3, "written": rows}[phase]
        job_progress(job, phase=PHASES[phase], done=done, total=rows)

    try:
        result = excel.import_workbook(actor=job.owner, path=path, mode=mode, progress=report)
    except excel.ImportFailed as exc:
        token = excel.store_error_workbook(actor=job.owner, errors=exc.errors, source=path)
        shown = [
            {"sheet": e.sheet, "row": e.row, "column": e.column, "message": str(e.message)}
            for e in exc.errors[: exc.SHOWN]
        ]
        job_finish(
            job,
            ok=False,
            message=str(exc.message),
            result={"errors": shown, "total": len(exc.errors), "token": token},
        )
    except ApplicationError as exc:
        job_finish(job, ok=False, message=str(exc.message))
    except Exception:
        logger.exception("background import %s failed", job_id)
        job_finish(
            job, ok=False, message=str(_("导入时发生系统错误，未写入任何数据，请稍后重试或联系管理员。"))
        )
    else:
        job_finish(job, ok=True, result=result.as_dict())
    finally:
        path.unlink(missing_ok=True)
    return job.status
