"""The design system's promises that a unit test can see: colour contrast of the tokens,
pages that are not kept by the browser, quick exit's outside site and session end, the
debug-only component page, the user guides, and figures that fit each role."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from rangkul.cases import services as case_services
from rangkul.home.navigation import links_for
from rangkul.lib import markdown
from rangkul.safety.models import SafetySettings

CSS = Path(settings.BASE_DIR, "static", "css", "rangkul.css").read_text()


def _token(name: str) -> str:
    match = re.search(rf"--rk-{name}:\s*(#[0-9a-f]{{6}})", CSS)
    assert match, name
    return match.group(1)


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize(
    ("text", "background"),
    [
        ("ink", "surface"),
        ("ink-muted", "surface"),
        ("ink-muted", "surface-soft"),
        ("primary", "surface"),
        ("primary", "surface-soft"),
        ("primary-strong", "primary-soft"),
        ("on-primary", "primary"),
        ("info", "info-soft"),
        ("success", "success-soft"),
        ("warning", "warning-soft"),
        ("danger", "danger-soft"),
        ("danger", "surface"),
        ("on-primary", "danger"),
        ("ink", "danger-soft"),
        ("ink", "warning-soft"),
    ],
)
def test_text_colours_meet_wcag_aa_on_their_backgrounds(text, background):
    assert contrast(_token(text), _token(background)) >= 4.5


def test_signed_in_pages_are_not_kept_but_a_public_guide_may_be(school, client: Client):
    assert "no-store" not in client.get("/guide/student/").get("Cache-Control", "")
    client.force_login(school.siswa)
    assert "no-store" in client.get("/").headers["Cache-Control"]


def test_exit_and_log_out_ends_the_session_and_leaves_for_the_organisations_site(
    school, client: Client
):
    SafetySettings.objects.create(
        organisation=school.org, quick_exit_url="https://cuaca.example.org/"
    )
    client.force_login(school.siswa)
    page = client.get("/").content.decode()
    assert 'data-quick-exit-url="https://cuaca.example.org/"' in page
    answer = client.post("/keluar/")
    assert answer.status_code == 302 and answer.url == "https://cuaca.example.org/"
    assert client.get("/").status_code == 302  # logged out


def test_quick_exit_is_on_student_and_peer_pages_only(school, client: Client):
    client.force_login(school.sebaya)
    assert 'data-testid="quick-exit"' in client.get("/").content.decode()
    client.force_login(school.konselor)
    assert 'data-testid="quick-exit"' not in client.get("/").content.decode()


def test_a_quick_exit_site_must_be_https(school):
    from django.core.exceptions import ValidationError

    from rangkul.safety.services.config import update_settings

    with pytest.raises(ValidationError):
        update_settings(
            by=school.koordinator,
            organisation=school.org,
            around_the_clock=True,
            duty_days=[],
            duty_start=settings_time(7),
            duty_end=settings_time(15),
            quick_exit_url="http://example.org/",
        )


def settings_time(hour: int):
    from datetime import time

    return time(hour, 0)


def test_the_component_page_is_for_staff_in_debug_only(school, client: Client, settings):
    client.force_login(school.konselor)
    assert client.get("/design/components/").status_code == 404
    settings.DEBUG = True
    assert client.get("/design/components/").status_code == 200
    client.force_login(school.siswa)
    assert client.get("/design/components/").status_code == 404


def test_each_guide_opens_in_both_languages(client: Client):
    for name in ("student", "peer", "counselor", "coordinator", "admin"):
        for lang, word in (("id", 'lang="id"'), ("en", 'lang="en"')):
            answer = client.get(f"/guide/{name}/", HTTP_ACCEPT_LANGUAGE=lang)
            assert answer.status_code == 200 and word in answer.content.decode()
    assert client.get("/guide/nothing/").status_code == 404
    assert client.get("/guide/img/../settings.py").status_code == 404


def test_the_guide_renderer_escapes_everything_it_does_not_know():
    html = markdown.render(
        "# Title\n\nHello **there** <script>x</script>\n\n- one\n- two\n\n"
        "![Home](../img/a.png) [bad](javascript:alert(1))",
        image_url=lambda p: "/img/" + p.rsplit("/", 1)[-1],
    )
    assert "<h1>Title</h1>" in html
    assert "<strong>there</strong> &lt;script&gt;" in html
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html
    assert '<img src="/img/a.png" alt="Home"' in html
    assert "javascript:" not in html


def test_each_role_gets_links_to_what_it_acts_on():
    student = [link["url"] for link in links_for(frozenset({"student"}), "/")]
    assert "/help/" in student and "/cases/" not in student
    analyst = [link["url"] for link in links_for(frozenset({"authority_analyst"}), "/")]
    assert analyst == ["/", "/reports/district/"]


def test_a_field_worker_sees_psychosocial_words_and_no_staffing_norm(
    community, relawan, client: Client
):
    client.force_login(relawan)
    page = client.get("/").content.decode()
    assert "norm" not in page and "1 : 150" not in page
    kinds = client.get("/activities/new/").content.decode()
    assert "pfa_contact" in kinds and "classroom_guidance" not in kinds


def test_a_principal_sees_service_figures_with_small_counts_hidden(school, client: Client):
    for _ in range(3):
        case_services.submit_request(
            by=school.siswa,
            organisation=school.org,
            domain="learning",
            text="Aku stres menjelang ujian",
            urgency="low",
            helper_choice="counselor",
        )
    client.force_login(school.kepsek)
    answer = client.get("/")
    figures = {t.key: t.context for t in answer.context["tiles"]}["service_figures"]
    assert figures["requests"] == "<5"
    assert figures["median_hours"] is None


def test_the_analysts_screenings_link_does_not_open_a_students_questionnaires(
    analis, client: Client
):
    client.force_login(analis)
    answer = client.get("/screenings/")
    assert answer.status_code == 302 and answer.url == "/"
