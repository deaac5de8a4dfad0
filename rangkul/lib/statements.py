"""INSERT and conditional UPDATE statements for the hottest writes, their SQL text built once
per process from the model's own fields (docs/decisions/0070-plain-hot-writes.md).

On a screening submission Django's `save()`, `bulk_create()` and `QuerySet.update()` spent
more CPU building the same three statements than PostgreSQL spent running them: each call
walks the model's fields, resolves expressions, compiles the query and asks every field
again how to write its value. Here the SQL text depends only on the model, the names of the
columns written and the number of rows, so it is built once and kept; each call only turns
the values into their database form with the field's own `get_db_prep_save` (the same
conversion Django applies: encrypted fields encrypt, JSON is adapted, dates are formatted
for SQLite) and runs one statement.

What is skipped, on purpose: model signals (the project uses none for business logic) and
`save()` overrides (the callers here never depend on them; `AuditEvent.save` only refuses
updates). Both database engines are served by Django's own per-backend operations (quoting,
INSERT OR IGNORE on SQLite and ON CONFLICT DO NOTHING on PostgreSQL, RETURNING where the
backend can return rows from an insert). tests/test_statements.py compares every write with
the ORM's on the same rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import AutoField, BigAutoField, Field, Model, SmallAutoField
from django.db.models.constants import OnConflict

_AUTO = (AutoField, BigAutoField, SmallAutoField)

# model -> the fields an INSERT writes
_fields: dict[type[Model], list[Field[Any, Any]]] = {}
# (vendor, model, rows, skip conflicts) -> (SQL, returns the primary key)
_insert_sql: dict[tuple[Any, ...], tuple[str, bool]] = {}
# (vendor, model, set columns, where columns) -> SQL
_update_sql: dict[tuple[Any, ...], str] = {}


def insert(objs: Sequence[Model], *, skip_conflicts: bool = False) -> int:
    """INSERT these new instances of one model; returns the rows written.

    One statement, or one a batch where the backend limits the parameters of a statement
    (as `bulk_create` batches). Field values are prepared as `save()` prepares them
    (`pre_save` with add=True, so `auto_now_add` is set on the instance too); a key the
    database generates is read back and set on each instance where the backend can return
    it. With `skip_conflicts` a row that meets a unique constraint is left out instead of
    failing the statement (the count then says how many were written); only for one row at
    a time, so the caller knows which.
    """
    if not objs:
        return 0
    model = type(objs[0])
    if any(type(obj) is not model for obj in objs):
        raise TypeError("insert() writes instances of one model at a time")
    if skip_conflicts and len(objs) != 1:
        raise ValueError("skip_conflicts is for a single row")
    connection = connections[DEFAULT_DB_ALIAS]
    fields = _insert_fields(model)
    size = max(1, connection.ops.bulk_batch_size(fields, objs))
    written = 0
    for start in range(0, len(objs), size):
        written += _insert_batch(
            connection, model, fields, objs[start : start + size], skip_conflicts
        )
    return written


def _insert_fields(model: type[Model]) -> list[Field[Any, Any]]:
    """The columns an INSERT writes: every concrete field but a key the database makes."""
    fields = _fields.get(model)
    if fields is None:
        fields = [f for f in model._meta.concrete_fields if not isinstance(f, _AUTO)]
        _fields[model] = fields
    return fields


def _insert_batch(
    connection: Any,
    model: type[Model],
    fields: list[Field[Any, Any]],
    objs: Sequence[Model],
    skip_conflicts: bool,
) -> int:
    key = (connection.vendor, model, len(objs), skip_conflicts)
    cached = _insert_sql.get(key)
    if cached is None:
        cached = _build_insert(connection, model, fields, len(objs), skip_conflicts)
        _insert_sql[key] = cached
    sql, returns_pk = cached
    params: list[Any] = []
    for obj in objs:
        params += [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if returns_pk:
            keys = cursor.fetchall()
            written = len(keys)
            if written == len(objs):
                for obj, (pk,) in zip(objs, keys, strict=True):
                    obj.pk = pk
        else:
            written = int(cursor.rowcount)
    for obj in objs[:written]:
        obj._state.adding = False
        obj._state.db = DEFAULT_DB_ALIAS
    return written


def _build_insert(
    connection: Any, model: type[Model], fields: list[Field[Any, Any]], rows: int, skip: bool
) -> tuple[str, bool]:
    ops, quote = connection.ops, connection.ops.quote_name
    conflict = OnConflict.IGNORE if skip else None
    columns = ", ".join(quote(f.column) for f in fields)
    one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = (
        f"{ops.insert_statement(on_conflict=conflict)} {quote(model._meta.db_table)} "
        f"({columns}) VALUES {', '.join([one_row] * rows)}"
    )
    suffix = ops.on_conflict_suffix_sql(fields, conflict, None, None)
    if suffix:
        sql = f"{sql} {suffix}"
    pk = model._meta.pk
    returns_pk = isinstance(pk, _AUTO) and connection.features.can_return_rows_from_bulk_insert
    if returns_pk:
        sql = f"{sql} RETURNING {quote(pk.column)}"
    return sql, returns_pk


def _column(model: type[Model], name: str) -> Field[Any, Any]:
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    if not isinstance(field, Field) or not field.concrete:
        raise ValueError(f"{model.__name__}.{name} is not a column")
    return field


def update(model: type[Model], *, values: Mapping[str, Any], where: Mapping[str, Any]) -> int:
    """`UPDATE … SET values WHERE where` (every condition an equality on a field, none
    NULL), as `model.objects.filter(**where).update(**values)` writes it; returns the rows
    changed. The conditional update that claims a row once (`WHERE status = 'pending'`)."""
    connection = connections[DEFAULT_DB_ALIAS]
    opts = model._meta
    set_fields = [_column(model, name) for name in values]
    where_fields = [_column(model, name) for name in where]
    key = (connection.vendor, model, tuple(values), tuple(where))
    sql = _update_sql.get(key)
    if sql is None:
        quote = connection.ops.quote_name
        assignments = ", ".join(f"{quote(f.column)} = %s" for f in set_fields)
        conditions = " AND ".join(f"{quote(f.column)} = %s" for f in where_fields)
        sql = _update_sql[key] = (
            f"UPDATE {quote(opts.db_table)} SET {assignments} WHERE {conditions}"  # noqa: S608
        )
    params = [
        f.get_db_prep_save(value, connection)
        for f, value in zip(set_fields, values.values(), strict=True)
    ]
    for f, value in zip(where_fields, where.values(), strict=True):
        if value is None:
            raise ValueError(f"{f.name}: a NULL condition is not an equality")
        params.append(f.get_db_prep_value(getattr(value, "pk", value), connection, prepared=False))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.rowcount)
