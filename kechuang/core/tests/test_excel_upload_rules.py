"""Rules of an Excel upload before any row is read (kechuang/core/excel.py), one property per test.

An upload is refused — with a message naming the problem and ``extra`` telling the page which field and
why — when it is missing, too large (the message gives both sizes), named other than ``.xlsx``, an old
``.xls`` (by name or by content), or not an xlsx inside; an accepted upload is handed over as a file on
disk with exactly the uploaded bytes, and a spooled copy is removed afterwards.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import override_settings
from openpyxl import Workbook, load_workbook

from kechuang.core.errors import ApplicationError
from kechuang.core.excel import (
    Column,
    RowError,
    SheetSpec,
    check_upload,
    upload_path,
    write_error_workbook,
    write_workbook,
)

NOT_XLSX = "文件不是有效的 Excel 工作簿（.xlsx）。请在 Excel 或 WPS 中打开后“另存为 .xlsx”再上传。"
LEGACY = "不支持旧版 .xls 文件，请在 Excel 或 WPS 中“另存为 .xlsx”后再上传。"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _xlsx() -> bytes:
    out = io.BytesIO()
    write_workbook(out, [SheetSpec("表", [Column("名称", lambda row: row)], ["甲"])])
    return out.getvalue()


def _refusal(uploaded) -> ApplicationError:  # type: ignore[no-untyped-def]
    with pytest.raises(ApplicationError) as exc, upload_path(uploaded):
        pass
    return exc.value


@override_settings(KECHUANG_MAX_UPLOAD_BYTES=2048)
def test_a_file_over_the_limit_is_refused_with_both_sizes():
    """Rule: larger than KECHUANG_MAX_UPLOAD_BYTES → refused before reading, naming both sizes."""
    error = _refusal(SimpleUploadedFile("大表.xlsx", b"x" * 3072))
    assert error.message == "文件过大（3 KB），上传文件不能超过 2 KB。请拆分后分批导入。"
    assert error.extra == {"field": "file", "code": "too_large", "size": 3072, "limit": 2048}


@override_settings(KECHUANG_MAX_UPLOAD_BYTES=2048)
def test_a_file_at_the_limit_is_not_refused_for_its_size():
    """Rule: the limit itself is allowed (refused only when larger)."""
    check_upload(SimpleUploadedFile("表.xlsx", b"x" * 2048))


@pytest.mark.parametrize("name", ["表.csv", "表", "表.xlsx.txt"])
def test_a_name_other_than_xlsx_is_refused(name):
    """Rule: only ``*.xlsx`` names are read."""
    error = _refusal(SimpleUploadedFile(name, _xlsx()))
    assert (error.message, error.extra) == (NOT_XLSX, {"field": "file", "code": "not_xlsx"})


@pytest.mark.parametrize(("name", "content"), [("旧表.XLS", b"x"), ("改名.xlsx", OLE + b"rest")])
def test_an_old_xls_is_refused_by_name_or_by_content(name, content):
    """Rule: a legacy .xls — by its name, or renamed to .xlsx (OLE2 content) — gets the 另存为 advice."""
    error = _refusal(SimpleUploadedFile(name, content))
    assert (error.message, error.extra) == (LEGACY, {"field": "file", "code": "not_xlsx"})


@pytest.mark.parametrize("content", [b"just text", b"PK\x03\x04 not a zip at all"])
def test_content_that_is_not_an_xlsx_is_refused(content):
    """Rule: an .xlsx name on anything but an xlsx workbook is refused as not an Excel workbook."""
    error = _refusal(SimpleUploadedFile("表.xlsx", content))
    assert error.message == NOT_XLSX


def test_a_small_upload_is_spooled_to_a_file_with_its_bytes_and_removed_afterwards():
    """Rule: the reader gets a file holding exactly the uploaded bytes; the temporary copy is removed."""
    content = _xlsx()
    with upload_path(SimpleUploadedFile("表.xlsx", content)) as path:
        assert path.read_bytes() == content
    assert not path.exists()


def test_a_large_upload_already_on_disk_is_read_in_place():
    """Rule: an upload Django already wrote to a temporary file is checked and read where it is."""
    content = _xlsx()
    uploaded = TemporaryUploadedFile("表.xlsx", "application/octet-stream", len(content), "utf-8")
    uploaded.write(content)
    uploaded.flush()
    with upload_path(uploaded) as path:
        assert str(path) == uploaded.temporary_file_path()
        assert path.read_bytes() == content
    uploaded.close()


def test_a_renamed_old_xls_on_disk_is_refused_too():
    """Rule: the content check applies to uploads already on disk as well."""
    uploaded = TemporaryUploadedFile("改名.xlsx", "application/octet-stream", 12, "utf-8")
    uploaded.write(OLE + b"rest")
    uploaded.flush()
    assert _refusal(uploaded).message == LEGACY
    uploaded.close()


def test_the_error_copy_names_the_column_of_a_cell_error_and_not_of_a_row_error(tmp_path):
    """Rule: in the corrected-copy sheet, a cell's error reads “列：信息”, a whole row's error just “信息”;
    several errors of one row are joined with “；” and the 错误清单 sheet lists each."""
    source = tmp_path / "源.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "企业"
    ws.append(["名称", "统一社会信用代码"])
    ws.append(["甲公司", "123"])
    wb.save(source)
    errors = [
        RowError("企业", 2, "统一社会信用代码", "校验位不正确。"),
        RowError("企业", 2, "", "与第3行重复。"),
    ]
    out = tmp_path / "错误.xlsx"
    write_error_workbook(out, errors=errors, source=source, sheets=["企业", "没有这张表"])
    book = load_workbook(out)
    assert book.sheetnames == ["错误清单", "企业"]
    assert [list(r) for r in book["企业"].iter_rows(values_only=True)] == [
        ["名称", "统一社会信用代码", "错误信息"],
        ["甲公司", "123", "统一社会信用代码：校验位不正确。；与第3行重复。"],
    ]
    listed = [list(r) for r in book["错误清单"].iter_rows(values_only=True)]
    assert listed[1:] == [
        ["企业", 2, "统一社会信用代码", "校验位不正确。"],
        ["企业", 2, None, "与第3行重复。"],
    ]
