"""The crisis hand-off in a real browser, as a new user would try it: a student's crisis
words reach the counselor, who opens the alert, responds, opens the request and assigns
it; the case shows the text, the level, the alert and the protocol. And a peer case in
which the student's urgent message hands the case to a counselor at once."""

from datetime import timedelta

from django.utils import timezone

from conftest import PASSWORD
from rangkul.cases import services as cases
from rangkul.cases.models import Case, SupportRequest, Tier
from rangkul.peers.tests.factories import matchable_peer
from rangkul.safety.models import Alert, DutyShift, ProtocolTick
from tests.e2e.conftest import login, logout

CRISIS = "aku pengen mati aja, udah nyiapin obat"


def test_from_the_students_words_to_a_case_with_text_level_alert_and_protocol(
    school, live_server, phone
):
    url = live_server.url
    now = timezone.now()
    DutyShift.objects.create(
        organisation=school.org,
        user=school.konselor,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=3),
    )
    school.siswa_person.phone = "0812 3456 7890"
    school.siswa_person.save()

    # The student writes; the screen shows resources and who reads it, never a verdict.
    login(phone, url, "siswa1", PASSWORD)
    phone.get_by_test_id("ask-for-help").click()
    phone.get_by_text("Pertanyaan lain (boleh dilewati)").click()
    phone.get_by_label("Pribadi").check()
    phone.get_by_label("Ceritakan dengan beberapa kata").fill(CRISIS)
    phone.get_by_label("Bisa menunggu").check()
    phone.get_by_role("button", name="Kirim").click()
    phone.get_by_role("heading", name="Permintaanmu sudah terkirim").wait_for()
    assert phone.get_by_test_id("crisis-resources").is_visible()
    assert phone.get_by_test_id("who-reads").is_visible()
    assert "mendesak" not in phone.content().lower()
    logout(phone)

    # The counselor on duty opens the alert from the home page and responds.
    request = SupportRequest.objects.get()
    login(phone, url, "konselor1", PASSWORD)
    phone.get_by_test_id("open-alert").click()
    assert phone.get_by_test_id("reach").is_visible()
    assert "0812 3456 7890" in phone.get_by_test_id("reach").inner_text()
    assert phone.get_by_test_id("protocol-step").count() == 5
    phone.get_by_role("button", name="Tanggapi: saya yang menangani").click()
    assert "Sudah ditanggapi" in phone.get_by_test_id("alert-status").inner_text()

    # Opens the request and assigns it to themselves: the case opens.
    phone.get_by_role("link", name="Buka permintaan").click()
    assert phone.get_by_test_id("matched").count() >= 2
    phone.get_by_role("button", name="Tugaskan").click()
    phone.get_by_test_id("crisis-handoff").wait_for()
    case = Case.objects.get()
    assert phone.url.endswith(f"/cases/{case.pk}/")

    # The case shows what the student wrote with the matched words, the level, the
    # alert with its ladder, how to reach the student and the protocol.
    text = phone.get_by_test_id("request-text")
    assert "nyiapin obat" in text.inner_text()
    assert [m.inner_text() for m in phone.get_by_test_id("matched").all()] == [
        "pengen mati aja",
        "nyiapin obat",
    ]
    assert phone.get_by_test_id("safety-level").inner_text() == "Mendesak"
    assert phone.get_by_test_id("safety-categories").is_visible()
    assert phone.get_by_test_id("case-risk").inner_text() == "Tinggi"
    assert phone.get_by_test_id("case-alert").count() == 1
    assert phone.get_by_test_id("escalation").count() >= 1
    assert phone.get_by_test_id("reach").is_visible()

    # A protocol step is ticked on the case page and stays ticked, with who did it.
    phone.get_by_test_id("protocol-step").first.get_by_role("button").click()
    phone.get_by_test_id("step-done").first.wait_for()
    tick = ProtocolTick.objects.get()
    assert tick.alert == Alert.objects.get() and tick.by == school.konselor and tick.step == "ask"
    assert request.pk == case.request_id


def test_an_urgent_message_in_a_peer_case_hands_it_over_and_the_peer_stops_reading(
    school, live_server, phone
):
    url = live_server.url
    matchable_peer(school.org, school.sebaya)
    request = cases.submit_request(
        by=school.siswa,
        organisation=school.org,
        text="Aku bingung soal tugas kelompok",
        domain="learning",
        urgency="low",
    )
    case = cases.accept_offer(by=school.sebaya, support_request=request)
    cases.send_message(by=school.sebaya, case=case, text="Halo, aku siap dengerin")

    # The student writes something urgent in the peer conversation.
    login(phone, url, "siswa1", PASSWORD)
    phone.goto(f"{url}/cases/{case.pk}/")
    phone.get_by_label("Pesan").fill("kak aku udah gak kuat, aku mau bunuh diri malam ini")
    phone.get_by_role("button", name="Kirim").click()
    joining = phone.get_by_test_id("counselor-joining")
    joining.wait_for()
    assert "112" in joining.inner_text()
    logout(phone)
    case.refresh_from_db()
    assert case.tier == Tier.COUNSELING and case.lead is not None
    assert Alert.objects.get(case=case).severity == "urgent"

    # The peer supporter sees that it was handed over, and not the new message.
    login(phone, url, "sebaya1", PASSWORD)
    phone.goto(f"{url}/cases/{case.pk}/")
    phone.get_by_test_id("handed-over").wait_for()
    assert "aku siap dengerin" in phone.content()
    assert "bunuh diri malam ini" not in phone.content()
    assert phone.get_by_label("Pesan").count() == 0
