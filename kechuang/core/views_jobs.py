"""A user's background job (a large export, a 免申即享 list…): its progress page, polled by htmx, then its
result: the file to download, or the work's message and a link back.

Only the job's owner sees it or downloads its file; anyone else gets a 404 (the job's existence is not told).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from kechuang.core import background
from kechuang.core.excel import stored_xlsx_response
from kechuang.core.models import BackgroundJob


def _own_job(request: HttpRequest, pk: int) -> BackgroundJob:
    return get_object_or_404(BackgroundJob, pk=pk, owner=request.user)


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _own_job(request, pk)
    template = "core/job_status.html" if request.headers.get("HX-Request") else "core/job.html"
    ready = background.export_path(job) is not None
    export = job.kind == background.EXPORT_JOB
    return render(request, template, {"job": job, "ready": ready, "export": export})


@login_required
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = _own_job(request, pk)
    path = background.export_path(job)
    if path is None:
        raise Http404(_("导出文件不存在或尚未生成。"))
    return stored_xlsx_response(path, filename=str(job.result.get("filename") or path.name))
