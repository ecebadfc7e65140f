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
    """How a cleaned row (a dict of the model's field names) becomes a tuple for the INSERT or COPY."""

    def __init__(self, model: type[models.Model], connection: Any) -> None:
        fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)]
        now = timezone.now()
        self.table = connection.ops.quote_name(model._meta.db_table)
        self.names = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
        self.count = len(fields)
        self.plan: list[tuple[str, Any, Callable[[Any], Any] | None]] = []
        for f in fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                stamp = f.get_db_prep_save(now, connection)
                self.plan.append(("", stamp, None))  # the same timestamp for the whole load
                continue
            default = f.get_default()  # "" for a text field without one, None for a nullable field
            convert = None if isinstance(f, _AS_IS) else _memo(f, connection)
            self.plan.append((f.attname, default, convert))

    def row(self, values: dict[str, Any]) -> tuple[Any, ...]:
        out = []
        for name, default, convert in self.plan:
            value = values.get(name, default) if name else default
            out.append(value if convert is None or value is None else convert(value))
        return tuple(out)


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


def _write(connection: Any, columns: _Columns, rows: Sequence[tuple[Any, ...]]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # the psycopg cursor: COPY streams the rows in one command
            with raw.copy(f"COPY {columns.table} ({columns.names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * columns.count)
            cursor.executemany(f"INSERT INTO {columns.table} ({columns.names}) VALUES ({marks})", rows)


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
    manager: Any = model._default_manager
    batch: list[tuple[int, str, dict[str, Any]]] = []

    def flush() -> None:
        if not batch:
            return
        unknown = {uscc for _n, uscc, _v in batch if uscc not in owners}
        if unknown:
            found = dict(Organization.objects.filter(uscc__in=unknown).values_list("uscc", "id"))
            owners.update({uscc: found.get(uscc) for uscc in unknown})
        existing = set(
            manager.filter(**{f"{key}__in": [v[key] for _n, _u, v in batch]}).values_list(key, flat=True)
        )
        out: list[tuple[Any, ...]] = []
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
