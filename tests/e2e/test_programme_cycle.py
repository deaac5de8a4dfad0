"""The BK programme cycle in a real browser: a needs survey that a student answers, a
semester programme drafted from it and approved, a session recorded against it, and the
semester report whose text shows the realisation."""

import subprocess
import urllib.request
from datetime import timedelta
from typing import Any

from django.utils import timezone

from conftest import PASSWORD
from rangkul.programmes import needs
from rangkul.programmes.models import Programme, ProgrammeStatus
from rangkul.screenings.models import Assignment
from tests.e2e.conftest import login, logout, page_width


def _answer(page: Any, item: str, value: int) -> None:
    with page.expect_response(lambda r: r.url.endswith("/save/") and r.request.method == "POST"):
        page.get_by_test_id(f"answer-{item}-{value}").check()


def test_needs_survey_to_approved_programme_to_semester_report(
    transactional_db, school, live_server, phone
):
    url = live_server.url
    urllib.request.urlopen(f"{url}/login/", timeout=120).close()

    # The coordinator gives the needs questionnaire to class X-1.
    login(phone, url, school.koordinator.username, PASSWORD)
    phone.goto(f"{url}/programmes/")
    phone.get_by_role("button", name="Jalankan asesmen kebutuhan").click()
    form = phone.get_by_test_id("survey-form")
    form.get_by_label("X-1").check()
    form.locator("button[type=submit]").click()
    phone.get_by_test_id("needs-table").wait_for()
    assert page_width(phone) <= 360
    logout(phone)

    # The student answers it on the phone: study time is what they need help with.
    login(phone, url, school.siswa.username, PASSWORD)
    assignment = Assignment.objects.get(person=school.siswa_person)
    phone.goto(f"{url}/screenings/a/{assignment.pk}/")
    for topic in needs.topics():
        _answer(phone, topic.item, 1 if topic.item == "learning_time" else 0)
    phone.get_by_test_id("submit-answers").click()
    phone.get_by_test_id("sent").wait_for()
    logout(phone)

    # The coordinator drafts the semester programme from the survey and approves it.
    login(phone, url, school.koordinator.username, PASSWORD)
    phone.goto(f"{url}/programmes/new/")
    form = phone.get_by_test_id("programme-form")
    # The semester around today, starting a month ago so yesterday's session is inside it.
    start = timezone.localdate() - timedelta(days=30)
    form.locator("input[name=starts_on]").fill(start.isoformat())
    form.locator("button[type=submit]").click()
    items = phone.get_by_test_id("items")
    assert "Mengatur waktu belajar" in items.inner_text()
    assert phone.get_by_test_id("programme-status").inner_text() == "Draf"
    # The page's script asks before approving; it runs once the page has loaded, and a
    # click before that would submit without the question.
    phone.wait_for_load_state()
    phone.get_by_test_id("approve").click()
    phone.get_by_role("dialog").wait_for()
    phone.get_by_test_id("confirm-ok").click()
    phone.wait_for_load_state()
    assert phone.get_by_test_id("programme-status").inner_text() == "Disetujui"
    programme = Programme.objects.get()
    assert programme.status == ProgrammeStatus.APPROVED
    logout(phone)

    # A counselor records the classroom session against the planned item.
    login(phone, url, school.konselor.username, PASSWORD)
    item = programme.items.get(need_item="learning_time")
    phone.goto(f"{url}/programmes/items/{item.pk}/")
    form = phone.get_by_test_id("deliver-form")
    yesterday = timezone.localtime(timezone.now() - timedelta(days=1))
    form.locator("input[name=starts_at]").fill(yesterday.strftime("%Y-%m-%dT09:00"))
    form.locator("input[name=duration_minutes]").fill("90")
    form.locator("select[name=cohort]").select_option(label="X-1")
    form.locator("button[type=submit]").click()
    assert "X-1" in phone.get_by_test_id("deliveries").inner_text()
    logout(phone)

    # The coordinator downloads the semester report: its text shows the realisation.
    login(phone, url, school.koordinator.username, PASSWORD)
    phone.goto(f"{url}/programmes/{programme.pk}/")
    href = phone.get_by_test_id("report-pdf").get_attribute("href")
    response = phone.request.get(f"{url}{href}")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.body(), capture_output=True, check=True
    ).stdout.decode()
    text = " ".join(text.split())
    assert "LAPORAN PELAKSANAAN PROGRAM BK" in text
    assert "Jam pelajaran direncanakan: 2,0" in text
    assert "Jam pelajaran terlaksana: 2,0" in text
    assert "Realisasi: 100%" in text
    assert "Mengatur waktu belajar" in text
