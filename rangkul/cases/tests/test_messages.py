import pytest
from django.core.exceptions import ValidationError

from rangkul.audit.models import AuditEvent
from rangkul.cases import services
from rangkul.safety.models import Alert


def test_helper_and_student_exchange_messages_and_first_contact_is_recorded(peer_case, school):
    services.send_message(by=school.siswa, case=peer_case, text="Halo kak")
    services.send_message(by=school.sebaya, case=peer_case, text="Halo, aku dengerin ya")
    peer_case.request.refresh_from_db()
    assert peer_case.request.first_contact_at is not None
    assert AuditEvent.objects.filter(verb="message.sent").count() == 2
    assert all("text" not in e.data for e in AuditEvent.objects.filter(verb="message.sent"))


def test_every_message_is_safety_checked(peer_case, school):
    services.send_message(
        by=school.siswa, case=peer_case, text="kadang aku pengen ngilang aja selamanya"
    )
    services.send_message(
        by=school.siswa, case=peer_case, text="gw mau loncat dari atap sekolah malam ini"
    )
    assert Alert.objects.filter(case=peer_case, source="message").exists()


def test_a_peer_never_sees_counselors_messages(peer_case, school, client):
    services.send_message(by=school.siswa, case=peer_case, text="Pesan waktu sebaya")
    services.hand_over(by=school.sebaya, case=peer_case, reason="Perlu konselor")
    services.set_lead(by=school.konselor, case=peer_case, lead=school.konselor)
    services.send_message(by=school.konselor, case=peer_case, text="Pesan dari konselor")
    client.force_login(school.sebaya)
    page = client.get(f"/cases/{peer_case.pk}/").content.decode()
    assert "Pesan waktu sebaya" in page and "Pesan dari konselor" not in page
    texts = [
        m["text"] for m in client.get(f"/api/v1/cases/{peer_case.pk}/messages").json()["items"]
    ]
    assert texts == ["Pesan waktu sebaya"]
    client.force_login(school.siswa)
    assert "Pesan dari konselor" in client.get(f"/cases/{peer_case.pk}/").content.decode()


def test_the_thread_closes_with_the_case(counseling_case, school):
    services.close_case(by=school.konselor, case=counseling_case, outcome="improved")
    with pytest.raises(ValidationError):
        services.send_message(by=school.siswa, case=counseling_case, text="Halo?")


def test_polling_returns_only_new_messages(peer_case, school, client):
    first = services.send_message(by=school.siswa, case=peer_case, text="satu")
    services.send_message(by=school.sebaya, case=peer_case, text="dua")
    client.force_login(school.siswa)
    html = client.get(
        f"/cases/{peer_case.pk}/messages/",
        {"after": first.created_at.isoformat()},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "dua" in html and "satu" not in html


def test_polling_with_an_impossible_time_is_answered_as_bad_input(peer_case, school, client):
    client.force_login(school.siswa)
    response = client.get(f"/cases/{peer_case.pk}/messages/?after=2026-02-30T10:00:00%2B07:00")
    assert response.status_code == 400
