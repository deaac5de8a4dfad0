"""iCalendar files for appointments and a worker's agenda.

Phones are shared: every event has the organisation's neutral title ("Janji temu" unless
it chose another) and carries no name, topic,
place or case; only the time, a stable UID and a link that needs a login. Times are
written on the organisation's clock (TZID with its VTIMEZONE), which calendar apps import
correctly.
"""

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from rangkul.activities.models import Activity, ActivityStatus

PRODID = "-//Rangkul//Rangkul//ID"


def uid_of(activity: Activity) -> str:
    return f"{activity.pk}@rangkul"


def _event(activity: Activity, stamp: object) -> Event:
    zone = activity.organisation.zone
    event = Event()
    event.add("uid", uid_of(activity))
    event.add("dtstamp", stamp)
    event.add("summary", activity.organisation.neutral_calendar_title())
    event.add("dtstart", activity.starts_at.astimezone(zone))
    event.add("dtend", activity.ends_at.astimezone(zone))
    cancelled = activity.status == ActivityStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    # A cancellation is a newer version of the same event.
    event.add("sequence", 1 if cancelled else 0)
    event.add("url", settings.SITE_URL.rstrip("/") + reverse("activity", args=[activity.pk]))
    return event


def calendar_for(activities: Iterable[Activity]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Rangkul")
    stamp = timezone.now()
    for activity in activities:
        calendar.add_component(_event(activity, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()
