import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from rangkul.audit.models import AuditEvent
from rangkul.cases import services as cases
from rangkul.cases.models import Domain, Urgency
from rangkul.people import queries, services
from rangkul.people.models import Guardian, Relationship
from rangkul.people.tests.factories import GuardianFactory
from rangkul.safety.models import Alert

GOOD = {
    "full_name": "Ibu Sri Wahyuni",
    "relationship": Relationship.MOTHER,
    "phone": "0812 3456 7890",
    "may_contact": True,
    "do_not_contact": False,
    "do_not_contact_note": "",
}


def test_a_counselor_adds_a_guardian(school):
    guardian = services.add_guardian(by=school.konselor, person=school.siswa_person, **GOOD)
    assert guardian.contactable
    assert guardian.organisation_id == school.org.id
    assert AuditEvent.objects.filter(verb="guardian.added", object_id=str(guardian.pk)).exists()


def test_the_harm_flag_forbids_contact_and_needs_a_note(school):
    values = {**GOOD, "do_not_contact": True, "do_not_contact_note": ""}
    with pytest.raises(ValidationError) as exc:
        services.add_guardian(by=school.konselor, person=school.siswa_person, **values)
    assert "do_not_contact_note" in exc.value.error_dict
    assert not Guardian.objects.exists()

    values["do_not_contact_note"] = "Siswa bercerita dipukul di rumah."
    guardian = services.add_guardian(by=school.konselor, person=school.siswa_person, **values)
    # may_contact was ticked, but a guardian who may be the source of harm is never contacted
    assert guardian.may_contact is False and not guardian.contactable


@pytest.mark.parametrize(
    "field,value",
    [("full_name", "  "), ("relationship", "uncle"), ("phone", "call me")],
)
def test_bad_input_changes_nothing(school, field, value):
    guardian = GuardianFactory(person=school.siswa_person, full_name="Pak Budi")
    with pytest.raises(ValidationError) as exc:
        services.update_guardian(by=school.konselor, guardian=guardian, **{**GOOD, field: value})
    assert field in exc.value.error_dict
    guardian.refresh_from_db()
    assert guardian.full_name == "Pak Budi"


def test_students_teachers_and_outsiders_may_not_add_guardians(school, outsider):
    for user in (school.siswa, school.walikelas, school.kepsek, outsider):
        with pytest.raises(PermissionDenied):
            services.add_guardian(by=user, person=school.siswa_person, **GOOD)
    assert not Guardian.objects.exists()


def test_the_contact_advice_reads_the_harm_flag(school):
    person = school.siswa_person
    assert queries.guardian_contact_advice(person).known is False
    GuardianFactory(person=person)
    advice = queries.guardian_contact_advice(person)
    assert (advice.known, advice.do_not_contact, advice.contactable) == (True, False, 1)
    GuardianFactory(person=person, may_contact=False, do_not_contact=True, do_not_contact_note="x")
    advice = queries.guardian_contact_advice(person)
    assert (advice.do_not_contact, advice.contactable) == (True, 1)


def test_the_counselor_edits_guardians_on_the_person_page(school, client: Client):
    client.force_login(school.konselor)
    url = f"/people/{school.siswa_person.pk}/"
    response = client.post(url + "guardians/", {**GOOD, "phone": "bukan nomor"})
    assert response.status_code == 400
    assert "Tulis nomor telepon dengan angka" in response.content.decode()
    assert not Guardian.objects.exists()

    response = client.post(
        url + "guardians/",
        {**GOOD, "do_not_contact": "on", "do_not_contact_note": "Diduga pelaku"},
        follow=True,
    )
    page = response.content.decode()
    assert "Ibu Sri Wahyuni" in page
    assert "Jangan dihubungi: mungkin sumber bahaya." in page
    assert "Diduga pelaku" in page


def test_the_student_never_sees_their_guardians_or_the_harm_note(school, client: Client):
    GuardianFactory(
        person=school.siswa_person,
        full_name="Pak Anton",
        may_contact=False,
        do_not_contact=True,
        do_not_contact_note="Diduga pelaku",
    )
    client.force_login(school.siswa)
    page = client.get(f"/people/{school.siswa_person.pk}/").content.decode()
    assert "Pak Anton" not in page and "Diduga pelaku" not in page


def test_guardians_never_block_a_students_own_request_or_its_alert(school):
    """No consent on record and a guardian flagged as the source of harm: the student's
    own request still goes through, and crisis language still raises an alert at once."""
    GuardianFactory(
        person=school.siswa_person, may_contact=False, do_not_contact=True, do_not_contact_note="x"
    )
    support_request = cases.submit_request(
        by=school.siswa,
        organisation=school.org,
        domain=Domain.PERSONAL,
        text="aku ingin bunuh diri malam ini",
        urgency=Urgency.HIGH,
    )
    assert support_request.pk is not None
    assert Alert.objects.filter(person=school.siswa_person).exists()


def test_a_student_posting_a_guardian_gets_a_403_with_the_reason(school, client: Client):
    client.force_login(school.siswa)
    response = client.post(f"/people/{school.siswa_person.pk}/guardians/", GOOD)
    assert response.status_code == 403
    assert "Anda tidak boleh mengubah data wali orang ini." in response.content.decode()
    assert not Guardian.objects.exists()
