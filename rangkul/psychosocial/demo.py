"""Demo data: the community post's children and adults become beneficiaries of a programme
after the flood in Sigi, with the field worker on its team and one PFA contact."""

from datetime import date, timedelta

from django.utils import timezone

from rangkul.accounts.models import Organisation, User
from rangkul.people.models import Person
from rangkul.psychosocial import services
from rangkul.psychosocial.models import Beneficiary, PfaContact, Programme

NAME = "Dukungan Psikososial Pascabanjir Sigi"
DISTRICT, VILLAGE = "72.10.01", "72.10.01.2010"  # Sigi Biromaru, Desa Lolu
VULNERABILITIES = [["displaced"], ["displaced", "bereaved"], ["unaccompanied_child"], []]


def seed(community: Organisation, lead: User, worker: User) -> Programme:
    """Once: later runs find the programme and leave it as it is."""
    existing = Programme.objects.filter(organisation=community, name=NAME).first()
    if existing is not None:
        return existing
    programme = services.save_programme(
        by=lead,
        organisation=community,
        data=services.ProgrammeData(
            name=NAME,
            region_code=DISTRICT,
            starts_on=date(2026, 10, 15),
            ends_on=date(2027, 4, 15),
            target_groups=["children", "adolescents", "families"],
            description="Pendampingan psikososial bagi anak dan keluarga terdampak banjir.",
            team=[worker],
            status="active",
        ),
    )
    people = Person.objects.filter(organisation=community).order_by("full_name")
    for n, person in enumerate(people):
        services.enrol_person(
            by=worker,
            programme=programme,
            person=person,
            data=services.BeneficiaryData(
                full_name=person.full_name,
                gender=person.gender,
                age=None if person.birth_date else 6 + n,
                household=f"KK-{n // 3 + 1:02d}",
                is_household_head=False,
                region_code=VILLAGE,
                vulnerabilities=VULNERABILITIES[n % len(VULNERABILITIES)],
                consent_basis="person",
            ),
        )
    first = Beneficiary.objects.filter(programme=programme).order_by("registered_at").first()
    if first is not None and not PfaContact.objects.filter(programme=programme).exists():
        services.log_pfa_contact(
            by=worker,
            programme=programme,
            data=services.PfaData(
                beneficiary=first,
                starts_at=timezone.now() - timedelta(days=1),
                needs=["basic_needs", "distress", "family_tracing"],
                information_given="Jadwal dapur umum dan pos kesehatan; cara mendaftar "
                "pencarian keluarga.",
                follow_up="Kunjungi lagi untuk menanyakan kabar keluarga.",
                follow_up_due=timezone.localdate() + timedelta(days=2),
            ),
        )
    return programme
