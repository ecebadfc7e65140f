"""The page of a one-sheet Excel import (:mod:`kechuang.core.excel_import`): ``?template=1`` downloads the
template; a POST checks every row and writes all or none, then redirects with the count, or shows every
error by row and column with the error workbook to download.

A page whose import is registered (``provider``: :func:`kechuang.core.background.sheet_import_provider`)
hands a file of more than ``KECHUANG_IMPORT_BACKGROUND_ROWS`` rows to a task worker
(:func:`kechuang.core.tasks.sheet_import_start`) and sends the user to the job page (``core:job``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from kechuang.core import background
from kechuang.core.errors import ApplicationError
from kechuang.core.excel import upload_path
from kechuang.core.excel_import import (
    RowsRefused,
    SheetColumn,
    SheetImportFailed,
    sheet_import,
    store_error_workbook,
    template_response,
)
from kechuang.core.pages import add_service_error
from kechuang.core.tasks import sheet_import_start


class SheetUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel 文件（.xlsx）"),
        error_messages={"required": _("请选择要上传的 Excel 文件。")},
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )


@dataclass
class SheetImportPage:
    """What one import page needs: the sheet, its columns and rules, the row cleaner and writer."""

    title: str
    sheet: str
    columns: Sequence[SheetColumn]
    notes: Sequence[str]
    filename: str
    clean: Callable[[dict[str, Any]], dict[str, Any]]
    write: Callable[[dict[str, Any]], Any]
    success: Callable[[int], str]
    redirect_to: str
    back: tuple[str, str] = ("", "")
    context: dict[str, Any] = field(default_factory=dict)


def sheet_rows(path: Path) -> int:
    """Data rows in the workbook, from each sheet's recorded dimensions (no cell is read)."""
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        return sum(max(0, (sheet.max_row or 1) - 1) for sheet in workbook.worksheets)
    finally:
        workbook.close()


def import_page(
    request: HttpRequest,
    spec: SheetImportPage,
    *,
    provider: background.SheetImportProvider | None = None,
    params: dict[str, Any] | None = None,
) -> HttpResponse:
    if request.method == "GET" and request.GET.get("template"):
        return template_response(
            sheet=spec.sheet, columns=spec.columns, notes=spec.notes, filename=spec.filename
        )
    form = SheetUploadForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "spec": spec, **spec.context}
    if request.method == "POST" and form.is_valid():
        try:
            with upload_path(form.cleaned_data["file"]) as path:
                rows = sheet_rows(path) if provider is not None else 0
                if provider is not None and rows > background.import_threshold():
                    job = sheet_import_start(
                        actor=request.user, provider=provider, params=params or {}, source=path, rows=rows
                    )
                    return redirect("core:job", pk=job.pk)
                try:
                    written = sheet_import(
                        path, sheet=spec.sheet, columns=spec.columns, clean=spec.clean, write=spec.write
                    )
                except SheetImportFailed as exc:
                    context["failed"] = exc
                    context["token"] = store_error_workbook(
                        actor=request.user, errors=exc.errors, source=path
                    )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            if "failed" not in context:
                messages.success(request, spec.success(len(written)))
                return redirect(spec.redirect_to)
    status = 400 if request.method == "POST" else 200
    return render(request, "sheet_import.html", context, status=status)


def import_upload(
    request: HttpRequest, form: forms.Form, run: Callable[[Path], int], *, done: str, redirect_to: str
) -> HttpResponse:
    """A POST that imports the uploaded workbook (``form``'s ``file``) with ``run(path) -> count``, for an
    import that lists its own problems (:class:`~kechuang.core.excel_import.RowsRefused`): back to
    ``redirect_to`` with ``done`` (``%(n)d`` rows) or the refusal and its first rows' problems."""
    if not form.is_valid():
        messages.error(request, _("请选择要导入的 Excel 文件。"))
        return redirect(redirect_to)
    try:
        with upload_path(form.cleaned_data["file"]) as path:
            count = run(path)
    except RowsRefused as exc:
        messages.error(request, exc.message)
        for error in exc.errors[:50]:
            messages.error(
                request,
                _("第%(row)d行 %(column)s：%(message)s")
                % {"row": error.row, "column": error.column, "message": error.message},
            )
        return redirect(redirect_to)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(redirect_to)
    messages.success(request, done % {"n": count})
    return redirect(redirect_to)
