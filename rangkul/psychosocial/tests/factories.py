from datetime import date
from typing import Any

from rangkul.accounts.models import OrganisationKind
from rangkul.accounts.roles import Role
from rangkul.accounts.tests.factories import OrganisationFactory, member
from rangkul.psychosocial import services
from rangkul.psychosocial.models import Beneficiary, Programme

# Kota Bandung > Coblong > Cipaganti: codes of the region table shipped with the app.
CITY, DISTRICT, VILLAGE = "32.73", "32.73.02", "32.73.02.1001"


def community(name: str = "Posko Banjir") -> Any:
    return OrganisationFactory(
        name=name, kind=OrganisationKind.COMMUNITY, npsn="", region_code=CITY
    )


def programme(org: Any, by: Any, *, team: list[Any] | None = None, **fields: Any) -> Programme:
    data = services.ProgrammeData(
        name=fields.pop("name", "Dukungan pascabanjir"),
        region_code=fields.pop("region_code", DISTRICT),
        starts_on=fields.pop("starts_on", date(2026, 11, 1)),
        ends_on=fields.pop("ends_on", None),
        target_groups=fields.pop("target_groups", ["children", "families"]),
        team=team or [],
        status=fields.pop("status", "active"),
    )
    return services.save_programme(by=by, organisation=org, data=data)


def beneficiary(prog: Programme, by: Any, **fields: Any) -> Beneficiary:
    data = services.BeneficiaryData(
        full_name=fields.pop("full_name", "Ani Lestari"),
        gender=fields.pop("gender", "female"),
        age=fields.pop("age", 9),
        household=fields.pop("household", "KK-01"),
        region_code=fields.pop("region_code", VILLAGE),
        vulnerabilities=fields.pop("vulnerabilities", ["displaced"]),
        consent_basis=fields.pop("consent_basis", "person"),
        **fields,
    )
    created, _ = services.register_beneficiary(by=by, programme=prog, data=data)
    return created


def field_worker(org: Any, username: str) -> Any:
    return member(org, Role.FIELD_WORKER, username=username)
