"""Demo data of this app, through the same services as the pages. Idempotent.

For each demo school: free time slots next week for each counselor (one of them booked by
the demo student), one counseling group, a classroom guidance lesson given last week and a
coordination meeting with homeroom teachers (with its agreed actions).
"""

from collections.abc import Iterable
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from rangkul.accounts.models import Organisation, User
from rangkul.accounts.roles import Role
from rangkul.activities import services
from rangkul.activities.models import Group, Kind, TimeSlot
from rangkul.people.models import Person


def _next_monday(org: Organisation) -> datetime:
    zone = org.zone
    today = timezone.localtime(timezone.now(), zone).date()
    monday = today + timedelta(days=7 - today.weekday())
    return datetime.combine(monday, time.min, tzinfo=zone)


def _monday_last_week(org: Organisation) -> datetime:
    """The Monday before this week's, at midnight in the school's zone: activities logged
    with their result happened then, whatever day and hour the demo is loaded (counted
    from this week's Monday, "last Tuesday" would still be ahead early on a Monday)."""
    return _next_monday(org) - timedelta(days=14)


def _staff(org: Organisation, role: str) -> list[User]:
    return list(
        User.objects.filter(memberships__organisation=org, memberships__role=role).order_by(
            "username"
        )
    )


def _slots(org: Organisation, counselors: list[User]) -> list[TimeSlot]:
    monday = _next_monday(org)
    published: list[TimeSlot] = []
    for i, counselor in enumerate(counselors):
        if TimeSlot.objects.filter(counselor=counselor, starts_at__gte=timezone.now()).exists():
            continue
        for day in (0, 2, 4):  # Monday, Wednesday, Friday
            for hour in (9 + i, 13 + i):
                published += services.publish_slots(
                    by=counselor,
                    organisation=org,
                    starts_at=monday + timedelta(days=day, hours=hour),
                    duration_minutes=45,
                    place="Ruang BK",
                )
    return published


@transaction.atomic
def seed(schools: Iterable[Organisation], student_number: int = 4) -> None:
    """`student_number`: which demo student (siswaN-04) books an appointment."""
    for org in schools:
        counselors = _staff(org, Role.COUNSELOR)
        if not counselors:
            continue
        published = _slots(org, counselors)
        student = (
            User.objects.filter(
                memberships__organisation=org,
                memberships__role=Role.STUDENT,
                username__endswith=f"-{student_number:02d}",
            )
            .order_by("username")
            .first()
        )
        if published and student is not None:
            services.book_slot(by=student, slot=published[0])
        if not Group.objects.filter(organisation=org).exists():
            members = Person.objects.filter(organisation=org, user__isnull=False).order_by(
                "full_name"
            )[3:11]
            services.create_group(
                by=counselors[0],
                organisation=org,
                name="Kelompok Percaya Diri",
                kind="counseling",
                members=[p.pk for p in members],
            )
            cohort = org.cohorts.order_by("grade", "name").first()
            if cohort is not None:
                services.log_activity(
                    by=counselors[0],
                    organisation=org,
                    data=services.ActivityData(
                        kind=Kind.CLASSROOM_GUIDANCE,
                        starts_at=_monday_last_week(org) + timedelta(hours=8),
                        duration_minutes=90,
                        cohort=cohort,
                        topic="Mengenal dan mengelola stres menjelang ujian",
                        domain="personal",
                        component="basic",
                        place=cohort.name,
                    ),
                )
            services.log_activity(
                by=counselors[0],
                organisation=org,
                data=services.ActivityData(
                    kind=Kind.SCHOOL_COORDINATION,
                    starts_at=_monday_last_week(org) + timedelta(days=1, hours=13),
                    duration_minutes=60,
                    topic="Koordinasi pemantauan kehadiran siswa",
                    place="Ruang guru",
                    outside_participants=[("Bu Rina", "wali kelas"), ("Pak Anton", "wakasek")],
                    agreed_actions="Wali kelas melapor ke BK bila siswa absen tiga hari.",
                    result="Semua wali kelas sepakat.",
                ),
            )
