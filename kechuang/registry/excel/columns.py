"""What the sheets' columns are: the names, headers and examples every other part of the Excel package
reads from, and the small helpers that turn them into header aliases, labels and export cells.

One :class:`ImportColumn` per field a sheet may carry; the template, the header check of an import, the
error labels and the order of a refused import's error list are all derived from the same list, so a
column is declared once (its sheet's module: :mod:`.organizations`, :mod:`.statistics`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Field
from django.utils import translation

from kechuang.registry.models import YearlyStatistics
from kechuang.registry.validators import uscc_check_digit

ORG_SHEET = "主体"
STATS_SHEET = "年度统计"
HELP_SHEET = "填写说明"

# Columns an export adds for reading only; importing the exported file ignores them.
EXPORT_ONLY_HEADERS = ("地区名称", "行业名称", "核验状态", "登记时间", "主体名称")

MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"


def _example_uscc() -> str:
    body = "91220102MA00000001"[:17]
    return body + uscc_check_digit(body)


# The template's example row carries this code; an import skips the rows that do.
EXAMPLE_USCC = _example_uscc()


@dataclass(frozen=True)
class ImportColumn:
    """One column of an import sheet: the field it fills, its header, other headers accepted, an example."""

    key: str
    label: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    example: Any = None
    note: str = ""

    @property
    def header(self) -> str:
        return f"{self.label}*" if self.required else self.label


def aliases(columns: list[ImportColumn]) -> dict[str, str]:
    """Every header text that names a column (label, label with ``*``, aliases) → its key."""
    out: dict[str, str] = {}
    for column in columns:
        for text in (column.label, column.header, *column.aliases):
            out[text] = column.key
    return out


def labels(columns: list[ImportColumn]) -> dict[str, str]:
    """key → label: the column an error names."""
    return {c.key: c.label for c in columns}


def figure_field(name: str) -> Field:
    """A yearly figure's model field (label with its unit, money or count)."""
    field = YearlyStatistics._meta.get_field(name)
    assert isinstance(field, Field)
    return field


def chinese_labels(choices: Any) -> dict[str, str]:
    """Choice label → value, in Chinese: files carry the Chinese labels whatever the user's language."""
    with translation.override("zh-hans"):
        return {str(label): value for value, label in choices.choices}


def display(choices: Any, value: str) -> str:
    """A choice's label for an export cell (empty for no value)."""
    return str(dict(choices.choices).get(value, value)) if value else ""
