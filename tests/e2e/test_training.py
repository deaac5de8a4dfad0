"""Training in a real browser: the coordinator builds a programme from the default
curriculum, enrols two candidates and takes attendance; a counselor scores the role-play;
the candidate takes the quiz; the coordinator decides. The one who passed gets a
certificate whose verification address works, becomes an active peer and is matched to
a student's request, while a peer whose certificate expired is not."""

import re
from datetime import timedelta
from typing import Any

from django.utils import timezone

from conftest import PASSWORD
from rangkul.cases.models import RequestStatus, SupportRequest
from rangkul.peers.models import PeerProfile, PeerStatus
from rangkul.peers.tests.factories import matchable_peer
from rangkul.training import codes
from rangkul.training.models import Certificate, Enrolment, Programme, Question
from rangkul.training.tests.factories import candidate_peer
from tests.e2e.conftest import login, logout
from tests.e2e.test_pathway import ask_for_help


def test_default_curriculum_to_certificate_to_a_matched_request(
    school: Any, live_server: Any, phone: Any
):
    url = live_server.url
    # A busy machine: the live server's first page imports every view; give it time.
    phone.set_default_timeout(90_000)
    phone.goto(f"{url}/verify/", timeout=240_000)
    matchable_peer(
        school.org, school.sebaya, certified_until=timezone.localdate() - timedelta(days=1)
    )
    dewi = candidate_peer(school.org, "calon1", "Dewi Lestari", languages=["id"])
    budi = candidate_peer(school.org, "calon2", "Budi Santoso", languages=["id"])

    # The coordinator copies the default curriculum with one click and enrols both.
    login(phone, url, "koordinator1", PASSWORD)
    phone.goto(f"{url}/training/")
    phone.get_by_test_id("use-default").click()
    phone.get_by_test_id("curriculum").get_by_text("Mendengarkan aktif").wait_for()
    programme = Programme.objects.get()
    for user in (dewi, budi):
        phone.get_by_label(re.compile("^Calon")).select_option(label=user.display_name())
        phone.get_by_role("button", name="Daftarkan").click()
        phone.get_by_test_id("trainees").get_by_role("link", name=user.display_name()).wait_for()
    assert PeerProfile.objects.get(user=dewi).status == PeerStatus.IN_TRAINING

    # Attendance at each of the eight sessions (everybody present).
    sessions = phone.get_by_test_id("curriculum").locator("a[href*='/training/sessions/']")
    links = [sessions.nth(i).get_attribute("href") for i in range(sessions.count())]
    assert len(links) == 8
    for link in links:
        phone.goto(f"{url}{link}")
        phone.get_by_role("button", name="Simpan kehadiran").click()
        phone.get_by_text("Kehadiran dicatat.").wait_for()
    logout(phone)

    # A counselor scores Dewi's role-play against the rubric.
    login(phone, url, "konselor1", PASSWORD)
    phone.goto(f"{url}/training/{programme.pk}/")
    phone.get_by_test_id("trainees").get_by_role("link", name=dewi.display_name()).click()
    for label in ("Mendengarkan aktif", "Empati dan refleksi", "Kerahasiaan dan batasnya",
                  "Mengenali risiko dan merujuk"):  # fmt: skip
        phone.get_by_label(re.compile("^" + label)).select_option("4")
    phone.get_by_role("button", name="Simpan nilai").click()
    phone.get_by_text("Bermain peran sudah dinilai.").wait_for()
    logout(phone)

    # Dewi takes the quiz on her own page.
    login(phone, url, "calon1", PASSWORD)
    phone.goto(f"{url}/training/me/")
    phone.get_by_test_id("my-enrolments").get_by_role("link", name=programme.title).click()
    phone.get_by_test_id("quiz-link").click()
    phone.get_by_test_id("start-quiz").click()
    for question in Question.objects.filter(programme=programme):
        phone.locator(f'input[name="{question.pk}"][value="{question.correct}"]').check()
    phone.get_by_role("button", name="Kirim jawaban").click()
    phone.get_by_text("Nilaimu: 100%").wait_for()
    logout(phone)

    # The coordinator decides: Dewi passes; Budi has not taken the quiz yet.
    login(phone, url, "koordinator1", PASSWORD)
    phone.goto(f"{url}/training/{programme.pk}/")
    phone.get_by_test_id("decide-link").click()
    phone.get_by_test_id("result-calon2").get_by_text("Kuis belum dikerjakan.").wait_for()
    phone.get_by_test_id("result-calon1").get_by_role("button", name="Tetapkan lulus").click()
    phone.get_by_text("lulus dan mendapat sertifikat").wait_for()
    certificate = Certificate.objects.get()
    assert Enrolment.objects.get(user=budi).status == "enrolled"
    profile = PeerProfile.objects.get(user=dewi)
    assert profile.status == PeerStatus.ACTIVE
    assert profile.certified_until == certificate.valid_until
    logout(phone)

    # Dewi's certificate: a real PDF, and its verification address works without login.
    login(phone, url, "calon1", PASSWORD)
    phone.goto(f"{url}/training/me/")
    phone.get_by_test_id("my-enrolments").get_by_role("link", name=programme.title).click()
    code = phone.get_by_test_id("certificate-code").inner_text()
    assert code == codes.grouped(certificate.code)
    href = phone.get_by_test_id("certificate-pdf").get_attribute("href")
    pdf = phone.request.get(url + href, timeout=240_000)
    assert pdf.body().startswith(b"%PDF-")
    logout(phone)
    phone.goto(f"{url}/verify/")
    phone.get_by_label("Kode yang tercetak di sertifikat").fill(code.lower().replace("-", " "))
    phone.get_by_role("button", name="Periksa kode").click()
    verification = phone.get_by_test_id("verification")
    verification.get_by_text("Dewi Lestari").wait_for()
    assert "Asli dan berlaku sampai" in verification.inner_text()
    assert school.org.name in verification.inner_text()

    # A student asks for help: the new peer gets the offer, the expired one does not.
    login(phone, url, "siswa1", PASSWORD)
    ask_for_help(phone, "Aku bingung cara belajar buat ujian minggu depan")
    request = SupportRequest.objects.get()
    assert request.status == RequestStatus.OFFERED
    assert request.offered_to == dewi
