"""Home page tiles of this app, per role (see rangkul/lib/tiles.py)."""

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rangkul.activities import permissions, queries
from rangkul.lib.tiles import Tile, TileFn


def agenda_tile(user: Any, org: Any) -> Tile | None:
    """Today's agenda on the organisation's clock, and what the week still holds."""
    if not permissions.can_log_anything(user, org.id):
        return None
    days = queries.agenda_days(user, org.id, timezone.localdate(), 8)
    today = [a for a in days[0][1] if a.status != "cancelled"]
    coming = sum(1 for _day, items in days[1:] for a in items if a.status == "scheduled")
    free = (
        queries.my_slots(user, org.id)
        .filter(booked_activity__isnull=True, starts_at__lt=timezone.now() + timedelta(days=8))
        .count()
    )
    return Tile(
        "agenda",
        _("Today's agenda"),
        "activities/tiles/agenda.html",
        {"today": today, "coming": coming, "free_slots": free},
        reverse("agenda"),
    )


def my_appointments_tile(user: Any, org: Any) -> Tile | None:
    if not permissions.can_book_slots(user, org.id):
        return None
    upcoming = list(queries.my_appointments(user, org.id)[:3])
    return Tile(
        "my_appointments",
        _("My appointments"),
        "activities/tiles/my_appointments.html",
        {"upcoming": upcoming},
        reverse("my_appointments"),
    )


def peer_meetings_tile(user: Any, org: Any) -> Tile | None:
    if not permissions.can_log_anything(user, org.id):
        return None
    since = timezone.now() - timedelta(days=30)
    return Tile(
        "peer_meetings",
        _("My peer meetings"),
        "activities/tiles/peer_meetings.html",
        {"count": queries.peer_meetings_count(user, org.id, since)},
        reverse("activities"),
    )


def pulse_tile(user: Any, org: Any) -> Tile | None:
    """The student's pulse after a peer meeting, until they answer it."""
    waiting = queries.pending_pulses(user, org.id).first()
    if waiting is None:
        return None
    return Tile(
        "contact_pulse",
        _("How was your talk?"),
        "activities/tiles/pulse.html",
        {"pulse": waiting},
        reverse("pulse", args=[waiting.pk]),
    )


TILES: dict[str, list[TileFn]] = {
    "counselor": [agenda_tile],
    "coordinator": [agenda_tile],
    "field_worker": [agenda_tile],
    "peer_supporter": [peer_meetings_tile],
    "student": [pulse_tile, my_appointments_tile],
}
