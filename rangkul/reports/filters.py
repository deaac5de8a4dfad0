"""The filters of a report page: a period and, optionally, one tier."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.lib.dates import check_day
from rangkul.reports.effectiveness import TIERS
from rangkul.reports.rollups import semester_start


@dataclass(frozen=True)
class Filters:
    since: date
    until: date  # inclusive
    tier: str = ""

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.since, time.min))

    @property
    def end(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.until + timedelta(days=1), time.min))

    @property
    def narrowed(self) -> bool:
        return bool(self.tier)

    def to_params(self) -> dict[str, str]:
        return {"from": self.since.isoformat(), "to": self.until.isoformat(), "tier": self.tier}


def default_filters() -> Filters:
    """The current school semester, to date."""
    today = timezone.localdate()
    return Filters(since=semester_start(today), until=today)


def parse_filters(params: Any) -> tuple[Filters, list[str]]:
    """Filters from a query string (or stored export params); bad values fall back to the
    defaults with a message saying so."""
    base = default_filters()
    errors: list[str] = []
    days: dict[str, date] = {"from": base.since, "to": base.until}
    for key in ("from", "to"):
        raw = (params.get(key) or "").strip()
        if not raw:
            continue
        try:
            value = date.fromisoformat(raw)
            check_day(value, field=key, years_back=10, years_ahead=1)
        except (ValueError, ValidationError):
            errors.append(_("The dates must be real days (YYYY-MM-DD) within the last ten years."))
            continue
        days[key] = value
    if days["from"] > days["to"]:
        errors.append(_("The period must start before it ends."))
        days = {"from": base.since, "to": base.until}
    tier = (params.get("tier") or "").strip()
    if tier and tier not in TIERS:
        errors.append(_("Choose one of the programmes listed."))
        tier = ""
    return Filters(since=days["from"], until=days["to"], tier=tier), sorted(set(errors))
