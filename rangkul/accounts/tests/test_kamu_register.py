"""Students are addressed as "kamu": Django's own password and login messages, which its
Indonesian catalogue writes with "Anda", come in Rangkul's words instead."""

import re

import pytest
from django.test import Client

from conftest import PASSWORD

ANDA = re.compile(r"\banda\b", re.IGNORECASE)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("salah-sekali", "Baru-Sekali-2026!", "sandi lama"),
        (PASSWORD, "Ab1!", "terlalu pendek"),
        (PASSWORD, "12345678901", "hanya angka"),
        (PASSWORD, "password123", "banyak orang"),
    ],
)
def test_a_student_changing_a_password_never_reads_anda(school, client: Client, old, new, expected):
    client.force_login(school.siswa)
    client.cookies["django_language"] = "id"
    page = client.get("/password/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert not ANDA.search(page), ANDA.findall(page)
    refused = client.post(
        "/password/",
        {"old_password": old, "new_password1": new, "new_password2": new},
        HTTP_ACCEPT_LANGUAGE="id",
    )
    text = refused.content.decode()
    assert refused.status_code == 200 and expected in text.lower()
    assert not ANDA.search(text), ANDA.findall(text)


def test_two_different_new_passwords_are_explained_without_anda(school, client: Client):
    client.force_login(school.siswa)
    client.cookies["django_language"] = "id"
    refused = client.post(
        "/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Baru-Sekali-2026!",
            "new_password2": "Lain-Sekali-2026!",
        },
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert "tidak sama" in refused.content.decode()
    assert not ANDA.search(refused.content.decode())


def test_a_failed_login_is_explained_without_anda(school):
    client = Client()
    client.cookies["django_language"] = "id"
    refused = client.post(
        "/login/",
        {"username": school.siswa.username, "password": "salah"},
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert refused.status_code == 200
    assert not ANDA.search(refused.content.decode())
