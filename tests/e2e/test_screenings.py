"""A screening campaign end to end on a phone: a counselor launches it for a class in
the browser, a student answers on a 360 px screen, a critical answer shows the crisis
screen and raises the alert before anything is sent, and the counselor sees the
distribution and the follow-up list."""

from typing import Any

from playwright.sync_api import expect

from conftest import PASSWORD
from rangkul.safety.models import Alert
from rangkul.screenings import services
from rangkul.screenings.models import ResponseStatus, ScreeningCampaign, ScreeningResponse
from rangkul.screenings.tests.factories import add_students
from tests.e2e.conftest import login, logout, page_width


def _log_out(page: Any, base_url: str) -> None:
    logout(page)


def _answer(page: Any, item: str, value: int) -> None:
    """Tap an answer and wait until the draft is saved."""
    with page.expect_response(lambda r: r.url.endswith("/save/") and r.request.method == "POST"):
        page.get_by_test_id(f"answer-{item}-{value}").check()


def test_a_campaign_from_launch_to_follow_up(transactional_db, school, live_server, phone):
    base = live_server.url
    add_students(school, 4)
    services.configure_instrument(
        by=school.koordinator, organisation=school.org, code="phqa", enabled=True
    )

    # The counselor launches PHQ-A for class X-1 through the form.
    login(phone, base, school.konselor.username, PASSWORD)
    phone.goto(f"{base}/screenings/")
    phone.get_by_test_id("new-campaign").click()
    phone.locator("select[name=instrument]").select_option("phqa")
    phone.locator("input[name=target][value=cohort]").check()
    phone.locator("select[name=cohort]").select_option(str(school.cohort.pk))
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url(f"{base}/screenings/campaigns/**")
    campaign = ScreeningCampaign.objects.get()
    assert campaign.assignments.count() == 6
    _log_out(phone, base)

    # The student finds it on the home page and answers on the phone.
    login(phone, base, school.siswa.username, PASSWORD)
    phone.wait_for_url(f"{base}/")
    # Students read the questionnaire's plain name, not the campaign's title.
    phone.locator('[data-tile="screenings_pending"] a', has_text="Bagaimana suasana hatimu").click()
    phone.wait_for_url(f"{base}/screenings/a/**")
    assert page_width(phone) <= 360
    assert not phone.locator("#item-s2").is_visible()
    for item in ("q1", "q2", "q3"):
        _answer(phone, item, 2)
    # The progress and the follow-up item are swapped in after the save's answer arrives.
    expect(phone.locator("#progress-bar")).to_have_attribute("value", "3")
    expect(phone.locator("#item-s2")).to_be_visible()  # asked once a symptom is reported

    # A critical answer: the crisis screen and the alert, before anything is sent.
    assert not Alert.objects.exists()
    _answer(phone, "q9", 1)
    crisis = phone.get_by_test_id("crisis-screen")
    crisis.wait_for()
    assert phone.get_by_test_id("crisis-resources").is_visible()
    assert "112" in crisis.inner_text()
    alert = Alert.objects.get()
    assert alert.person == school.siswa_person and alert.severity == "urgent"
    assert ScreeningResponse.objects.get(person=school.siswa_person).status == ResponseStatus.DRAFT

    # A dropped connection loses nothing: reload and the answers are still there.
    phone.reload()
    assert phone.get_by_test_id("answer-q2-2").is_checked()
    for item in ("q4", "q5", "q6", "q7", "q8", "s1", "s2", "s3", "s4"):
        _answer(phone, item, 1 if item in ("q4", "s2") else 0)
    phone.get_by_test_id("submit-answers").click()
    phone.get_by_test_id("sent").wait_for()
    assert Alert.objects.count() == 1
    response = ScreeningResponse.objects.get(person=school.siswa_person)
    assert response.status == ResponseStatus.SUBMITTED and response.score == 8
    _log_out(phone, base)

    # The counselor sees the distribution and the student on the follow-up list.
    login(phone, base, school.konselor.username, PASSWORD)
    phone.goto(f"{base}/screenings/campaigns/{campaign.pk}/")
    table = phone.get_by_test_id("distribution-table")
    assert "1" in table.inner_text()
    follow_up = phone.get_by_test_id("follow-up")
    assert school.siswa_person.full_name in follow_up.inner_text()
    # Bars drawn on the server inside the table; no chart script is loaded.
    assert table.locator("svg.bar").count() >= 1
    assert phone.locator("script[src*=chart]").count() == 0
