"""Hot queries compiled to SQL once per process, then run with each request's values.

Building a queryset and compiling it to SQL is most of the CPU time of a short request: on
the API's busiest paths the ORM spends more time writing the same SQL text again than
PostgreSQL spends answering it (docs/decisions/0043-prepared-hot-queries.md). A `Prepared`
query builds its queryset once with marker values, compiles it, notes where each marker sits
among the SQL parameters, and from then on only swaps the parameters: the rows still come
back through Django's own iterable, so select_related, annotations and field converters
(decrypted text, dates on SQLite) work as with the plain queryset.

Only for queries whose SQL text depends on nothing but the length of a list parameter (one
compiled form per length met; no branch on a value inside the builder): the builder is
called with markers only. Each use has a parity test against the plain queryset
(tests/test_prepared.py and the callers' tests). The compiled form is kept per database
connection object (each thread of a development server has its own). The project has one
database, "default".

A list paged by offset (`page`) and its `count` are prepared too: the page's LIMIT and
OFFSET become two more parameters after the compiled SQL (Django writes them into the SQL
text, so a page of its own would compile again for every offset), and the count is the
compiled SQL without its ordering, counted in a sub-select: the number of rows the list
has, as `QuerySet.count()` answers it. `rows(**values)` binds the values and gives an
object that a paginator slices and counts like a queryset.
"""

from __future__ import annotations

import copy
import datetime
import uuid
import weakref
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar, overload

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet
from django.db.models.query import ValuesIterable

M = TypeVar("M", bound=Model)

# Marker values: unlikely to occur as a literal in any query, one per type a caller passes.
_TEXT = "\x1fprepared-%d\x1f"
_MOMENT = datetime.datetime(1901, 2, 3, 4, 5, 6, 789, tzinfo=datetime.UTC)


def _marker(kind: type, index: int) -> Any:
    if kind is str:
        return _TEXT % index
    if kind is int:
        # Inside every integer column's range (Django answers an out-of-range value with
        # "no rows" instead of a parameter), positive for positive fields.
        return 2_111_000_000 + index
    if kind is uuid.UUID:
        return uuid.UUID(int=0x5EED0000_0000_4000_8000_000000000000 + index)
    if kind is datetime.datetime:
        return _MOMENT + datetime.timedelta(seconds=index)
    raise TypeError(f"no marker for {kind!r}")


def _forms(connection: Any, value: Any) -> list[tuple[Any, Callable[[Any], Any]]]:
    """The ways a value can appear among a compiled query's parameters, each with the
    function that turns a new value into the same form."""
    forms: list[tuple[Any, Callable[[Any], Any]]] = [(value, lambda v: v)]
    if isinstance(value, uuid.UUID):
        forms += [(value.hex, lambda v: v.hex), (str(value), str)]
    elif isinstance(value, datetime.datetime):
        adapt = connection.ops.adapt_datetimefield_value
        forms.append((adapt(value), adapt))
    return forms


class PreparedError(RuntimeError):
    """The builder's SQL does not take the markers as plain parameters."""


Slot = tuple[str, int | None]  # a parameter's name, and the position in it for a list


