"""A newcomer's first minutes: every demo role logs in and lands on its home page in
Indonesian, the language switch, a wrong password, and a student at a staff page."""

from typing import Any

import pytest
from django.core.management import call_command

from rangkul.audit.models import AuditEvent
from tests.e2e.conftest import login, logout, open_menu, page_width

PASSWORD = "demo-e2e-2026"

# One demo user per role, and a tile title each must see on their home page.
ROLE_HOMES = {
    "siswa1-04": "Data saya",
    "siswa1-01": "Data saya",
    "konselor1a": "Siswa dan penerima manfaat",
    "koordinator1": "Anggota menurut peran",
    "walikelas1": "Kelas saya",
    "kepsek1": "Siswa per kelas",
    "admin1": "Perubahan keanggotaan terbaru",
    "relawan": "Orang yang saya dampingi",
    "psikolog": "Lembaga Anda",
    "analis": "Lembaga binaan dinas ini",
}


@pytest.fixture
def demo(transactional_db: Any, settings: Any) -> None:
    settings.DEBUG = True
    settings.DEMO_PASSWORD = PASSWORD
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False


def test_every_demo_role_lands_on_its_home_page_in_indonesian(demo, live_server, phone):
    for username, tile in ROLE_HOMES.items():
        login(phone, live_server.url, username, PASSWORD)
        phone.wait_for_url(f"{live_server.url}/")
        assert phone.locator("html").get_attribute("lang") == "id"
        assert phone.get_by_role("heading", level=1).inner_text().startswith("Halo,")
        assert phone.get_by_role("heading", name=tile).is_visible(), username
        # Usable on a 360 px phone: nothing wider than the screen.
        assert page_width(phone) <= 360, username
        logout(phone)


def test_the_language_switch_shows_english(demo, live_server, phone):
    login(phone, live_server.url, "konselor1a", PASSWORD)
    phone.get_by_label("Bahasa").select_option("en")
    phone.get_by_role("button", name="Ganti bahasa").click()
    phone.get_by_role("heading", name="Students and beneficiaries").wait_for()
    assert phone.locator("html").get_attribute("lang") == "en"
    open_menu(phone)
    assert phone.get_by_role("button", name="Log out").is_visible()


def test_a_wrong_password_shows_an_indonesian_error_and_is_audited(demo, live_server, phone):
    login(phone, live_server.url, "siswa1-04", "bukan-kata-sandinya")
    error = phone.get_by_test_id("login-error")
    assert "Nama pengguna atau kata sandi salah" in error.inner_text()
    assert AuditEvent.objects.filter(verb="auth.login_failed", data__username="siswa1-04").exists()


def test_a_student_opening_a_staff_page_gets_404(demo, live_server, phone):
    login(phone, live_server.url, "siswa1-04", PASSWORD)
    phone.wait_for_url(f"{live_server.url}/")
    for path in ("/people/", "/members/", "/members/log/"):
        response = phone.goto(f"{live_server.url}{path}")
        assert response.status == 404, path
        assert phone.get_by_role("heading", name="Halaman tidak ditemukan").is_visible()
