"""The province-wide load of a register (``bulk_import``): rows already read from CNIPA or 市场监管 data,
cleaned one by one by the same rules as the Excel import, written in large batches.

What keeps a million rows within two minutes (``benchmarks/quality.py``):

* no model instance per row: a cleaned row goes straight to a tuple in column order; a date or timestamp
  is converted for the database once per distinct value (a million patents have a few thousand dates);
* the lookups a row needs are dictionaries: the owners' 统一社会信用代码 → id (read once per batch, only for
  codes not seen before), the numbers already registered (one ``IN`` query per batch);
* each batch is one statement stream in one transaction: ``executemany`` on SQLite, ``COPY … FROM STDIN``
  on PostgreSQL (the rows are checked before, so COPY's all-or-nothing is the batch's own).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connections, models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log
from kechuang.core.errors import ApplicationError
from kechuang.registry.models import Organization

# Field types whose database value is the Python value a clean function returns.
_AS_IS = (models.CharField, models.TextField, models.IntegerField, models.ForeignKey)


@dataclass
class BulkReport:
    written: int = 0
    errors: list[tuple[int, str]] | None = field(default_factory=list)


class _Columns:
    """How a cleaned row (a dict of the model's field names) becomes a tuple for the INSERT or COPY: the
    defaults merged in and the values picked in column order by one ``itemgetter``, then the few columns
    that need it (dates) converted, each distinct value once."""

    def __init__(self, model: type[models.Model], connection: Any) -> None:
        fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)]
        now = timezone.now()
        self.table = connection.ops.quote_name(model._meta.db_table)
        self.names = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
        self.count = len(fields)
        self.defaults: dict[str, Any] = {}
        self.converters: list[tuple[int, Callable[[Any], Any]]] = []
        for i, f in enumerate(fields):
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                # the same timestamp for the whole load, stored under a name no cleaned row has
                self.defaults[f"!{f.attname}"] = f.get_db_prep_save(now, connection)
                continue
            self.defaults[f.attname] = f.get_default()  # "" for a text field without one, None if nullable
            if not isinstance(f, _AS_IS):
                self.converters.append((i, _memo(f, connection)))
        pick = [
            f"!{f.attname}"
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            else f.attname
            for f in fields
        ]
        self._pick = operator.itemgetter(*pick)
        self.owner = operator.itemgetter(pick.index("organization_id"))

    def row(self, values: dict[str, Any]) -> tuple[Any, ...] | list[Any]:
        row = list(self._pick({**self.defaults, **values}))
        for i, convert in self.converters:
            if row[i] is not None:
                row[i] = convert(row[i])
        return row


def _memo(f: models.Field, connection: Any) -> Callable[[Any], Any]:
    seen: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            seen[value] = prepared = f.get_db_prep_save(value, connection)
            return prepared
        except TypeError:  # an unhashable value (a list, a dict): converted every time
            return f.get_db_prep_save(value, connection)

    return convert


def _write(connection: Any, columns: _Columns, rows: Sequence[Sequence[Any]]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # the psycopg cursor: COPY streams the rows in one command
            with raw.copy(f"COPY {columns.table} ({columns.names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * columns.count)
            cursor.executemany(f"INSERT INTO {columns.table} ({columns.names}) VALUES ({marks})", rows)


def _present(
    connection: Any, table: str, column: str, values: list[Any], *extra: str
) -> list[tuple[Any, ...]]:
    """Rows of ``table`` whose ``column`` is one of ``values`` (``column`` and ``extra`` columns), in plain
    chunked queries: the ORM's ``__in`` prepares each of 20,000 parameters through several layers."""
    quote = connection.ops.quote_name
    wanted = ", ".join(quote(c) for c in (column, *extra))
    out: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for start in range(0, len(values), 5000):
            chunk = values[start : start + 5000]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT {wanted} FROM {quote(table)} WHERE {quote(column)} IN ({marks})", chunk)
            out.extend(cursor.fetchall())
    return out


def bulk_load(
    *,
    model: type[models.Model],
    key: str,
    noun: str,
    clean: Callable[[dict[str, Any]], dict[str, Any]],
    duplicate: Callable[[str], str],
    actor: Any,
    rows: Iterable[tuple[str, dict[str, Any]]],
    batch_size: int,
    audit_note: str,
) -> BulkReport:
    """Clean every ``(uscc, record)`` pair, report each bad row (number, message; in row order) and write
    the rest in batches of ``batch_size``, each in its own transaction with one audit record."""
    report = BulkReport()
    errors: list[tuple[int, str]] = report.errors  # type: ignore[assignment]
    connection = connections[router.db_for_write(model)]
    columns = _Columns(model, connection)
    owners: dict[str, int | None] = {}
    org_table = Organization._meta.db_table
    key_field = model._meta.get_field(key)
    assert isinstance(key_field, models.Field)
    key_column = str(key_field.column)
    batch: list[tuple[int, str, dict[str, Any]]] = []

    def flush() -> None:
        if not batch:
            return
        unknown = list({uscc for _n, uscc, _v in batch if uscc not in owners})
        if unknown:
            found = dict(_present(connection, org_table, "uscc", unknown, "id"))
            owners.update({uscc: found.get(uscc) for uscc in unknown})
        keys = [v[key] for _n, _u, v in batch]
        existing = {row[0] for row in _present(connection, model._meta.db_table, key_column, keys)}
        out: list[Sequence[Any]] = []
        first = last = ""
        owner = 0
        for number, uscc, values in batch:
            owner_id = owners[uscc]
            if owner_id is None:
                errors.append((number, _("统一社会信用代码“%(uscc)s”不在主体库中。") % {"uscc": uscc}))
                continue
            no = values[key]
            if no in existing:
                errors.append((number, duplicate(no)))
                continue
            existing.add(no)
            values["organization_id"] = owner = owner_id
            out.append(columns.row(values))
            first = first or no
            last = no
        if out:
            # one owner's rows together: the organization-first indexes take them in one place (and the
            # organization page reads them from neighbouring pages)
            out.sort(key=columns.owner)
            with transaction.atomic(using=connection.alias):
                _write(connection, columns, out)
                audit_log(
                    actor=actor,
                    action=f"{noun}.bulk_import",
                    target=Organization(pk=owner),  # rows have no ids here (plain INSERT / COPY)
                    after={
                        "count": len(out),
                        "first": first,
                        "last": last,
                        "skipped": len(batch) - len(out),
                        "note": audit_note,
                    },
                )
        report.written += len(out)
        batch.clear()

    for number, (uscc, record) in enumerate(rows, start=1):
        try:
            values = clean(record)
        except ApplicationError as exc:
            errors.append((number, exc.message))
            continue
        batch.append((number, uscc, values))
        if len(batch) >= batch_size:
            flush()
    flush()
    errors.sort(key=lambda e: e[0])  # by row, whichever check found the problem
    return report
