"""Excel import of an organization's patents and trademarks: every row checked first, then all written or
none; and the bulk path (many organizations, rows already read) for province-wide loads.

The report lists every problem by row and column (``core.excel.RowError``), with the same messages as
the form and the API (``services.ip.clean_patent`` / ``clean_trademark``).
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kechuang.core.audit import AuditEntry, audit_log_many, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.excel import RowError, cell_text, open_workbook, read_table
from kechuang.core.excel_import import RowsRefused
from kechuang.quality.choices import PatentKind, PatentStatus, TrademarkFame
from kechuang.quality.models import Patent, Trademark
from kechuang.quality.services.bulk import BulkReport, bulk_load
from kechuang.quality.services.ip import clean_patent, clean_trademark
from kechuang.registry.models import Organization


class ImportFailed(RowsRefused):
    """Nothing was written; ``errors`` lists every problem."""


PatentImportFailed = ImportFailed  # the name the pages and tests know


@dataclass(frozen=True)
class Register:
    """One register's sheet: its columns (header → key), required keys, how a row is cleaned, its key."""

    columns: dict[str, str]
    required: tuple[str, ...]
    clean: Callable[[dict[str, Any], dict[str, str]], dict[str, Any]]
    key: str
    model: type[Patent] | type[Trademark]
    noun: str

    @property
    def labels(self) -> dict[str, str]:
        return {key: header for header, key in self.columns.items()}


def _text(value: Any) -> str:
    """``cell_text`` with a fast path for the common case (a cell that is already text)."""
    return value.strip() if type(value) is str else cell_text(value)


def _date(value: Any, label: str, key: str) -> dt.date:
    if type(value) is dt.date:
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value).replace("/", "-").replace(".", "-")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ApplicationError(
            _("“%(label)s”应为日期（如 2024-03-15）。") % {"label": label}, extra={"field": key}
        ) from None


@functools.lru_cache(maxsize=64)
def _labels(choices: Any, language: str | None) -> dict[str, str]:
    """Label → value of a choices class in the active language (built once, not once per row)."""
    return {str(name): v for v, name in choices.choices}


_local = threading.local()  # the language of the import running in this thread, read once per import


def _choice(choices: Any, value: Any, label: str, key: str) -> str:
    text = _text(value)
    by_label = _labels(choices, getattr(_local, "language", None))
    if text in by_label:
        return by_label[text]
    raise ApplicationError(
        _("“%(label)s”应为：%(options)s。") % {"label": label, "options": "、".join(by_label)},
        extra={"field": key},
    )


def _optional_date(record: dict[str, Any], labels: dict[str, str], key: str) -> dt.date | None:
    return _date(record[key], labels[key], key) if key in record else None


def _patent_row(record: dict[str, Any], labels: dict[str, str]) -> dict[str, Any]:
    return clean_patent(
        application_no=_text(record["application_no"]),
        kind=_choice(PatentKind, record["kind"], labels["kind"], "kind"),
        title=_text(record["title"]),
        applied_on=_date(record["applied_on"], labels["applied_on"], "applied_on"),
        status=_choice(PatentStatus, record["status"], labels["status"], "status"),
        granted_on=_optional_date(record, labels, "granted_on"),
        grant_no=_text(record.get("grant_no", "")),
        lapsed_on=_optional_date(record, labels, "lapsed_on"),
        inventors=_text(record.get("inventors", "")),
        co_owners=_text(record.get("co_owners", "")),
    )


def _trademark_row(record: dict[str, Any], labels: dict[str, str]) -> dict[str, Any]:
    fame = (
        _choice(TrademarkFame, record["fame"], labels["fame"], "fame")
        if "fame" in record
        else TrademarkFame.NONE
    )
    nice = _text(record["nice_class"]).removeprefix("第").removesuffix("类")
    if not nice.isdigit():
        raise ApplicationError(_("商标国际分类应在第 1 至 45 类之间。"), extra={"field": "nice_class"})
    return clean_trademark(
        registration_no=_text(record["registration_no"]),
        name=_text(record["name"]),
        nice_class=int(nice),
        fame=fame,
        fame_since=_optional_date(record, labels, "fame_since"),
        fame_valid_until=_optional_date(record, labels, "fame_valid_until"),
        valid_until=_optional_date(record, labels, "valid_until"),
    )


PATENTS = Register(
    columns={
        "申请号": "application_no",
        "专利类型": "kind",
        "专利名称": "title",
        "申请日": "applied_on",
        "授权日": "granted_on",
        "授权公告号": "grant_no",
        "法律状态": "status",
        "失效日期": "lapsed_on",
        "发明人": "inventors",
        "共同权利人": "co_owners",
    },
    required=("application_no", "kind", "title", "applied_on", "status"),
    clean=_patent_row,
    key="application_no",
    model=Patent,
    noun="patent",
)
TRADEMARKS = Register(
    columns={
        "注册号": "registration_no",
        "商标名称": "name",
        "国际分类": "nice_class",
        "认定情况": "fame",
        "认定日期": "fame_since",
        "认定有效期至": "fame_valid_until",
        "专用权有效期至": "valid_until",
    },
    required=("registration_no", "name", "nice_class"),
    clean=_trademark_row,
    key="registration_no",
    model=Trademark,
    noun="trademark",
)


