"""Staff sign-in security: authenticator app (TOTP), recovery codes, the organisation's
policy with its grace period, the lockout of the second step, tokens, idle sessions."""

import json
import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from rangkul.accounts import mfa
from rangkul.accounts.middleware import LAST_SEEN_KEY
from rangkul.accounts.models import Passkey
from rangkul.accounts.views import TOTP_KEY
from rangkul.audit.models import AuditEvent


def code_for(key_hex: str, at: Any = None) -> str:
    totp = TOTP(bytes.fromhex(key_hex))
    if at is not None:
        totp.time = at.timestamp()
    return f"{totp.token():06d}"


def enrol(client: Client) -> tuple[str, list[str]]:
    """Enrol through the pages; returns the key and the recovery codes shown."""
    page = client.get("/account/security/authenticator/")
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    key = client.session[TOTP_KEY]
    done = client.post("/account/security/authenticator/", {"code": code_for(key)})
    assert done.status_code == 200
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", done.content.decode())
    return key, codes


@pytest.fixture
def enrolled(school: Any) -> tuple[Any, str, list[str]]:
    client = Client()
    client.force_login(school.konselor)
    key, codes = enrol(client)
    return school.konselor, key, codes


def password_step(user: Any) -> Client:
    client = Client()
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_enrolment_shows_a_qr_code_and_ten_recovery_codes_once(school: Any) -> None:
    client = Client()
    client.force_login(school.konselor)
    page = client.get("/account/security/authenticator/")
    body = page.content.decode()
    assert "<svg" in body and "http" not in body.split("<svg", 1)[1].split("</svg>")[0].replace(
        "http://www.w3.org", ""
    )
    wrong = client.post("/account/security/authenticator/", {"code": "000000"})
    assert wrong.status_code == 400
    assert not TOTPDevice.objects.filter(user=school.konselor).exists()
    key = client.session[TOTP_KEY]
    shown = client.post("/account/security/authenticator/", {"code": code_for(key)})
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", shown.content.decode())
    assert len(set(codes)) == 10
    assert mfa.recovery_codes_left(school.konselor) == 10
    # Stored only as keyed hashes.
    from django_otp.plugins.otp_static.models import StaticToken

    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert not stored & set(codes)
    overview = client.get("/account/security/").content.decode()
    assert codes[0] not in overview
    assert AuditEvent.objects.filter(verb="auth.mfa_enrolled", actor=school.konselor).exists()


def test_sign_in_needs_the_code_after_the_password(enrolled: Any) -> None:
    user, key, _codes = enrolled
    client = password_step(user)
    # The password alone makes no session.
    assert client.get("/").status_code == 302
    wrong = client.post("/login/verify/", {"code": "123456"})
    assert wrong.status_code == 400
    assert client.get("/").status_code == 302
    later = timezone.now() + timedelta(seconds=31)  # the enrolment code is used up
    with time_machine.travel(later, tick=False):
        ok = client.post("/login/verify/", {"code": code_for(key, later)})
        assert ok.status_code == 302
        assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(verb="auth.logged_in", actor=user).exists()
    failed = AuditEvent.objects.filter(verb="auth.login_failed").first()
    assert failed is not None and "123456" not in json.dumps(failed.data)


def test_a_code_is_not_accepted_twice(enrolled: Any) -> None:
    user, key, _codes = enrolled
    later = timezone.now() + timedelta(seconds=31)
    with time_machine.travel(later, tick=False):
        first = password_step(user)
        code = code_for(key, later)
        assert first.post("/login/verify/", {"code": code}).status_code == 302
        second = password_step(user)
        assert second.post("/login/verify/", {"code": code}).status_code == 400


def test_a_recovery_code_works_once(enrolled: Any) -> None:
    user, _key, codes = enrolled
    client = password_step(user)
    response = client.post("/login/recovery/", {"code": codes[0].upper()})
    assert response.status_code == 302 and response["Location"] == "/account/security/"
    assert client.get("/").status_code == 200
    assert mfa.recovery_codes_left(user) == 9
    again = password_step(user)
    assert again.post("/login/recovery/", {"code": codes[0]}).status_code == 400


