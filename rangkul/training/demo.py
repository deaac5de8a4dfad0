"""Demo training: the default peer-supporter curriculum in a school, two candidates
enrolled with some attendance and a quiz attempt, and a counselor's CPD record; made
through the app's own services."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from rangkul.accounts import services as accounts
from rangkul.accounts.models import Membership, User
from rangkul.accounts.roles import Role
from rangkul.training.models import Audience, Presence, Programme, Session
from rangkul.training.services import cpd, programmes, trainees


def seed(organisation: Any) -> None:
    if Programme.objects.filter(organisation=organisation).exists():
        return
    coordinator = User.objects.get(username="koordinator1")
    programme = programmes.create_programme(
        by=coordinator, organisation=organisation, title="", audience=Audience.PEER_SUPPORTERS,
        from_default=True,
    )  # fmt: skip
    start = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0)
    sessions = list(Session.objects.filter(module__programme=programme))
    for week, session in enumerate(sessions):
        programmes.update_session(
            by=coordinator, session=session, starts_at=start + timedelta(days=7 * (week - 2)),
            place="Ruang BK", facilitator="Wahyu Santoso",
        )  # fmt: skip
    enrolments = []
    for username in ("siswa1-05", "siswa1-06"):
        user = User.objects.get(username=username)
        if not Membership.objects.filter(
            user=user, organisation=organisation, role=Role.PEER_SUPPORTER
        ).exists():
            accounts.grant_role(
                by=coordinator, user=user, organisation=organisation, role=Role.PEER_SUPPORTER
            )
        enrolments.append(trainees.enrol(by=coordinator, programme=programme, user=user))
    for session in sessions[:2]:
        trainees.record_attendance(
            by=coordinator,
            session=session,
            marks={str(e.pk): Presence.PRESENT for e in enrolments},
        )
    first = enrolments[0]
    attempt = trainees.start_attempt(by=first.user, enrolment=first)
    trainees.submit_attempt(
        by=first.user,
        attempt=attempt,
        answers={str(q.pk): q.correct for q in programme.questions.all()},
    )
    cpd.add_cpd_record(
        by=User.objects.get(username="konselor1a"), organisation=organisation,
        title="Pertolongan Pertama Psikologis", provider="Dinas Pendidikan Kota Bandung",
        hours="12", on=timezone.localdate() - timedelta(days=40),
    )  # fmt: skip
