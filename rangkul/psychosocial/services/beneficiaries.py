"""Registering beneficiaries in the field: a new person of the organisation, or one it
already knows, enrolled in a programme with their household, location, vulnerabilities
and the consent they gave to take part."""

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rangkul.audit import services as audit
from rangkul.lib.dates import check_birth_date
from rangkul.lib.idempotency import create_once
from rangkul.lib.text import check_text
from rangkul.people.models import ConsentBasis, ConsentScope, Gender, Person, Relationship
from rangkul.people.services.consent import record_consent
from rangkul.people.services.guardians import add_guardian
from rangkul.psychosocial import permissions
from rangkul.psychosocial.models import Beneficiary, Programme, Vulnerability, joined
from rangkul.regions.models import Region

MAX_AGE = 120
# How a field worker records consent to take part while registering; other bases
# (a scanned form, an exception) are recorded on the person page.
FIELD_CONSENT_BASES = (ConsentBasis.PERSON, ConsentBasis.GUARDIAN_VERBAL)


@dataclass
class BeneficiaryData:
    full_name: str
    gender: str = Gender.UNSPECIFIED
    birth_date: date | None = None
    age: int | None = None
    household: str = ""
    is_household_head: bool = False
    region_code: str = ""
    vulnerabilities: list[str] = field(default_factory=list)
    vulnerability_other: str = ""
    # "" (not recorded yet: lists from paper), "person" or "guardian_verbal".
    consent_basis: str = ""
    guardian_name: str = ""
    guardian_relationship: str = ""
    witness_name: str = ""


def _known_region(code: str) -> bool:
    return Region.objects.filter(pk=code).exists()


def check(data: BeneficiaryData, *, regions: dict[str, Region] | None = None) -> dict[str, str]:
    """The problems of one beneficiary's data, by field (empty when it is fine)."""
    errors: dict[str, str] = {}
    name, problem = check_text(data.full_name, limit=200, empty=_("Write the person's name."))
    if problem:
        errors["full_name"] = problem
    data.full_name = " ".join(name.split())
    if data.gender not in Gender.values:
        errors["gender"] = _("This value is not one of the allowed choices.")
    if data.birth_date is not None:
        try:
            check_birth_date(data.birth_date)
        except ValidationError as exc:
            errors["birth_date"] = exc.message_dict["birth_date"][0]
    elif data.age is None:
        errors["age"] = _("Give the age in years or the date of birth.")
    elif not 0 <= data.age <= MAX_AGE:
        errors["age"] = _("The age is a number of years from 0 to 120.")
    household, problem = check_text(data.household, limit=60, required=False)
    if problem:
        errors["household"] = problem
    data.household = household
    if data.is_household_head and not household:
        errors["household"] = _("Name the household this person heads.")
    code = (data.region_code or "").strip()
    data.region_code = code
    if not code:
        errors["region"] = _("Choose where the person lives.")
    elif not (code in regions if regions is not None else _known_region(code)):
        errors["region"] = _("%(code)s is not in the Kemendagri region table.") % {"code": code}
    if any(v not in Vulnerability.values for v in data.vulnerabilities):
        errors["vulnerabilities"] = _("This value is not one of the allowed choices.")
    other, problem = check_text(data.vulnerability_other, limit=200, required=False)
    if problem:
        errors["vulnerability_other"] = problem
    elif Vulnerability.OTHER in data.vulnerabilities and not other:
        errors["vulnerability_other"] = _("Describe the other vulnerability.")
    data.vulnerability_other = other if Vulnerability.OTHER in data.vulnerabilities else ""
    if data.consent_basis and data.consent_basis not in FIELD_CONSENT_BASES:
        errors["consent_basis"] = _("This value is not one of the allowed choices.")
    if data.consent_basis == ConsentBasis.GUARDIAN_VERBAL:
        if not " ".join((data.guardian_name or "").split()):
            errors["guardian_name"] = _("Write the guardian's name.")
        if data.guardian_relationship not in Relationship.values:
            errors["guardian_relationship"] = _("Choose how the guardian is related.")
        if not " ".join((data.witness_name or "").split()):
            errors["witness_name"] = _("Name the staff member who witnessed the consent.")
    return errors


def _require(by: Any, programme: Programme) -> None:
    if not permissions.can_register(by, programme):
        raise PermissionDenied(_("You may not register beneficiaries in this programme."))


def _record_consent(by: Any, person: Person, programme: Programme, data: BeneficiaryData) -> Any:
    if not data.consent_basis:
        return None
    guardian = None
    if data.consent_basis == ConsentBasis.GUARDIAN_VERBAL:
        guardian = add_guardian(
            by=by,
            person=person,
            full_name=data.guardian_name,
            relationship=data.guardian_relationship,
            phone="",
            may_contact=True,
            do_not_contact=False,
            do_not_contact_note="",
        )
    return record_consent(
        by=by,
        person=person,
        basis=data.consent_basis,
        scope=ConsentScope.PROGRAMME,
        scope_detail=programme.name[:300],
        guardian=guardian,
        witness_name=data.witness_name,
    )


def enrol_checked(
    by: Any,
    programme: Programme,
    person: Person,
    data: BeneficiaryData,
    key: uuid.UUID | None,
) -> Beneficiary:
    consent = _record_consent(by, person, programme, data)
    beneficiary = Beneficiary.objects.create(
        organisation_id=programme.organisation_id,
        programme=programme,
        person=person,
        household=data.household,
        is_household_head=data.is_household_head,
        stated_age=data.age if person.birth_date is None else None,
        region_id=data.region_code,
        vulnerabilities=joined([v for v in Vulnerability.values if v in data.vulnerabilities]),
        vulnerability_other=data.vulnerability_other,
        consent=consent,
        registered_by=by,
        client_key=key,
    )
    audit.record(
        by,
        "beneficiary.registered",
        beneficiary,
        organisation=programme.organisation,
        data={
            "programme": str(programme.pk),
            "person": str(person.pk),
            "consent": str(consent.pk) if consent else None,
        },
    )
    return beneficiary


def register_beneficiary(
    *,
    by: Any,
    programme: Programme,
    data: BeneficiaryData,
    key: uuid.UUID | None = None,
) -> tuple[Beneficiary, bool]:
    """Register a new person in the programme. With an idempotency key used before, the
    beneficiary registered then and False; nothing is written twice."""
    _require(by, programme)

    @transaction.atomic
    def create() -> Beneficiary:
        errors = check(data)
        if errors:
            raise ValidationError(errors)
        person = Person.objects.create(
            organisation_id=programme.organisation_id,
            full_name=data.full_name,
            gender=data.gender,
            birth_date=data.birth_date,
        )
        return enrol_checked(by, programme, person, data, key)

    return create_once(Beneficiary, key, create, organisation_id=programme.organisation_id)


@transaction.atomic
def enrol_person(
    *, by: Any, programme: Programme, person: Person, data: BeneficiaryData
) -> Beneficiary:
    """Enrol a person the organisation already knows (e.g. from an earlier programme)."""
    _require(by, programme)
    if person.organisation_id != programme.organisation_id:
        raise PermissionDenied(_("You may not register beneficiaries in this programme."))
    data.full_name = data.full_name or person.full_name
    data.birth_date = data.birth_date or person.birth_date
    errors = check(data)
    if Beneficiary.objects.filter(programme=programme, person=person).exists():
        errors["full_name"] = _("This person is already registered in the programme.")
    if errors:
        raise ValidationError(errors)
    return enrol_checked(by, programme, person, data, None)
