"""The peer programme in a real browser: a teacher nominates, the coordinator selects and
takes the new peer through training and certification to active; the new peer is then
matched to a student's request while a peer whose certificate expired is not."""

import re
from datetime import timedelta
from typing import Any

from django.utils import timezone

from conftest import PASSWORD
from rangkul.accounts.tests.factories import member
from rangkul.cases.models import RequestStatus, SupportRequest
from rangkul.peers.models import PeerProfile, PeerStatus
from rangkul.peers.tests.factories import matchable_peer
from rangkul.people.tests.factories import PersonFactory
from tests.e2e.conftest import login
from tests.e2e.test_pathway import ask_for_help, logout


def test_nominated_selected_certified_and_matched(school: Any, live_server: Any, phone: Any):
    url = live_server.url
    # The school's existing peer's certificate ran out yesterday.
    matchable_peer(
        school.org, school.sebaya, certified_until=timezone.localdate() - timedelta(days=1)
    )
    candidate = member(school.org, "student", username="calon1", first_name="Dewi")
    PersonFactory(organisation=school.org, user=candidate, full_name="Dewi Lestari")

    # A homeroom teacher nominates Dewi.
    login(phone, url, "walikelas1", PASSWORD)
    phone.goto(f"{url}/peers/nominate/")
    phone.get_by_label(re.compile("^Siswa")).select_option(label=candidate.display_name())
    phone.get_by_label(re.compile("^Mengapa siswa ini")).fill(
        "Teman-temannya sering curhat kepadanya"
    )
    phone.get_by_role("button", name="Kirim pencalonan").click()
    phone.get_by_text("pencalonan sudah dikirim").wait_for()
    logout(phone)

    # The coordinator scores the rubric and selects her.
    login(phone, url, "koordinator1", PASSWORD)
    phone.goto(f"{url}/peers/")
    phone.get_by_role("link", name=candidate.display_name()).first.click()
    for label in ("Empati", "Keandalan", "Menjaga rahasia", "Motivasi"):
        phone.get_by_label(re.compile("^" + label)).select_option("5")
    phone.get_by_label(re.compile("^Keputusan")).select_option(label="Terpilih")
    phone.get_by_role("button", name="Catat keputusan").click()
    phone.get_by_test_id("peer-list").wait_for()
    profile = PeerProfile.objects.get(user=candidate)
    assert profile.status == PeerStatus.SELECTED

    # Training, the certificate with its expiry date, then active.
    phone.get_by_test_id("peer-list").get_by_role("link", name=candidate.display_name()).click()
    until = (timezone.localdate() + timedelta(days=365)).isoformat()
    for status, reason, date in (
        ("Dalam pelatihan", "Ikut pelatihan dasar", ""),
        ("Bersertifikat", "Lulus pelatihan", until),
        ("Aktif", "Mulai bertugas", ""),
    ):
        phone.get_by_label(re.compile("^Status baru")).select_option(label=status)
        phone.get_by_label(re.compile("^Alasan")).fill(reason)
        if date:
            phone.get_by_label(re.compile("^Bersertifikat sampai")).fill(date)
        phone.get_by_role("button", name="Ubah status").click()
        phone.get_by_test_id("peer-history").get_by_text(reason).wait_for()
    profile.refresh_from_db()
    assert profile.status == PeerStatus.ACTIVE and profile.certified_until.isoformat() == until
    logout(phone)

    # A student asks for help: the new peer gets the offer, the expired one does not.
    login(phone, url, "siswa1", PASSWORD)
    ask_for_help(phone, "Aku bingung cara belajar buat ujian minggu depan")
    request = SupportRequest.objects.get()
    assert request.status == RequestStatus.OFFERED
    assert request.offered_to == candidate
    assert request.match_reason["method"] == "optimal"
