"""Safety fixtures: clocks in the organisation's zone, shifts, and safety settings.

Times in tests are written as the school sees them ("2026-12-01 08:00" in WIB or WIT) and
turned into aware datetimes with `local()`. 1 December 2026 is a Tuesday.
"""

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.core.cache import cache

from conftest import make_school
from rangkul.accounts.roles import Role
from rangkul.accounts.tests.factories import member
from rangkul.safety.models import DutyShift, SafetySettings


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    # Organisation phrases are cached; every test starts without.
    cache.clear()
    yield
    cache.clear()


def local(org: Any, text: str) -> datetime:
    """'2026-12-01 08:00' on the organisation's wall clock, as an aware datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=org.zone)


def shift(org: Any, user: Any, starts: str, ends: str) -> DutyShift:
    return DutyShift.objects.create(
        organisation=org, user=user, starts_at=local(org, starts), ends_at=local(org, ends)
    )


@pytest.fixture
def clock(school: Any) -> Iterator[Any]:
    """Time stands still at Tuesday 1 December 2026, 09:00 WIB; `clock.shift(...)` moves it."""
    with time_machine.travel(local(school.org, "2026-12-01 09:00"), tick=False) as traveller:
        yield traveller


@pytest.fixture
def piket(school: Any) -> Any:
    """A second counselor of school 1, used as the out-of-hours contact."""
    return member(school.org, Role.COUNSELOR, username="piket1")


@pytest.fixture
def arrangements(school: Any, piket: Any) -> SafetySettings:
    """School 1's safety settings: school hours Mon–Fri 07:00–15:00, the second counselor
    out of hours, the homeroom teacher (a TPPK member) as safeguarding lead."""
    return SafetySettings.objects.create(
        organisation=school.org, out_of_hours_user=piket, safeguarding_lead=school.walikelas
    )


@pytest.fixture
def papua(authority: Any) -> Any:
    """A school in Jayapura (WIT, UTC+9)."""
    result = make_school(authority, 3)
    result.org.time_zone = "Asia/Jayapura"
    result.org.save()
    return result
