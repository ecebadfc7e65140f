"""A one-sheet Excel import, independent of any model: the template, the row-by-row check, the write of all
rows or none, and the error workbook the user downloads (STYLE.md convention 10).

An app describes its sheet with :class:`SheetColumn` and gives two functions:

* ``clean(record) -> values`` turns one row (``{key: cell}``) into the values its service takes, raising
  :class:`~kechuang.core.errors.ApplicationError` with ``extra["fields"]`` (key → message) or
  ``extra["field"]`` — the same resolver the page and the API use, so the messages are the same;
* ``write(values)`` calls the app's service for one row.

:func:`sheet_import` checks every row first; any problem and nothing is written. The writes then run in one
transaction: a service refusing one row (a duplicate, a scope) is reported for that row and everything is
rolled back, so an import is never half-written. Errors are :class:`RowError` (sheet, row, column, message);
:func:`store_error_workbook` keeps them with the original rows for a day (``var/imports/<user>/``), where the
registry's ``import_errors`` page serves them to the same user.
"""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import FileResponse
from django.utils.translation import gettext as _

from kechuang.core.errors import ApplicationError
from kechuang.core.excel import (
    Column,
    RowError,
    SheetSpec,
    cleanup_old_files,
    open_workbook,
    read_table,
    write_error_workbook,
    xlsx_response,
)

HELP_SHEET = "填写说明"
SHOWN = 200
PROGRESS_EVERY = 500  # rows checked between two progress reports of a task worker


@dataclass(frozen=True)
class SheetColumn:
    """One column of an import sheet: the key the cleaner reads, its header, whether it must be filled."""

    key: str
    header: str
    required: bool = False
    note: str = ""
    example: Any = ""
    aliases: tuple[str, ...] = ()


