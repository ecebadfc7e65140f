"""The workbooks a user downloads around an import: the template, and the error workbook of a refused
import (kept for a day under ``var/imports/<user id>/``, found again by its token)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from kechuang.core.excel import (
    Column,
    RowError,
    SheetSpec,
    write_workbook,
)
from kechuang.core.excel_import import store_error_workbook as core_store_error_workbook
from kechuang.registry.excel.columns import EXAMPLE_USCC, HELP_SHEET, ORG_SHEET, STATS_SHEET
from kechuang.registry.excel.organizations import organization_columns
from kechuang.registry.excel.statistics import statistics_columns

TEMPLATE_FILENAME = "主体导入模板.xlsx"
ERRORS_FILENAME = "导入错误清单.xlsx"


def _item(index: int) -> Callable[[Any], Any]:
    return lambda row: row[index]


def template_sheets() -> list[SheetSpec]:
    """The import template: both sheets with headers and one example row (ignored on import), plus help."""
    org_cols = organization_columns()
    stat_cols = statistics_columns()
    help_rows = [
        (_("工作表"), _("列"), _("是否必填"), _("说明")),
        *[(ORG_SHEET, c.label, _("必填") if c.required else "", c.note) for c in org_cols],
        *[(STATS_SHEET, c.label, _("必填") if c.required else "", c.note) for c in stat_cols],
        ("", "", "", ""),
        (
            "",
            _("规则"),
            "",
            _("第2行为示例（统一社会信用代码%(uscc)s），导入时自动忽略，可直接覆盖或删除。")
            % {"uscc": EXAMPLE_USCC},
        ),
        ("", "", "", _("已登记的统一社会信用代码将更新该主体；空白单元格保留原值，不会清空。")),
        ("", "", "", _("任一行有错误时不写入任何数据，并提供错误清单下载。")),
        ("", "", "", _("金额单位为元；人数单位为人；专利单位为件。")),
    ]
    return [
        SheetSpec(
            ORG_SHEET,
            [Column(c.header, _item(i)) for i, c in enumerate(org_cols)],
            [[c.example for c in org_cols]],
        ),
        SheetSpec(
            STATS_SHEET,
            [Column(c.header, _item(i)) for i, c in enumerate(stat_cols)],
            [[c.example for c in stat_cols]],
        ),
        SheetSpec(
            HELP_SHEET,
            [
                Column(h, _item(i), width=w)
                for i, (h, w) in enumerate(zip(help_rows[0], (12, 22, 10, 70), strict=True))
            ],
            help_rows[1:],
        ),
    ]


def template_workbook(dest: str | Path | IO[bytes]) -> None:
    """Write the import template (:func:`template_sheets`) to ``dest``."""
    write_workbook(dest, template_sheets())


def store_error_workbook(*, actor: Any, errors: list[RowError], source: str | Path | None) -> str:
    """Write the error workbook for ``actor`` (both data sheets of the source) and return its token (for
    the download link, :func:`~kechuang.core.excel_import.error_workbook_path`)."""
    return core_store_error_workbook(
        actor=actor, errors=errors, source=source, sheets=(ORG_SHEET, STATS_SHEET)
    )