def test_wrong_codes_lock_the_account_out(enrolled: Any, settings: Any) -> None:
    user, key, _codes = enrolled
    client = password_step(user)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post("/login/verify/", {"code": "000000"}).status_code == 400
    locked = client.post("/login/verify/", {"code": "000000"})
    assert locked.status_code == 429
    # Neither the right code nor the password opens it now.
    retry = Client()
    response = retry.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429


def test_the_second_step_expires(enrolled: Any) -> None:
    user, key, _codes = enrolled
    client = password_step(user)
    later = timezone.now() + timedelta(minutes=6)
    with time_machine.travel(later, tick=False):
        response = client.post("/login/verify/", {"code": code_for(key, later)})
        assert response.status_code == 302 and response["Location"] == "/login/"
        assert client.get("/").status_code == 302


def test_removing_the_app_is_audited(enrolled: Any) -> None:
    user, _key, _codes = enrolled
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.get(user=user)
    session = client.session
    session["rangkul_mfa_ok"] = True
    session.save()
    assert client.post(f"/account/security/totp/{device.pk}/remove/").status_code == 302
    assert not mfa.has_factor(user)
    assert AuditEvent.objects.filter(verb="auth.mfa_removed", actor=user).exists()


def test_someone_elses_device_cannot_be_removed(enrolled: Any, school: Any) -> None:
    device = TOTPDevice.objects.get(user=enrolled[0])
    client = Client()
    client.force_login(school.koordinator)
    assert client.post(f"/account/security/totp/{device.pk}/remove/").status_code == 404
    assert mfa.has_factor(enrolled[0])


def test_students_have_no_second_factor_pages(school: Any) -> None:
    client = Client()
    client.force_login(school.siswa)
    assert client.get("/account/security/").status_code == 404
    assert client.get("/account/security/authenticator/").status_code == 404


def test_policy_sends_staff_to_enrol_after_the_grace_period(school: Any) -> None:
    client = Client()
    client.force_login(school.konselor)
    assert client.get("/").status_code == 200  # the grace period starts now
    overview = client.get("/account/security/").content.decode()
    assert 'data-testid="mfa-required"' in overview
    later = timezone.now() + timedelta(days=school.org.mfa_grace_days, minutes=1)
    with time_machine.travel(later, tick=False):
        fresh = Client()
        fresh.force_login(school.konselor)
        response = fresh.get("/")
        assert response.status_code == 302 and response["Location"] == "/account/security/"
        assert fresh.get("/api/v1/me").status_code == 403
        assert fresh.get("/account/security/authenticator/").status_code == 200
        # Students and homeroom teachers are not asked.
        student = Client()
        student.force_login(school.walikelas)
        assert student.get("/").status_code == 200


def test_an_organisation_may_switch_the_requirement_off(school: Any) -> None:
    school.org.mfa_required = False
    school.org.save()
    later = timezone.now() + timedelta(days=60)
    with time_machine.travel(later, tick=False):
        client = Client()
        client.force_login(school.admin)
        assert client.get("/").status_code == 200


def token(username: str, **extra: Any) -> Any:
    body = {"username": username, "password": PASSWORD, **extra}
    return Client().post("/api/v1/auth/token", body, content_type="application/json")


def test_a_token_needs_the_second_factor(enrolled: Any) -> None:
    user, key, codes = enrolled
    assert token(user.username).status_code == 401
    assert token(user.username, otp="000000").status_code == 401
    later = timezone.now() + timedelta(seconds=31)
    with time_machine.travel(later, tick=False):
        assert token(user.username, otp=code_for(key, later)).status_code == 200
    assert token(user.username, otp=codes[1]).status_code == 200


def test_no_token_without_a_factor_after_the_grace_period(school: Any) -> None:
    assert token(school.konselor.username).status_code == 200  # within the grace period
    later = timezone.now() + timedelta(days=8)
    with time_machine.travel(later, tick=False):
        response = token(school.konselor.username)
        assert response.status_code == 403
        assert token(school.siswa.username).status_code == 200


