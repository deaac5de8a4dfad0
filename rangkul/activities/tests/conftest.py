"""Fixtures of the activities app, on top of the root personas."""

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from rangkul.accounts.roles import Role
from rangkul.accounts.tests.factories import member
from rangkul.activities.models import ActivityStatus, Kind
from rangkul.activities.tests.factories import (
    ActivityFactory,
    GroupFactory,
    TimeSlotFactory,
    make_case,
    make_peer_case,
    take_part,
)
from rangkul.people.tests.factories import PersonFactory


def tomorrow_at(hour: int, tz: str = "Asia/Jakarta") -> datetime:
    """Tomorrow at `hour` o'clock on an organisation's clock."""
    zone = ZoneInfo(tz)
    day = timezone.localtime(timezone.now(), zone).date() + timedelta(days=1)
    return datetime.combine(day, time(hour), tzinfo=zone)


@pytest.fixture
def konselor_lain(school: Any) -> Any:
    """A second counselor of school 1, on none of the cases below."""
    return member(school.org, Role.COUNSELOR, username="konselor-lain")


@pytest.fixture
def sebaya_person(school: Any) -> Any:
    return school.sebaya.person_records.get(organisation=school.org)


@pytest.fixture
def other_student(school: Any) -> Any:
    """A student of school 1 without a login (e.g. not yet registered)."""
    return PersonFactory(organisation=school.org, full_name="Dua Tanpa Akun", cohort=school.cohort)


@pytest.fixture
def counseling_case(school: Any) -> Any:
    return make_case(school.org, school.siswa_person, lead=school.konselor)


@pytest.fixture
def peer_case(school: Any) -> Any:
    return make_peer_case(school.org, school.siswa_person, school.sebaya)


@pytest.fixture
def group(school: Any, other_student: Any) -> Any:
    g = GroupFactory(organisation=school.org, facilitator=school.konselor, name="Kelompok Tenang")
    g.members.set([school.siswa_person, other_student])
    return g


@pytest.fixture
def slot(school: Any) -> Any:
    return TimeSlotFactory(
        organisation=school.org, counselor=school.konselor, starts_at=tomorrow_at(9)
    )


@pytest.fixture
def appointment(school: Any, counseling_case: Any) -> Any:
    """A scheduled individual session of the counseling case, tomorrow at 10."""
    activity = ActivityFactory(
        organisation=school.org,
        facilitator=school.konselor,
        case=counseling_case,
        status=ActivityStatus.SCHEDULED,
        starts_at=tomorrow_at(10),
        topic="Cemas menghadapi ujian",
        place="Ruang BK",
    )
    return take_part(activity, school.siswa_person)


@pytest.fixture
def classroom(school: Any) -> Any:
    return ActivityFactory(
        organisation=school.org,
        facilitator=school.konselor,
        kind=Kind.CLASSROOM_GUIDANCE,
        cohort=school.cohort,
        topic="Mengelola stres",
        domain="personal",
        component="basic",
    )


@pytest.fixture
def peer_meeting(school: Any, peer_case: Any) -> Any:
    activity = ActivityFactory(
        organisation=school.org, facilitator=school.sebaya, case=peer_case, kind=Kind.PEER_MEETING
    )
    return take_part(activity, school.siswa_person, attended=True)


@pytest.fixture
def private_session(school: Any, other_student: Any) -> Any:
    """An individual session without a case: the counselor's own work."""
    activity = ActivityFactory(organisation=school.org, facilitator=school.konselor)
    return take_part(activity, other_student, attended=True)


@pytest.fixture
def pfa(community: Any, relawan: Any, beneficiary: Any) -> Any:
    activity = ActivityFactory(
        organisation=community, facilitator=relawan, kind=Kind.PFA_CONTACT, topic="Tempat tinggal"
    )
    return take_part(activity, beneficiary, attended=True)


@pytest.fixture
def family_meeting(school: Any) -> Any:
    """A counselor's family meeting without a case, with an aunt from outside."""
    activity = ActivityFactory(
        organisation=school.org,
        facilitator=school.konselor,
        kind=Kind.FAMILY_MEETING,
        topic="Dukungan keluarga",
    )
    activity.outside_participants.create(full_name="Bu Ani", role="bibi")
    return take_part(activity, school.siswa_person, attended=True)


@pytest.fixture
def school_coordination(school: Any) -> Any:
    activity = ActivityFactory(
        organisation=school.org,
        facilitator=school.konselor,
        kind=Kind.SCHOOL_COORDINATION,
        topic="Koordinasi wali kelas",
    )
    activity.outside_participants.create(full_name="Bu Rina", role="wali kelas")
    return activity
