"""Bulk insert without the ORM's per-value preparation, for generated rows."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from django.db import connection, models

from rangkul.lib.crypto import EncryptedJSONField, EncryptedTextField

BATCH = 5000


def _adapter(field: models.Field[Any, Any], vendor: str) -> Callable[[Any], Any]:
    """Python value -> what the driver takes, for the few field types generated here."""
    if field.is_relation:
        field = field.target_field  # type: ignore[attr-defined]
    if isinstance(field, EncryptedTextField | EncryptedJSONField):
        # Stored as the ciphertext the field itself would write.
        return field.get_prep_value
    if isinstance(field, models.JSONField):
        return lambda v: None if v is None else json.dumps(v)
    if vendor == "postgresql":
        return lambda v: v
    if isinstance(field, models.UUIDField):
        return lambda v: None if v is None else v.hex
    if isinstance(field, models.DateTimeField):
        adapt = connection.ops.adapt_datetimefield_value
        return lambda v: None if v is None else adapt(v)
    if isinstance(field, models.DateField):
        return lambda v: None if v is None else v.isoformat()
    return lambda v: v


def fast_insert(model: type[models.Model], rows: Sequence[models.Model], now: datetime) -> None:
    """Insert model instances without the ORM's per-value preparation: COPY on
    PostgreSQL, executemany on SQLite. Only for the plain field types used here."""
    if not rows:
        return
    vendor = connection.vendor
    # Auto-increment keys are given by the generator (see _users) so that rows can refer
    # to them; the sequence is moved on afterwards.
    fields = [
        f
        for f in model._meta.concrete_fields
        if not (isinstance(f, models.AutoField) and getattr(rows[0], f.attname) is None)
    ]
    adapters = [_adapter(f, vendor) for f in fields]
    stamped = [
        bool(getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)) for f in fields
    ]
    attnames = [f.attname for f in fields]

    def values(obj: models.Model) -> tuple[Any, ...]:
        out = []
        for name, adapt, stamp in zip(attnames, adapters, stamped, strict=True):
            value = getattr(obj, name)
            if value is None and stamp:
                value = now
            out.append(adapt(value))
        return tuple(out)

    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            raw = cursor.cursor  # the psycopg cursor
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for obj in rows:
                    copy.write_row(values(obj))
        else:
            marks = ", ".join(["%s"] * len(fields))
            # Table and column names come from the model and are quoted; values are bound.
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
            for i in range(0, len(rows), BATCH):
                cursor.executemany(sql, [values(obj) for obj in rows[i : i + BATCH]])