def test_staff_sessions_end_after_thirty_idle_minutes(school: Any) -> None:
    start = timezone.now()
    staff, student = Client(), Client()
    staff.force_login(school.konselor)
    student.force_login(school.siswa)
    with time_machine.travel(start, tick=False):
        assert staff.get("/").status_code == 200
        assert student.get("/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert staff.get("/").status_code == 200  # activity moves the clock on
    with time_machine.travel(start + timedelta(minutes=58), tick=False):
        assert staff.get("/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=89), tick=False):
        response = staff.get("/people/")
        assert response.status_code == 302
        assert response["Location"].startswith("/login/?next=")
        assert staff.get("/").status_code == 302
        assert student.get("/").status_code == 200
    assert AuditEvent.objects.filter(verb="auth.session_idle_expired", actor=school.konselor)


def test_the_message_poller_does_not_keep_a_session_alive(school: Any) -> None:
    start = timezone.now()
    staff = Client()
    staff.force_login(school.konselor)
    with time_machine.travel(start, tick=False):
        assert staff.get("/").status_code == 200
        seen = staff.session[LAST_SEEN_KEY]
    with time_machine.travel(start + timedelta(minutes=20), tick=False):
        staff.get("/", HTTP_HX_REQUEST="true", HTTP_HX_TRIGGER="poller")
        assert staff.session[LAST_SEEN_KEY] == seen
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        assert staff.get("/").status_code == 302


def test_the_django_admin_does_not_show_second_factor_secrets() -> None:
    from django.contrib import admin
    from django_otp.plugins.otp_static.models import StaticDevice

    assert not admin.site.is_registered(TOTPDevice)
    assert not admin.site.is_registered(StaticDevice)


def test_passkey_options_name_this_site_and_a_fresh_challenge(school: Any) -> None:
    client = Client()
    client.force_login(school.konselor)
    first = client.post("/account/security/passkey/options/").json()
    second = client.post("/account/security/passkey/options/").json()
    assert first["rp"]["id"] == "testserver"
    assert first["user"]["name"] == school.konselor.username
    assert first["challenge"] != second["challenge"]
    refused = client.post("/account/security/passkey/", data="{}", content_type="application/json")
    assert refused.status_code == 400
    assert AuditEvent.objects.filter(verb="auth.mfa_enrol_failed", actor=school.konselor)


def test_a_passkey_is_a_second_factor_and_a_forged_answer_fails(school: Any) -> None:
    from rangkul.accounts.models import Passkey

    Passkey.objects.create(user=school.konselor, credential_id=b"abc", public_key=b"x")
    client = password_step(school.konselor)
    page = client.get("/login/verify/")
    assert 'data-passkey="sign-in"' in page.content.decode()
    options = client.post("/login/passkey/options/").json()
    assert options["allowCredentials"][0]["id"] == "YWJj"
    forged = json.dumps(
        {
            "id": "YWJj",
            "rawId": "YWJj",
            "type": "public-key",
            "response": {"clientDataJSON": "e30", "authenticatorData": "AA", "signature": "AA"},
        }
    )
    answer = client.post("/login/passkey/", data=forged, content_type="application/json")
    assert answer.status_code == 400
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(verb="auth.login_failed").exists()


def test_a_factor_is_a_confirmed_app_or_a_passkey_of_ones_own(school: Any) -> None:
    user, other = school.konselor, school.koordinator
    TOTPDevice.objects.create(user=user, name="belum", confirmed=False)
    Passkey.objects.create(user=other, credential_id=b"other", public_key=b"key")
    with CaptureQueriesContext(connection) as queries:
        assert not mfa.has_factor(user)
    assert len(queries.captured_queries) == 1
    Passkey.objects.create(user=user, credential_id=b"mine", public_key=b"key")
    assert mfa.has_factor(user)
    Passkey.objects.filter(user=user).delete()
    TOTPDevice.objects.filter(user=user).update(confirmed=True)
    assert mfa.has_factor(user)
