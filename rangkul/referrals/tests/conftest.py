from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from rangkul.accounts.models import OrganisationKind
from rangkul.accounts.roles import Role
from rangkul.accounts.tests.factories import OrganisationFactory, member
from rangkul.cases import services as cases
from rangkul.people import services as people
from rangkul.people.models import ConsentBasis, ConsentScope
from rangkul.referrals.models import Channel, ProviderKind
from rangkul.referrals.tests.factories import ProviderFactory


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class Setup:
    case: Any
    consent: Any
    provider: Any
    psikolog: Any
    biro: Any
    phone_only: Any
    other_psikolog: Any


@pytest.fixture
def setup(school) -> Setup:
    biro = OrganisationFactory(
        kind=OrganisationKind.PROVIDER, npsn="", name="Biro Psikologi Harapan"
    )
    psikolog = member(biro, Role.PROVIDER, username="psikolog")
    other = OrganisationFactory(kind=OrganisationKind.PROVIDER, npsn="", name="Klinik Lain")
    provider = ProviderFactory(
        organisation=school.org,
        name="Biro Psikologi Harapan",
        channel=Channel.IN_RANGKUL,
        provider_organisation=biro,
    )
    phone_only = ProviderFactory(
        organisation=school.org, name="Puskesmas Sukajadi", kind=ProviderKind.PUSKESMAS
    )
    person = school.siswa_person
    person.birth_date = date(2010, 3, 1)
    person.save()
    case = cases.open_case(by=school.konselor, person=person, lead=school.konselor)
    consent = people.record_consent(
        by=school.konselor, person=person, basis=ConsentBasis.PERSON, scope=ConsentScope.REFERRAL
    )
    return Setup(
        case=case,
        consent=consent,
        provider=provider,
        psikolog=psikolog,
        biro=biro,
        phone_only=phone_only,
        other_psikolog=member(other, Role.PROVIDER, username="psikolog-lain"),
    )
