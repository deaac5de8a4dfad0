"""A counselor adds a passkey and signs in with it (Chromium's virtual authenticator)."""

import re
from typing import Any

from conftest import PASSWORD, make_school
from rangkul.accounts.models import Passkey
from rangkul.accounts.tests.factories import OrganisationFactory
from tests.e2e.conftest import login, logout


def test_a_counselor_adds_a_passkey_and_signs_in_with_it(
    transactional_db: Any, live_server: Any, phone: Any
) -> None:
    school = make_school(OrganisationFactory(name="Dinas Uji", kind="authority", npsn=""), 1)
    cdp = phone.context.new_cdp_session(phone)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    login(phone, live_server.url, school.konselor.username, PASSWORD)
    phone.wait_for_url(f"{live_server.url}/")
    phone.goto(f"{live_server.url}/account/security/")
    phone.get_by_role("button", name="Tambah passkey").click()
    phone.get_by_test_id("passkey").wait_for()
    assert Passkey.objects.filter(user=school.konselor).count() == 1
    logout(phone)

    login(phone, live_server.url, school.konselor.username, PASSWORD)
    phone.wait_for_url(re.compile(r"/login/verify/"))
    phone.get_by_role("button", name="Pakai passkey").click()
    phone.wait_for_url(f"{live_server.url}/")
    assert phone.get_by_role("heading", level=1).inner_text().startswith("Halo,")
