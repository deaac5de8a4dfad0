"""Permission matrix for violence reports and matters: every persona × matter page, list,
actions, team page and summary. Out of scope is a 404; a matter visible but not handled
by the persona refuses its actions with a 403."""

import pytest
from django.test import Client
from django.utils.html import escape

from conftest import PERSONAS
from rangkul.audit.models import AuditEvent
from rangkul.violence import queries
from rangkul.violence.models import ReceiptStatus
from rangkul.violence.tests.conftest import report

ALL = [*PERSONAS, "ketua", "anggota", "satgas"]
MATTER_VIEW = {"ketua", "kepsek"}
MATTER_HANDLE = {"ketua"}
TEAM_VIEW = {"ketua", "anggota", "kepsek", "admin"}


@pytest.fixture
def people(personas, tppk):
    return {**personas, **tppk}


@pytest.fixture
def matter(school, tppk):
    rep, _code = report(school.org)
    return rep.matter


@pytest.mark.parametrize("persona", ALL)
def test_matter_detail(persona, people, matter):
    client = Client()
    client.force_login(people[persona])
    response = client.get(f"/violence/{matter.pk}/")
    assert response.status_code == (200 if persona in MATTER_VIEW else 404)
    if persona in MATTER_VIEW:
        assert b"dipalak" in response.content
        assert AuditEvent.objects.filter(
            verb="violence.matter_viewed", actor=people[persona], object_id=str(matter.pk)
        ).exists()


@pytest.mark.parametrize("persona", ALL)
def test_matter_list_agrees_with_detail(persona, people, matter):
    visible = set(queries.visible_matters(people[persona]).values_list("pk", flat=True))
    assert (matter.pk in visible) == (persona in MATTER_VIEW)


@pytest.mark.parametrize("persona", ALL)
def test_step_action(persona, people, matter):
    client = Client()
    client.force_login(people[persona])
    response = client.post(
        f"/violence/{matter.pk}/step/", {"step": "intake", "summary": "Korban diamankan."}
    )
    expected = 302 if persona in MATTER_HANDLE else (403 if persona in MATTER_VIEW else 404)
    assert response.status_code == expected
    matter.refresh_from_db()
    assert (matter.step == "examination") == (persona in MATTER_HANDLE)


@pytest.mark.parametrize("persona", ALL)
def test_team_page(persona, people, tppk):
    client = Client()
    client.force_login(people[persona])
    response = client.get("/violence/team/")
    # The task force member sees their own (authority) team; that is their page.
    allowed = TEAM_VIEW | {"satgas"}
    assert response.status_code == (200 if persona in allowed else 404)


def test_a_member_named_in_the_report_sees_nothing_of_it(school, tppk):
    rep, _code = report(school.org, who="Pak Dodi Prakoso membiarkan saja.")
    anggota = tppk["anggota"]
    assert anggota in rep.excluded.all()
    client = Client()
    client.force_login(anggota)
    assert client.get(f"/violence/{rep.matter.pk}/").status_code == 404
    assert not queries.visible_matters(anggota).exists()


def test_a_named_lead_is_not_given_the_report_and_the_task_force_takes_it(school, tppk):
    rep, _code = report(school.org, who="Bu Rina Lestari yang membentak.")
    matter = rep.matter
    assert matter.task_force_involved
    assert not matter.handlers.exists()
    for name, allowed in (("ketua", False), ("satgas", True)):
        client = Client()
        client.force_login(tppk[name])
        assert client.get(f"/violence/{matter.pk}/").status_code == (200 if allowed else 404)


def test_a_removed_member_loses_the_matter_at_once(school, tppk, matter):
    from rangkul.violence.models import TeamMember

    client = Client()
    client.force_login(tppk["ketua"])
    assert client.get(f"/violence/{matter.pk}/").status_code == 200
    TeamMember.objects.filter(user=tppk["ketua"]).update(removed_at="2026-12-01T00:00Z")
    assert client.get(f"/violence/{matter.pk}/").status_code == 404


def test_a_confidential_reporter_is_shown_to_the_lead_only(school, tppk):
    rep, _code = report(
        school.org,
        channel="member",
        by=school.walikelas,
        anonymous=False,
        confidential=True,
        standing="witness",
    )
    walikelas_name = school.walikelas.display_name().encode()
    lead, principal = Client(), Client()
    lead.force_login(tppk["ketua"])
    principal.force_login(school.kepsek)
    assert walikelas_name in lead.get(f"/violence/{rep.matter.pk}/").content
    page = principal.get(f"/violence/{rep.matter.pk}/")
    assert page.status_code == 200
    assert walikelas_name not in page.content


def test_a_counselor_not_on_the_team_sees_nothing(school, matter):
    client = Client()
    client.force_login(school.konselor)
    assert client.get(f"/violence/{matter.pk}/").status_code == 404
    assert client.get("/violence/").content.count(str(matter.pk).encode()) == 0


def test_the_receipt_shows_the_witness_only_the_status(client, school, tppk):
    rep, code = report(school.org, who="Kakak kelas bernama Joko")
    response = client.post("/lapor-status/", {"code": code})
    assert response.status_code == 200
    body = response.content.decode()
    assert escape(str(ReceiptStatus.RECEIVED.label)) in body
    for secret in ("Joko", "dipalak", "Kantin", "Rina", "Lestari"):
        assert secret not in body
    assert client.post("/lapor-status/", {"code": "ABCD-EFGH-JKMN-PQRS"}).status_code == 404
