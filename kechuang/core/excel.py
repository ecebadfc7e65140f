"""Excel in and out, independent of any one model (STYLE.md convention 10).

* Reading: :func:`upload_path` accepts an uploaded file only if it is a real .xlsx within
  ``settings.KECHUANG_MAX_UPLOAD_BYTES``; :func:`open_workbook` opens it with python-calamine (fast,
  read-only); :func:`read_table` maps a header row to field keys and yields the data rows.
* Errors: :class:`RowError` (sheet, row, column, message) and :func:`write_error_workbook`, which lists the
  errors and copies the original rows with an “错误信息” column, so the user can fix the file and upload it
  again as is (importers ignore that column).
* Export: “a selector plus columns” — :func:`export_response` streams any queryset the user may see into a
  write-only workbook on a temporary file, then sends that file in chunks. Memory stays flat at any size.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import operator
import os
import tempfile
import unicodedata
import zipfile
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.http import FileResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from kechuang.core.errors import ApplicationError
from kechuang.core.zipguard import check_zip_members

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERROR_COLUMN = "错误信息"
ERROR_SHEET = "错误清单"

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls (and other OLE2 documents)
_HEADER_FONT = Font(bold=True)
_ERROR_FILL = PatternFill("solid", fgColor="FFF2CC")


def max_upload_bytes() -> int:
    return int(getattr(settings, "KECHUANG_MAX_UPLOAD_BYTES", 50 * 1024 * 1024))


def max_rows() -> int:
    """Data rows accepted per sheet (``KECHUANG_EXCEL_MAX_ROWS``)."""
    return int(getattr(settings, "KECHUANG_EXCEL_MAX_ROWS", 300_000))


def human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} B"


# ---------------------------------------------------------------------------------------------------------
# Reading


def _not_xlsx() -> ApplicationError:
    return ApplicationError(
        _("文件不是有效的 Excel 工作簿（.xlsx）。请在 Excel 或 WPS 中打开后“另存为 .xlsx”再上传。"),
        extra={"field": "file", "code": "not_xlsx"},
    )


def _legacy_xls() -> ApplicationError:
    return ApplicationError(
        _("不支持旧版 .xls 文件，请在 Excel 或 WPS 中“另存为 .xlsx”后再上传。"),
        extra={"field": "file", "code": "not_xlsx"},
    )


def check_upload(uploaded: Any) -> None:
    """Refuse an oversized file or one whose name is not ``*.xlsx`` before reading a byte of it."""
    if uploaded is None:
        raise ApplicationError(_("请选择要上传的 Excel 文件。"), extra={"field": "file", "code": "required"})
    limit = max_upload_bytes()
    size = int(getattr(uploaded, "size", 0) or 0)
    if limit and size > limit:
        raise ApplicationError(
            _("文件过大（%(size)s），上传文件不能超过 %(limit)s。请拆分后分批导入。")
            % {"size": human_size(size), "limit": human_size(limit)},
            extra={"field": "file", "code": "too_large", "size": size, "limit": limit},
        )
    name = str(getattr(uploaded, "name", "") or "")
    suffix = Path(name).suffix.lower()
    if suffix == ".xls":
        raise _legacy_xls()
    if suffix != ".xlsx":
        raise _not_xlsx()


def _check_content(path: Path) -> None:
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(_OLE_MAGIC):
        raise _legacy_xls()
    if not head.startswith(_ZIP_MAGIC) or not zipfile.is_zipfile(path):
        raise _not_xlsx()
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        raise _not_xlsx() from None
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise _not_xlsx()
    try:
        # Before any reader sees it: every member inflated as a stream, bounded in size and ratio.
        check_zip_members(path)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, RuntimeError):
        raise _not_xlsx() from None


@contextlib.contextmanager
def upload_path(uploaded: Any) -> Iterator[Path]:
    """A checked upload as a file on disk (openpyxl and a second pass for the error workbook need one).

    Large uploads already sit in a temporary file (``TemporaryUploadedFile``); small ones are spooled to
    one. The temporary copy is removed on exit.
    """
    check_upload(uploaded)
    temporary_path = getattr(uploaded, "temporary_file_path", None)
    if temporary_path is not None:
        path = Path(temporary_path())
        _check_content(path)
        yield path
        return
    fd, name = tempfile.mkstemp(suffix=".xlsx", prefix="kechuang-upload-")
    try:
        with os.fdopen(fd, "wb") as out:
            if hasattr(uploaded, "chunks"):
                for chunk in uploaded.chunks():
                    out.write(chunk)
            else:
                uploaded.seek(0)
                out.write(uploaded.read())
        path = Path(name)
        _check_content(path)
        yield path
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


class _Sheet:
    """One worksheet read by calamine, presented like openpyxl's read-only sheet (``title``, ``iter_rows``).

    Cells come back the way openpyxl gives them, so importers see one behaviour: empty cells are ``None``,
    whole numbers are ``int`` (calamine reports every number as ``float``), and leading empty rows and
    columns outside the used range are restored so row numbers match what Excel shows.
    """

    def __init__(self, sheet: Any) -> None:
        self._sheet = sheet
        self.title: str = sheet.name

    @staticmethod
    def _value(value: Any) -> Any:
        if value == "":
            return None
        if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
            return int(value)
        return value

    def iter_rows(self, *, values_only: bool = True) -> Iterator[tuple[Any, ...]]:
        start = self._sheet.start or (0, 0)
        first_row, first_col = start
        for _blank in range(first_row):
            yield ()
        pad = (None,) * first_col
        for row in self._sheet.iter_rows():
            yield pad + tuple(self._value(v) for v in row)


class _Workbook:
    """A workbook opened with python-calamine (Rust): about fifteen times faster than openpyxl's
    streaming reader on large imports, which dominated the import time. Writing stays with openpyxl."""

    def __init__(self, workbook: Any) -> None:
        self._workbook = workbook
        self.sheetnames: list[str] = list(workbook.sheet_names)

    def __getitem__(self, name: str) -> _Sheet:
        try:
            return _Sheet(self._workbook.get_sheet_by_name(name))
        except Exception:  # calamine raises its own error types for unreadable sheets
            raise _not_xlsx() from None

    def close(self) -> None:
        close = getattr(self._workbook, "close", None)
        if close is not None:
            close()


def open_workbook(path: str | Path) -> _Workbook:
    """Open a checked .xlsx for reading (values of formulas as last calculated, like ``data_only``)."""
    try:
        return _Workbook(CalamineWorkbook.from_path(str(path)))
    except Exception:  # calamine reports malformed files with several error types; all mean “not a workbook”
        raise _not_xlsx() from None


def normalize_header(value: Any) -> str:
    """``营业收入(元)*`` / ``营业收入（元）`` → ``营业收入(元)``: width, spaces and required marks ignored."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    return "".join(text.split()).rstrip("*").lower()


