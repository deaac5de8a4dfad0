"""A school's TPPK and the district task force, on top of the shared personas.

ketua (TPPK lead, a teacher), anggota (TPPK member, a teacher), satgas (task force member
at the authority). The school's counselor ("konselor") is deliberately not on the TPPK.
"""

from typing import Any

import pytest

from rangkul.accounts.roles import Role
from rangkul.accounts.tests.factories import member
from rangkul.violence import services
from rangkul.violence.models import Channel, TeamMember, TeamRole


@pytest.fixture
def tppk(school: Any, authority: Any) -> dict[str, Any]:
    ketua = member(
        school.org, Role.HOMEROOM_TEACHER, username="ketua", first_name="Rina", last_name="Lestari"
    )
    anggota = member(
        school.org,
        Role.HOMEROOM_TEACHER,
        username="anggota",
        first_name="Dodi",
        last_name="Prakoso",
    )
    satgas = member(
        authority, Role.AUTHORITY_ANALYST, username="satgas", first_name="Sari", last_name="Wulan"
    )
    TeamMember.objects.create(organisation=school.org, user=ketua, role=TeamRole.LEAD)
    TeamMember.objects.create(organisation=school.org, user=anggota, role=TeamRole.MEMBER)
    TeamMember.objects.create(organisation=authority, user=satgas, role=TeamRole.LEAD)
    return {"ketua": ketua, "anggota": anggota, "satgas": satgas}


def report(org: Any, **overrides: Any) -> tuple[Any, str]:
    """A witness's anonymous report of bullying through the public form, unless changed."""
    fields: dict[str, Any] = {
        "organisation": org,
        "channel": Channel.PUBLIC_FORM,
        "kind": "bullying",
        "standing": "witness",
        "what": "Seorang adik kelas dipalak dan diejek setiap istirahat di kantin.",
        "where": "Kantin",
        "when": "Senin",
        "anonymous": True,
    }
    fields.update(overrides)
    return services.submit_report(**fields)
