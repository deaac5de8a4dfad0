"""The case page and the caseload: what each reader sees of the student, and that every
rendering of the page leaves its audit trail."""

from django.test import Client

from rangkul.audit.models import AuditEvent
from rangkul.cases import services


def _names_of_student(school) -> list[str]:
    return [school.siswa.display_name(), school.siswa_person.full_name]


def test_a_peer_sees_no_real_name_in_the_timeline_when_the_student_chose_a_pseudonym(
    peer_case, school, client: Client
):
    services.send_message(by=school.siswa, case=peer_case, text="Halo kak")
    client.force_login(school.sebaya)
    page = client.get(f"/cases/{peer_case.pk}/").content.decode()
    assert peer_case.request.pseudonym in page
    for name in _names_of_student(school):
        assert name not in page


def test_a_peer_sees_no_real_name_in_the_caseload_after_handing_over(
    peer_case, school, client: Client
):
    services.hand_over(by=school.sebaya, case=peer_case, reason="Perlu konselor")
    client.force_login(school.sebaya)
    page = client.get("/cases/").content.decode()
    assert peer_case.request.pseudonym in page
    for name in _names_of_student(school):
        assert name not in page


def test_the_counselor_still_sees_the_students_name_in_the_caseload(
    counseling_case, school, client: Client
):
    client.force_login(school.konselor)
    assert school.siswa_person.full_name in client.get("/cases/").content.decode()


def test_a_case_page_shown_again_with_form_errors_is_audited(counseling_case, school, client):
    services.add_note(by=school.konselor, case=counseling_case, text="Catatan sesi pertama")
    services.send_message(by=school.siswa, case=counseling_case, text="Halo bu")
    client.force_login(school.konselor)
    # An empty note: the page is rendered again, with the notes and the conversation.
    response = client.post(
        f"/cases/{counseling_case.pk}/notes/", {"text": "", "confidentiality": "standard"}
    )
    assert response.status_code == 400
    assert "Catatan sesi pertama" in response.content.decode()
    verbs = set(AuditEvent.objects.filter(actor=school.konselor).values_list("verb", flat=True))
    assert {"case.viewed", "note.viewed", "messages.viewed"} <= verbs


def test_the_api_gives_a_peer_no_id_that_links_a_pseudonymous_students_requests(
    peer_case, school, client: Client
):
    client.force_login(school.sebaya)
    case = client.get(f"/api/v1/cases/{peer_case.pk}").json()
    assert case["person_id"] is None
    listed = client.get("/api/v1/cases").json()["items"]
    assert [c["person_id"] for c in listed] == [None]
    request = client.get(f"/api/v1/requests/{peer_case.request_id}").json()
    assert request["person_id"] is None
    client.force_login(school.koordinator)
    assert client.get(f"/api/v1/cases/{peer_case.pk}").json()["person_id"] == str(
        school.siswa_person.pk
    )
