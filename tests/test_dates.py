"""Every date and time a person enters is bounded to a window that fits its field, checked
before anything is saved; pages survive any value already stored."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from rangkul.activities.models import Activity, ActivityStatus, TimeSlot
from rangkul.activities.tests.factories import ActivityFactory, make_case, take_part
from rangkul.lib.dates import check_birth_date
from rangkul.safety.models import CrisisResource, DutyShift
from rangkul.screenings.models import ScreeningCampaign

FAR = datetime(9999, 12, 31, 20, 0, tzinfo=UTC)
ANCIENT = datetime(1, 1, 1, 1, 0, tzinfo=UTC)


@pytest.fixture
def stored_far(school):
    """Rows written before the bounds existed (or by hand): year 9999 and year 1."""
    case = make_case(school.org, school.siswa_person, lead=school.konselor)
    for moment in (FAR, ANCIENT):
        take_part(
            ActivityFactory(
                organisation=school.org, facilitator=school.konselor, case=case,
                status=ActivityStatus.SCHEDULED, starts_at=moment, topic="Jauh",
            ),
            school.siswa_person,
        )  # fmt: skip
        TimeSlot.objects.create(
            organisation=school.org, counselor=school.konselor, starts_at=moment,
            duration_minutes=45, place="Ruang BK",
        )  # fmt: skip
    return case


def test_pages_survive_far_dates_already_stored(school, stored_far):
    staff, student = Client(), Client()
    staff.force_login(school.konselor)
    student.force_login(school.siswa)
    for url in (
        "/activities/",
        "/activities/agenda/",
        "/activities/agenda.ics",
        "/activities/slots/",
        f"/cases/{stored_far.pk}/",
        "/",
    ):
        assert staff.get(url).status_code == 200, url
    for activity in Activity.objects.all():
        assert staff.get(f"/activities/{activity.pk}/").status_code == 200
        assert staff.get(f"/activities/{activity.pk}/calendar.ics").status_code in (200, 404)
    for url in ("/", "/activities/my/", "/activities/book/", f"/cases/{stored_far.pk}/"):
        assert student.get(url).status_code == 200, url
    api = Client()
    api.force_login(school.konselor)
    assert api.get("/api/v1/activities").status_code == 200
    assert api.get("/api/v1/slots").status_code == 200


def _api(client: Client, method: str, path: str, body: dict):
    return client.generic(method, path, json.dumps(body), content_type="application/json")


CLASSROOM = {
    "kind": "classroom_guidance", "duration_minutes": 45, "topic": "Mengenal diri",
    "domain": "personal", "component": "basic",
}  # fmt: skip


@pytest.mark.parametrize(
    "moment",
    ["9999-12-31T23:59:00", "9999-12-31T23:59:00-12:00", "0001-01-01T00:00:00", "2150-01-01T08:00"],
)
def test_an_activity_far_from_today_is_refused_and_nothing_saved(school, moment):
    client = Client()
    client.force_login(school.konselor)
    body = {**CLASSROOM, "cohort_id": str(school.cohort.pk), "starts_at": moment}
    refused = _api(client, "POST", "/api/v1/activities", body)
    assert refused.status_code in (400, 422), refused.content
    assert refused.json()["detail"]
    form = {
        **CLASSROOM,
        "cohort": str(school.cohort.pk),
        "starts_at": moment[:16],
        "mode": "in_person",
    }
    page = client.post("/activities/new/classroom_guidance/", form)
    assert page.status_code == 400
    assert not Activity.objects.exists()


def test_a_slot_far_ahead_is_refused(school):
    client = Client()
    client.force_login(school.konselor)
    refused = _api(client, "POST", "/api/v1/slots", {"starts_at": "9999-12-31T08:00:00"})
    assert refused.status_code == 400
    assert refused.json()["detail"]
    refused = _api(client, "POST", "/api/v1/slots", {"starts_at": "2029-12-31T08:00:00"})
    assert refused.status_code == 400
    assert not TimeSlot.objects.exists()


def test_roster_weeks_at_the_ends_of_the_calendar(school):
    client = Client()
    client.force_login(school.koordinator)
    for week in ("9999-12-31", "0001-01-01", "2400-02-29"):
        assert client.get(f"/safety/roster/?week={week}").status_code == 200
        answer = client.get(f"/api/v1/safety/shifts?week={week}")
        assert answer.status_code == 400 and answer.json()["detail"]
        assert client.post("/safety/roster/copy/", {"week": week}).status_code == 302
        copied = _api(client, "POST", "/api/v1/safety/roster/copy-week", {"week": week})
        assert copied.status_code == 400
    shift = {
        "user_id": str(school.konselor.public_id),
        "starts_at": "9999-12-31T08:00:00",
        "ends_at": "9999-12-31T15:00:00",
    }
    assert _api(client, "POST", "/api/v1/safety/shifts", shift).status_code == 400
    assert not DutyShift.objects.exists()


def test_a_campaign_far_ahead_and_a_resource_verified_in_year_one_are_refused(school):
    from rangkul.screenings.tests.factories import enable

    enable(school, "phqa")
    client = Client()
    client.force_login(school.koordinator)
    campaign = {
        "instrument": "phqa", "opens_on": "9999-12-01", "closes_on": "9999-12-31",
        "cohort": str(school.cohort.pk),
    }  # fmt: skip
    assert _api(client, "POST", "/api/v1/campaigns", campaign).status_code == 400
    assert not ScreeningCampaign.objects.exists()
    resource = {
        "name": "Puskesmas", "contact": "022 1", "serves": "semua", "hours": "24 jam",
        "last_verified": "0001-01-01",
    }  # fmt: skip
    assert _api(client, "POST", "/api/v1/safety/resources", resource).status_code == 400
    assert not CrisisResource.objects.exists()


def test_bounds_in_the_date_helpers():
    today = timezone.localdate()
    check_birth_date(today - timedelta(days=365 * 15))
    for bad in (today + timedelta(days=1), date(1900, 1, 1), date(1, 1, 1)):
        with pytest.raises(ValidationError):
            check_birth_date(bad)