class _Compiled:
    __slots__ = ("queryset", "compiler", "sql", "params", "slots", "converters", "names")

    def __init__(
        self,
        queryset: QuerySet[Any],
        markers: dict[Slot, Any],
        connection: Any,
        may_be_empty: bool = False,
    ) -> None:
        compiler = queryset.query.get_compiler(using=queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            # Every branch of the filter is empty for this shape: only an empty list may do
            # that; a marker the ORM read as impossible must not turn into "no rows" forever.
            if not may_be_empty:
                raise PreparedError("the query is empty whatever the values") from None
            sql, params = "", ()
        slots: dict[int, tuple[Slot, Callable[[Any], Any]]] = {}
        for slot, marker in markers.items():
            found = {
                index: (slot, convert)
                for form, convert in reversed(_forms(connection, marker))
                for index, param in enumerate(params)
                if type(param) is type(form) and param == form
            }
            if sql and not found:
                raise PreparedError(f"parameter {slot[0]!r} is not a plain SQL parameter")
            slots |= found
        self.queryset = queryset
        self.compiler = compiler
        self.sql = sql
        self.params = tuple(params)
        self.slots = slots
        # Which columns need converting, and how, depends on the SQL only: found once here
        # instead of on every run (Django asks each selected field again per query).
        selected = [column[0] for column in compiler.select[: compiler.col_count]] if sql else []
        self.converters = compiler.get_converters(selected)
        self.names = _value_names(queryset, compiler, selected) if sql else None

    def bind(self, values: dict[Slot, Any]) -> list[Any]:
        params = list(self.params)
        for index, (slot, convert) in self.slots.items():
            params[index] = convert(values[slot])
        return params

    def run(self, values: dict[Slot, Any], window: tuple[int, int] | None = None) -> list[Any]:
        """The rows for these values; `window` (limit, offset) reads one page of them."""
        if not self.sql:
            return []
        sql, params = self.sql, self.bind(values)
        if window is not None:
            sql, params = f"{sql} LIMIT %s OFFSET %s", [*params, *window]
        bound = tuple(params)
        if self.names is not None:
            return self._values(sql, bound)
        replay = copy.copy(self.compiler)
        replay.as_sql = lambda *args, **kwargs: (sql, bound)  # type: ignore[method-assign]
        converters = self.converters
        replay.get_converters = lambda _expressions: converters  # type: ignore[method-assign]
        queryset = self.queryset._chain()  # type: ignore[attr-defined]
        queryset.query.get_compiler = lambda *args, **kwargs: replay
        return list(queryset)

    def _values(self, sql: str, params: tuple[Any, ...]) -> list[Any]:
        """The rows of a `values()` query as Django's `ValuesIterable` gives them (one dict
        a row, the field converters applied), read straight from a cursor: no queryset is
        cloned and no row goes through the iterable's chunks."""
        compiler = self.compiler
        with compiler.connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows: Any = cursor.fetchall()
        if self.converters:
            rows = compiler.apply_converters(rows, self.converters)
        names = self.names
        return [dict(zip(names, row, strict=True)) for row in rows]  # type: ignore[arg-type]


def _value_names(
    queryset: QuerySet[Any], compiler: Any, selected: list[Any]
) -> tuple[str, ...] | None:
    """The keys of a `values()` query's rows, in the order of its columns, as Django's
    `ValuesIterable` names them; None for any other query, or one whose rows that iterable
    would reshape (extra columns for the ordering, composite fields), which is replayed
    through the queryset instead."""
    if queryset._iterable_class is not ValuesIterable:  # type: ignore[attr-defined]
        return None
    if compiler.has_extra_select or compiler.has_composite_fields(selected):
        return None
    query = queryset.query
    chosen: dict[str, Any] | None = getattr(query, "selected", None)
    if chosen:
        names = list(chosen)
    else:
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
    return tuple(names) if len(names) == compiler.col_count else None


class Prepared(Generic[M]):
    """A queryset built by `build(**params)` and compiled once per connection and shape.

    `params` names each value and its type: str, int, uuid.UUID or datetime.datetime, or a
    one-element list of one of these for a list of values (`orgs=[uuid.UUID]`, used with
    `__in`; the SQL is compiled once for each length met). `run(**values)` returns the rows
    as a list, exactly as `list(build(**values))` would.
    """

    def __init__(self, build: Callable[..., QuerySet[M]], **params: type | list[type]) -> None:
        self._build = build
        self._params = params
        # Per connection, per (counted, length of each list parameter).
        self._compiled: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], _Compiled]] = (
            weakref.WeakKeyDictionary()
        )

    def run(self, **values: Any) -> list[M]:
        compiled, flat = self._compiled_for(values, counted=False)
        return compiled.run(flat)

    def page(self, *, limit: int, offset: int = 0, **values: Any) -> list[M]:
        """`limit` rows from `offset`, as `list(build(**values)[offset:offset + limit])`.
        The builder's queryset must not be sliced or locked (the page is added after its SQL)."""
        compiled, flat = self._compiled_for(values, counted=False)
        query = compiled.queryset.query
        if query.is_sliced or query.select_for_update:
            raise PreparedError("a sliced or locked query cannot be paged")
        return compiled.run(flat, (int(limit), int(offset)))

    def count(self, **values: Any) -> int:
        """How many rows `run` would return, as `build(**values).count()` (for a sliced
        builder, a count that stops at the slice: `qs[:n].count()`)."""
        compiled, flat = self._compiled_for(values, counted=True)
        if not compiled.sql:
            return 0
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute(compiled.sql, compiled.bind(flat))
            row = cursor.fetchone()
        return int(row[0])

    def rows(self, **values: Any) -> PreparedRows[M]:
        """These values bound: sliced and counted like a queryset, for a paginator."""
        return PreparedRows(self, values)

    def _compiled_for(
        self, values: dict[str, Any], counted: bool
    ) -> tuple[_Compiled, dict[Slot, Any]]:
        if values.keys() != self._params.keys():
            raise TypeError(f"expected {sorted(self._params)}, got {sorted(values)}")
        flat: dict[Slot, Any] = {}
        for name, kind in self._params.items():
            if isinstance(kind, list):
                flat |= {(name, j): value for j, value in enumerate(values[name])}
            else:
                flat[(name, None)] = values[name]
        shape = tuple(
            len(values[name]) for name, kind in self._params.items() if isinstance(kind, list)
        )
        connection = connections[DEFAULT_DB_ALIAS]
        compiled = self._compiled.setdefault(connection, {}).get((counted, *shape))
        if compiled is None:
            compiled = self._compile(shape, connection, counted)
        return compiled, flat

    def _compile(self, shape: tuple[int, ...], connection: Any, counted: bool = False) -> _Compiled:
        markers: dict[Slot, Any] = {}
        arguments: dict[str, Any] = {}
        lengths = iter(shape)
        for name, kind in self._params.items():
            if isinstance(kind, list):
                items = [_marker(kind[0], len(markers) + j) for j in range(next(lengths))]
                markers |= {(name, j): item for j, item in enumerate(items)}
                arguments[name] = items
            else:
                arguments[name] = markers[(name, None)] = _marker(kind, len(markers))
        built = self._build(**arguments).using(DEFAULT_DB_ALIAS)
        if counted and not built.query.is_sliced:
            # A sliced query keeps its order: it decides which rows the slice counts.
            built = built.order_by()
        compiled = _Compiled(built, markers, connection, may_be_empty=0 in shape)
        if counted and compiled.sql:
            # Every row the list has, counted once: the same number as QuerySet.count().
            compiled.sql = f"SELECT COUNT(*) FROM ({compiled.sql}) prepared_count"  # noqa: S608
        self._compiled[connection][(counted, *shape)] = compiled
        return compiled

    def plain(self, **values: Any) -> QuerySet[M]:
        """The same query built the ordinary way (for tests and for rare paths)."""
        return self._build(**values)


