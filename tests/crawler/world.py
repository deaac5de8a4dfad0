"""The test world: two schools under one district office, a community post, a provider
and the district office, each with every role, and the personas made from them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rangkul.accounts.models import Organisation, OrganisationKind, User
from rangkul.accounts.roles import Role
from rangkul.accounts.tests.factories import OrganisationFactory, member
from rangkul.peers.tests.factories import matchable_peer
from rangkul.people.tests.factories import CohortFactory, PersonFactory
from tests.crawler.objects import (
    later_objects,
    programme_objects,
    psychosocial_objects,
    school_objects,
    training_objects,
)

SCHOOL_ROLES = (
    Role.STUDENT,
    Role.PEER_SUPPORTER,
    Role.COUNSELOR,
    Role.COORDINATOR,
    Role.HOMEROOM_TEACHER,
    Role.PRINCIPAL,
    Role.ADMIN,
)


@dataclass
class Sample:
    """One school's (or organisation's) objects of every kind, made through real services."""

    org: Organisation
    users: dict[str, User] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)


@dataclass
class World:
    s1: Sample
    s2: Sample
    community: Sample
    provider: Sample
    authority: Sample
    people: dict[str, User | None] = field(default_factory=dict)

    @property
    def o(self) -> dict[str, Any]:
        """School 1's sample objects: the ones every URL points at."""
        return self.s1.objects


def _school(authority: Organisation, n: int, provider_org: Organisation) -> Sample:
    org = OrganisationFactory(name=f"Sekolah Uji {n}", parent=authority)
    s = Sample(org=org)
    u = s.users
    u["homeroom_teacher"] = member(org, Role.HOMEROOM_TEACHER, username=f"c{n}-walikelas")
    cohort = CohortFactory(organisation=org, name=f"X-{n}", homeroom_teacher=u["homeroom_teacher"])
    u["student"] = member(org, Role.STUDENT, username=f"c{n}-siswa")
    u["peer_supporter"] = member(org, Role.STUDENT, username=f"c{n}-sebaya")
    member(org, Role.PEER_SUPPORTER, user=u["peer_supporter"])
    for role in (Role.COUNSELOR, Role.COORDINATOR, Role.PRINCIPAL, Role.ADMIN):
        u[str(role)] = member(org, role, username=f"c{n}-{role}")
    person = PersonFactory(
        organisation=org,
        user=u["student"],
        full_name=f"Siswa Uji {n}",
        cohort=cohort,
        birth_date=date(2010, 3, 1),
    )
    peer_person = PersonFactory(
        organisation=org, user=u["peer_supporter"], full_name=f"Sebaya Uji {n}", cohort=cohort
    )
    # Certified and active, so the matching offers them the peer request below.
    peer_profile = matchable_peer(org, u["peer_supporter"])
    s.objects.update(
        person=person, peer_person=peer_person, cohort=cohort, peer_profile=peer_profile
    )
    school_objects(s)
    later_objects(s, provider_org)
    programme_objects(s)
    training_objects(s)
    return s


def build_world() -> World:
    """Two schools under one district office, a community post and a provider, each with
    every role, and school 1 (and 2) with one object of each kind. Needs the database."""
    authority_org = OrganisationFactory(
        name="Dinas Uji", kind=OrganisationKind.AUTHORITY, npsn="", region_code="32.73"
    )
    authority = Sample(authority_org)
    authority.users["authority_analyst"] = member(
        authority_org, Role.AUTHORITY_ANALYST, username="c-analis"
    )
    provider_org = OrganisationFactory(
        name="Biro Uji", kind=OrganisationKind.PROVIDER, npsn="", region_code="32.73"
    )
    s1, s2 = _school(authority_org, 1, provider_org), _school(authority_org, 2, provider_org)
    community_org = OrganisationFactory(
        name="Posko Uji", kind=OrganisationKind.COMMUNITY, npsn="", time_zone="Asia/Makassar"
    )
    community = Sample(community_org)
    community.users["field_worker"] = member(community_org, Role.FIELD_WORKER, username="c-relawan")
    community.objects["person"] = PersonFactory(organisation=community_org, full_name="Penerima")
    psychosocial_objects(community)
    provider = Sample(provider_org)
    provider.users["provider"] = member(provider_org, Role.PROVIDER, username="c-psikolog")
    world = World(s1=s1, s2=s2, community=community, provider=provider, authority=authority)
    world.people["anonymous"] = None
    for prefix, sample in (
        ("s1", s1),
        ("s2", s2),
        ("community", community),
        ("provider", provider),
        ("authority", authority),
    ):
        for role, user in sample.users.items():
            world.people[f"{prefix}.{role}"] = user
    return world
