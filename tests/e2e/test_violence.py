"""Violence reports in a real browser: a witness reports bullying anonymously from a phone
and follows it with the receipt code; the TPPK lead assigns, examines and concludes; an
overdue step reminds and escalates; a report of sexual violence raises an alert at once."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from conftest import PASSWORD
from rangkul.safety.models import Alert, DutyShift
from rangkul.violence.models import Matter, Report, StepRecord
from rangkul.violence.tasks import remind_violence_steps
from rangkul.violence.tests.conftest import tppk as tppk  # the fixture
from tests.e2e.conftest import login, logout, page_width


def fill_report(page: Any, kind: str, what: str) -> None:
    page.locator(f"input[name=kind][value={kind}]").check()
    page.locator("input[name=standing][value=witness]").check()
    page.locator("textarea[name=what]").fill(what)
    page.locator("input[name=where]").fill("Kantin")
    page.locator("input[name=child_victim][value=yes]").check()


def test_a_witness_reports_bullying_and_the_team_handles_it(school, tppk, live_server, phone):
    url = live_server.url
    # The witness, without logging in, on a 360 px phone.
    phone.goto(f"{url}/lapor/{school.org.npsn}/")
    assert page_width(phone) <= 360
    fill_report(phone, "bullying", "Adik kelas dipalak dan diejek tiap istirahat.")
    phone.locator("input[name=online]").check()
    phone.locator("input[name=anonymous]").check()
    phone.locator("main button[type=submit]").click()
    code = phone.get_by_test_id("receipt-code").inner_text()
    assert len(code) == 19
    report = Report.objects.get()
    assert report.anonymous and report.reporter is None

    # Following it with the code shows the step, nothing about anyone.
    phone.goto(f"{url}/lapor-status/")
    phone.locator("input[name=code]").fill(code)
    phone.locator("main button[type=submit]").click()
    status = phone.get_by_test_id("receipt-status").inner_text()
    assert status and "dipalak" not in phone.content()

    # The TPPK lead opens it, assigns a member, records examination and a conclusion.
    login(phone, url, "ketua", PASSWORD)
    phone.goto(f"{url}/violence/")
    phone.locator("table a").first.click()
    assert "dipalak" in phone.content()
    phone.locator(f"input[name=users][value='{tppk['anggota'].public_id}']").check()
    phone.locator("form[action$='/assign/'] button").click()
    phone.locator("textarea[name=summary]").fill("Korban dipisahkan dari pelaku saat istirahat.")
    phone.locator("form[action$='/step/'] button").click()
    phone.locator("textarea[name=summary]").fill("Tiga saksi dan terlapor didengar.")
    phone.locator("form[action$='/step/'] button").click()
    phone.locator("select[name=finding]").select_option("proven")
    phone.locator("textarea[name=recommendations]").fill("Mediasi, pendampingan BK untuk korban.")
    phone.locator("input[name=decided_by]").fill("Kepala sekolah")
    phone.locator("input[name=decided_on]").fill(timezone.localdate().isoformat())
    phone.locator("form[action$='/outcome/'] button").click()
    assert phone.get_by_test_id("outcome-finding").inner_text()
    phone.locator("textarea[name=summary]").fill("Kesimpulan diserahkan ke kepala sekolah.")
    phone.locator("form[action$='/step/'] button").click()
    matter = Matter.objects.get()
    assert matter.step == "follow_up"
    assert set(matter.handlers.all()) == {tppk["ketua"], tppk["anggota"]}
    logout(phone)

    # The witness sees the new step with the same code.
    phone.goto(f"{url}/lapor-status/")
    phone.locator("input[name=code]").fill(code)
    phone.locator("main button[type=submit]").click()
    assert phone.get_by_test_id("receipt-status").inner_text() != status

    # The follow-up step passes its due date: the job reminds and escalates; the
    # principal finds the matter on the home page, marked overdue.
    StepRecord.objects.filter(step="follow_up").update(due_at=timezone.now() - timedelta(hours=1))
    remind_violence_steps.call()
    login(phone, url, "kepsek1", PASSWORD)
    tile = phone.locator("[data-tile=violence_matters]")
    assert tile.get_by_role("alert").is_visible()
    phone.goto(f"{url}/violence/{matter.pk}/")
    assert "dipalak" in phone.content()
    assert tppk["satgas"].notifications.filter(kind="violence_step_overdue").exists()


def test_a_report_of_sexual_violence_raises_an_alert_at_once(school, tppk, live_server, phone):
    url = live_server.url
    now = timezone.now()
    DutyShift.objects.create(
        organisation=school.org,
        user=school.konselor,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=3),
    )
    phone.goto(f"{url}/lapor/{school.org.npsn}/")
    fill_report(phone, "sexual", "Seorang murid dipegang-pegang di ruang ganti.")
    phone.locator("input[name=anonymous]").check()
    phone.locator("main button[type=submit]").click()
    phone.get_by_test_id("receipt-code").wait_for()
    alert = Alert.objects.get()
    assert alert.severity == "urgent" and alert.is_abuse

    # The counselor on duty sees the alert at once, without the report's words.
    login(phone, url, "konselor1", PASSWORD)
    phone.get_by_test_id("open-alert").first.click()
    assert "dipegang" not in phone.content()
    # And nothing of the matter itself: the counselor is not on the TPPK.
    response = phone.goto(f"{url}/violence/{Matter.objects.get().pk}/")
    assert response.status == 404
