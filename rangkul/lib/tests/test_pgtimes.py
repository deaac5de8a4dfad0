"""Times read from PostgreSQL through psycopg's compiled loader are the values Django's
own loader gives."""

import datetime

import pytest
from django.db import connection

from rangkul.lib import pgtimes

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
]

QUERY = (
    "SELECT %s::timestamptz, '2026-12-03 10:12:14.032814+07'::timestamptz,"
    " '0001-01-01 00:00:00+00'::timestamptz, '9999-12-31 23:59:59.999999+00'::timestamptz,"
    " '1901-12-13 20:45:52.5+07:07:12'::timestamptz, NULL::timestamptz"
)


def _read(value: datetime.datetime, *, djangos: bool = False) -> tuple[object, ...]:
    with connection.cursor() as cursor:
        if djangos:
            # Django's own loader, on this cursor only.
            from django.db.backends.postgresql.psycopg_any import register_tzloader

            register_tzloader(connection.timezone, cursor.cursor)
        cursor.execute(QUERY, [value])
        return tuple(cursor.fetchone())


def test_times_match_djangos_own_loader():
    value = datetime.datetime(2026, 12, 3, 17, 0, 1, 123456, tzinfo=datetime.UTC)
    connection.ensure_connection()
    if pgtimes._compiled_loader() is not None:
        loader = connection.connection.adapters.get_loader(1184, 0)
        assert loader is pgtimes._loader_for(connection.timezone)
    compiled, plain = _read(value), _read(value, djangos=True)
    assert compiled == plain
    assert [getattr(v, "tzinfo", None) for v in compiled] == [
        getattr(v, "tzinfo", None) for v in plain
    ]
    assert compiled[0] == value


def test_a_time_out_of_pythons_range_is_refused_as_before():
    from django.db.utils import DataError

    with pytest.raises(DataError), connection.cursor() as cursor:
        cursor.execute("SELECT 'infinity'::timestamptz")
        cursor.fetchone()
