"""Building small .xlsx files for the Excel tests (normal openpyxl mode, like a file saved by Excel)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from kechuang.core.excel import XLSX_CONTENT_TYPE

ORG_HEADER = [
    "统一社会信用代码*",
    "名称*",
    "主体类型",
    "所在地区*",
    "所属行业",
    "企业规模",
    "成立日期",
    "注册资本（元）",
]
STATS_HEADER = [
    "统一社会信用代码*",
    "年度*",
    "营业收入（元）",
    "研发费用（元）",
    "从业人员（人）",
    "研发人员（人）",
]


def xlsx_bytes(sheets: dict[str, Sequence[Sequence[Any]]]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_xlsx(path: Path, sheets: dict[str, Sequence[Sequence[Any]]]) -> Path:
    path.write_bytes(xlsx_bytes(sheets))
    return path


def upload(content: bytes, name: str = "主体.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX_CONTENT_TYPE)


def read_rows(content: bytes, sheet: str) -> list[tuple[Any, ...]]:
    wb = load_workbook(io.BytesIO(content), read_only=True)
    try:
        return [tuple(r) for r in wb[sheet].iter_rows(values_only=True)]
    finally:
        wb.close()
