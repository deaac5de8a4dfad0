"""A counselor sets up an authenticator app and signs in with it, on a phone."""

import base64
import re
import time
from typing import Any

from django_otp.oath import TOTP

from conftest import PASSWORD, make_school
from rangkul.accounts.tests.factories import OrganisationFactory
from rangkul.audit.models import AuditEvent
from tests.e2e.conftest import login, logout, page_width


def code(secret: str, *, steps_ahead: int = 0) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    totp = TOTP(key)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def test_a_counselor_enrols_an_authenticator_app_and_signs_in_with_it(
    transactional_db: Any, live_server: Any, phone: Any
) -> None:
    school = make_school(OrganisationFactory(name="Dinas Uji", kind="authority", npsn=""), 1)
    username = school.konselor.username
    login(phone, live_server.url, username, PASSWORD)
    phone.wait_for_url(f"{live_server.url}/")

    phone.goto(f"{live_server.url}/account/security/")
    assert phone.get_by_test_id("mfa-required").is_visible()
    phone.get_by_role("button", name="Siapkan aplikasi autentikator").click()
    phone.get_by_test_id("totp-qr").locator("svg").wait_for()
    secret = phone.get_by_test_id("totp-secret").inner_text().strip()
    phone.get_by_label("Kode enam angka").fill(code(secret))
    phone.get_by_role("button", name="Konfirmasi").click()
    codes = phone.get_by_test_id("recovery-codes").locator("li")
    codes.first.wait_for()
    assert codes.count() == 10
    assert page_width(phone) <= 360
    phone.get_by_role("button", name="Sudah saya simpan").click()
    assert phone.get_by_test_id("mfa-device").count() == 1
    logout(phone)

    login(phone, live_server.url, username, PASSWORD)
    phone.wait_for_url(re.compile(r"/login/verify/"))
    phone.get_by_label("Kode enam angka").fill("000000")
    phone.get_by_role("button", name="Lanjut", exact=True).click()
    assert "Kode itu tidak benar" in phone.get_by_test_id("mfa-error").inner_text()
    # After a wrong code the app's codes are refused for a second (throttling).
    phone.wait_for_timeout(1500)
    # The enrolment used this period's code: the app's next code is accepted.
    phone.get_by_label("Kode enam angka").fill(code(secret, steps_ahead=1))
    phone.get_by_role("button", name="Lanjut", exact=True).click()
    phone.wait_for_url(f"{live_server.url}/")
    assert phone.get_by_role("heading", level=1).inner_text().startswith("Halo,")
    verbs = set(AuditEvent.objects.filter(actor=school.konselor).values_list("verb", flat=True))
    assert {"auth.mfa_enrolled", "auth.recovery_codes_issued", "auth.logged_in"} <= verbs
