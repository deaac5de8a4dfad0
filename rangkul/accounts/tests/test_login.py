from django.test import Client, override_settings

from conftest import PASSWORD
from rangkul.audit.models import AuditEvent


def test_login_and_logout_are_audited(school, client: Client):
    response = client.post("/login/", {"username": "siswa1", "password": PASSWORD})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(verb="auth.logged_in", actor=school.siswa).count() == 1
    client.post("/logout/")
    assert AuditEvent.objects.filter(verb="auth.logged_out", actor=school.siswa).count() == 1


def test_a_wrong_password_shows_an_indonesian_error_and_is_audited(school, client: Client):
    response = client.post("/login/", {"username": "siswa1", "password": "salah"})
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()
    event = AuditEvent.objects.get(verb="auth.login_failed")
    assert event.data == {"username": "siswa1"}
    assert event.client_ip == "127.0.0.1"


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account_even_with_the_right_password(school, client: Client):
    for _ in range(3):
        client.post("/login/", {"username": "siswa1", "password": "salah"})
    response = client.post("/login/", {"username": "siswa1", "password": PASSWORD})
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.content.decode()


def test_password_change_is_audited(school, client: Client):
    client.force_login(school.siswa)
    response = client.post(
        "/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Baru-Sekali-2026!",
            "new_password2": "Baru-Sekali-2026!",
        },
    )
    assert response.status_code == 302
    school.siswa.refresh_from_db()
    assert school.siswa.check_password("Baru-Sekali-2026!")
    assert AuditEvent.objects.filter(verb="auth.password_changed", actor=school.siswa).exists()


def test_anonymous_visitors_are_sent_to_login(client: Client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
