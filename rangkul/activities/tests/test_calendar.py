from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
from django.test import Client
from django.utils import translation

from rangkul.activities import ics, services
from rangkul.activities.tests.conftest import tomorrow_at
from rangkul.activities.tests.factories import TimeSlotFactory


def parse(body: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(body).walk("VEVENT"))


def test_an_appointment_exports_in_the_schools_time_zone_with_a_neutral_title(
    school, counseling_case, client: Client
):
    school.org.time_zone = "Asia/Jayapura"
    school.org.save()
    slot = TimeSlotFactory(
        organisation=school.org,
        counselor=school.konselor,
        starts_at=tomorrow_at(9, "Asia/Jayapura"),
        place="Ruang BK lantai 2",
    )
    activity = services.book_slot(by=school.siswa, slot=slot)

    client.force_login(school.siswa)
    response = client.get(f"/activities/{activity.pk}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content
    [event] = parse(body)
    start = event.decoded("dtstart")
    assert start.tzinfo == ZoneInfo("Asia/Jayapura")
    assert (start.hour, start.minute) == (9, 0)
    assert start.utcoffset().total_seconds() == 9 * 3600
    assert event.decoded("dtend") - start == slot.ends_at - slot.starts_at
    assert str(event["summary"]) == "Janji temu"
    assert str(event["uid"]) == f"{activity.pk}@rangkul"
    assert b"BEGIN:VTIMEZONE" in body and b"TZID:Asia/Jayapura" in body
    # Nothing that identifies anyone, the topic or the place.
    text = body.decode()
    for secret in (
        school.siswa_person.full_name,
        school.konselor.last_name,
        "Ruang BK",
        str(counseling_case.pk),
    ):
        assert secret not in text


def test_the_uid_is_stable_and_a_cancellation_updates_the_same_event(school, appointment):
    first = parse(ics.calendar_for([appointment]))[0]
    services.cancel_activity(by=school.konselor, activity=appointment)
    appointment.refresh_from_db()
    second = parse(ics.calendar_for([appointment]))[0]
    assert first["uid"] == second["uid"]
    assert str(second["status"]) == "CANCELLED" and second["sequence"] > first["sequence"]


def test_the_title_follows_the_language(appointment):
    with translation.override("en"):
        [event] = parse(ics.calendar_for([appointment]))
    assert str(event["summary"]) == "Appointment"


def test_an_organisation_chooses_its_own_neutral_title(school, appointment):
    school.org.calendar_title = "Kegiatan sekolah"
    school.org.save()
    appointment.refresh_from_db()
    [event] = parse(ics.calendar_for([appointment]))
    assert str(event["summary"]) == "Kegiatan sekolah"


def test_the_counselors_agenda_feed_holds_their_appointments(
    school, appointment, classroom, client: Client
):
    client.force_login(school.konselor)
    events = parse(client.get("/activities/agenda.ics").content)
    assert {str(e["uid"]) for e in events} == {
        f"{appointment.pk}@rangkul",
        f"{classroom.pk}@rangkul",
    }
    assert {str(e["summary"]) for e in events} == {"Janji temu"}
    start = next(e for e in events if str(e["uid"]).startswith(str(appointment.pk))).decoded(
        "dtstart"
    )
    assert start == appointment.starts_at
    assert isinstance(start, datetime)


def test_students_have_no_agenda_feed(school, client: Client):
    client.force_login(school.siswa)
    assert client.get("/activities/agenda.ics").status_code == 404