class PreparedRows(Generic[M]):
    """A prepared query with its values bound, sliced and counted like a queryset: what
    Django's Paginator and `lib.api.take_page` need of a list (`count()` and
    `rows[start:stop]`), one page read by LIMIT and OFFSET."""

    def __init__(
        self,
        prepared: Prepared[M],
        values: dict[str, Any],
        *,
        walk: Callable[[], QuerySet[M]] | None = None,
    ) -> None:
        self.prepared = prepared
        self.values = values
        self._walk = walk
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = self.prepared.count(**self.values)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[M]:
        return iter(self.prepared.run(**self.values))

    @overload
    def __getitem__(self, window: int) -> M: ...

    @overload
    def __getitem__(self, window: slice) -> list[M]: ...

    def __getitem__(self, window: int | slice) -> M | list[M]:
        if isinstance(window, int):
            if window < 0:
                raise IndexError("negative indexing is not supported")
            found = self.prepared.page(limit=1, offset=window, **self.values)
            if not found:
                raise IndexError(window)
            return found[0]
        if window.step is not None:
            raise TypeError("prepared rows are read a page at a time")
        start = window.start or 0
        if window.stop is None or start < 0 or window.stop < start:
            raise TypeError("a page needs a start and a stop, in order")
        if window.stop == start:
            return []
        return self.prepared.page(limit=window.stop - start, offset=start, **self.values)

    def plain(self) -> QuerySet[M]:
        """The list as a queryset: `walk()` when given (a cursor walk may need another
        ordering than the page's), else the builder's own."""
        return self._walk() if self._walk is not None else self.prepared.plain(**self.values)
