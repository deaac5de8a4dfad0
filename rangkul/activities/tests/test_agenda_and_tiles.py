from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from rangkul.activities import queries
from rangkul.activities.models import GROUP_KINDS, ActivityStatus, Kind
from rangkul.activities.tests.factories import ActivityFactory, take_part


def test_the_agenda_follows_the_organisations_clock(school, other_student):
    """Just after midnight in Papua (WIT) it is still yesterday in Jakarta."""
    school.org.time_zone = "Asia/Jayapura"
    school.org.save()
    wit = ZoneInfo("Asia/Jayapura")
    with time_machine.travel(datetime(2026, 3, 10, 7, 0, tzinfo=wit)):
        early = ActivityFactory(
            organisation=school.org,
            facilitator=school.konselor,
            status=ActivityStatus.SCHEDULED,
            starts_at=datetime(2026, 3, 10, 0, 30, tzinfo=wit),
        )
        today = queries.agenda(school.konselor, datetime(2026, 3, 10).date(), tz=wit)
        assert list(today) == [early]
        jakarta = ZoneInfo("Asia/Jakarta")
        assert not queries.agenda(school.konselor, datetime(2026, 3, 10).date(), tz=jakarta)


def test_the_agenda_page_shows_today_and_the_coming_week(school, appointment, client: Client):
    far = ActivityFactory(
        organisation=school.org,
        facilitator=school.konselor,
        status=ActivityStatus.SCHEDULED,
        starts_at=timezone.now() + timedelta(days=20),
        topic="Jauh",
    )
    client.force_login(school.konselor)
    page = client.get("/activities/agenda/").content.decode()
    assert f"/activities/{appointment.pk}/" in page
    assert f"/activities/{far.pk}/" not in page
    assert "Hari ini" in page


def test_the_counselors_home_shows_todays_agenda(school, other_student, client: Client):
    now = timezone.localtime()
    later_today = datetime.combine(now.date(), time(23, 0), tzinfo=now.tzinfo)
    session = take_part(
        ActivityFactory(
            organisation=school.org,
            facilitator=school.konselor,
            status=ActivityStatus.SCHEDULED,
            starts_at=later_today,
        ),
        other_student,
    )
    client.force_login(school.konselor)
    page = client.get("/").content.decode()
    assert 'data-tile="agenda"' in page
    assert f"/activities/{session.pk}/" in page
    assert "23:00" in page


def test_the_students_home_shows_their_upcoming_appointments(school, appointment, client: Client):
    client.force_login(school.siswa)
    page = client.get("/").content.decode()
    assert 'data-tile="my_appointments"' in page
    assert f"/activities/{appointment.pk}/" in page
    assert "Cemas" not in page
    assert 'data-testid="quick-exit"' in client.get("/activities/my/").content.decode()
    assert 'data-testid="quick-exit"' in client.get("/activities/book/").content.decode()
    assert (
        'data-testid="quick-exit"' in client.get(f"/activities/{appointment.pk}/").content.decode()
    )


def test_the_peer_supporters_home_counts_their_meetings(school, peer_meeting, client: Client):
    client.force_login(school.sebaya)
    page = client.get("/").content.decode()
    assert 'data-tile="peer_meetings"' in page


def test_a_student_opening_activities_lands_on_their_appointments(school, client: Client):
    client.force_login(school.siswa)
    response = client.get("/activities/")
    assert response.status_code == 302 and response["Location"] == "/activities/my/"


@pytest.mark.parametrize("kind", [k for k in Kind.values if k != Kind.PEER_MEETING])
def test_every_kind_has_a_form_page(school, kind, client: Client):
    client.force_login(school.konselor)
    page = client.get(f"/activities/new/{kind}/")
    assert page.status_code == 200
    assert 'name="starts_at"' in page.content.decode() or kind in GROUP_KINDS


def test_a_peer_supporter_is_offered_only_peer_meetings(school, peer_case, client: Client):
    client.force_login(school.sebaya)
    page = client.get("/activities/new/").content.decode()
    assert "/activities/new/peer_meeting/" in page
    assert "/activities/new/individual_counseling/" not in page
    form = client.get("/activities/new/peer_meeting/").content.decode()
    assert "Bintang Biru" in form and "Siswa Satu" not in form
    assert client.get("/activities/new/individual_counseling/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/activities/",
        "/activities/agenda/",
        "/activities/slots/",
        "/activities/schedule/",
        "/activities/groups/",
        "/activities/groups/new/",
        "/activities/new/",
    ],
)
def test_the_workers_pages_open(school, appointment, classroom, group, path, client: Client):
    client.force_login(school.konselor)
    assert client.get(path).status_code == 200
    client.force_login(school.siswa)
    assert client.get(path).status_code in (302, 404)
