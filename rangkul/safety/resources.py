"""Crisis resources as data: national defaults from a versioned file. Organisations'
local numbers are added on top by the safety settings (see docs/decisions)."""

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import get_language

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


def crisis_resources(organisation: Any = None) -> list[Resource]:
    """The resources to show, national ones first."""
    return list(national_resources())
