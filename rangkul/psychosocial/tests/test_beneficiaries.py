import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rangkul.audit.models import AuditEvent
from rangkul.people.models import Consent, Guardian, Person
from rangkul.psychosocial import services
from rangkul.psychosocial.models import Beneficiary
from rangkul.psychosocial.tests import factories as f


def test_a_field_worker_registers_a_child_with_a_guardians_consent(post) -> None:
    data = services.BeneficiaryData(
        full_name="  Budi   Santoso ",
        gender="male",
        age=8,
        household="KK-07",
        region_code=f.VILLAGE,
        vulnerabilities=["displaced", "unaccompanied_child", "other"],
        vulnerability_other="Rumah hanyut",
        consent_basis="guardian_verbal",
        guardian_name="Siti Aminah",
        guardian_relationship="relative",
        witness_name="Relawan Dua",
    )
    b, created = services.register_beneficiary(by=post.relawan, programme=post.programme, data=data)
    assert created
    assert b.person.full_name == "Budi Santoso"
    assert b.person.organisation == post.org
    assert b.stated_age == 8
    assert b.vulnerability_list == ["displaced", "unaccompanied_child", "other"]
    consent = b.consent
    assert (consent.basis, consent.scope, consent.witness_name) == (
        "guardian_verbal", "programme", "Relawan Dua"
    )  # fmt: skip
    assert consent.guardian.full_name == "Siti Aminah"
    assert AuditEvent.objects.filter(verb="beneficiary.registered", actor=post.relawan).count() == 1


def test_the_same_key_twice_registers_once(post) -> None:
    key = uuid.uuid4()
    first, created = services.register_beneficiary(
        by=post.relawan, programme=post.programme, key=key,
        data=services.BeneficiaryData(full_name="Citra", age=30, region_code=f.DISTRICT,
                                      consent_basis="person"),
    )  # fmt: skip
    again, created_again = services.register_beneficiary(
        by=post.relawan, programme=post.programme, key=key,
        data=services.BeneficiaryData(full_name="Citra", age=30, region_code=f.DISTRICT,
                                      consent_basis="person"),
    )  # fmt: skip
    assert created and not created_again
    assert again.pk == first.pk
    assert Person.objects.filter(full_name="Citra").count() == 1
    assert Consent.objects.filter(person=first.person).count() == 1


def test_bad_input_gets_messages_and_writes_nothing(post) -> None:
    with pytest.raises(ValidationError) as exc:
        services.register_beneficiary(
            by=post.relawan,
            programme=post.programme,
            data=services.BeneficiaryData(
                full_name=" ",
                region_code="32.73.99",
                is_household_head=True,
                vulnerabilities=["other"],
                consent_basis="guardian_verbal",
            ),
        )
    assert set(exc.value.message_dict) >= {
        "full_name", "age", "household", "region", "vulnerability_other",
        "guardian_name", "guardian_relationship", "witness_name",
    }  # fmt: skip
    assert not Person.objects.exists()
    assert not Guardian.objects.exists()


def test_only_the_team_and_the_coordinator_register(post) -> None:
    data = services.BeneficiaryData(full_name="Dewi", age=40, region_code=f.DISTRICT)
    for outsider in (post.relawan2, post.admin):
        with pytest.raises(PermissionDenied):
            services.register_beneficiary(by=outsider, programme=post.programme, data=data)
    b, _ = services.register_beneficiary(by=post.koordinator, programme=post.programme, data=data)
    assert b.consent is None  # not recorded yet


def test_an_existing_person_is_enrolled_once(post) -> None:
    person = Person.objects.create(organisation=post.org, full_name="Eka")
    data = services.BeneficiaryData(full_name="", age=70, region_code=f.DISTRICT)
    services.enrol_person(by=post.relawan, programme=post.programme, person=person, data=data)
    with pytest.raises(ValidationError):
        services.enrol_person(by=post.relawan, programme=post.programme, person=person, data=data)
    assert Beneficiary.objects.filter(person=person).count() == 1