class RowsRefused(ApplicationError):
    """An import whose page lists the problems itself (no error workbook): nothing was written; ``errors``
    lists them all (``extra`` the first ``SHOWN``). An app's import names its own subclass."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__(
            _("导入未完成：发现%(n)d处错误，未写入任何数据。") % {"n": len(errors)},
            extra={"code": "import_errors", "errors": [e.as_dict() for e in errors[:SHOWN]]},
        )


class SheetImportFailed(ApplicationError):
    """The sheet has errors; nothing was written. ``errors`` lists them all (``extra`` the first ``SHOWN``)."""

    SHOWN = SHOWN

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__(
            _("导入未完成：发现%(n)d处错误，未写入任何数据。请下载错误清单，修改后重新上传。")
            % {"n": len(errors)},
            extra={
                "code": "import_errors",
                "error_count": len(errors),
                "errors": [e.as_dict() for e in errors[: self.SHOWN]],
            },
        )


def _labels(columns: Sequence[SheetColumn]) -> dict[str, str]:
    return {c.key: c.header for c in columns}


def _row_errors(sheet: str, number: int, exc: ApplicationError, labels: Mapping[str, str]) -> list[RowError]:
    fields = exc.extra.get("fields") or {exc.extra.get("field") or "": exc.message}
    return [RowError(sheet, number, labels.get(str(key), ""), message) for key, message in fields.items()]


def read_sheet(
    path: str | Path,
    *,
    sheet: str,
    columns: Sequence[SheetColumn],
    clean: Callable[[dict[str, Any]], dict[str, Any]],
    progress: Callable[[int], None] | None = None,
) -> tuple[str, list[tuple[int, dict[str, Any]]], list[RowError]]:
    """The name of the sheet read (``sheet``, else the first one), its cleaned rows ``(row number, values)``
    and every error found: each empty required cell and each of the cleaner's problems, a row's all at once.
    ``progress(n)`` is called every :data:`PROGRESS_EVERY` rows checked."""
    labels = _labels(columns)
    aliases = {c.header: c.key for c in columns} | {a: c.key for c in columns for a in c.aliases}
    required = [c.key for c in columns if c.required]
    errors: list[RowError] = []
    workbook = open_workbook(path)
    try:
        name = sheet if sheet in workbook.sheetnames else workbook.sheetnames[0]
        table = read_table(
            workbook[name],
            aliases=aliases,
            required=required,
            labels=labels,
            ignored=(HELP_SHEET,),
            errors=errors,
        )
        if table is None:
            return name, [], errors
        rows: list[tuple[int, dict[str, Any]]] = []
        for checked, (number, record) in enumerate(table.rows, start=1):
            if progress and checked % PROGRESS_EVERY == 0:
                progress(checked)
            missing = {labels[k] for k in required if k not in record}
            row_errors = [
                RowError(table.sheet, number, label, _("请填写“%(label)s”。") % {"label": label})
                for label in sorted(missing)
            ]
            try:
                values = clean(record)
            except ApplicationError as exc:
                row_errors += [
                    e for e in _row_errors(table.sheet, number, exc, labels) if e.column not in missing
                ]
            if row_errors:
                errors += row_errors
                continue
            rows.append((number, values))
        return name, rows, errors
    finally:
        workbook.close()


def sheet_import(
    path: str | Path,
    *,
    sheet: str,
    columns: Sequence[SheetColumn],
    clean: Callable[[dict[str, Any]], dict[str, Any]],
    write: Callable[[dict[str, Any]], Any],
    empty_message: str = "",
    progress: Callable[[str, int], None] | None = None,
) -> list[Any]:
    """Check every row, then write them all in one transaction, or raise :class:`SheetImportFailed`.
    ``progress(phase, rows)`` (a task worker's): ``"checking"`` every :data:`PROGRESS_EVERY` rows checked,
    then ``"writing"`` once all are checked (the writes are one transaction: nothing to show before it
    commits)."""
    checking = (lambda n: progress("checking", n)) if progress else None
    name, rows, errors = read_sheet(path, sheet=sheet, columns=columns, clean=clean, progress=checking)
    if errors:
        raise SheetImportFailed(sorted(errors, key=lambda e: e.row))  # stable: a row's in column order
    if not rows:
        raise ApplicationError(empty_message or _("文件中没有数据。"), extra={"field": "file"})
    if progress:
        progress("writing", len(rows))
    labels = _labels(columns)
    with transaction.atomic():
        written: list[Any] = []
        for number, values in rows:
            try:
                with transaction.atomic():
                    written.append(write(values))
            except ApplicationError as exc:
                errors += _row_errors(name, number, exc, labels)
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise SheetImportFailed(errors)
    return written


def template_response(
    *, sheet: str, columns: Sequence[SheetColumn], notes: Sequence[str], filename: str
) -> FileResponse:
    """The import template: the sheet with its headers only (required ones marked *), and a help sheet
    with each column, whether it is required, what to write and an example, then the rules."""
    help_rows = [
        *[(c.header, _("必填") if c.required else "", c.note, c.example) for c in columns],
        ("", "", "", ""),
        *[("", "", note, "") for note in notes],
    ]
    return xlsx_response(
        [
            SheetSpec(
                sheet,
                [
                    Column(
                        f"{c.header}*" if c.required else c.header, _item(i), width=max(12, len(c.header) * 3)
                    )
                    for i, c in enumerate(columns)
                ],
                [],
            ),
            SheetSpec(
                HELP_SHEET,
                [
                    Column(_("列"), _item(0), width=20),
                    Column(_("是否必填"), _item(1), width=10),
                    Column(_("说明"), _item(2), width=60),
                    Column(_("示例"), _item(3), width=30),
                ],
                help_rows,
            ),
        ],
        filename=filename,
    )


def _item(index: int) -> Callable[[Any], Any]:
    return lambda row: row[index]


_TOKEN_RE = re.compile(r"^[0-9a-f]{32}$")


def _error_dir(actor: Any) -> Path:
    base = Path(getattr(settings, "KECHUANG_IMPORT_DIR", Path(settings.VAR_DIR) / "imports"))
    return base / str(actor.pk)


def store_error_workbook(
    *, actor: Any, errors: list[RowError], source: str | Path | None, sheets: Sequence[str] | None = None
) -> str:
    """Write the error workbook for ``actor`` and return its token (the registry's ``import_errors`` page
    serves it to the same user for a day). ``sheets``: the source's sheets to copy (default: those with
    an error)."""
    directory = _error_dir(actor)
    directory.mkdir(parents=True, exist_ok=True)
    cleanup_old_files(directory)
    token = uuid.UUID(bytes=secrets.token_bytes(16)).hex
    write_error_workbook(
        directory / f"{token}.xlsx",
        errors=errors,
        source=source,
        sheets=sorted({e.sheet for e in errors}) if sheets is None else sheets,
    )
    return token


def error_workbook_path(*, actor: Any, token: str) -> Path | None:
    """The stored error workbook of this actor, or None (another user's token finds nothing)."""
    if not _TOKEN_RE.match(token or ""):
        return None
    path = _error_dir(actor) / f"{token}.xlsx"
    return path if path.is_file() else None
