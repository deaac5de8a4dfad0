"""Who made a request (its owner) and whom it is about (its subject) are different: a
teacher's referral is made by the teacher and is about the student."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from rangkul.cases import queries, services
from rangkul.cases.models import ReferralStatus, RequestStatus, SupportRequest
from rangkul.cases.tests.conftest import ask


@pytest.fixture
def referral(school) -> SupportRequest:
    return services.refer_student(
        by=school.walikelas,
        person=school.siswa_person,
        reason="Sering melamun di kelas dan nilainya turun",
    )


def test_a_student_neither_sees_nor_withdraws_a_teachers_referral_about_them(
    school, referral, client: Client
):
    client.force_login(school.siswa)
    assert referral.pk not in {r.pk for r in queries.my_requests(school.siswa, school.org.id)}
    assert "melamun" not in client.get("/my/requests/").content.decode()
    assert client.post(f"/my/requests/{referral.pk}/withdraw/").status_code == 404
    assert client.get(f"/help/sent/{referral.pk}/").status_code == 404
    # The API gives the student neither the teacher's words nor the request itself.
    assert client.get(f"/api/v1/requests/{referral.pk}").status_code == 404
    listed = client.get("/api/v1/requests").json()["items"]
    assert str(referral.pk) not in {item["id"] for item in listed}
    with pytest.raises(PermissionDenied):
        services.withdraw_request(by=school.siswa, support_request=referral)
    referral.refresh_from_db()
    assert referral.status == RequestStatus.TRIAGE  # still waiting for a counselor


def test_a_teacher_sourced_request_reads_the_same_on_every_page(school, referral, client: Client):
    own = ask(school, text="Aku ingin cerita soal teman sekelas", helper_choice="counselor")
    # The student: their own request everywhere, the teacher's referral nowhere.
    client.force_login(school.siswa)
    home = client.get("/").content.decode()
    mine = client.get("/my/requests/").content.decode()
    api = {item["id"] for item in client.get("/api/v1/requests").json()["items"]}
    assert api == {str(own.pk)}
    assert mine.count('data-testid="request-status"') == 1
    assert "melamun" not in home + mine and "Dialihtangankan" not in home + mine
    # The counselor reads it as a teacher's referral, on the triage page and the API.
    client.force_login(school.konselor)
    triage = client.get(f"/triage/{referral.pk}/").content.decode()
    assert "melamun" in triage
    item = client.get(f"/api/v1/requests/{referral.pk}").json()
    assert item["source"] == "teacher" and item["text"].startswith("Sering melamun")


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (RequestStatus.TRIAGE, ReferralStatus.RECEIVED),
        (RequestStatus.ACCEPTED, ReferralStatus.BEING_HANDLED),
        (RequestStatus.WITHDRAWN, ReferralStatus.CLOSED),
    ],
)
def test_a_referral_shows_one_status_in_the_api_the_page_and_the_tile(
    school, referral, client: Client, status, expected
):
    # A withdrawn referral (from before students could no longer withdraw them) is closed.
    SupportRequest.objects.filter(pk=referral.pk).update(status=status)
    client.force_login(school.walikelas)
    api = client.get("/api/v1/referrals").json()["items"][0]["status"]
    page = client.get("/refer/sent/").content.decode()
    tile = client.get("/").content.decode()
    assert api == expected.value
    shown = f'data-testid="referral-status">{expected.label}<'
    assert shown in page.replace("\n", "")
    assert shown in tile.replace("\n", "")
    others = [s.label for s in ReferralStatus if s != expected]
    for label in others:
        assert f'data-testid="referral-status">{label}<' not in page + tile


def test_a_non_uuid_request_id_is_a_404_not_a_server_error(school, client: Client):
    client.force_login(school.siswa)
    assert client.get("/help/sent/not-a-uuid/").status_code == 404
    assert client.post("/my/requests/not-a-uuid/withdraw/").status_code == 404
    assert client.get(f"/help/sent/{uuid.uuid4()}/").status_code == 404


def test_a_request_moves_only_along_its_table(school, peer_ready):
    from django.core.exceptions import ValidationError

    own = ask(school)
    services.withdraw_request(by=school.siswa, support_request=own)
    with pytest.raises(ValidationError):
        services.withdraw_request(by=school.siswa, support_request=own)
    own.refresh_from_db()
    assert own.status == RequestStatus.WITHDRAWN
