"""Registry Excel pages: import (upload → summary or error list with a downloadable error workbook),
the template download, and the “导出Excel” exports of the organization list, yearly statistics, the
verification queue and parks.

Exports take exactly the list page's filters (the same form and :func:`views._filters_from`) and the same
selectors, so a user exports what they can see, nothing more.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.background import ExportSpec, background_threshold, export_provider, params_of
from kechuang.core.errors import ApplicationError
from kechuang.core.excel import (
    dated_filename,
    export_response,
    stored_xlsx_response,
    upload_path,
    xlsx_response,
)
from kechuang.core.import_pages import SheetUploadForm
from kechuang.core.models import BackgroundJob
from kechuang.core.pages import add_service_error
from kechuang.core.permissions import restrict
from kechuang.core.services_jobs import job_start
from kechuang.core.tasks import export_start
from kechuang.registry import excel, selectors, tasks
from kechuang.registry.forms import OrganizationFilterForm
from kechuang.registry.guards import officer_required
from kechuang.registry.views import _filters_from


class ImportForm(SheetUploadForm):
    """The workbook (the kernel's upload field) and what to do with organizations already registered."""

    mode = forms.ChoiceField(
        label=gettext_lazy("已登记的主体"),
        choices=[
            ("upsert", gettext_lazy("更新（按统一社会信用代码匹配，空白单元格保留原值）")),
            ("create", gettext_lazy("视为错误（只新增主体）")),
        ],
        initial="upsert",
        widget=forms.RadioSelect,
    )


# importing is for officers and platform admins (``excel.can_import`` states the same rule for the API)
@officer_required
def organization_import(request: HttpRequest) -> HttpResponse:
    """Upload a workbook; all rows are checked before anything is written."""
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "example_uscc": excel.EXAMPLE_USCC}
    if request.method == "POST" and form.is_valid():
        try:
            with upload_path(form.cleaned_data["file"]) as path:
                rows = workbook_rows(path)
                if rows > settings.KECHUANG_IMPORT_BACKGROUND_ROWS:
                    job = _start_background_import(request, path, rows, form.cleaned_data["mode"])
                    return redirect("registry:import_job", pk=job.pk)
                try:
                    result = excel.import_workbook(
                        actor=request.user, path=path, mode=form.cleaned_data["mode"]
                    )
                except excel.ImportFailed as exc:
                    context["failed"] = exc
                    context["errors"] = exc.errors[: exc.SHOWN]
                    context["token"] = excel.store_error_workbook(
                        actor=request.user, errors=exc.errors, source=path
                    )
                else:
                    context["result"] = result
        except ApplicationError as exc:
            add_service_error(form, exc)
    status = 400 if request.method == "POST" and "result" not in context else 200
    return render(request, "registry/organization_import.html", context, status=status)


def workbook_rows(path: Path) -> int:
    """Data rows in the workbook, from each sheet's recorded dimensions (no cell is read)."""
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        return sum(max(0, (sheet.max_row or 1) - 1) for sheet in workbook.worksheets)
    finally:
        workbook.close()


def _start_background_import(request: HttpRequest, path: Path, rows: int, mode: str) -> BackgroundJob:
    """Keep the upload where every node's worker can read it, record the job, enqueue the import."""
    name = f"{uuid.uuid4().hex}.xlsx"
    target = tasks.stored_upload(name)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)
    with transaction.atomic():
        job = job_start(actor=request.user, kind=tasks.IMPORT_JOB, total=rows, phase=tasks.QUEUED)
        transaction.on_commit(lambda: tasks.import_organizations.enqueue(job.pk, name, mode))
    return job


@login_required
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """A background import's progress (the page polls itself with htmx until it is finished), then its
    result or its errors. Only the user who started it sees it."""
    job = get_object_or_404(BackgroundJob, pk=pk, owner=request.user, kind=tasks.IMPORT_JOB)
    template = (
        "registry/import_job_status.html" if request.headers.get("HX-Request") else "registry/import_job.html"
    )
    return render(
        request, template, {"job": job, "result": job.result if job.status == "succeeded" else None}
    )


