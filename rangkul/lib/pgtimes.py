"""Times read from PostgreSQL by psycopg's compiled loader.

Django reads every `timestamptz` column through a loader of its own (the connection's time
zone put on the value) built on psycopg's pure-Python parser, even when psycopg's compiled
implementation is installed: on a page of 100 cases, parsing the two times of each row was
about a tenth of the request's CPU in a profile. The loader below gives the same values (psycopg's
compiled parser, then Django's time zone put on the value in the same way) at a fraction of
the cost. It is registered on each new PostgreSQL connection (`rangkul.system.apps`) and
does nothing when psycopg runs without its compiled part.
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from typing import Any

from django.db.backends.signals import connection_created


def _compiled_loader() -> Any:
    """psycopg's compiled `timestamptz` text loader, or None without the compiled part."""
    try:
        import psycopg
        from psycopg.postgres import types
        from psycopg.pq import Format
    except ImportError:
        return None
    loader = psycopg.adapters.get_loader(types["timestamptz"].oid, Format.TEXT)
    if loader is None or loader.__module__.startswith("psycopg."):
        return None
    return loader


@lru_cache
def _loader_for(timezone: datetime.tzinfo | None) -> Any:
    from psycopg.adapt import Loader

    compiled = _compiled_loader()

    class CompiledTzLoader(Loader):
        # Django compares this attribute with the connection's zone before each cursor.
        timezone: datetime.tzinfo | None = None

        def __init__(self, oid: int, context: Any = None) -> None:
            super().__init__(oid, context)
            self._load = compiled(oid, context).load

        def load(self, data: Any) -> datetime.datetime:
            # As Django's own loader: psycopg's value (in the zone the database connection
            # is set to, UTC) labelled with Django's time zone for the connection.
            return self._load(data).replace(tzinfo=self.timezone)

    CompiledTzLoader.timezone = timezone
    return CompiledTzLoader


def use_compiled_loader(sender: Any, connection: Any, **kwargs: Any) -> None:
    """On a new PostgreSQL connection (psycopg 3), read times with the compiled loader."""
    if connection.vendor != "postgresql" or _compiled_loader() is None:
        return
    adapters = getattr(connection.connection, "adapters", None)
    if adapters is None:  # psycopg2
        return
    adapters.register_loader("timestamptz", _loader_for(connection.timezone))


def connect() -> None:
    connection_created.connect(use_compiled_loader, dispatch_uid="rangkul.lib.pgtimes")
