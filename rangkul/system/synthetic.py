"""Synthetic data at scale: one school of 2,000 students, or a district of 50 schools and
5 community organisations with 100,000 students and 1,000,000 screening responses.

Everything is written with `bulk_create` in batches (no per-row commits, no services and
no audit events: these are not things anybody did). The same seed gives the same rows;
dates are spread over the year before `today`. Users get an unusable password except the
staff listed by the command, who get the given one.
"""

from __future__ import annotations

import itertools
import json
import random
import time
import uuid
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from rangkul.accounts.models import Membership, Organisation, OrganisationKind, User
from rangkul.accounts.roles import Role
from rangkul.activities.models import Activity, ActivityStatus, Kind
from rangkul.cases.models import (
    Case,
    CaseStatus,
    Domain,
    HelperChoice,
    Message,
    Note,
    RequestStatus,
    RiskLevel,
    Source,
    SupportRequest,
    Tier,
    Urgency,
)
from rangkul.lib.crypto import EncryptedJSONField, EncryptedTextField
from rangkul.people.models import Cohort, Gender, Person
from rangkul.screenings.catalogue import presented
from rangkul.screenings.engine import Instrument, score
from rangkul.screenings.models import (
    Assignment,
    AssignmentStatus,
    InstrumentSetting,
    ResponseStatus,
    ScreeningCampaign,
    ScreeningResponse,
    Target,
)
from rangkul.system.demo import FIRST_F, FIRST_M, LAST

BATCH = 5000
INSTRUMENTS = ("phqa", "gad7")
MESSAGE_TEXTS = (
    "Halo, aku mau cerita soal minggu ini.",
    "Terima kasih sudah mau mendengarkan.",
    "Aku masih kepikiran soal nilai ujian kemarin.",
    "Besok kita lanjut ngobrol ya, jam istirahat.",
    "Bagaimana perasaanmu hari ini dibanding minggu lalu?",
    "Aku sudah coba saran kemarin, lumayan membantu.",
)
NOTE_TEXTS = (
    "Sesi berjalan baik; siswa lebih terbuka.",
    "Rencana tindak lanjut: pertemuan minggu depan.",
    "Koordinasi dengan wali kelas tentang kehadiran.",
)
REQUEST_TEXTS = (
    "Aku bingung memilih jurusan kuliah.",
    "Aku merasa dijauhi teman sekelas.",
    "Orang tuaku sering bertengkar dan aku susah konsentrasi.",
    "Nilai aku turun terus, aku takut dimarahi.",
)


@dataclass(frozen=True)
class Scale:
    """How much to make. Per school unless named otherwise."""

    schools: int = 1
    communities: int = 0
    students: int = 2000
    beneficiaries: int = 400  # per community organisation
    requests: int = 1200
    cases: int = 1000
    messages: int = 20000
    notes: int = 2000
    activities: int = 5000
    responses: int = 40000

    @property
    def total_students(self) -> int:
        return self.schools * self.students


SCALES = {
    "tiny": Scale(
        students=60,
        beneficiaries=20,
        communities=1,
        requests=30,
        cases=20,
        messages=200,
        notes=40,
        activities=50,
        responses=240,
    ),
    "school": Scale(),
    # 100,000 students; a year of work; 1,000,000 responses (20,000 per school).
    "district": Scale(
        schools=50,
        communities=5,
        requests=1200,
        cases=1000,
        messages=20000,
        notes=2000,
        activities=2000,
        responses=20000,
    ),
}


@dataclass
class Report:
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, name: str, n: int) -> None:
        self.rows[name] = self.rows.get(name, 0) + n


def _adapter(field: models.Field[Any, Any], vendor: str) -> Callable[[Any], Any]:
    """Python value -> what the driver takes, for the few field types generated here."""
    if field.is_relation:
        field = field.target_field  # type: ignore[attr-defined]
    if isinstance(field, EncryptedTextField | EncryptedJSONField):
        # Stored as the ciphertext the field itself would write.
        return field.get_prep_value
    if isinstance(field, models.JSONField):
        return lambda v: None if v is None else json.dumps(v)
    if vendor == "postgresql":
        return lambda v: v
    if isinstance(field, models.UUIDField):
        return lambda v: None if v is None else v.hex
    if isinstance(field, models.DateTimeField):
        adapt = connection.ops.adapt_datetimefield_value
        return lambda v: None if v is None else adapt(v)
    if isinstance(field, models.DateField):
        return lambda v: None if v is None else v.isoformat()
    return lambda v: v


