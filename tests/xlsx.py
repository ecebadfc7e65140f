"""An in-memory .xlsx upload for import tests: a header row and data rows on one named sheet."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook


def xlsx_upload(
    sheet: str, header: Sequence[str], rows: Sequence[Sequence[Any]], name: str = "导入.xlsx"
) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = name
    return buf