@dataclass(frozen=True)
class RowError:
    """One problem in an imported workbook; ``row`` is the row number Excel shows (1 = header)."""

    sheet: str
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}


@dataclass
class Table:
    """A sheet's header mapped to keys; iterate :attr:`rows` once for ``(row_number, {key: value})``."""

    sheet: str
    keys: list[str | None]
    headers: dict[str, str]  # key → header text as written in the file
    rows: Iterator[tuple[int, dict[str, Any]]] = field(repr=False)


def read_table(
    ws: Any,
    *,
    aliases: dict[str, str],
    required: Sequence[str] = (),
    ignored: Iterable[str] = (),
    labels: dict[str, str] | None = None,
    errors: list[RowError],
) -> Table | None:
    """Read the header row of ``ws`` and return the data rows as dicts keyed by field.

    ``aliases`` maps header texts (normalised with :func:`normalize_header`) to keys. Unknown headers,
    duplicated headers and missing required columns are appended to ``errors`` (and ``None`` is returned
    when the header is unusable). Entirely empty rows are skipped; cells under no header are ignored.
    """
    labels = labels or {}
    names = {normalize_header(k): v for k, v in aliases.items()}
    skip = {normalize_header(h) for h in (*ignored, ERROR_COLUMN)}
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    sheet = ws.title
    if header is None or all(v is None or str(v).strip() == "" for v in header):
        errors.append(RowError(sheet, 1, "", _("第1行应为表头（列名），但该行为空。")))
        return None
    keys: list[str | None] = []
    seen: dict[str, str] = {}
    ok = True
    for value in header:
        text = str(value).strip() if value is not None else ""
        norm = normalize_header(text)
        if not norm or norm in skip:
            keys.append(None)
            continue
        key = names.get(norm)
        if key is None:
            errors.append(RowError(sheet, 1, text, _("无法识别的列名“%(name)s”。") % {"name": text}))
            ok = False
            keys.append(None)
            continue
        if key in seen:
            errors.append(
                RowError(sheet, 1, text, _("列“%(name)s”重复出现。") % {"name": labels.get(key, text)})
            )
            ok = False
            keys.append(None)
            continue
        seen[key] = text
        keys.append(key)
    for key in required:
        if key not in seen:
            label = labels.get(key, key)
            errors.append(RowError(sheet, 1, label, _("缺少必填列“%(name)s”。") % {"name": label}))
            ok = False
    if not ok:
        return None
    limit = max_rows()

    def data_rows() -> Iterator[tuple[int, dict[str, Any]]]:
        count = 0
        for number, values in enumerate(rows, start=2):
            record: dict[str, Any] = {}
            for key, value in zip(keys, values, strict=False):
                if key is None or value is None:
                    continue
                if isinstance(value, str):
                    value = value.strip()
                    if not value:
                        continue
                record[key] = value
            if not record:
                continue
            count += 1
            if count > limit:
                raise ApplicationError(
                    _("工作表“%(sheet)s”超过 %(limit)d 行数据，请拆分后分批导入。")
                    % {"sheet": sheet, "limit": limit},
                    extra={"field": "file", "code": "too_many_rows"},
                )
            yield number, record

    return Table(sheet=sheet, keys=keys, headers=seen, rows=data_rows())


