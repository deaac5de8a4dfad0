"""The stepped-care journey in a real browser on a phone-sized screen."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from conftest import PASSWORD
from rangkul.activities.models import Activity, TimeSlot
from rangkul.cases.models import Case, RequestStatus, SupportRequest
from rangkul.peers.models import PeerProfile
from rangkul.peers.tests.factories import matchable_peer
from rangkul.safety.models import Alert
from tests.e2e.conftest import login, logout


def accept_as_peer(page: Any, url: str, request: SupportRequest, secret: str) -> None:
    """The peer supporter signs in, sees the offer by its pseudonym without the student's
    words, accepts it, and only then reads them."""
    login(page, url, "sebaya1", PASSWORD)
    page.goto(f"{url}/offers/")
    offer = page.get_by_test_id("offer")
    assert request.pseudonym in offer.inner_text()
    assert secret not in page.content()
    offer.get_by_role("button", name="Terima").click()
    page.get_by_role("heading", name="Yang mereka tulis").wait_for()
    assert secret in page.content()


@pytest.fixture
def peer_ready(school: Any) -> PeerProfile:
    return matchable_peer(school.org, school.sebaya)


def ask_for_help(page: Any, text: str, urgency: str = "Bisa menunggu") -> None:
    page.get_by_test_id("ask-for-help").click()
    assert page.get_by_text("Satu pengecualian:").is_visible()
    page.get_by_text("Pertanyaan lain (boleh dilewati)").click()
    page.get_by_label("Belajar").check()
    page.get_by_label("Ceritakan dengan beberapa kata").fill(text)
    page.get_by_label(urgency).check()
    page.get_by_role("button", name="Kirim").click()
    page.get_by_role("heading", name="Permintaanmu sudah terkirim").wait_for()


def test_student_to_peer_to_counselor_and_closed(school, peer_ready, live_server, phone):
    url = live_server.url
    # A sentence the detector is confident is everyday: offered to a peer by matching.
    secret = "Aku bingung soal tugas kelompok sama teman sekelas"

    # The student asks for help; it is matched to the peer supporter.
    login(phone, url, "siswa1", PASSWORD)
    ask_for_help(phone, secret)
    request = SupportRequest.objects.get()
    assert request.status == RequestStatus.OFFERED and request.offered_to == school.sebaya
    logout(phone)

    # The peer sees only the domain, urgency and pseudonym before accepting.
    accept_as_peer(phone, url, request, secret)
    assert school.siswa_person.full_name not in phone.content()  # pseudonym only
    phone.get_by_label("Pesan").fill("Halo, aku siap dengerin. Cerita aja ya")
    phone.get_by_role("button", name="Kirim").click()
    phone.get_by_test_id("message").first.wait_for()
    logout(phone)

    # The student reads the reply and answers.
    case = Case.objects.get()
    login(phone, url, "siswa1", PASSWORD)
    phone.goto(f"{url}/cases/{case.pk}/")
    assert "aku siap dengerin" in phone.content()
    phone.get_by_label("Pesan").fill("Makasih kak, aku bingung harus gimana")
    phone.get_by_role("button", name="Kirim").click()
    phone.get_by_text("aku bingung harus gimana").wait_for()
    logout(phone)

    # The peer hands over to a counselor.
    login(phone, url, "sebaya1", PASSWORD)
    phone.goto(f"{url}/cases/{case.pk}/")
    phone.get_by_label("Mengapa konselor perlu mengambil alih?").fill(
        "Masalahnya sudah lama dan dia butuh bantuan konselor"
    )
    phone.get_by_role("button", name="Serahkan").click()
    phone.wait_for_url(f"{url}/")
    logout(phone)

    # The counselor finds it waiting, takes the lead, writes a restricted note, closes it.
    login(phone, url, "konselor1", PASSWORD)
    phone.goto(f"{url}/triage/")
    phone.get_by_role("link", name=school.siswa_person.full_name).click()
    phone.get_by_test_id("take-case").click()

    # … logs an individual counseling session with a restricted note …
    phone.get_by_role("button", name="Catat kegiatan").click()
    phone.get_by_role("link", name="Konseling individual").click()
    session = phone.locator("form[method=post]")
    session.locator("input[name=starts_at]").fill(
        timezone.localtime(timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    )
    session.locator("textarea[name=note]").fill("Sesi 1: cemas akademik, rencana 3 sesi")
    session.locator("select[name=confidentiality]").select_option("restricted")
    session.get_by_role("button", name="Simpan").click()
    phone.wait_for_load_state()
    activity = Activity.objects.get(case=case, kind="individual_counseling")
    assert activity.notes.get().confidentiality == "restricted"
    logout(phone)

    # … and the student books the appointment from the slot they choose.
    slot = TimeSlot.objects.create(
        organisation=school.org,
        counselor=school.konselor,
        starts_at=timezone.now() + timedelta(days=2),
        place="Ruang BK",
    )
    login(phone, url, "siswa1", PASSWORD)
    phone.goto(f"{url}/activities/book/")
    phone.get_by_role("button", name="Pesan").first.click()
    phone.wait_for_load_state()
    slot.refresh_from_db()
    assert slot.booked_activity is not None and slot.booked_activity.status == "scheduled"
    logout(phone)

    login(phone, url, "konselor1", PASSWORD)
    phone.goto(f"{url}/cases/{case.pk}/")
    phone.get_by_text("rencana 3 sesi").wait_for()
    phone.get_by_text("Tutup kasus", exact=True).first.click()
    phone.get_by_label("Hasil").select_option("improved")
    phone.locator("main").get_by_role("button", name="Tutup kasus").click()
    # Closing asks first, in a dialog.
    phone.get_by_role("dialog").wait_for()
    phone.get_by_test_id("confirm-ok").click()
    phone.get_by_test_id("case-status").filter(has_text="Ditutup").wait_for()
    assert phone.get_by_test_id("case-status").inner_text() == "Ditutup"
    case.refresh_from_db()
    assert case.status == "closed" and case.outcome == "improved" and case.lead == school.konselor
    logout(phone)

    # The peer still sees their part of the conversation, never the restricted note.
    login(phone, url, "sebaya1", PASSWORD)
    phone.goto(f"{url}/cases/{case.pk}/")
    assert "aku siap dengerin" in phone.content()
    assert "rencana 3 sesi" not in phone.content()


def test_crisis_words_go_to_triage_raise_an_alert_and_show_resources(
    school, peer_ready, live_server, phone
):
    url = live_server.url
    login(phone, url, "siswa1", PASSWORD)
    ask_for_help(phone, "gw udah gak kuat, pengen mati aja malam ini")
    assert phone.get_by_test_id("crisis-resources").is_visible()
    assert "119" in phone.get_by_test_id("crisis-resources").inner_text()
    request = SupportRequest.objects.get()
    assert request.status == RequestStatus.TRIAGE and request.offered_to is None
    assert Alert.objects.filter(request=request, severity="urgent").exists()
    logout(phone)

    login(phone, url, "konselor1", PASSWORD)
    alert_link = phone.get_by_test_id("open-alert")
    assert alert_link.count() == 1
    alert_link.click()
    phone.get_by_role("button", name="Tanggapi: saya yang menangani").click()
    assert "Sudah ditanggapi" in phone.get_by_test_id("alert-status").inner_text()


def test_a_homeroom_teachers_referral_and_what_the_teacher_sees(school, live_server, phone):
    url = live_server.url
    login(phone, url, "walikelas1", PASSWORD)
    phone.goto(f"{url}/refer/")
    phone.locator("select[name=person]").select_option(str(school.siswa_person.pk))
    phone.get_by_label("Mengapa Anda mengalihtangankan siswa ini?").fill(
        "Sering melamun dan tidak mengumpulkan tugas"
    )
    phone.get_by_role("button", name="Kirim alih tangan").click()
    assert phone.get_by_test_id("referral-status").inner_text() == "Diterima"
    logout(phone)

    login(phone, url, "konselor1", PASSWORD)
    phone.goto(f"{url}/triage/")
    phone.get_by_test_id("triage-row").get_by_role("link").click()
    assert "melamun" in phone.content()
    phone.get_by_role("button", name="Tugaskan").click()
    phone.get_by_test_id("case-status").wait_for()
    logout(phone)

    login(phone, url, "walikelas1", PASSWORD)
    phone.goto(f"{url}/refer/sent/")
    assert phone.get_by_test_id("referral-status").inner_text() == "Diterima dan sedang ditangani"
    case = Case.objects.get()
    assert phone.goto(f"{url}/cases/{case.pk}/").status == 404


@pytest.fixture
def unsure_detector(monkeypatch):
    """The shipped model with a peer threshold nothing clears: how the detector meets the
    everyday requests it is not confident about (most of them, decision 0048)."""
    import dataclasses

    from rangkul.safety import detection
    from rangkul.safety.detection.learned import default_model

    model = default_model()
    assert model is not None
    unsure = dataclasses.replace(model, thresholds=dataclasses.replace(model.thresholds, peer=1.01))
    monkeypatch.setattr(detection, "default_model", lambda: unsure)
    return unsure


def test_a_request_the_detector_cannot_clear_reaches_a_peer_once_a_counselor_has_read_it(
    school, peer_ready, unsure_detector, live_server, phone
):
    url = live_server.url
    # Everyday, but the detector is not confident enough to offer it to a peer by itself.
    secret = "Tugas kelompokku numpuk, temanku gak mau bantu ngerjain"
    login(phone, url, "siswa1", PASSWORD)
    ask_for_help(phone, secret)
    request = SupportRequest.objects.get()
    assert request.status == RequestStatus.TRIAGE and request.offered_to is None
    assert request.safety_level == "none" and not request.peer_eligible
    logout(phone)

    # The peer is offered nothing yet.
    login(phone, url, "sebaya1", PASSWORD)
    phone.goto(f"{url}/offers/")
    assert phone.get_by_test_id("offer").count() == 0
    logout(phone)

    # The counselor reads it, is told why it waits, and hands it to the peer supporter.
    login(phone, url, "konselor1", PASSWORD)
    phone.goto(f"{url}/triage/{request.pk}/")
    assert secret in phone.get_by_test_id("request-text").inner_text()
    phone.get_by_test_id("peer-clearance").wait_for()
    phone.locator("select[name=user]").select_option(str(school.sebaya.public_id))
    phone.get_by_role("button", name="Tugaskan").click()
    phone.wait_for_url(f"{url}/triage/")
    request.refresh_from_db()
    assert request.status == RequestStatus.OFFERED and request.offered_to == school.sebaya
    assert request.peer_cleared_by == school.konselor
    logout(phone)

    # The peer now has the offer, still without the text until they accept.
    accept_as_peer(phone, url, request, secret)
