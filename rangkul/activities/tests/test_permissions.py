"""Permission matrix for activities, appointments, time slots and groups.

Every persona × every action, across two schools and a community organisation. The
predicate, the scoped queryset, the HTML page and the API must all agree; what a persona
may not see is a 404. "appointment" means the limited view of one's own appointment.
"""

import pytest
from django.test import Client

from conftest import PERSONAS
from rangkul.activities import permissions, queries
from rangkul.activities.models import Activity
from rangkul.activities.tests.factories import ActivityFactory

FULL, APPT = "full", "appointment"

# Who sees what of each activity of school 1 (and of the community post).
MATRIX = {
    # A scheduled session of the counselor's case with the student.
    "appointment": {"konselor": FULL, "koordinator": FULL, "siswa": APPT},
    # Classroom guidance without a case: every worker of the school.
    "classroom": {"konselor": FULL, "koordinator": FULL},
    # The peer supporter's meeting on their peer case.
    "peer_meeting": {"sebaya": FULL, "koordinator": FULL, "siswa": APPT},
    # A counselor's session without a case: the counselor and the coordinator only.
    "private_session": {"konselor": FULL, "koordinator": FULL},
    # A field worker's psychological first aid contact at the community post.
    "pfa": {"relawan": FULL},
    # A family meeting without a case: its facilitator and the coordinator only; the
    # student taking part does not see it as an appointment.
    "family_meeting": {"konselor": FULL, "koordinator": FULL},
    # School coordination is planned together: every worker of the school.
    "school_coordination": {"konselor": FULL, "koordinator": FULL},
}


def _check_activity(user, activity: Activity, expected: str | None, client: Client) -> None:
    assert permissions.activity_access(user, activity) == expected
    listed = queries.visible_activities(user).filter(pk=activity.pk).first()
    assert (listed is not None) is (expected is not None)
    if listed is not None:
        assert listed.full_access is (expected == FULL)

    client.force_login(user)
    page = client.get(f"/activities/{activity.pk}/")
    assert page.status_code == (200 if expected else 404)
    api = client.get(f"/api/v1/activities/{activity.pk}")
    assert api.status_code == (200 if expected else 404)
    if expected:
        assert api.json()["full_access"] is (expected == FULL)
    items = client.get("/api/v1/activities?limit=100").json()["items"]
    assert (str(activity.pk) in {i["id"] for i in items}) is (expected is not None)
    ics = client.get(f"/activities/{activity.pk}/calendar.ics")
    assert ics.status_code == (200 if expected else 404)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_activity_matrix(name, persona, personas, request, client: Client):
    activity = request.getfixturevalue(name)
    _check_activity(personas[persona], activity, MATRIX[name].get(persona), client)


def test_a_student_sees_no_topic_of_their_own_appointment(school, appointment, client: Client):
    client.force_login(school.siswa)
    page = client.get(f"/activities/{appointment.pk}/").content.decode()
    assert "Ruang BK" in page and school.konselor.display_name() in page
    assert "Cemas" not in page
    body = client.get(f"/api/v1/activities/{appointment.pk}").json()
    assert body["topic"] is None and body["case_id"] is None and body["participants"] is None
    assert body["place"] == "Ruang BK"


def test_another_counselor_does_not_see_a_colleagues_case_session(
    appointment, private_session, konselor_lain, client: Client
):
    for activity in (appointment, private_session):
        _check_activity(konselor_lain, activity, None, client)


def test_a_counselor_added_to_the_case_team_sees_its_sessions(
    appointment, counseling_case, konselor_lain, client: Client
):
    counseling_case.team.add(konselor_lain)
    _check_activity(konselor_lain, appointment, FULL, client)


def test_a_malformed_or_unknown_id_is_a_plain_404(school, client: Client):
    client.force_login(school.konselor)
    assert client.get("/activities/not-a-uuid/").status_code == 404
    assert client.get("/activities/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/api/v1/activities/not-a-uuid").json() == {"detail": "Tidak ditemukan."}


# --- Logging an activity in school 1 --------------------------------------------------------

# Members of school 1 who may not log get 403; outsiders do not see the school at all (404).
LOG = {"konselor": 201, "koordinator": 201}
LOG_REFUSED = {"siswa": 403, "sebaya": 403, "walikelas": 403, "kepsek": 403, "admin": 403}