@officer_required
def import_template(request: HttpRequest) -> FileResponse:
    return xlsx_response(excel.template_sheets(), filename=excel.TEMPLATE_FILENAME)


@login_required
def import_errors(request: HttpRequest, token: str) -> FileResponse:
    """The error workbook of the user's own refused import (another user's token is a 404)."""
    path = excel.error_workbook_path(actor=request.user, token=token)
    if path is None:
        raise Http404(_("错误清单不存在或已过期，请重新上传。"))
    return stored_xlsx_response(path, filename=excel.ERRORS_FILENAME)


def _filtered_organizations(user: Any, query: QueryDict) -> Any:
    form = OrganizationFilterForm(query, parks=selectors.park_choices(user=user))
    filters = _filters_from(form)
    if filters is None:
        errors = [str(e) for errs in form.errors.values() for e in errs]
        raise ApplicationError("；".join(errors) or _("筛选条件无效。"))
    qs = selectors.organization_list(user=user, filters=filters)
    # organization_list scopes by "view"; exporting is its own action in the permission rule.
    return restrict(qs, user, "export")


@export_provider
def organization_export_spec(user: Any, query: QueryDict) -> ExportSpec:
    """The organization list export (in the request or, when large, in a task worker: the same rows)."""
    return ExportSpec(
        rows=_filtered_organizations(user, query),
        columns=excel.organization_export_columns(),
        title=excel.ORG_SHEET,
        filename=dated_filename(_("主体名录")),
    )


@export_provider
def statistics_export_spec(user: Any, query: QueryDict) -> ExportSpec:
    """Yearly statistics of the filtered organizations (``?year=2025`` for one year)."""
    year = query.get("year", "")
    return ExportSpec(
        rows=excel.statistics_for_export(
            user=user,
            organizations=_filtered_organizations(user, query),
            year=int(year) if year.isdigit() and len(year) <= 9 else None,
        ),
        columns=excel.statistics_export_columns(),
        title=excel.STATS_SHEET,
        filename=dated_filename(_("年度统计")),
    )


def _export_filtered(
    request: HttpRequest, provider: Callable[[Any, QueryDict], ExportSpec]
) -> HttpResponseBase:
    """The export of the list page's filters: streamed at once, or — above
    ``KECHUANG_EXPORT_BACKGROUND_ROWS`` rows — built by a task worker while the user watches its progress.
    Bad filters go back to the list, with why."""
    try:
        spec = provider(request.user, request.GET)
        total = spec.rows.count() if isinstance(spec.rows, QuerySet) else 0
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(f"{reverse('registry:organization_list')}?{request.GET.urlencode()}")
    if total > background_threshold():
        job = export_start(
            actor=request.user,
            provider=provider,
            params=params_of(request.GET),
            total=total,
        )
        return redirect("core:job", pk=job.pk)
    return export_response(spec.rows, spec.columns, title=spec.title, filename=spec.filename)


@login_required
def organization_export(request: HttpRequest) -> HttpResponseBase:
    """The organization list as filtered on the page, every row the user may see (not just one page)."""
    return _export_filtered(request, organization_export_spec)


@login_required
def statistics_export(request: HttpRequest) -> HttpResponseBase:
    """Yearly statistics of the filtered organizations (``?year=2025`` for one year)."""
    return _export_filtered(request, statistics_export_spec)


@officer_required
def verification_export(request: HttpRequest) -> HttpResponse:
    return export_response(
        selectors.verification_queue(user=request.user),
        excel.verification_export_columns(),
        title=_("待核验主体"),
        filename=dated_filename(_("待核验主体")),
    )


def park_export(request: HttpRequest) -> HttpResponse:
    """Parks are public reference information, like the park list page."""
    return export_response(
        selectors.park_list(user=request.user),
        excel.park_export_columns(),
        title=_("园区"),
        filename=dated_filename(_("园区")),
    )
