"""Excel import of an organization's patents: every row checked first, then all written or none.

The report lists every problem by row and column (``core.excel.RowError``), with the same messages as
the form and the API (``services.ip.clean_patent``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.core.audit import AuditEntry, audit_log_many, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.excel import RowError, cell_text, open_workbook, read_table
from kechuang.quality.choices import PatentKind, PatentStatus
from kechuang.quality.models import Patent
from kechuang.quality.services.ip import clean_patent
from kechuang.registry.models import Organization

PATENT_COLUMNS: dict[str, str] = {
    "申请号": "application_no",
    "专利类型": "kind",
    "专利名称": "title",
    "申请日": "applied_on",
    "授权日": "granted_on",
    "授权公告号": "grant_no",
    "法律状态": "status",
}
LABELS = {key: header for header, key in PATENT_COLUMNS.items()}
REQUIRED = ("application_no", "kind", "title", "applied_on", "status")


class PatentImportFailed(ApplicationError):
    """Nothing was written; ``errors`` lists every problem."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__(
            _("导入未完成：发现%(n)d处错误，未写入任何数据。") % {"n": len(errors)},
            extra={"code": "import_errors", "errors": [e.as_dict() for e in errors[:200]]},
        )


def _date(value: Any, key: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value).replace("/", "-").replace(".", "-")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ApplicationError(
            _("“%(label)s”应为日期（如 2024-03-15）。") % {"label": LABELS[key]}, extra={"field": key}
        ) from None


def _choice(choices: Any, value: Any, key: str) -> str:
    text = cell_text(value)
    by_label = {str(label): v for v, label in choices.choices}
    if text in by_label:
        return by_label[text]
    raise ApplicationError(
        _("“%(label)s”应为：%(options)s。") % {"label": LABELS[key], "options": "、".join(by_label)},
        extra={"field": key},
    )


def _row(record: dict[str, Any]) -> dict[str, Any]:
    return clean_patent(
        application_no=cell_text(record["application_no"]),
        kind=_choice(PatentKind, record["kind"], "kind"),
        title=cell_text(record["title"]),
        applied_on=_date(record["applied_on"], "applied_on"),
        status=_choice(PatentStatus, record["status"], "status"),
        granted_on=_date(record["granted_on"], "granted_on") if "granted_on" in record else None,
        grant_no=cell_text(record.get("grant_no", "")),
    )


def read_patents(path: str | Path) -> tuple[list[dict[str, Any]], list[RowError]]:
    """The cleaned rows of the first sheet and every error found (a row's first problem per row)."""
    errors: list[RowError] = []
    workbook = open_workbook(path)
    try:
        ws = workbook[workbook.sheetnames[0]]
        table = read_table(ws, aliases=PATENT_COLUMNS, required=REQUIRED, labels=LABELS, errors=errors)
        if table is None:
            return [], errors
        rows: list[dict[str, Any]] = []
        seen: dict[str, int] = {}
        for number, record in table.rows:
            missing = [k for k in REQUIRED if k not in record]
            if missing:
                for key in missing:
                    errors.append(
                        RowError(
                            table.sheet,
                            number,
                            LABELS[key],
                            _("请填写“%(label)s”。") % {"label": LABELS[key]},
                        )
                    )
                continue
            try:
                values = _row(record)
            except ApplicationError as exc:
                errors.append(
                    RowError(table.sheet, number, LABELS.get(exc.extra.get("field", ""), ""), exc.message)
                )
                continue
            no = values["application_no"]
            if no in seen:
                errors.append(
                    RowError(
                        table.sheet,
                        number,
                        LABELS["application_no"],
                        _("申请号“%(no)s”与第%(row)d行重复。") % {"no": no, "row": seen[no]},
                    )
                )
                continue
            seen[no] = number
            values["_row"] = number
            rows.append(values)
        existing = set(
            Patent.objects.filter(application_no__in=list(seen)).values_list("application_no", flat=True)
        )
        for values in rows:
            if values["application_no"] in existing:
                errors.append(
                    RowError(
                        table.sheet,
                        values["_row"],
                        LABELS["application_no"],
                        _("申请号“%(no)s”已登记。") % {"no": values["application_no"]},
                    )
                )
        return rows, errors
    finally:
        workbook.close()


@transaction.atomic
def patent_import(*, organization: Organization, actor: Any, path: str | Path) -> int:
    """Import the workbook's patents for ``organization``: the number written, or :class:`PatentImportFailed`."""
    rows, errors = read_patents(path)
    if errors:
        raise PatentImportFailed(sorted(errors, key=lambda e: e.row))
    if not rows:
        raise ApplicationError(_("文件中没有专利数据。"), extra={"field": "file"})
    patents = []
    for values in rows:
        values.pop("_row")
        patent = Patent(organization=organization, **values)
        patent.full_clean(validate_unique=False)
        patents.append(patent)
    Patent.objects.bulk_create(patents)
    audit_log_many(
        actor=actor,
        entries=[AuditEntry(action="patent.import", target=p, after=snapshot(p)) for p in patents],
        need_ids=False,
    )
    return len(patents)