@pytest.mark.parametrize("persona", PERSONAS)
def test_log_activity_matrix(persona, personas, school, client: Client):
    client.force_login(personas[persona])
    body = {
        "organisation_id": str(school.org.pk),
        "kind": "classroom_guidance",
        "starts_at": "2026-01-05T08:00:00+07:00",
        "duration_minutes": 90,
        "cohort_id": str(school.cohort.pk),
        "topic": "Mengenal diri",
        "domain": "personal",
        "component": "basic",
    }
    response = client.post("/api/v1/activities", body, content_type="application/json")
    expected = LOG.get(persona) or LOG_REFUSED.get(persona) or 404
    assert response.status_code == expected, response.content
    assert Activity.objects.exists() is (expected == 201)

    # The form page is for workers, in their own organisation; a community organisation
    # is not offered school-only kinds such as classroom guidance.
    page = client.get("/activities/new/classroom_guidance/")
    workers = {*LOG, "outsider"}
    assert page.status_code == (200 if persona in workers else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_peer_meeting_matrix(persona, personas, school, peer_case, client: Client):
    """Only the peer supporter of the case logs a peer meeting on it."""
    user = personas[persona]
    allowed = persona == "sebaya"
    assert permissions.can_log_activity(user, school.org.pk, "peer_meeting", peer_case) is allowed
    client.force_login(user)
    body = {
        "organisation_id": str(school.org.pk),
        "kind": "peer_meeting",
        "starts_at": "2026-01-05T13:00:00+07:00",
        "case_id": str(peer_case.pk),
        "note": "Kami ngobrol di kantin, dia lebih tenang.",
    }
    response = client.post("/api/v1/activities", body, content_type="application/json")
    assert (response.status_code == 201) is allowed, response.content


# --- Time slots -----------------------------------------------------------------------------

# Who may book a free slot of school 1's counselor: its students (peer supporters are
# students too). The counselor and the coordinator see the slot but may not book it.
BOOK = {"siswa": 201, "sebaya": 201, "konselor": 403, "koordinator": 403}


@pytest.mark.parametrize("persona", PERSONAS)
def test_slot_booking_matrix(persona, personas, slot, client: Client):
    user = personas[persona]
    expected = BOOK.get(persona, 404)
    assert permissions.can_book_slot(user, slot) is (expected == 201)
    client.force_login(user)
    free = {s["id"] for s in client.get("/api/v1/slots").json()["items"]}
    assert (str(slot.pk) in free) is (expected == 201)
    response = client.post(f"/api/v1/slots/{slot.pk}/book")
    assert response.status_code == expected, response.content


@pytest.mark.parametrize("persona", PERSONAS)
def test_slot_booking_page_matrix(persona, personas, slot, client: Client):
    client.force_login(personas[persona])
    page = client.get("/activities/book/")
    allowed = persona in ("siswa", "sebaya")
    assert page.status_code == (200 if allowed else 404)
    if allowed:
        assert f"/activities/slots/{slot.pk}/book/" in page.content.decode()


# --- Groups ---------------------------------------------------------------------------------

GROUP_VIEW = {"konselor", "koordinator"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_group_matrix(persona, personas, group, client: Client):
    user = personas[persona]
    allowed = persona in GROUP_VIEW
    assert permissions.can_view_group(user, group) is allowed
    assert queries.visible_groups(user).filter(pk=group.pk).exists() is allowed
    client.force_login(user)
    assert client.get(f"/activities/groups/{group.pk}/").status_code == (200 if allowed else 404)
    assert client.get(f"/api/v1/groups/{group.pk}").status_code == (200 if allowed else 404)
    edit = client.get(f"/activities/groups/{group.pk}/edit/")
    assert edit.status_code == (200 if allowed else 404)


def test_a_peer_supporter_sees_the_circle_they_lead(school, group, client: Client):
    group.kind, group.facilitator = "peer_circle", school.sebaya
    group.save()
    assert permissions.can_view_group(school.sebaya, group)
    assert not permissions.can_manage_group(school.sebaya, group)
    client.force_login(school.sebaya)
    assert client.get(f"/activities/groups/{group.pk}/").status_code == 200
    assert client.get(f"/activities/groups/{group.pk}/edit/").status_code == 404


def test_case_and_person_timelines_are_scoped(
    school, appointment, peer_meeting, classroom, counseling_case, konselor_lain
):
    assert list(queries.activities_for_case(school.konselor, counseling_case)) == [appointment]
    assert not queries.activities_for_case(konselor_lain, counseling_case).exists()
    mine = queries.activities_for_case(school.siswa, counseling_case).get()
    assert mine == appointment and mine.full_access is False
    person = school.siswa_person
    assert set(queries.activities_for_person(school.koordinator, person)) == {
        appointment,
        peer_meeting,
    }
    assert set(queries.activities_for_person(school.konselor, person)) == {appointment}
    assert set(queries.activities_for_person(school.sebaya, person)) == {peer_meeting}


def test_the_prepared_case_activities_match_the_plain_query_for_every_persona(
    school,
    personas,
    appointment,
    peer_meeting,
    classroom,
    konselor_lain,
    counseling_case,
    peer_case,
):
    # The case page reads a case's activities by a prepared query (lib/prepared.py).
    ActivityFactory(organisation=school.org, facilitator=konselor_lain, case=counseling_case)
    people = {**personas, "konselor_lain": konselor_lain}
    for case in (counseling_case, peer_case):
        for name, user in people.items():
            plain = [(a.pk, a.full_access) for a in queries.activities_for_case(user, case)]
            prepared = [(a.pk, a.full_access) for a in queries.read_case_activities(user, case)]
            assert prepared == plain, name
