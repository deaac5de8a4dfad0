"""API response shapes and the one paginator shared by every router (ninja and Django only)."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
from typing import Annotated, Any

from django.core.paginator import Page as DjangoPage
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import PaginationBase
from pydantic import BaseModel, BeforeValidator, PlainSerializer, WithJsonSchema

from rangkul.lib.keyset import NOT_WALKABLE, InvalidCursor, keyed_order, keyset_page, order_of
from rangkul.lib.prepared import PreparedRows


class Error(BaseModel):
    detail: str


class FieldError(BaseModel):
    field: str
    message: str


class ValidationErrorOut(BaseModel):
    detail: str
    errors: list[FieldError]


# --- Field types ----------------------------------------------------------------------------

_CLOCK = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")


def _parse_clock(value: Any) -> Any:
    if isinstance(value, time):
        return value
    match = _CLOCK.match(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError("a time of day as HH:MM")
    return time(int(match[1]), int(match[2]))


# A time of day on the organisation's clock, "07:00": answered and accepted in one form,
# documented as a pattern (OpenAPI's "time" format demands a UTC offset, which a duty hour
# on the school's clock does not have).
ClockTime = Annotated[
    time,
    BeforeValidator(_parse_clock),
    PlainSerializer(lambda value: value.strftime("%H:%M"), return_type=str),
    WithJsonSchema(
        {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$", "example": "07:00"}
    ),
]


ERRORS: dict[int, type[BaseModel]] = {
    400: Error,
    401: Error,
    403: Error,
    404: Error,
    422: ValidationErrorOut,
}


# --- The one paginator ------------------------------------------------------------------------
# Two modes on every list: `limit` + `offset` (pages a person clicks through), answered as
# {"items", "count"}; and a cursor (keyset) for long histories, where an offset would grow
# without bound: `?cursor=` (empty) starts at the beginning and each answer carries
# `next_cursor` while more rows follow. Limits are bounded: a limit past MAX_LIMIT or an
# offset past MAX_OFFSET is a 422 with the field named, never a server error.

MAX_LIMIT = 100
MAX_OFFSET = 10_000


@dataclass
class Listing:
    """A scoped list and what happens to the page actually shown (its audit event). The
    query function that builds it is the one place a kind of record's list is audited:
    the API pages it with `Pagination`, a page view with `page_of`, and either leaves
    one event for the rows shown."""

    queryset: QuerySet[Any]
    on_page: Callable[[list[Any]], object] | None = None

    def shown(self, rows: list[Any]) -> list[Any]:
        if self.on_page is not None:
            self.on_page(rows)
        return rows


@dataclass
class PreparedListing:
    """A `Listing` read by a prepared query (lib/prepared.py): paged and counted with the
    request's values swapped into SQL compiled once, no queryset built."""

    rows: PreparedRows[Any]
    on_page: Callable[[list[Any]], object] | None = None

    def shown(self, rows: list[Any]) -> list[Any]:
        if self.on_page is not None:
            self.on_page(rows)
        return rows


def page_of(listing: Listing | PreparedListing, number: Any, per_page: int = 25) -> DjangoPage:
    """One page of a listing for an HTML page (`?page=`), audited like the API's."""
    source = listing.rows if isinstance(listing, PreparedListing) else listing.queryset
    page = Paginator(source, per_page).get_page(number)
    page.object_list = listing.shown(list(page.object_list))
    return page


@dataclass
class Page:
    items: list[Any]
    count: int
    next_cursor: str | None


def take_page(
    qs: QuerySet[Any] | PreparedRows[Any] | list[Any],
    *,
    limit: int,
    offset: int = 0,
    cursor: str | None = None,
) -> Page:
    """One page of an already scoped, ordered queryset: by offset, or after `cursor`
    (None: offset mode; "": cursor mode from the start). A list already built in Python
    pages by offset only. A prepared list must be ordered down to its primary key (as
    this function orders a queryset's page); a cursor walks its plain queryset."""
    limit = max(1, min(limit, MAX_LIMIT))
    if isinstance(qs, PreparedRows):
        if cursor is None:
            return Page(qs[offset : offset + limit], qs.count(), None)
        qs = qs.plain()
    if isinstance(qs, list):
        if cursor is not None:
            raise HttpError(400, str(NOT_WALKABLE))
        return Page(qs[offset : offset + limit], len(qs), None)
    if cursor is not None:
        if keyed_order(qs) is None:
            raise HttpError(400, str(NOT_WALKABLE))
        count = qs.count()
        try:
            rows, next_cursor = keyset_page(qs, limit=limit, cursor=cursor)
        except InvalidCursor as exc:
            raise HttpError(400, str(exc)) from exc
        return Page(rows, count, next_cursor)
    order = order_of(qs)
    keyed = keyed_order(qs)
    pk_order = "-pk" if keyed is not None and keyed[1] else "pk"
    count = qs.count()
    qs = qs.order_by(*order, pk_order) if order else qs.order_by(pk_order)
    rows = list(qs[offset : offset + limit + 1])
    return Page(rows[:limit], count, None)


class PageOut(BaseModel):
    """The frame of every list answer; `next_cursor` only while a cursor walk goes on."""

    count: int
    next_cursor: str | None = Field(
        None,
        exclude_if=lambda value: value is None,
        description="Only in cursor mode, while more rows follow: pass it as `cursor`.",
    )


def page_body(page: Page, items: list[Any]) -> dict[str, Any]:
    return {"items": items, "count": page.count, "next_cursor": page.next_cursor}


class PageIn(Schema):
    """The paging query parameters, for routers that build their page by hand."""

    limit: int = Field(MAX_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    cursor: str | None = Field(None, max_length=200)


class Pagination(PaginationBase):
    """The paginator of every API list (`@paginate(Pagination)`)."""

    Input = PageIn  # type: ignore[assignment]

    class Output(PageOut):
        items: list[Any]

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        listing = queryset if isinstance(queryset, Listing) else Listing(queryset)
        page = take_page(
            listing.queryset,
            limit=pagination.limit,
            offset=pagination.offset,
            cursor=pagination.cursor,
        )
        listing.shown(page.items)
        return {"items": page.items, "count": page.count, "next_cursor": page.next_cursor}
