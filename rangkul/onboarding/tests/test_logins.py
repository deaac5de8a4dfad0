import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from rangkul.accounts.models import ApiToken, User
from rangkul.accounts.services import authenticate_token, issue_api_token
from rangkul.audit.models import AuditEvent
from rangkul.onboarding.models import Enrolment, EnrolmentStatus
from rangkul.onboarding.services import imports, logins
from rangkul.onboarding.tests.factories import dapodik_csv, pdf_text, record_policy
from rangkul.people.models import Person

ROWS = [
    ["1", "Nur'aini Siregar", "101", "P", "0081234561", "Medan", "2010-03-25", "X-1", "", "", ""],
    ["2", "Bayu Pradnyānā", "102", "L", "0081234562", "Bali", "2010-04-02", "X-1", "", "", ""],
]  # fmt: skip


@pytest.fixture
def imported(school):
    record_policy(school.org, school.koordinator)
    batch = imports.check_import(
        by=school.koordinator, organisation=school.org, kind="students", file_name="x.csv",
        data=dapodik_csv(ROWS),
    )  # fmt: skip
    imports.apply_import(by=school.koordinator, batch=batch)
    return school


def _cards(client: Client, school) -> tuple[str, bytes]:
    client.force_login(school.koordinator)
    answer = client.post(f"/onboarding/classes/{school.cohort.pk}/cards/")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    return pdf_text(answer.content), answer.content


def test_class_cards_carry_usernames_and_one_time_passwords_stored_only_as_hashes(
    imported, client: Client
):
    school = imported
    text, _pdf = _cards(client, school)
    assert "0081234561" in text and "0081234562" in text
    assert "Nur'aini Siregar" in text and school.org.name in text and "X-1" in text
    nuraini = Person.objects.get(full_name="Nur'aini Siregar")
    user = nuraini.user
    assert user.username == "0081234561" and user.must_change_password and user.privacy_notice_due
    assert user.memberships.get(organisation=school.org).role == "student"
    line = next(line for line in text.splitlines() if "sekali pakai" in line.lower())
    password = line.split()[-1]
    assert user.check_password(password) and password not in user.password
    # A second press makes no new logins: the passwords cannot be shown again.
    client.post(f"/onboarding/classes/{school.cohort.pk}/cards/")
    assert User.objects.filter(username__startswith="008123456").count() == 2


def test_a_first_login_forces_a_new_password_then_the_privacy_notice(imported, client: Client):
    text, _pdf = _cards(client, imported)
    line = next(line for line in text.splitlines() if "sekali pakai" in line.lower())
    client.logout()
    student = Client()
    answer = student.post("/login/", {"username": "0081234561", "password": line.split()[-1]})
    assert answer.status_code == 302
    assert student.get("/").url == "/welcome/password/"
    assert student.get("/cases/").url == "/welcome/password/"
    assert student.get("/welcome/privacy/").url == "/welcome/password/"
    assert student.get("/api/v1/me").status_code == 403
    answer = student.post(
        "/welcome/password/",
        {"new_password1": "pelangi-senja-2026", "new_password2": "pelangi-senja-2026"},
    )
    assert answer.url == "/welcome/privacy/"
    assert student.get("/").url == "/welcome/privacy/"
    notice = student.get("/welcome/privacy/").content.decode()
    assert "kamu" in notice and "dalam bahaya" in notice
    student.post("/welcome/privacy/", {})
    assert student.get("/").url == "/welcome/privacy/"  # not ticked
    assert student.post("/welcome/privacy/", {"understood": "yes"}).url == "/"
    assert student.get("/").status_code == 200
    user = User.objects.get(username="0081234561")
    assert not user.must_change_password and user.privacy_notice_acknowledged_at is not None
    assert user.check_password("pelangi-senja-2026")


def test_a_token_is_refused_until_the_first_login_is_done(imported, client: Client):
    _cards(client, imported)
    user = User.objects.get(username="0081234561")
    raw, _token = issue_api_token(user=user)
    assert authenticate_token(raw) is None


def test_staff_reset_a_forgotten_password_ending_sessions_and_tokens(imported, client: Client):
    school = imported
    _cards(client, school)
    person = Person.objects.get(full_name="Bayu Pradnyānā")
    user = person.user
    user.must_change_password = user.privacy_notice_due = False
    user.set_password("lama-sekali-2026")
    user.save()
    _raw, token = issue_api_token(user=user)
    own = Client()
    own.force_login(user)
    assert own.get("/").status_code == 200
    client.force_login(school.walikelas)
    assert client.post(f"/onboarding/students/{person.pk}/reset/").status_code == 404
    client.force_login(school.konselor)
    answer = client.post(f"/onboarding/students/{person.pk}/reset/")
    assert answer["Content-Type"] == "application/pdf"
    text = pdf_text(answer.content)
    assert user.username in text
    user.refresh_from_db()
    assert user.must_change_password and not user.check_password("lama-sekali-2026")
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert own.get("/").status_code == 302  # the old session ended
    assert AuditEvent.objects.for_object(user).filter(verb="auth.password_reset").exists()


def test_nobody_resets_a_staff_password_this_way(school):
    Enrolment.objects.create(organisation=school.org, person=school.siswa_person, nisn="0080000001")
    with pytest.raises(PermissionDenied):
        from rangkul.accounts.services import reset_to_one_time_password

        reset_to_one_time_password(by=school.konselor, organisation=school.org, user=school.admin)


def test_a_student_who_transfers_out_is_archived_with_their_record_kept(imported, client: Client):
    school = imported
    _cards(client, school)
    person = Person.objects.get(full_name="Nur'aini Siregar")
    client.force_login(school.konselor)
    url = f"/onboarding/students/{person.pk}/end/"
    form = {"status": "transferred_out", "ended_on": "2026-11-30", "moved_to": "SMA Negeri 2"}
    assert client.post(url, form).status_code == 404
    client.force_login(school.koordinator)
    assert client.post(url, form).status_code == 302
    person.refresh_from_db()
    assert Person.objects.filter(pk=person.pk).exists() and person.cohort is None
    enrolment = person.enrolment
    assert enrolment.status == EnrolmentStatus.TRANSFERRED_OUT
    assert enrolment.ended_on == datetime.date(2026, 11, 30)
    assert enrolment.last_cohort_name.startswith("X-1") and enrolment.moved_to == "SMA Negeri 2"
    assert not person.user.is_active
    with pytest.raises(Exception):  # noqa: B017 - archived students are out of scope
        logins.end_enrolment(
            by=school.koordinator, person=person, status="left",
            ended_on=datetime.date(2026, 11, 30),
        )  # fmt: skip