def _duplicate_messages(register: Register, no: str, row: int | None) -> str:
    if register is PATENTS:
        if row is not None:
            return _("申请号“%(no)s”与第%(row)d行重复。") % {"no": no, "row": row}
        return _("申请号“%(no)s”已登记。") % {"no": no}
    if row is not None:
        return _("注册号“%(no)s”与第%(row)d行重复。") % {"no": no, "row": row}
    return _("商标注册号“%(no)s”已登记。") % {"no": no}


def read_register(register: Register, path: str | Path) -> tuple[list[dict[str, Any]], list[RowError]]:
    """The cleaned rows of the first sheet and every error found (a row's first problem per row)."""
    errors: list[RowError] = []
    labels = register.labels
    _local.language = get_language()
    workbook = open_workbook(path)
    try:
        ws = workbook[workbook.sheetnames[0]]
        table = read_table(
            ws, aliases=register.columns, required=register.required, labels=labels, errors=errors
        )
        if table is None:
            return [], errors
        rows: list[dict[str, Any]] = []
        seen: dict[str, int] = {}
        for number, record in table.rows:
            missing = [k for k in register.required if k not in record]
            for key in missing:
                errors.append(
                    RowError(
                        table.sheet, number, labels[key], _("请填写“%(label)s”。") % {"label": labels[key]}
                    )
                )
            if missing:
                continue
            try:
                values = register.clean(record, labels)
            except ApplicationError as exc:
                errors.append(
                    RowError(table.sheet, number, labels.get(exc.extra.get("field", ""), ""), exc.message)
                )
                continue
            no = values[register.key]
            if no in seen:
                errors.append(
                    RowError(
                        table.sheet, number, labels[register.key], _duplicate_messages(register, no, seen[no])
                    )
                )
                continue
            seen[no] = number
            values["_row"] = number
            rows.append(values)
        existing = set(
            register.model.objects.filter(**{f"{register.key}__in": list(seen)}).values_list(
                register.key, flat=True
            )
        )
        for values in rows:
            if values[register.key] in existing:
                errors.append(
                    RowError(
                        table.sheet,
                        values["_row"],
                        labels[register.key],
                        _duplicate_messages(register, values[register.key], None),
                    )
                )
        return rows, errors
    finally:
        workbook.close()


def _import(register: Register, *, organization: Organization, actor: Any, path: str | Path) -> int:
    rows, errors = read_register(register, path)
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: e.row))
    if not rows:
        raise ApplicationError(_("文件中没有可导入的数据。"), extra={"field": "file"})
    objects = []
    for values in rows:
        values.pop("_row")
        obj = register.model(organization=organization, **values)
        obj.full_clean(validate_unique=False)
        objects.append(obj)
    manager: Any = register.model.objects
    manager.bulk_create(objects)
    audit_log_many(
        actor=actor,
        entries=[AuditEntry(action=f"{register.noun}.import", target=o, after=snapshot(o)) for o in objects],
        need_ids=False,
    )
    return len(objects)


@transaction.atomic
def patent_import(*, organization: Organization, actor: Any, path: str | Path) -> int:
    """Import the workbook's patents for ``organization``: the number written, or :class:`ImportFailed`."""
    return _import(PATENTS, organization=organization, actor=actor, path=path)


@transaction.atomic
def trademark_import(*, organization: Organization, actor: Any, path: str | Path) -> int:
    """Import the workbook's trademarks for ``organization``: the number written, or :class:`ImportFailed`."""
    return _import(TRADEMARKS, organization=organization, actor=actor, path=path)


def bulk_import(
    register: Register,
    *,
    actor: Any,
    rows: Iterable[tuple[str, dict[str, Any]]],
    batch_size: int = 20_000,
    audit_note: str = "",
) -> BulkReport:
    """Province-wide loads: ``(uscc, record)`` pairs (records keyed like the sheet's columns, values as
    cells), every row cleaned like the Excel import, written in batches of ``batch_size`` — each batch in
    its own transaction with one audit record naming its rows' keys. A bad row is reported (row number,
    message) and skipped; the rest are written (``services.bulk``)."""
    labels = register.labels
    _local.language = get_language()
    return bulk_load(
        model=register.model,
        key=register.key,
        noun=register.noun,
        clean=lambda record: register.clean(record, labels),
        duplicate=lambda no: _duplicate_messages(register, no, None),
        actor=actor,
        rows=rows,
        batch_size=batch_size,
        audit_note=audit_note,
    )


def import_columns(register: Register) -> Sequence[str]:
    """The headers of a register's template (what the page offers to download)."""
    return list(register.columns)
