"""A user's background job (a large export, a 免申即享 list…): its progress page, polled by htmx, then its
result: the file to download, or the work's message and a link back.

Only the job's owner sees it or downloads its file; anyone else gets a 404 (the job's existence is not told).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kechuang.core import background
from kechuang.core.excel import stored_xlsx_response
from kechuang.core.models import BackgroundJob


def job_redirect(request: HttpRequest, started: tuple[BackgroundJob, bool]) -> HttpResponse:
    """To the page of a job a button started (``started``: the job, and whether it was started now); one
    already running (started before by the same user) is said so."""
    job, created = started
    if not created:
        messages.info(request, _("这项工作已在后台进行，下面是它的进度。"))
    return redirect("core:job", pk=job.pk)


def _own_job(request: HttpRequest, pk: int) -> BackgroundJob:
    return get_object_or_404(BackgroundJob, pk=pk, owner=request.user)


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _own_job(request, pk)
    template = "core/job_status.html" if request.headers.get("HX-Request") else "core/job.html"
    ready = background.export_path(job) is not None
    export = job.kind == background.EXPORT_JOB
    context = {"job": job, "ready": ready, "export": export, **_described(job)}
    return render(request, template, context)


def _described(job: BackgroundJob) -> dict[str, Any]:
    """What a job's worker left for the page, in the reader's language: ``intro`` (while it runs: what is
    being done, ``%(n)s`` the total) and ``table`` (when done: headers and rows, a row may link)."""
    result = job.result if isinstance(job.result, dict) else {}
    described: dict[str, Any] = {}
    intro = result.get("intro")
    if isinstance(intro, str) and intro:
        described["intro"] = _(intro) % {"n": intcomma(job.total)}
    table = result.get("table")
    if job.finished and isinstance(table, dict):
        described["table"] = {
            "columns": [_(str(c)) for c in table.get("columns", [])],
            "rows": [
                {"cells": list(r.get("cells", [])), "link": str(r.get("link") or "")}
                for r in table.get("rows", [])
                if isinstance(r, dict)
            ],
        }
    return described


@login_required
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = _own_job(request, pk)
    path = background.export_path(job)
    if path is None:
        raise Http404(_("导出文件不存在或尚未生成。"))
    return stored_xlsx_response(path, filename=str(job.result.get("filename") or path.name))
