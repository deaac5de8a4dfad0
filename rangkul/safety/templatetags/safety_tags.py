from typing import Any

from django import template

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
