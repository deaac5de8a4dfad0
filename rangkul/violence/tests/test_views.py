"""The public form (no login, CSRF, rate limit), the members' form, the team page and
the summary, through real requests."""

import pytest
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from rangkul.violence.models import Report, SubmissionAttempt, TeamMember
from rangkul.violence.tests.conftest import report

FORM = {
    "kind": "bullying",
    "standing": "witness",
    "what": "Teman sekelas diejek terus di grup kelas.",
    "online": "on",
    "child_victim": "yes",
    "anonymous": "on",
}


def test_the_public_form_needs_no_login_and_shows_the_receipt(client, school, tppk):
    page = client.get(f"/lapor/{school.org.npsn}/")
    assert page.status_code == 200
    response = client.post(f"/lapor/{school.org.npsn}/", FORM)
    assert response.status_code == 200
    assert (
        response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    )
    assert b'data-testid="receipt-code"' in response.content
    rep = Report.objects.get()
    assert rep.channel == "public_form" and rep.online and rep.anonymous


def test_an_unknown_school_is_a_404(client, db):
    assert client.get("/lapor/99999999/").status_code == 404


def test_the_public_form_refuses_a_post_without_csrf_token(school, tppk):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/lapor/{school.org.npsn}/", FORM)
    assert response.status_code == 403
    assert not Report.objects.exists()


def test_the_public_form_is_rate_limited(client, school, tppk):
    for _ in range(5):
        assert client.post(f"/lapor/{school.org.npsn}/", FORM).status_code == 200
    response = client.post(f"/lapor/{school.org.npsn}/", FORM)
    assert response.status_code == 429
    assert Report.objects.count() == 5
    # Attempts are not linked to reports: only a keyed hash of the address is kept.
    assert not SubmissionAttempt.objects.filter(key__contains="127.0.0.1").exists()


def test_bad_input_on_the_public_form_is_a_clear_error_and_saves_nothing(client, school):
    response = client.post(f"/lapor/{school.org.npsn}/", {**FORM, "what": "x"})
    assert response.status_code == 400
    with translation.override("id"):
        message = escape(translation.gettext("Tell us in a few words what happened."))
    assert message in response.content.decode()
    assert not Report.objects.exists()


def test_a_member_reports_under_their_name_and_sees_the_status_only(school, tppk):
    client = Client()
    client.force_login(school.siswa)
    response = client.post("/violence/report/", {**FORM, "anonymous": "", "standing": "victim"})
    assert response.status_code == 200
    rep = Report.objects.get()
    assert rep.reporter == school.siswa
    page = client.get("/violence/report/")
    with translation.override("id"):
        assert escape(str(rep.matter.get_status_display())) in page.content.decode()
    assert client.get(f"/violence/{rep.matter.pk}/").status_code == 404


def test_receipt_lookups_are_rate_limited(client, school, tppk):
    for _ in range(20):
        client.post("/lapor-status/", {"code": "AAAA-BBBB-CCCC-DDDD"})
    _rep, code = report(school.org)
    assert client.post("/lapor-status/", {"code": code}).status_code == 429


def test_the_principal_forms_the_team_from_staff_only(school, tppk):
    client = Client()
    client.force_login(school.kepsek)
    response = client.post(
        "/violence/team/", {"user": str(school.konselor.public_id), "role": "member"}
    )
    assert response.status_code == 302
    assert TeamMember.objects.filter(user=school.konselor, removed_at__isnull=True).exists()
    response = client.post(
        "/violence/team/", {"user": str(school.siswa.public_id), "role": "member"}
    )
    assert response.status_code == 400
    assert not TeamMember.objects.filter(user=school.siswa).exists()


def test_a_team_member_cannot_change_the_team(school, tppk):
    client = Client()
    client.force_login(tppk["anggota"])
    response = client.post(
        "/violence/team/", {"user": str(school.konselor.public_id), "role": "lead"}
    )
    assert response.status_code == 403
    assert not TeamMember.objects.filter(user=school.konselor).exists()


@pytest.mark.parametrize("reports,shown", [(3, "&lt;5"), (6, "6")])
def test_the_summary_suppresses_small_counts(school, tppk, analis, reports, shown):
    for _ in range(reports):
        report(school.org)
    for user in (school.kepsek, analis):
        client = Client()
        client.force_login(user)
        page = client.get("/violence/summary/").content.decode()
        assert f'data-testid="summary-total">{shown}<' in page
        assert "dipalak" not in page


def test_the_summary_is_not_for_students(school):
    client = Client()
    client.force_login(school.siswa)
    assert client.get("/violence/summary/").status_code == 404


def test_old_rate_limit_counts_are_forgotten(client, school, tppk):
    from datetime import timedelta

    from django.utils import timezone

    from rangkul.violence import throttle

    for _ in range(5):
        client.post(f"/lapor/{school.org.npsn}/", FORM)
    SubmissionAttempt.objects.update(at=timezone.now() - timedelta(hours=2))
    assert throttle.prune() == 5
    assert client.post(f"/lapor/{school.org.npsn}/", FORM).status_code == 200
