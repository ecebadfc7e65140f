"""Plain multi-row INSERT/UPDATE for imports of 100,000 rows (``executemany``, no per-value SQL compiling).

``QuerySet.bulk_create`` costs about 110 µs per organization here (the SQL compiler prepares every value
through several layers); preparing the values once per field type and handing the rows to the driver's
``executemany`` costs about a fifth of that on SQLite and PostgreSQL alike (benchmarks/excel_import.py).

What ``bulk_create`` would do and these functions do too: ``auto_now``/``auto_now_add`` fields are set, values
go through the field's ``get_db_prep_save`` (except for types whose prepared value is the Python value
itself), instances are marked as saved. What they do not do: return primary keys — read them back by a
unique key (:func:`ids_by`) when needed. Call them inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connections, models, router
from django.utils import timezone

# Field types whose database value is the (already clean) Python value on every backend we support.
_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.SmallIntegerField,
    models.BigIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
)


def _converter(field: models.Field, connection: Any) -> Callable[[Any], Any] | None:
    if field.is_relation or (isinstance(field, _PLAIN) and type(field).__module__.startswith("django.")):
        return None
    if isinstance(field, models.DateTimeField):
        # Timestamps of one import are mostly the same ``now``: convert each distinct value once.
        seen: dict[Any, Any] = {}

        def timestamp(value: Any) -> Any:
            try:
                return seen[value]
            except KeyError:
                seen[value] = converted = field.get_db_prep_save(value, connection)
                return converted

        return timestamp
    return lambda value: field.get_db_prep_save(value, connection)


def _stamp(objs: Sequence[models.Model], fields: Sequence[models.Field], *, add: bool) -> None:
    now = timezone.now()
    for field in fields:
        if getattr(field, "auto_now", False) or (add and getattr(field, "auto_now_add", False)):
            for obj in objs:
                setattr(obj, field.attname, now)


def insert(model: type[models.Model], objs: Sequence[models.Model], *, batch_size: int = 5000) -> None:
    """INSERT unsaved ``objs`` (all columns but an auto primary key)."""
    if not objs:
        return
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)]
    _stamp(objs, fields, add=True)
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(str(f.column)) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    _execute(connection, sql, objs, fields, [], batch_size)
    db = connection.alias
    for obj in objs:
        obj._state.adding = False
        obj._state.db = db


def update(
    model: type[models.Model], objs: Sequence[models.Model], fields: Iterable[str], *, batch_size: int = 5000
) -> None:
    """UPDATE ``fields`` of saved ``objs`` by primary key (``auto_now`` fields are refreshed too)."""
    if not objs:
        return
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    chosen: list[models.Field] = []
    for name in fields:
        field = meta.get_field(name)
        assert isinstance(field, models.Field) and field.concrete
        chosen.append(field)
    chosen += [f for f in meta.concrete_fields if getattr(f, "auto_now", False) and f not in chosen]
    _stamp(objs, chosen, add=False)
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(meta.db_table),
        ", ".join(f"{quote(str(f.column))} = %s" for f in chosen),
        quote(str(meta.pk.column)),
    )
    _execute(connection, sql, objs, chosen, [meta.pk], batch_size)


def _execute(
    connection: Any,
    sql: str,
    objs: Sequence[models.Model],
    fields: Sequence[models.Field],
    keys: Sequence[models.Field],
    batch_size: int,
) -> None:
    columns = [(f.attname, _converter(f, connection)) for f in (*fields, *keys)]
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            rows = []
            for obj in objs[start : start + batch_size]:
                values = obj.__dict__
                rows.append(
                    [values[name] if convert is None else convert(values[name]) for name, convert in columns]
                )
            cursor.executemany(sql, rows)


def ids_by(
    model: type[models.Model], field: str, values: Iterable[Any], *, chunk: int = 900
) -> dict[Any, int]:
    """``{value: pk}`` for rows whose unique ``field`` is in ``values`` (chunked ``IN`` queries)."""
    ordered = list(values)
    out: dict[Any, int] = {}
    for start in range(0, len(ordered), chunk):
        out.update(
            model._default_manager.filter(**{f"{field}__in": ordered[start : start + chunk]}).values_list(
                field, "pk"
            )
        )
    return out
