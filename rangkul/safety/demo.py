"""Demo data of this app, through the same services as the pages. Idempotent.

For each demo school: safety settings (school hours Monday to Friday, the coordinator as
out-of-hours contact, the principal as safeguarding lead), a duty roster for this week and
next shared by its counselors with one deliberate gap (next Thursday afternoon, so the
coordinator's home page shows it), and one local crisis number marked as an example.
"""

from collections.abc import Iterable
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from rangkul.accounts.models import Organisation, User
from rangkul.accounts.roles import Role
from rangkul.safety import services
from rangkul.safety.models import CrisisResource, DutyShift, SafetySettings
from rangkul.safety.roster import week_start


def _staff(org: Organisation, role: str) -> list[User]:
    return list(
        User.objects.filter(memberships__organisation=org, memberships__role=role).order_by(
            "username"
        )
    )


def _roster(org: Organisation, coordinator: User, counselors: list[User]) -> None:
    zone = org.zone
    this_monday = week_start(timezone.localdate(timezone=zone))
    for monday in (this_monday, this_monday + timedelta(days=7)):
        start = datetime.combine(monday, time(0), tzinfo=zone)
        if DutyShift.objects.filter(
            organisation=org, starts_at__gte=start, starts_at__lt=start + timedelta(days=7)
        ).exists():
            continue
        for offset in range(5):  # Monday to Friday
            day = monday + timedelta(days=offset)
            counselor = counselors[offset % len(counselors)]
            ends = time(15)
            if monday != this_monday and offset == 3:
                ends = time(11)  # the deliberate gap: next Thursday 11:00–15:00
            services.add_shift(
                by=coordinator,
                organisation=org,
                user=counselor,
                starts_at=datetime.combine(day, time(7), tzinfo=zone),
                ends_at=datetime.combine(day, ends, tzinfo=zone),
            )


@transaction.atomic
def seed(schools: Iterable[Organisation]) -> None:
    for org in schools:
        coordinators = _staff(org, Role.COORDINATOR)
        counselors = _staff(org, Role.COUNSELOR)
        if not coordinators or not counselors:
            continue
        coordinator = coordinators[0]
        principals = _staff(org, Role.PRINCIPAL)
        if not SafetySettings.objects.filter(organisation=org).exists():
            services.update_settings(
                by=coordinator,
                organisation=org,
                around_the_clock=False,
                duty_days=[0, 1, 2, 3, 4],
                duty_start=time(7),
                duty_end=time(15),
                out_of_hours_user=coordinator,
                safeguarding_lead=principals[0] if principals else None,
            )
        _roster(org, coordinator, counselors)
        if not CrisisResource.objects.filter(organisation=org).exists():
            services.save_crisis_resource(
                by=coordinator,
                organisation=org,
                name="Puskesmas Kecamatan (contoh demo)",
                contact="022-000-0000",
                serves="Psikolog puskesmas; nomor contoh, ganti dengan nomor setempat",
                hours="Senin–Jumat 08.00–14.00",
                last_verified=timezone.localdate(timezone=org.zone),
            )