def cell_text(value: Any) -> str:
    """A cell as text the way the user typed it: ``220102.0`` (number cell) → ``220102``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    return str(value).strip()


# ---------------------------------------------------------------------------------------------------------
# Writing


def _safe(value: Any) -> Any:
    """Make a value storable in a cell: text for lazy strings, naive local time, no control characters."""
    if value is None or isinstance(value, bool | int | float | Decimal | dt.date | dt.time):
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            return timezone.localtime(value).replace(tzinfo=None)
        return value
    if isinstance(value, Promise):
        value = str(value)
    if not isinstance(value, str):
        value = str(value)
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _cell(ws: Any, value: Any, *, number_format: str | None = None, fill: Any = None) -> Any:
    value = _safe(value)
    if isinstance(value, str) and value.startswith("="):
        # Text that looks like a formula stays text: an export must never execute what users typed.
        cell = WriteOnlyCell(ws, value=None)
        cell.value = value
        cell.data_type = "s"
    elif number_format is None and fill is None:
        return value
    else:
        cell = WriteOnlyCell(ws, value=value)
    if number_format:
        cell.number_format = number_format
    if fill is not None:
        cell.fill = fill
    return cell


def _header_row(ws: Any, headers: Sequence[str]) -> list[Any]:
    out = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=_safe(text))
        cell.font = _HEADER_FONT
        out.append(cell)
    return out


@dataclass(frozen=True)
class Column:
    """One exported column: a header and how to get the value from a row (attribute path or callable).

    ``value`` may be ``"region.name"`` (dotted attributes; a missing link gives an empty cell) or any
    ``callable(row) -> value``.
    """

    header: str
    value: str | Callable[[Any], Any]
    number_format: str | None = None
    width: float | None = None

    def getter(self) -> Callable[[Any], Any]:
        if callable(self.value):
            return self.value
        get = operator.attrgetter(self.value)

        def read(row: Any) -> Any:
            try:
                return get(row)
            except AttributeError:
                return None

        return read


@dataclass(frozen=True)
class SheetSpec:
    """A sheet to export: its title, columns and rows (any iterable; querysets are streamed)."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Any]


def _iterate(rows: Iterable[Any]) -> Iterable[Any]:
    iterator = getattr(rows, "iterator", None)
    if callable(iterator):
        return iterator(chunk_size=2000)
    return rows


def write_workbook(dest: str | Path | IO[bytes], sheets: Sequence[SheetSpec]) -> int:
    """Write ``sheets`` to ``dest`` in write-only mode; return the number of data rows written."""
    wb = Workbook(write_only=True)
    written = 0
    for spec in sheets:
        ws = wb.create_sheet(title=spec.title[:31])
        for index, column in enumerate(spec.columns, start=1):
            width = column.width or max(10, min(40, len(column.header) * 2 + 2))
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = "A2"
        ws.append(_header_row(ws, [c.header for c in spec.columns]))
        getters = [(c.getter(), c.number_format) for c in spec.columns]
        for row in _iterate(spec.rows):
            ws.append([_cell(ws, get(row), number_format=fmt) for get, fmt in getters])
            written += 1
    wb.save(dest)
    return written


