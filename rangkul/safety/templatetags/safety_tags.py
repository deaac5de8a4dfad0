from typing import Any

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from rangkul.safety.resources import crisis_resources as resources_for
from rangkul.safety.roster import response_promise as promise_for

register = template.Library()


@register.simple_tag
def crisis_resources(organisation: Any = None) -> list[dict[str, Any]]:
    """The crisis resources for an organisation, in the current language: those open at
    any hour first, national before local."""
    return [
        {
            "name": r.localised("name"),
            "contact": r.contact,
            "link": r.link,
            "hours": r.localised("hours"),
            "serves": r.localised("serves"),
            "last_verified": r.last_verified,
            "always_open": r.always_open,
            "local": r.local,
        }
        for r in resources_for(organisation)
    ]


@register.simple_tag
def response_promise(organisation: Any = None) -> dict[str, Any] | None:
    """When a person will respond (see roster.response_promise); None without an
    organisation."""
    return promise_for(organisation) if organisation is not None else None


@register.filter
def highlight(text: str, spans: Any) -> str:
    """The text with the detector's matched words marked (spans are [start, end] offsets
    into it, possibly overlapping). Everything else is escaped."""
    text = text or ""
    merged: list[list[int]] = []
    for start, end in sorted(
        (int(s), int(e)) for s, e in (spans or []) if 0 <= int(s) < int(e) <= len(text)
    ):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts: list[str] = []
    cursor = 0
    for start, end in merged:
        parts.append(escape(text[cursor:start]))
        parts.append(format_html('<mark data-testid="matched">{}</mark>', text[start:end]))
        cursor = end
    parts.append(escape(text[cursor:]))
    return mark_safe(linebreaksbr("".join(parts), autoescape=False))  # noqa: S308 - escaped above
