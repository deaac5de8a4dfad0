"""The neutral calendar title: set per organisation by the coordinator or the administrator
on the settings page (and the API), validated, audited, and carried by every calendar entry."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from rangkul.accounts.models import Organisation
from rangkul.activities import services as activity_services
from rangkul.activities.services.activities import ActivityData
from rangkul.audit.models import AuditEvent

BODY = {
    "duty_days": ["0", "1", "2", "3", "4"],
    "duty_start": "07:00",
    "duty_end": "15:00",
    "ack_minutes_urgent": "15",
    "ack_minutes_concern": "240",
}


def _summaries(client: Client) -> set[str]:
    calendar = Calendar.from_ical(client.get("/activities/agenda.ics").content)
    return {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}


def test_the_coordinator_sets_the_title_on_the_settings_page(school, client: Client):
    activity_services.log_activity(
        by=school.konselor,
        organisation=school.org,
        data=ActivityData(
            kind="consultation",
            starts_at=timezone.now() + timedelta(days=1),
            consultee="Bu Sari",
        ),
    )
    client.force_login(school.koordinator)
    page = client.get("/safety/settings/").content.decode()
    assert 'name="calendar_title"' in page
    saved = client.post("/safety/settings/", {**BODY, "calendar_title": "  Rapat   kelas "})
    assert saved.status_code == 302
    assert Organisation.objects.get(pk=school.org.pk).calendar_title == "Rapat kelas"
    event = AuditEvent.objects.get(verb="organisation.calendar_title_changed")
    assert event.actor == school.koordinator and event.organisation_id == school.org.pk
    counselor = Client()
    counselor.force_login(school.konselor)
    assert _summaries(counselor) == {"Rapat kelas"}
    # Emptied: the default neutral title again.
    assert client.post("/safety/settings/", {**BODY, "calendar_title": ""}).status_code == 302
    assert _summaries(counselor) == {"Janji temu"}


def test_a_title_that_says_what_it_is_about_is_refused_and_nothing_saved(school, client: Client):
    client.force_login(school.admin)
    for title in ("Konseling BK", "Sesi curhat", "x" * 61):
        refused = client.post(
            "/safety/settings/",
            {**BODY, "calendar_title": title, "ack_minutes_urgent": "10"},
            HTTP_ACCEPT_LANGUAGE="id",
        )
        assert refused.status_code == 400, title
        assert "judul kalender" in refused.content.decode().lower(), title
    assert Organisation.objects.get(pk=school.org.pk).calendar_title == ""
    assert not AuditEvent.objects.filter(verb="organisation.calendar_title_changed").exists()
    assert not AuditEvent.objects.filter(verb="safety.settings_changed").exists()


def test_only_the_coordinator_or_administrator_sets_it(school, client: Client):
    client.force_login(school.konselor)
    client.post("/safety/settings/", {**BODY, "calendar_title": "Pertemuan"})
    answer = client.put(
        "/api/v1/safety/settings",
        {"calendar_title": "Pertemuan"},
        content_type="application/json",
    )
    assert answer.status_code == 403
    assert Organisation.objects.get(pk=school.org.pk).calendar_title == ""


def test_the_api_reads_and_sets_the_title(school, client: Client):
    client.force_login(school.koordinator)
    assert client.get("/api/v1/safety/settings").json()["calendar_title"] == ""
    answer = client.put(
        "/api/v1/safety/settings", {"calendar_title": "Pertemuan"}, content_type="application/json"
    )
    assert answer.status_code == 200 and answer.json()["calendar_title"] == "Pertemuan"
    bad = client.put(
        "/api/v1/safety/settings", {"calendar_title": "Terapi"}, content_type="application/json"
    )
    assert bad.status_code in (400, 422) and bad.json()["detail"]
    assert Organisation.objects.get(pk=school.org.pk).calendar_title == "Pertemuan"
