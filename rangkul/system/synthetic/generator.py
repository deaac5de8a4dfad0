"""The synthetic data run: an authority, its schools and community organisations, their
staff, cohorts and people; each organisation's pathway and screenings come from the
sibling modules."""

from __future__ import annotations

import time
import zlib
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.management.color import no_style
from django.db import connection, transaction

from rangkul.accounts.models import Membership, Organisation, OrganisationKind, User
from rangkul.accounts.roles import Role
from rangkul.people.models import Cohort, Person
from rangkul.system.synthetic.insert import BATCH
from rangkul.system.synthetic.pathway import make_activities, make_pathway
from rangkul.system.synthetic.scale import Report, Scale
from rangkul.system.synthetic.screenings import make_screenings
from rangkul.system.synthetic.state import RunState


class Generator(RunState):
    """The whole run: organisations, staff and people here; pathway and screenings in
    the sibling modules."""

    # --- the run -------------------------------------------------------------------------

    def run(self) -> Report:
        started = time.perf_counter()
        with transaction.atomic():
            authority = Organisation.objects.create(
                id=self.uuid(),
                name=f"Dinas Pendidikan Sintetis {self.prefix}",
                kind=OrganisationKind.AUTHORITY,
                region_code="32.99",
                time_zone="Asia/Jakarta",
            )
            analyst = self._users([("analis", "Analis", "Dinas")], staff=True)[0]
            self._members([(analyst, authority, Role.AUTHORITY_ANALYST)])
            for n in range(1, self.scale.schools + 1):
                self._organisation(n, OrganisationKind.SCHOOL, authority)
                self.out(f"  school {n}/{self.scale.schools} done")
            for n in range(1, self.scale.communities + 1):
                self._organisation(n, OrganisationKind.COMMUNITY, None)
                self.out(f"  community {n}/{self.scale.communities} done")
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    for sql in connection.ops.sequence_reset_sql(no_style(), [User]):
                        cursor.execute(sql)
        # Fresh statistics for the planner: without them, tables filled by COPY in one
        # transaction look empty to it until autovacuum comes by, and it picks nested
        # loops over thousands of rows.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.report.seconds = time.perf_counter() - started
        return self.report

    def _users(self, specs: list[tuple[str, str, str]], *, staff: bool = False) -> list[User]:
        users = [
            User(
                id=next(self._user_ids),
                username=f"{self.prefix}-{username}",
                first_name=first,
                last_name=last,
                password=self.staff_password if staff else self.unusable,
                public_id=self.uuid(),
            )
            for username, first, last in specs
        ]
        self.bulk(User, users)
        return users

    def _members(self, rows: Sequence[tuple[User, Organisation, str]]) -> None:
        self.bulk(
            Membership,
            [Membership(id=self.uuid(), user=u, organisation=o, role=r) for u, o, r in rows],
        )

    def _organisation(self, n: int, kind: str, parent: Organisation | None) -> None:
        school = kind == OrganisationKind.SCHOOL
        tag = f"s{n}" if school else f"k{n}"
        org = Organisation.objects.create(
            id=self.uuid(),
            name=(f"SMA Sintetis {n} {self.prefix}" if school else f"Posko Sintetis {n}"),
            kind=kind,
            region_code="32.99.01" if school else "72.10",
            time_zone="Asia/Jakarta" if school else "Asia/Makassar",
            npsn=f"9{zlib.crc32(self.prefix.encode()) % 1000:03d}{n:04d}" if school else "",
            parent=parent,
        )
        n_people = self.scale.students if school else self.scale.beneficiaries
        # Staff: a coordinator, counselors (one for every 500 students), a principal, an
        # administrator, homeroom teachers (one a class) and peer supporters (1 %).
        staff_roles: list[tuple[str, str]] = [
            ("koordinator", Role.COORDINATOR if school else Role.COORDINATOR),
            ("admin", Role.ADMIN),
        ]
        if school:
            staff_roles.append(("kepsek", Role.PRINCIPAL))
            staff_roles += [
                (f"konselor{i}", Role.COUNSELOR) for i in range(max(1, n_people // 500))
            ]
        else:
            staff_roles += [
                (f"relawan{i}", Role.FIELD_WORKER) for i in range(max(1, n_people // 100))
            ]
        staff = self._users(
            [(f"{tag}-{u}", "Staf", u.title()) for u, _r in staff_roles], staff=True
        )
        self._members([(u, org, r) for u, (_n, r) in zip(staff, staff_roles, strict=True)])
        for u, (_n, r) in zip(staff, staff_roles, strict=True):
            self.report.logins.append((u.username, r, org.name))
        helpers = [
            u
            for u, (_n, r) in zip(staff, staff_roles, strict=True)
            if r in (Role.COUNSELOR, Role.FIELD_WORKER)
        ]

        # Cohorts of 40 (classes in a school, groups in a community).
        n_cohorts = max(1, n_people // 40)
        teachers: list[User] = []
        if school:
            teachers = self._users(
                [(f"{tag}-walikelas{i}", "Wali", f"Kelas {i}") for i in range(n_cohorts)]
            )
            self._members([(t, org, Role.HOMEROOM_TEACHER) for t in teachers])
        cohorts = [
            Cohort(
                id=self.uuid(),
                organisation=org,
                name=(f"{10 + i % 3}-{i // 3 + 1}" if school else f"Kelompok {i + 1}"),
                grade=10 + i % 3 if school else None,
                academic_year="2026/2027" if school else "",
                homeroom_teacher=teachers[i] if teachers else None,
            )
            for i in range(n_cohorts)
        ]
        self.bulk(Cohort, cohorts)
        if school:
            through = Cohort.counselors.through
            through.objects.bulk_create(
                [
                    through(cohort_id=c.id, user_id=helpers[i % len(helpers)].id)
                    for i, c in enumerate(cohorts)
                ],
                batch_size=BATCH,
            )

        # Students have accounts; a community's beneficiaries do not.
        names = [self.name() for _ in range(n_people)]
        users: list[User | None] = [None] * n_people
        if school:
            made = self._users(
                [
                    (f"{tag}-siswa{i:05d}", full.split()[0], full.split()[-1])
                    for i, (full, _g) in enumerate(names)
                ]
            )
            users = list(made)
            roles = [(u, org, Role.STUDENT) for u in made]
            peers = made[: max(1, n_people // 100)]
            roles += [(u, org, Role.PEER_SUPPORTER) for u in peers]
            self._members(roles)
        people = [
            Person(
                id=self.uuid(),
                organisation=org,
                user=users[i],
                full_name=full,
                gender=gender,
                cohort=cohorts[i % n_cohorts],
                birth_date=date(
                    2009 + self.rng.randrange(3),
                    1 + self.rng.randrange(12),
                    1 + self.rng.randrange(28),
                ),
            )
            for i, (full, gender) in enumerate(names)
        ]
        self.bulk(Person, people)

        ratio = n_people / max(1, self.scale.students)
        cases = make_pathway(self, org, people, helpers, ratio, school)
        make_activities(
            self, org, people, cohorts, helpers, int(self.scale.activities * ratio), cases
        )
        if school:
            make_screenings(self, org, people, cohorts, helpers[0], self.scale.responses)


def generate(scale: Scale, **kwargs: Any) -> Report:
    return Generator(scale, **kwargs).run()
