"""The design in a real browser at 360 px: the student's journey, quick exit, the
confirmation dialog, and every page of every role without sideways scrolling and without
serious or critical accessibility violations (axe-core)."""

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from conftest import PASSWORD
from rangkul.cases.models import RequestStatus, SupportRequest
from tests.crawler import build_world, page_urls
from tests.e2e.conftest import login, open_menu, page_width

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
OUTSIDE = re.compile(r"^https://")


def test_a_student_asks_for_help_reads_what_happens_next_and_leaves_without_a_trace(
    school, live_server, phone
):
    url = live_server.url
    login(phone, url, "siswa1", PASSWORD)
    phone.wait_for_url(f"{url}/")
    phone.get_by_test_id("ask-for-help").click()
    # Text first; the other questions are folded away and may be skipped.
    phone.get_by_label("Ceritakan dengan beberapa kata").fill("Aku susah tidur karena ujian")
    assert not phone.get_by_text("Seberapa mendesak").is_visible()
    phone.get_by_role("button", name="Kirim").click()
    phone.get_by_role("heading", name="Apa yang terjadi selanjutnya").wait_for()
    # No peer supporter here, so a counselor reads it: who reads it and when is said
    # above the steps, which are "now" and "then".
    assert phone.get_by_test_id("route-counselor").is_visible()
    assert phone.get_by_test_id("response-promise").is_visible()
    assert phone.get_by_test_id("next-steps").locator("li").count() >= 2
    assert phone.get_by_test_id("your-words").inner_text() == "Aku susah tidur karena ujian"
    assert page_width(phone) <= 360

    # A draft on the help form, then Esc three times: the page is replaced by the outside
    # site (no new history entry), and Back does not bring the draft back.
    phone.goto(f"{url}/help/")
    phone.get_by_label("Ceritakan dengan beberapa kata").fill("rahasia yang belum terkirim")
    entries = phone.evaluate("history.length")
    for _ in range(3):
        phone.keyboard.press("Escape")
    phone.wait_for_url(OUTSIDE)
    assert phone.evaluate("history.length") == entries
    phone.go_back()
    assert not phone.url.endswith("/help/")
    phone.goto(f"{url}/help/")
    assert phone.get_by_label("Ceritakan dengan beberapa kata").input_value() == ""
    # Every signed-in page tells the browser not to keep it.
    answer = phone.request.get(f"{url}/help/")
    assert "no-store" in answer.headers["cache-control"]

    # "Exit and log out" ends the session: Back finds only the login page.
    open_menu(phone)
    phone.get_by_test_id("exit-and-log-out").click()
    phone.wait_for_url(OUTSIDE)
    phone.go_back()
    phone.wait_for_url(re.compile(r"/login/"))


def test_the_quick_exit_button_leads_to_the_organisations_outside_site(school, live_server, phone):
    from rangkul.safety.models import SafetySettings

    SafetySettings.objects.create(
        organisation=school.org, quick_exit_url="https://cuaca.example.org/bandung"
    )
    login(phone, live_server.url, "siswa1", PASSWORD)
    phone.wait_for_url(f"{live_server.url}/")
    phone.get_by_test_id("quick-exit").click()
    phone.wait_for_url("https://cuaca.example.org/bandung")
    assert "Rangkul" not in phone.content()


def test_withdrawing_a_request_asks_first_in_a_dialog(school, live_server, phone):
    url = live_server.url
    login(phone, url, "siswa1", PASSWORD)
    phone.wait_for_url(f"{url}/")
    phone.goto(f"{url}/help/")
    phone.get_by_label("Ceritakan dengan beberapa kata").fill("Aku berantem sama temen")
    phone.get_by_role("button", name="Kirim").click()
    phone.get_by_test_id("your-words").wait_for()
    phone.goto(f"{url}/my/requests/")
    phone.locator("main").get_by_role("button", name="Batalkan").click()
    dialog = phone.get_by_role("dialog")
    dialog.wait_for()
    assert "tidak akan ada yang menghubungimu" in dialog.inner_text()
    phone.get_by_test_id("confirm-cancel").click()
    assert not dialog.is_visible()
    assert not SupportRequest.objects.filter(status=RequestStatus.WITHDRAWN).exists()
    phone.locator("main").get_by_role("button", name="Batalkan").click()
    phone.get_by_test_id("confirm-ok").click()
    phone.get_by_test_id("request-status").first.wait_for()
    assert SupportRequest.objects.filter(status=RequestStatus.WITHDRAWN).count() == 1


PERSONAS = [
    "s1.student",
    "s1.peer_supporter",
    "s1.counselor",
    "s1.coordinator",
    "s1.homeroom_teacher",
    "s1.principal",
    "s1.admin",
    "community.field_worker",
    "provider.provider",
    "authority.authority_analyst",
]
SKIPPED = {
    "agenda_ics",
    "activity_ics",
    "screening_response_fhir",
    "screening_instrument_fhir",
    "healthz",
    "help_image",
    "login",
    "case_messages",  # case_messages: a fragment
    "region_children",  # the region picker's options: a fragment
    # Files, not pages: the browser downloads them.
    "directory_export",
    "referral_letter",
    "consent_form_file",
    "service_plan_pdf",
    "programme_report_pdf",
    "reports_table_file",
    "reports_export_file",
    "guardian_letter",
    "training_certificate_pdf",
    "training_cpd_file",
}


def _violations(page: Any) -> list[str]:
    """axe-core's serious and critical findings. The checker is evaluated through the
    DevTools protocol, which the page's CSP does not govern; the page keeps its CSP."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + ";undefined")
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))"
    )
    return list(found)


@pytest.mark.django_db(transaction=True)
def test_every_page_of_every_role_fits_a_phone_and_passes_axe(live_server, browser):
    world = build_world()
    pages = [p for p in page_urls(world) if not p.post_only and p.name not in SKIPPED]
    checked: set[str] = set()
    problems: list[str] = []
    for persona in PERSONAS:
        client = Client()
        client.force_login(world.people[persona])
        context = browser.new_context(locale="id-ID", viewport={"width": 360, "height": 740})
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        for target in pages:
            # Each page once (by the first role that may open it), and every role's home.
            if target.name in checked and target.name != "home":
                continue
            answer = page.goto(f"{live_server.url}{target.url}")
            if answer is None or answer.status != 200 or page.url.startswith("https://"):
                continue
            checked.add(target.name)
            where = f"{persona} {target.name}"
            if page_width(page) > 360:
                problems.append(f"{where}: wider than 360 px")
            problems += [f"{where}: {v}" for v in _violations(page)]
        context.close()
    assert len(checked) > 50
    assert problems == [], "\n".join(problems)
