"""Guardians and consent records over the API: the same rules as the person page."""

import pytest
from django.test import Client

from conftest import PERSONAS
from rangkul.audit.models import AuditEvent
from rangkul.people.models import Consent, Guardian
from rangkul.people.tests.factories import GuardianFactory

J = "application/json"
# Who keeps the guardians and consent records of a student of school 1.
KEEPERS = {"konselor", "koordinator"}


@pytest.fixture
def mother(school):
    return GuardianFactory(person=school.siswa_person, full_name="Ibu Sari")


@pytest.mark.parametrize("persona", PERSONAS)
def test_guardian_and_consent_api_matrix(persona, personas, school, mother, client: Client):
    user = personas[persona]
    allowed = persona in KEEPERS
    client.force_login(user)
    person = school.siswa_person.pk
    expect = 200 if allowed else 404
    assert client.get(f"/api/v1/people/{person}/guardians").status_code == expect
    assert client.get(f"/api/v1/people/{person}/consents").status_code == expect
    body = {"full_name": "Pak Budi", "relationship": "father"}
    added = client.post(f"/api/v1/people/{person}/guardians", body, content_type=J)
    assert added.status_code == (201 if allowed else 404)
    changed = client.put(
        f"/api/v1/people/guardians/{mother.pk}",
        {"full_name": "Ibu Sari Dewi", "relationship": "mother"},
        content_type=J,
    )
    assert changed.status_code == expect
    consent = client.post(
        f"/api/v1/people/{person}/consents",
        {"basis": "person", "scope": "referral"},
        content_type=J,
    )
    assert consent.status_code == (201 if allowed else 404)
    assert Consent.objects.exists() is allowed


def test_guardians_are_listed_with_the_harm_flag_and_audited(school, mother, client: Client):
    GuardianFactory(
        person=school.siswa_person,
        full_name="Pak Joko",
        relationship="father",
        may_contact=False,
        do_not_contact=True,
        do_not_contact_note="Diduga pelaku.",
    )
    client.force_login(school.konselor)
    items = client.get(f"/api/v1/people/{school.siswa_person.pk}/guardians").json()["items"]
    assert [(g["full_name"], g["do_not_contact"]) for g in items] == [
        ("Ibu Sari", False),
        ("Pak Joko", True),
    ]
    event = AuditEvent.objects.get(verb="guardian.listed")
    assert event.data["count"] == 2


def test_a_harm_flag_without_a_reason_is_refused_in_indonesian(school, client: Client):
    client.force_login(school.konselor)
    answer = client.post(
        f"/api/v1/people/{school.siswa_person.pk}/guardians",
        {"full_name": "Pak Joko", "relationship": "father", "do_not_contact": True},
        content_type=J,
    )
    assert answer.status_code == 400
    assert "Jelaskan singkat" in str(answer.json())
    assert not Guardian.objects.exists()


def test_verbal_guardian_consent_needs_a_witness_and_can_be_withdrawn(
    school, mother, client: Client
):
    client.force_login(school.konselor)
    url = f"/api/v1/people/{school.siswa_person.pk}/consents"
    body = {"basis": "guardian_verbal", "scope": "referral", "guardian_id": str(mother.pk)}
    refused = client.post(url, body, content_type=J)
    assert refused.status_code == 400 and not Consent.objects.exists()
    made = client.post(url, {**body, "witness_name": "Bu Rina"}, content_type=J)
    assert made.status_code == 201
    consent = made.json()
    assert consent["basis"] == "guardian_verbal" and consent["is_active"] is True
    withdrawn = client.post(
        f"/api/v1/people/consents/{consent['id']}/withdraw",
        {"effect": "Rujukan ke biro psikologi dihentikan."},
        content_type=J,
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["is_active"] is False
    again = client.post(
        f"/api/v1/people/consents/{consent['id']}/withdraw",
        {"effect": "lagi"},
        content_type=J,
    )
    assert again.status_code == 400
    assert AuditEvent.objects.filter(verb="consent.withdrawn").count() == 1
