"""The invitation letter to a guardian for a meeting (surat undangan orang tua/wali)."""

import subprocess
from datetime import date, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from conftest import PERSONAS
from rangkul.audit.models import AuditEvent
from rangkul.people import permissions, services
from rangkul.people.tests.factories import GuardianFactory

# Who may make an invitation letter for a contactable guardian of a student of school 1.
INVITE = {"konselor", "koordinator"}


def pdf_text(data: bytes) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return out.stdout.decode()


def next_week() -> date:
    return timezone.localdate() + timedelta(days=7)


@pytest.fixture
def mother(school):
    return GuardianFactory(person=school.siswa_person, full_name="Ibu Sari Wulandari")


@pytest.fixture
def harmful_father(school):
    return GuardianFactory(
        person=school.siswa_person,
        full_name="Pak Joko",
        relationship="father",
        may_contact=False,
        do_not_contact=True,
        do_not_contact_note="Diduga pelaku kekerasan.",
    )


def form(**kw):
    values = {
        "day": next_week().isoformat(),
        "at": "09:30",
        "place": "Ruang BK lantai 2",
        "purpose": "progress",
        "signer_title": "Guru BK",
    }
    values.update(kw)
    return values


def test_the_letter_is_an_indonesian_pdf_with_nothing_clinical(
    school, mother, counseling_case_note, client: Client
):
    client.force_login(school.konselor)
    assert client.get(f"/people/guardians/{mother.pk}/invitation/").status_code == 200
    response = client.post(f"/people/guardians/{mother.pk}/invitation/", form())
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = " ".join(pdf_text(response.content).split())
    assert "UNDANGAN" in text and "Sekolah 1" in text.title()
    assert "Ibu Sari Wulandari" in text and "Siswa Satu 1" in text and "(X-1)" in text
    assert "Ruang BK lantai 2" in text and "09:30" in text
    assert "perkembangan belajar" in text
    assert school.konselor.display_name() in text and "Guru BK" in text
    assert counseling_case_note not in text
    event = AuditEvent.objects.get(verb="guardian.invitation_issued")
    assert event.object_id == str(mother.pk)
    assert event.data == {
        "person": str(school.siswa_person.pk),
        "day": next_week().isoformat(),
        "purpose": "progress",
    }


@pytest.fixture
def counseling_case_note():
    """Words of a case that must never reach a letter carried home."""
    return "cemas"


def test_a_do_not_contact_guardian_gets_no_letter(school, harmful_father, client: Client):
    with pytest.raises(PermissionDenied):
        services.issue_invitation_letter(
            by=school.konselor,
            guardian=harmful_father,
            day=next_week(),
            at=time(9),
            place="Ruang BK",
            purpose="progress",
            signer_title="Guru BK",
        )
    client.force_login(school.konselor)
    page = client.post(f"/people/guardians/{harmful_father.pk}/invitation/", form())
    assert page.status_code == 403
    assert "jangan dihubungi" in page.content.decode()
    assert not AuditEvent.objects.filter(verb="guardian.invitation_issued").exists()
    person_page = client.get(f"/people/{school.siswa_person.pk}/").content.decode()
    assert f"/people/guardians/{harmful_father.pk}/invitation/" not in person_page


def test_bad_input_gets_indonesian_errors_and_no_letter(school, mother, client: Client):
    client.force_login(school.konselor)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    url = f"/people/guardians/{mother.pk}/invitation/"
    page = client.post(url, form(day=yesterday))
    assert page.status_code == 400
    assert "Pilih hari mulai hari ini sampai enam bulan ke depan." in page.content.decode()
    # A purpose of one's own wording is not offered: only the neutral ones.
    assert client.post(url, form(purpose="diagnosis")).status_code == 400
    assert client.post(url, form(place="   ")).status_code == 400
    assert not AuditEvent.objects.filter(verb="guardian.invitation_issued").exists()
    with pytest.raises(ValidationError) as exc:
        services.issue_invitation_letter(
            by=school.konselor,
            guardian=mother,
            day=next_week(),
            at=time(9),
            place="Ruang BK",
            purpose="diagnosis",
            signer_title="Guru BK",
        )
    assert set(exc.value.message_dict) == {"purpose"}


def test_the_case_page_and_the_person_page_offer_the_letter(
    school, mother, harmful_father, client: Client
):
    from rangkul.activities.tests.factories import make_case

    case = make_case(school.org, school.siswa_person, lead=school.konselor)
    client.force_login(school.konselor)
    link = f"/people/guardians/{mother.pk}/invitation/"
    assert link in client.get(f"/people/{school.siswa_person.pk}/").content.decode()
    assert link in client.get(f"/cases/{case.pk}/").content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_invitation_matrix(persona, personas, school, mother, client: Client):
    user = personas[persona]
    allowed = persona in INVITE
    assert permissions.can_invite_guardian(user, mother) is allowed
    client.force_login(user)
    response = client.post(f"/people/guardians/{mother.pk}/invitation/", form())
    assert response.status_code == (200 if allowed else 404)
    issued = AuditEvent.objects.filter(verb="guardian.invitation_issued").exists()
    assert issued is allowed
