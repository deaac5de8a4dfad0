from typing import Any

from django import template

from rangkul.safety.resources import crisis_resources as resources_for

register = template.Library()


@register.simple_tag
def crisis_resources(organisation: Any = None) -> list[dict[str, Any]]:
    """The crisis resources for an organisation, in the current language."""
    return [
        {
            "name": r.localised("name"),
            "contact": r.contact,
            "link": r.link,
            "hours": r.localised("hours"),
            "serves": r.localised("serves"),
            "last_verified": r.last_verified,
        }
        for r in resources_for(organisation)
    ]
