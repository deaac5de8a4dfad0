"""Synthetic requests for help, cases, their messages and notes, and activities."""

from __future__ import annotations

from datetime import timedelta

from rangkul.accounts.models import Organisation, User
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
from rangkul.people.models import Cohort, Person
from rangkul.system.synthetic.state import RunState

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


def make_pathway(
    g: RunState,
    org: Organisation,
    people: list[Person],
    helpers: list[User],
    ratio: float,
    school: bool,
) -> list[Case]:
    """Requests for help, the cases opened from them, their messages and notes."""
    n_requests = int(g.scale.requests * ratio)
    n_cases = min(n_requests, int(g.scale.cases * ratio))
    requests: list[SupportRequest] = []
    cases: list[Case] = []
    for i in range(n_requests):
        person = g.rng.choice(people)
        created = g.moment()
        accepted = i < n_cases
        status = (
            RequestStatus.ACCEPTED
            if accepted
            else g.rng.choice([RequestStatus.TRIAGE, RequestStatus.TRIAGE, RequestStatus.WITHDRAWN])
        )
        helper = g.rng.choice(helpers)
        requests.append(
            SupportRequest(
                id=g.uuid(),
                organisation=org,
                person=person,
                created_by=person.user or helper,
                source=Source.STUDENT if person.user_id else Source.STAFF,
                domain=g.rng.choice(Domain.values),
                text=g.rng.choice(REQUEST_TEXTS),
                urgency=g.rng.choice(Urgency.values),
                helper_choice=HelperChoice.COUNSELOR,
                pseudonym=f"Teman {i % 997}",
                status=status,
                created_at=created,
                accepted_at=created + timedelta(hours=4) if accepted else None,
            )
        )
    g.bulk(SupportRequest, requests)
    for request in requests[:n_cases]:
        assert request.accepted_at is not None
        closed = g.rng.random() < 0.6
        opened = request.accepted_at
        cases.append(
            Case(
                id=g.uuid(),
                organisation=org,
                person=request.person,
                request=request,
                tier=Tier.COUNSELING if school else Tier.PSYCHOSOCIAL,
                status=CaseStatus.CLOSED
                if closed
                else g.rng.choice([CaseStatus.OPEN, CaseStatus.ACTIVE, CaseStatus.ON_HOLD]),
                domain=request.domain,
                risk_level=g.rng.choice(RiskLevel.values),
                lead=g.rng.choice(helpers),
                opened_at=opened,
                closed_at=g.moment(opened, 60) if closed else None,
            )
        )
    g.bulk(Case, cases)
    if not cases:
        return cases
    messages: list[Message] = []
    for _ in range(int(g.scale.messages * ratio)):
        case = g.rng.choice(cases)
        from_student = g.rng.random() < 0.5 and case.person.user is not None
        messages.append(
            Message(
                id=g.uuid(),
                case=case,
                sender=case.person.user if from_student else case.lead,  # type: ignore[misc]
                sender_role="student" if from_student else "counselor",
                tier=case.tier,
                text=g.rng.choice(MESSAGE_TEXTS),
                created_at=g.moment(case.opened_at, 90),
            )
        )
    g.bulk(Message, messages)
    g.bulk(
        Note,
        [
            Note(
                id=g.uuid(),
                case=(case := g.rng.choice(cases)),
                author=case.lead,  # type: ignore[misc]
                text=g.rng.choice(NOTE_TEXTS),
                created_at=g.moment(case.opened_at, 90),
            )
            for _ in range(int(g.scale.notes * ratio))
        ],
    )
    return cases


def make_activities(
    g: RunState,
    org: Organisation,
    people: list[Person],
    cohorts: list[Cohort],
    helpers: list[User],
    n: int,
    cases: list[Case],
) -> None:
    """Activities: a case's counseling sessions, or classroom guidance for a cohort."""
    rows: list[Activity] = []
    for _ in range(n):
        when = g.moment()
        with_case = cases and g.rng.random() < 0.6
        case = g.rng.choice(cases) if with_case else None
        past = when.date() < g.today
        rows.append(
            Activity(
                id=g.uuid(),
                organisation=org,
                kind=Kind.INDIVIDUAL_COUNSELING if case else Kind.CLASSROOM_GUIDANCE,
                status=ActivityStatus.DONE if past else ActivityStatus.SCHEDULED,
                case=case,
                cohort=None if case else g.rng.choice(cohorts),
                facilitator=(case.lead if case else g.rng.choice(helpers)),
                starts_at=when,
                duration_minutes=45,
                topic="Sesi konseling" if case else "Bimbingan klasikal",
                created_by=(case.lead if case else g.rng.choice(helpers)),
                created_at=when - timedelta(days=2),
            )
        )
    g.bulk(Activity, rows)