def fast_insert(model: type[models.Model], rows: Sequence[models.Model], now: datetime) -> None:
    """Insert model instances without the ORM's per-value preparation: COPY on
    PostgreSQL, executemany on SQLite. Only for the plain field types used here."""
    if not rows:
        return
    vendor = connection.vendor
    # Auto-increment keys are given by the generator (see _users) so that rows can refer
    # to them; the sequence is moved on afterwards.
    fields = [
        f
        for f in model._meta.concrete_fields
        if not (isinstance(f, models.AutoField) and getattr(rows[0], f.attname) is None)
    ]
    adapters = [_adapter(f, vendor) for f in fields]
    stamped = [
        bool(getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)) for f in fields
    ]
    attnames = [f.attname for f in fields]

    def values(obj: models.Model) -> tuple[Any, ...]:
        out = []
        for name, adapt, stamp in zip(attnames, adapters, stamped, strict=True):
            value = getattr(obj, name)
            if value is None and stamp:
                value = now
            out.append(adapt(value))
        return tuple(out)

    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            raw = cursor.cursor  # the psycopg cursor
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for obj in rows:
                    copy.write_row(values(obj))
        else:
            marks = ", ".join(["%s"] * len(fields))
            # Table and column names come from the model and are quoted; values are bound.
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
            for i in range(0, len(rows), BATCH):
                cursor.executemany(sql, [values(obj) for obj in rows[i : i + BATCH]])


