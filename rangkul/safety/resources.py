"""Crisis resources as data: national defaults from a versioned file, plus each
organisation's local numbers (CrisisResource rows its coordinator keeps). Never written
into templates or translation files."""

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import get_language

from rangkul.safety.models import CrisisResource

DATA = Path(__file__).resolve().parent / "data" / "crisis_resources.yaml"


@dataclass(frozen=True)
class Resource:
    code: str
    name: dict[str, str]
    contact: str
    link: str
    hours: dict[str, str]
    serves: dict[str, str]
    last_verified: date
    # Answers at any hour: shown first to someone in danger.
    always_open: bool = False
    local: bool = False

    def localised(self, field: str, lang: str | None = None) -> str:
        values: dict[str, str] = getattr(self, field)
        lang = (lang or get_language() or "id")[:2]
        return values.get(lang) or values.get("id") or next(iter(values.values()))


@cache
def national_resources() -> tuple[Resource, ...]:
    raw: Any = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    try:
        return tuple(Resource(**item) for item in raw["resources"])
    except (KeyError, TypeError) as exc:
        raise ValueError(f"{DATA.name}: malformed crisis resource entry: {exc}") from exc


def _local(row: CrisisResource) -> Resource:
    # Local entries are written once, in the organisation's own words, for every language.
    return Resource(
        code=f"org.{row.pk}",
        name={"id": row.name},
        contact=row.contact,
        link=row.link,
        hours={"id": row.hours},
        serves={"id": row.serves},
        last_verified=row.last_verified,
        always_open=row.always_open,
        local=True,
    )


def crisis_resources(organisation: Any = None) -> list[Resource]:
    """The resources to show: those open at any hour first, then the rest; within each,
    national ones before the organisation's local ones, each in its listed order."""
    found = list(national_resources())
    if organisation is not None:
        rows = CrisisResource.objects.filter(
            organisation_id=getattr(organisation, "pk", organisation), active=True
        ).order_by("name")
        found.extend(_local(row) for row in rows)
    return sorted(found, key=lambda r: not r.always_open)
