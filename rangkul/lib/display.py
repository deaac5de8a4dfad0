"""Values a list shows in every row, written in Python instead of per row in the template.

On the busiest pages a row's `{{ moment|date:"j M H:i" }}` and `{% url 'name' pk %}` cost
more CPU than everything else in the row: the filter builds a `DateFormat` and looks its
format up through the localisation machinery, and the tag resolves its view again. These
helpers give the same text: `short_moment` and `short_day` are the date filter's "j M H:i" and
"j M" in the current time zone and language (Django's own month abbreviations, so the
catalogues are unchanged), and `url_for` reverses a route once with a placeholder and then
writes each row's URL by putting the key in its place.
"""

import functools
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.forms import BaseForm
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.translation import get_language

# Stands for a row's key while its route is reversed once; plain letters, so reverse() leaves
# it as it is.
_KEY = "rowkeyplaceholder"


def _local(value: datetime | date) -> datetime | date:
    # As the date filter (expects_localtime): an aware moment is shown in the current zone.
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@functools.cache
def _months_in(language: str | None) -> tuple[str, ...]:
    # The date filter's "M" for each month in `language` (the active one when called),
    # translated once: a row would otherwise look its month up in the catalogue again.
    return ("", *(str(MONTHS_3[month]).title() for month in range(1, 13)))


def _month(month: int) -> str:
    return _months_in(get_language())[month]


def short_day(value: datetime | date | None) -> str:
    """`{{ value|date:"j M" }}`: "3 Des"."""
    if value is None:
        return ""
    shown = _local(value)
    return f"{shown.day} {_month(shown.month)}"


def short_moment(value: datetime | None) -> str:
    """`{{ value|date:"j M H:i" }}`: "3 Des 09:05"."""
    if value is None:
        return ""
    shown = _local(value)
    assert isinstance(shown, datetime)
    return f"{shown.day} {_month(shown.month)} {shown.hour:02d}:{shown.minute:02d}"


def url_for(name: str) -> Callable[[Any], str]:
    """`{% url name key %}` for many keys: the route reversed once. Only for routes whose one
    argument is a `str` converter and keys that need no quoting (UUIDs, numbers)."""
    before, after = reverse(name, args=[_KEY]).split(_KEY)
    return lambda key: f"{before}{key}{after}"


class RenderedForm:
    """What a page's template reads of an unbound form (`as_div`, `non_field_errors`), its
    HTML rendered once: see `rendered_form`."""

    __slots__ = ("html",)

    def __init__(self, html: str) -> None:
        self.html = html

    def as_div(self) -> str:
        return self.html

    def non_field_errors(self) -> str:
        return ""


# Rendered unbound forms, per form class, language and what else the caller says the HTML
# depends on (choices, initial values). Bounded: the variants are few, but not counted.
_FORMS: dict[tuple[Any, ...], RenderedForm] = {}
_FORMS_KEPT = 512


def rendered_form(
    form_class: type[BaseForm], *key: Any, build: Callable[[], BaseForm] | None = None
) -> RenderedForm:
    """An unbound form of `form_class` rendered by Django's form templates once (per
    language and `key`), then its HTML reused.

    `build()` makes the form (by default `form_class()`); `key` names everything else its
    HTML depends on: choices and initial values, never text a person wrote (the cache lives
    as long as the process). A form bound to data, or shown with its errors, is rendered as
    usual by passing the form itself to the template."""
    full = (get_language(), form_class, *key)
    found = _FORMS.get(full)
    if found is None:
        form = build() if build is not None else form_class()
        if form.is_bound or type(form) is not form_class:
            raise ValueError("only an unbound form of the class named is rendered once")
        if len(_FORMS) >= _FORMS_KEPT:
            _FORMS.clear()
        found = _FORMS[full] = RenderedForm(form.as_div())
    return found


def full_moment(value: datetime | None) -> str:
    """`{{ value|date:"j M Y H:i" }}`: "3 Des 2026 09:05"."""
    if value is None:
        return ""
    shown = _local(value)
    assert isinstance(shown, datetime)
    month = _month(shown.month)
    return f"{shown.day} {month} {shown.year:04d} {shown.hour:02d}:{shown.minute:02d}"