class Generator:
    def __init__(
        self,
        scale: Scale,
        *,
        seed: int = 1,
        today: date | None = None,
        password: str | None = None,
        prefix: str = "sint",
        out: Callable[[str], None] = lambda _s: None,
    ) -> None:
        self.scale = scale
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.start = datetime.combine(self.today - timedelta(days=365), datetime.min.time())
        self.start = timezone.make_aware(self.start)
        self.prefix = prefix
        self.out = out
        self.report = Report()
        last = User.objects.order_by("-id").values_list("id", flat=True).first() or 0
        self._user_ids = itertools.count(last + 1)
        self.now = timezone.now()
        self.staff_password = make_password(password) if password else "!"
        self.unusable = "!"
        self._instruments: dict[str, Instrument] = {}
        self._answer_pool: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = {}

    # --- small helpers -------------------------------------------------------------------

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def moment(self, after: datetime | None = None, within_days: int = 365) -> datetime:
        base = after or self.start
        limit = (self.start + timedelta(days=365) - base).total_seconds()
        span = max(0.0, min(within_days * 86400.0, limit))
        return base + timedelta(seconds=self.rng.random() * span)

    def name(self) -> tuple[str, str]:
        female = self.rng.random() < 0.5
        first = self.rng.choice(FIRST_F if female else FIRST_M)
        return f"{first} {self.rng.choice(LAST)}", Gender.FEMALE if female else Gender.MALE

    def bulk(self, model: type[models.Model], rows: Sequence[models.Model]) -> None:
        fast_insert(model, rows, self.now)
        self.report.add(model._meta.db_table, len(rows))

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
        self._pathway(org, people, helpers, ratio, school)
        self._activities(org, people, cohorts, helpers, int(self.scale.activities * ratio))
        if school:
            self._screenings(org, people, cohorts, helpers[0], self.scale.responses)

    # --- requests, cases, messages, notes --------------------------------------------------

    def _pathway(
        self,
        org: Organisation,
        people: list[Person],
        helpers: list[User],
        ratio: float,
        school: bool,
    ) -> None:
        n_requests = int(self.scale.requests * ratio)
        n_cases = min(n_requests, int(self.scale.cases * ratio))
        requests: list[SupportRequest] = []
        cases: list[Case] = []
        for i in range(n_requests):
            person = self.rng.choice(people)
            created = self.moment()
            accepted = i < n_cases
            status = (
                RequestStatus.ACCEPTED
                if accepted
                else self.rng.choice(
                    [RequestStatus.TRIAGE, RequestStatus.TRIAGE, RequestStatus.WITHDRAWN]
                )
            )
            helper = self.rng.choice(helpers)
            requests.append(
                SupportRequest(
                    id=self.uuid(),
                    organisation=org,
                    person=person,
                    created_by=person.user or helper,
                    source=Source.STUDENT if person.user_id else Source.STAFF,
                    domain=self.rng.choice(Domain.values),
                    text=self.rng.choice(REQUEST_TEXTS),
                    urgency=self.rng.choice(Urgency.values),
                    helper_choice=HelperChoice.COUNSELOR,
                    pseudonym=f"Teman {i % 997}",
                    status=status,
                    created_at=created,
                    accepted_at=created + timedelta(hours=4) if accepted else None,
                )
            )
        self.bulk(SupportRequest, requests)
        for request in requests[:n_cases]:
            assert request.accepted_at is not None
            closed = self.rng.random() < 0.6
            opened = request.accepted_at
            cases.append(
                Case(
                    id=self.uuid(),
                    organisation=org,
                    person=request.person,
                    request=request,
                    tier=Tier.COUNSELING if school else Tier.PSYCHOSOCIAL,
                    status=CaseStatus.CLOSED
                    if closed
                    else self.rng.choice([CaseStatus.OPEN, CaseStatus.ACTIVE, CaseStatus.ON_HOLD]),
                    domain=request.domain,
                    risk_level=self.rng.choice(RiskLevel.values),
                    lead=self.rng.choice(helpers),
                    opened_at=opened,
                    closed_at=self.moment(opened, 60) if closed else None,
                )
            )
        self.bulk(Case, cases)
        if not cases:
            return
        messages: list[Message] = []
        for _ in range(int(self.scale.messages * ratio)):
            case = self.rng.choice(cases)
            from_student = self.rng.random() < 0.5 and case.person.user is not None
            messages.append(
                Message(
                    id=self.uuid(),
                    case=case,
                    sender=case.person.user if from_student else case.lead,  # type: ignore[misc]
                    sender_role="student" if from_student else "counselor",
                    tier=case.tier,
                    text=self.rng.choice(MESSAGE_TEXTS),
                    created_at=self.moment(case.opened_at, 90),
                )
            )
        self.bulk(Message, messages)
        self.bulk(
            Note,
            [
                Note(
                    id=self.uuid(),
                    case=(case := self.rng.choice(cases)),
                    author=case.lead,  # type: ignore[misc]
                    text=self.rng.choice(NOTE_TEXTS),
                    created_at=self.moment(case.opened_at, 90),
                )
                for _ in range(int(self.scale.notes * ratio))
            ],
        )
        self._cases = cases

    def _activities(
        self,
        org: Organisation,
        people: list[Person],
        cohorts: list[Cohort],
        helpers: list[User],
        n: int,
    ) -> None:
        cases = getattr(self, "_cases", [])
        rows: list[Activity] = []
        for _ in range(n):
            when = self.moment()
            with_case = cases and self.rng.random() < 0.6
            case = self.rng.choice(cases) if with_case else None
            past = when.date() < self.today
            rows.append(
                Activity(
                    id=self.uuid(),
                    organisation=org,
                    kind=Kind.INDIVIDUAL_COUNSELING if case else Kind.CLASSROOM_GUIDANCE,
                    status=ActivityStatus.DONE if past else ActivityStatus.SCHEDULED,
                    case=case,
                    cohort=None if case else self.rng.choice(cohorts),
                    facilitator=(case.lead if case else self.rng.choice(helpers)),
                    starts_at=when,
                    duration_minutes=45,
                    topic="Sesi konseling" if case else "Bimbingan klasikal",
                    created_by=(case.lead if case else self.rng.choice(helpers)),
                    created_at=when - timedelta(days=2),
                )
            )
        self.bulk(Activity, rows)
        self._cases = []

    # --- screenings ------------------------------------------------------------------------

    def _pool(self, code: str, org: Organisation) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        """Scored answer patterns for an instrument (scored once, reused for every row)."""
        if code not in self._answer_pool:
            instrument = presented(org.id, code, "id").instrument
            self._instruments[code] = instrument
            pool = []
            for level in range(64):
                # Most students answer low; a few answer high (a realistic skew).
                top = 0 if level < 32 else (1 if level < 52 else (2 if level < 60 else 3))
                answers = {}
                for item in instrument.items:
                    if item.required_if is not None or item.optional:
                        continue
                    values = sorted(o.value for o in item.options if not o.refused)
                    answers[item.id] = values[min(self.rng.randint(0, top), len(values) - 1)]
                # No critical answers: an alert would need its ladder, which synthetic rows
                # do not have.
                result = score(instrument, answers)
                if result.critical:
                    continue
                stored = result.to_dict()
                stored.pop("answers")
                stored["_score"] = float(result.score) if result.score is not None else None
                stored["_band"] = result.band.code if result.band else ""
                pool.append((answers, stored))
            self._answer_pool[code] = pool
        return self._answer_pool[code]

    def _screenings(
        self,
        org: Organisation,
        people: list[Person],
        cohorts: list[Cohort],
        counselor: User,
        n_responses: int,
    ) -> None:
        self.bulk(
            InstrumentSetting,
            [
                InstrumentSetting(organisation=org, instrument_code=c, enabled=True)
                for c in INSTRUMENTS
            ],
        )
        by_cohort: dict[Any, list[Person]] = {}
        for p in people:
            by_cohort.setdefault(p.cohort_id, []).append(p)
        # Four rounds a year, each instrument for every class: campaigns of 40.
        campaigns: list[ScreeningCampaign] = []
        rounds = max(1, round(n_responses / max(1, len(people)) / len(INSTRUMENTS)))
        for r in range(rounds):
            opens = self.today - timedelta(days=365 - r * (365 // rounds))
            for code in INSTRUMENTS:
                instrument = self._instrument(code, org)
                for cohort in cohorts:
                    campaigns.append(
                        ScreeningCampaign(
                            id=self.uuid(),
                            organisation=org,
                            title=f"{instrument.code.upper()} {cohort.name} ronde {r + 1}",
                            instrument_code=instrument.code,
                            instrument_version=instrument.version,
                            target=Target.COHORT,
                            cohort=cohort,
                            opens_on=opens,
                            closes_on=opens + timedelta(days=14),
                            created_by=counselor,
                            created_at=timezone.make_aware(
                                datetime.combine(opens, datetime.min.time())
                            ),
                        )
                    )
        self.bulk(ScreeningCampaign, campaigns)
        assignments: list[Assignment] = []
        responses: list[ScreeningResponse] = []
        wording = {c: presented(org.id, c, "id") for c in INSTRUMENTS}
        for campaign in campaigns:
            pool = self._pool(campaign.instrument_code, org)
            for person in by_cohort.get(campaign.cohort_id, []):
                if len(responses) >= n_responses:
                    break
                answered = self.rng.random() < 0.92
                day = campaign.opens_on + timedelta(days=self.rng.randrange(14))
                a = Assignment(
                    id=self.uuid(),
                    organisation=org,
                    campaign=campaign,
                    person=person,
                    status=AssignmentStatus.COMPLETED if answered else AssignmentStatus.PENDING,
                    completed_on=day if answered else None,
                )
                assignments.append(a)
                if not answered:
                    continue
                answers, scored = self.rng.choice(pool)
                stored = {k: v for k, v in scored.items() if not k.startswith("_")}
                w = wording[campaign.instrument_code]
                at = timezone.make_aware(
                    datetime.combine(day, datetime.min.time())
                    + timedelta(hours=8 + self.rng.random() * 6)
                )
                responses.append(
                    ScreeningResponse(
                        id=self.uuid(),
                        organisation=org,
                        campaign=campaign,
                        assignment=a,
                        person=person,
                        entered_by=person.user,
                        status=ResponseStatus.SUBMITTED,
                        instrument_code=campaign.instrument_code,
                        instrument_version=campaign.instrument_version,
                        language=w.language,
                        wording_source=w.source,
                        translation_status=w.translation_status,
                        wording_hash=w.hash,
                        answers=answers,
                        result=stored,
                        score=scored["_score"],
                        band_code=scored["_band"],
                        critical=False,
                        started_at=at - timedelta(minutes=4),
                        submitted_at=at,
                        submitted_on=day,
                    )
                )
        self.bulk(Assignment, assignments)
        self.bulk(ScreeningResponse, responses)

    def _instrument(self, code: str, org: Organisation) -> Instrument:
        self._pool(code, org)
        return self._instruments[code]


def generate(scale: Scale, **kwargs: Any) -> Report:
    return Generator(scale, **kwargs).run()