def xlsx_response(sheets: Sequence[SheetSpec], *, filename: str) -> FileResponse:
    """Build the workbook on a temporary file and stream it as a download (the file goes on close)."""
    handle = tempfile.TemporaryFile(prefix="kechuang-export-", suffix=".xlsx")  # noqa: SIM115 — closed by the response
    try:
        write_workbook(handle, sheets)
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
    return response


def stored_xlsx_response(path: str | Path, *, filename: str) -> FileResponse:
    """A workbook already on disk (an error workbook kept for the user) as a download."""
    return FileResponse(
        open(path, "rb"),  # closed by the response
        as_attachment=True,
        filename=filename,
        content_type=XLSX_CONTENT_TYPE,
    )


def export_response(
    rows: Iterable[Any], columns: Sequence[Column], *, title: str, filename: str
) -> FileResponse:
    """“A selector plus columns”: any list a user can see, as an .xlsx download."""
    return xlsx_response([SheetSpec(title=title, columns=columns, rows=rows)], filename=filename)


def dated_filename(stem: str) -> str:
    return f"{stem}-{timezone.localdate():%Y%m%d}.xlsx"


def write_error_workbook(
    dest: str | Path | IO[bytes],
    *,
    errors: Sequence[RowError],
    source: str | Path | None = None,
    sheets: Sequence[str] = (),
) -> None:
    """The workbook a user downloads after a refused import.

    Sheet “错误清单” lists every error (工作表, 行号, 列, 错误信息). Then each of ``sheets`` found in
    ``source`` is copied row by row with an “错误信息” column (rows with errors highlighted), so the user
    can correct the copy and upload it again: importers ignore that column.
    """
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(ERROR_SHEET)
    for letter, width in zip("ABCD", (14, 8, 22, 80), strict=True):
        ws.column_dimensions[letter].width = width
    ws.append(_header_row(ws, [_("工作表"), _("行号"), _("列"), _("错误信息")]))
    by_row: dict[tuple[str, int], list[str]] = defaultdict(list)
    for error in errors:
        ws.append([_cell(ws, error.sheet), error.row, _cell(ws, error.column), _cell(ws, error.message)])
        text = f"{error.column}：{error.message}" if error.column else error.message
        by_row[(error.sheet, error.row)].append(text)
    if source is not None and sheets:
        src = open_workbook(source)
        try:
            for name in sheets:
                if name not in src.sheetnames:
                    continue
                out = wb.create_sheet(name)
                error_col: int | None = None
                for number, values in enumerate(src[name].iter_rows(values_only=True), start=1):
                    cells = list(values)
                    if number == 1:
                        # Drop a previous run's error column so the copy has exactly one.
                        header = [normalize_header(v) for v in cells]
                        if normalize_header(ERROR_COLUMN) in header:
                            error_col = header.index(normalize_header(ERROR_COLUMN))
                    if error_col is not None and error_col < len(cells):
                        del cells[error_col]
                    while cells and cells[-1] is None:
                        cells.pop()
                    if number == 1:
                        out.append(
                            [
                                *_header_row(out, [_safe(v) if v is not None else "" for v in cells]),
                                *_header_row(out, [ERROR_COLUMN]),
                            ]
                        )
                        width = len(cells)
                        continue
                    messages = by_row.get((name, number))
                    cells += [None] * (width - len(cells))
                    if messages:
                        row = [_cell(out, v, fill=_ERROR_FILL) for v in cells]
                        row.append(_cell(out, "；".join(messages), fill=_ERROR_FILL))
                    else:
                        row = [_cell(out, v) for v in cells]
                    out.append(row)
        finally:
            src.close()
    wb.save(dest)


def cleanup_old_files(directory: Path, *, max_age: dt.timedelta = dt.timedelta(days=1)) -> None:
    """Remove files older than ``max_age`` (error workbooks are kept for a day)."""
    if not directory.exists():
        return
    cutoff = dt.datetime.now().timestamp() - max_age.total_seconds()
    for path in directory.rglob("*.xlsx"):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < cutoff:
                path.unlink()
