"""Safety in a real browser: a student's crisis words reach the counselor on duty at once,
an unacknowledged alert climbs to the coordinator, and the student is told honestly when
someone will respond, with the crisis resources first."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from conftest import PASSWORD
from rangkul.safety.models import Alert, AlertEscalation, DutyShift
from rangkul.safety.tasks import escalate_overdue_alerts
from tests.e2e.conftest import login, logout


def test_crisis_words_reach_the_counselor_on_duty_and_climb_to_the_coordinator(
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

    # The student asks for help; the answer screen shows the resources, then the promise.
    login(phone, url, "siswa1", PASSWORD)
    phone.get_by_test_id("ask-for-help").click()
    phone.get_by_text("Pertanyaan lain (boleh dilewati)").click()
    phone.get_by_label("Pribadi").check()
    phone.get_by_label("Ceritakan dengan beberapa kata").fill(
        "aku capek, pengen mati aja malam ini"
    )
    phone.get_by_label("Bisa menunggu").check()
    phone.get_by_role("button", name="Kirim").click()
    phone.get_by_role("heading", name="Permintaanmu sudah terkirim").wait_for()
    resources = phone.get_by_test_id("crisis-resources")
    promise = phone.get_by_test_id("response-promise")
    assert resources.is_visible() and "112" in resources.inner_text()
    assert "Konselor yang sedang piket" in promise.inner_text()
    assert resources.bounding_box()["y"] < promise.bounding_box()["y"]
    assert "ditandai" not in phone.content().lower()
    logout(phone)

    alert = Alert.objects.get()
    told = AlertEscalation.objects.filter(alert=alert)
    assert [(e.rung, e.recipient) for e in told] == [("on_duty", school.konselor)]

    # Nobody acknowledges for 16 minutes: the escalation job tells the coordinator.
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert escalate_overdue_alerts.call() == 1
    assert told.filter(rung="coordinator", recipient=school.koordinator).exists()

    login(phone, url, "koordinator1", PASSWORD)
    phone.get_by_test_id("open-alert").click()
    steps = phone.get_by_test_id("escalation")
    assert steps.count() == 2 and school.koordinator.display_name() in steps.nth(1).inner_text()
    logout(phone)

    # The counselor on duty opens it from the home page and takes it.
    login(phone, url, "konselor1", PASSWORD)
    phone.get_by_test_id("open-alert").click()
    phone.get_by_role("button", name="Tanggapi: saya yang menangani").click()
    assert "Sudah ditanggapi" in phone.get_by_test_id("alert-status").inner_text()
    alert.refresh_from_db()
    assert alert.acknowledged_by == school.konselor and alert.next_escalation_at is None
    phone.goto(f"{url}/")
    assert phone.get_by_test_id("open-alert").count() == 0


def test_out_of_hours_the_student_is_told_when_the_next_shift_starts(school, live_server, phone):
    url = live_server.url
    # The next midnight UTC is 07:00 WIB, always in the future and never now.
    starts = (timezone.now() + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    DutyShift.objects.create(
        organisation=school.org,
        user=school.konselor,
        starts_at=starts,
        ends_at=starts + timedelta(hours=8),
    )
    login(phone, url, "siswa1", PASSWORD)
    phone.get_by_test_id("ask-for-help").click()
    phone.get_by_text("Pertanyaan lain (boleh dilewati)").click()
    phone.get_by_label("Pribadi").check()
    phone.get_by_label("Ceritakan dengan beberapa kata").fill("udah gak kuat, pengen mati aja")
    phone.get_by_label("Bisa menunggu").check()
    phone.get_by_role("button", name="Kirim").click()
    promise = phone.get_by_test_id("response-promise").inner_text()
    assert "Saat ini belum ada konselor yang piket." in promise and "07:00 WIB" in promise
