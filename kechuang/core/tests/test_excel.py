"""Generic Excel pieces: header mapping, row reading limits, cell text, safe writing, plain bulk writes."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from kechuang.core import bulk
from kechuang.core.audit import AuditEntry, audit_log_many, audit_verify
from kechuang.core.errors import ApplicationError
from kechuang.core.excel import (
    Column,
    RowError,
    SheetSpec,
    cell_text,
    check_upload,
    normalize_header,
    open_workbook,
    read_table,
    write_workbook,
)
from kechuang.core.models import AuditRecord
from kechuang.registry.models import Organization, Region
from tests import factories as f


def _workbook(path, rows, title="表"):  # type: ignore[no-untyped-def]
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return open_workbook(path)[title]


ALIASES = {"统一社会信用代码": "uscc", "营业收入（元）": "revenue", "营业收入": "revenue", "名称": "name"}


def test_normalize_header_ignores_width_spaces_and_required_marks():
    assert normalize_header(" 营业收入(元) * ") == normalize_header("营业收入（元）") == "营业收入(元)"
    assert normalize_header("ＵＳＣＣ") == "uscc"


def test_read_table_maps_headers_and_skips_blank_rows(tmp_path):
    ws = _workbook(
        tmp_path / "a.xlsx",
        [
            ["统一社会信用代码*", "营业收入(元)", None, "错误信息"],
            ["X1", 5, "ignored", "old error"],
            [None, "  "],
            ["X2"],
        ],
    )
    errors: list[RowError] = []
    table = read_table(ws, aliases=ALIASES, required=["uscc"], errors=errors)
    assert errors == [] and table is not None
    assert table.headers == {"uscc": "统一社会信用代码*", "revenue": "营业收入(元)"}
    assert list(table.rows) == [(2, {"uscc": "X1", "revenue": 5}), (4, {"uscc": "X2"})]


def test_read_table_reports_header_problems(tmp_path):
    ws = _workbook(tmp_path / "b.xlsx", [["营业收入", "营业收入（元）", "备注"]])
    errors: list[RowError] = []
    assert (
        read_table(ws, aliases=ALIASES, required=["uscc"], labels={"uscc": "统一社会信用代码"}, errors=errors)
        is None
    )
    assert [(e.row, e.column, e.message) for e in errors] == [
        (1, "营业收入（元）", "列“营业收入（元）”重复出现。"),
        (1, "备注", "无法识别的列名“备注”。"),
        (1, "统一社会信用代码", "缺少必填列“统一社会信用代码”。"),
    ]
    empty = _workbook(tmp_path / "c.xlsx", [])
    errors = []
    assert read_table(empty, aliases=ALIASES, errors=errors) is None
    assert errors[0].message == "第1行应为表头（列名），但该行为空。"


@override_settings(KECHUANG_EXCEL_MAX_ROWS=2)
def test_read_table_refuses_too_many_rows(tmp_path):
    ws = _workbook(tmp_path / "d.xlsx", [["名称"], ["a"], ["b"], ["c"]], title="主体")
    table = read_table(ws, aliases=ALIASES, errors=[])
    assert table is not None
    with pytest.raises(ApplicationError) as exc:
        list(table.rows)
    assert exc.value.message == "工作表“主体”超过 2 行数据，请拆分后分批导入。"


def test_cell_text_gives_what_the_user_typed():
    assert cell_text(220102.0) == "220102"
    assert cell_text(3.5) == "3.5"
    assert cell_text(dt.datetime(2020, 5, 1)) == "2020-05-01"
    assert cell_text("  C39 ") == "C39" and cell_text(None) == ""


def test_check_upload_messages():
    with pytest.raises(ApplicationError) as exc:
        check_upload(None)
    assert exc.value.message == "请选择要上传的 Excel 文件。"
    with pytest.raises(ApplicationError) as exc:
        check_upload(SimpleUploadedFile("a.docx", b"x"))
    assert exc.value.message.startswith("文件不是有效的 Excel 工作簿（.xlsx）")


def test_write_workbook_is_safe_and_typed():
    aware = timezone.make_aware(dt.datetime(2026, 1, 2, 3, 4, 5), dt.UTC)
    rows = [
        SimpleNamespace(name="甲\x07公司", money=Decimal("1234.50"), when=aware, region=None),
        SimpleNamespace(name="@SUM(A1)", money=None, when=None, region=SimpleNamespace(name="长春市")),
    ]
    columns = [
        Column("名称", "name"),
        Column("金额", "money", number_format="#,##0.00"),
        Column("时间", "when"),
        Column("地区", "region.name"),
        Column("常量", lambda row: "x"),
    ]
    buffer = io.BytesIO()
    assert write_workbook(buffer, [SheetSpec("表", columns, rows)]) == 2
    ws = load_workbook(io.BytesIO(buffer.getvalue()))["表"]
    assert [c.value for c in ws[1]] == ["名称", "金额", "时间", "地区", "常量"]
    assert ws["A2"].value == "甲公司"  # control character dropped (Excel refuses them)
    assert ws["B2"].value == 1234.5 and ws["B2"].number_format == "#,##0.00"
    assert ws["C2"].value == dt.datetime(2026, 1, 2, 11, 4, 5)  # Asia/Shanghai, naive
    assert ws["D2"].value is None and ws["D3"].value == "长春市"
    assert ws["A3"].value == "@SUM(A1)" and ws["A3"].data_type == "s"


# ---------------------------------------------------------------------------------------------------------
# kechuang.core.bulk


@pytest.mark.django_db
def test_bulk_insert_update_and_ids_by():
    region = Region.objects.get(code="220102")
    orgs = [
        Organization(
            uscc=f.make_uscc(900 + i, "220102"),
            name=f"批量{i}",
            kind="enterprise",
            region=region,
            region_path=region.path,
            registered_capital=Decimal("12.34"),
            founded_on=dt.date(2020, 1, i + 1),
        )
        for i in range(3)
    ]
    with transaction.atomic():
        bulk.insert(Organization, orgs)
    ids = bulk.ids_by(Organization, "uscc", [o.uscc for o in orgs])
    stored = Organization.objects.get(pk=ids[orgs[1].uscc])
    assert (stored.name, stored.registered_capital, stored.founded_on) == (
        "批量1",
        Decimal("12.34"),
        dt.date(2020, 1, 2),
    )
    assert stored.created_at is not None and stored.updated_at is not None and not orgs[0]._state.adding
    for org in orgs:
        org.pk = ids[org.uscc]
        org.name = org.name + "改"
    old = stored.updated_at
    with transaction.atomic():
        bulk.update(Organization, orgs, ["name"])
    stored.refresh_from_db()
    assert stored.name == "批量1改" and stored.updated_at >= old


@pytest.mark.django_db
def test_audit_records_written_without_ids_keep_the_chain_valid():
    org = f.OrganizationFactory()
    with transaction.atomic():
        audit_log_many(
            actor=None,
            entries=[AuditEntry("t.one", org, after={"n": Decimal("1.10"), "d": dt.date(2020, 1, 1)})] * 3,
            need_ids=False,
        )
    assert AuditRecord.objects.filter(action="t.one").count() == 3
    assert AuditRecord.objects.filter(action="t.one").first().after == {"n": "1.10", "d": "2020-01-01"}
    checked, broken = audit_verify()
    assert broken is None and checked >= 3
