"""Tokens and login sessions end when the person's standing changes."""

from django.test import Client

from conftest import PASSWORD
from rangkul.accounts import services
from rangkul.accounts.models import ApiToken, Membership
from rangkul.audit.models import AuditEvent


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def works(raw: str) -> bool:
    return Client().get("/api/v1/me", **bearer(raw)).status_code == 200


def test_a_password_change_ends_every_token(school):
    raw, _token = services.issue_api_token(user=school.konselor)
    assert works(raw)
    browser, phone = Client(), Client()
    browser.force_login(school.konselor)
    phone.force_login(school.konselor)
    assert phone.get("/").status_code == 200
    new = "Baru-Sekali-2026!"
    response = browser.post(
        "/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert not works(raw)
    assert browser.get("/").status_code == 200  # the browser that changed it stays in
    assert phone.get("/").status_code == 302  # every other session ends


def test_a_password_set_outside_the_password_page_ends_every_token(school):
    """A reset, the admin site or `manage.py changepassword` all save a new password."""
    raw, _token = services.issue_api_token(user=school.konselor)
    phone = Client()
    phone.force_login(school.konselor)
    school.konselor.set_password("Lain-Sekali-2026!")
    school.konselor.save()
    assert not works(raw)
    assert phone.get("/").status_code == 302
    school.konselor.first_name = "Baru"
    school.konselor.save()  # a save without a new password keeps new tokens
    raw2, _token2 = services.issue_api_token(user=school.konselor)
    school.konselor.save()
    assert works(raw2)


def test_losing_the_last_role_in_an_organisation_ends_the_tokens(school):
    raw, _token = services.issue_api_token(user=school.walikelas)
    browser = Client()
    browser.force_login(school.walikelas)
    assert browser.get("/").status_code == 200
    membership = Membership.objects.get(user=school.walikelas, organisation=school.org)
    services.revoke_role(by=school.admin, membership=membership)
    assert not works(raw)
    assert browser.get("/").status_code == 302  # the open session ends too
    assert AuditEvent.objects.filter(verb="auth.tokens_revoked", actor=school.walikelas).exists()


def test_losing_one_of_two_roles_keeps_the_tokens(school):
    raw, _token = services.issue_api_token(user=school.sebaya)
    peer = Membership.objects.get(
        user=school.sebaya, organisation=school.org, role="peer_supporter"
    )
    browser = Client()
    browser.force_login(school.sebaya)
    services.revoke_role(by=school.koordinator, membership=peer)
    assert works(raw)
    assert browser.get("/").status_code == 200


def test_an_administrator_signs_a_member_out_everywhere(school):
    raw, _token = services.issue_api_token(user=school.konselor)
    phone = Client()
    phone.force_login(school.konselor)
    assert phone.get("/").status_code == 200
    admin = Client()
    admin.force_login(school.admin)
    membership = Membership.objects.get(user=school.konselor, organisation=school.org)
    assert f"/members/{membership.pk}/sign-out/" in admin.get("/members/").content.decode()
    response = admin.post(f"/members/{membership.pk}/sign-out/")
    assert response.status_code == 302
    assert not works(raw)
    assert phone.get("/").status_code == 302  # back to the login page
    assert AuditEvent.objects.filter(verb="auth.signed_out_everywhere", actor=school.admin).exists()


def test_a_colleague_cannot_sign_someone_out(school):
    other = Client()
    other.force_login(school.konselor)
    membership = Membership.objects.get(user=school.koordinator, organisation=school.org)
    other.post(f"/members/{membership.pk}/sign-out/")
    school.koordinator.refresh_from_db()
    assert school.koordinator.session_epoch == 0


def test_an_administrator_of_another_school_cannot_sign_a_member_out(school, other_school):
    membership = Membership.objects.get(user=school.konselor, organisation=school.org)
    admin = Client()
    admin.force_login(other_school.admin)
    assert admin.post(f"/members/{membership.pk}/sign-out/").status_code == 404
    school.konselor.refresh_from_db()
    assert school.konselor.session_epoch == 0


def test_the_owner_lists_and_revokes_tokens_on_a_page(school):
    raw, token = services.issue_api_token(user=school.konselor)
    browser = Client()
    browser.force_login(school.konselor)
    page = browser.get("/account/tokens/").content.decode()
    assert token.prefix in page and raw not in page
    assert browser.post(f"/account/tokens/{token.pk}/revoke/").status_code == 302
    assert not works(raw)


def test_nobody_revokes_someone_elses_token(school):
    raw, token = services.issue_api_token(user=school.konselor)
    browser = Client()
    browser.force_login(school.koordinator)
    assert browser.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    assert browser.post("/account/tokens/not-an-id/revoke/").status_code == 404
    assert works(raw)


def test_sign_out_everywhere_of_ones_own(school):
    raw, _token = services.issue_api_token(user=school.siswa)
    laptop, phone = Client(), Client()
    laptop.force_login(school.siswa)
    phone.force_login(school.siswa)
    assert phone.post("/account/sign-out-everywhere/").status_code == 302
    assert laptop.get("/").status_code == 302
    assert not works(raw)


def test_tokens_are_listed_and_revoked_through_the_api(school):
    raw, _token = services.issue_api_token(user=school.konselor)
    raw2, second = services.issue_api_token(user=school.konselor)
    listed = Client().get("/api/v1/auth/tokens", **bearer(raw)).json()
    assert {t["id"] for t in listed} == {str(second.pk), str(_token.pk)}
    assert [t["current"] for t in listed if t["id"] == str(_token.pk)] == [True]
    assert all("hash" not in str(t) and raw not in str(t) for t in listed)
    response = Client().delete(f"/api/v1/auth/tokens/{second.pk}", **bearer(raw))
    assert response.status_code == 204
    assert not works(raw2) and works(raw)
    other, _ = services.issue_api_token(user=school.koordinator)
    foreign = ApiToken.objects.get(user=school.koordinator)
    assert Client().delete(f"/api/v1/auth/tokens/{foreign.pk}", **bearer(raw)).status_code == 404
    assert works(other)
