"""Helpers to set up screenings in tests through the real services."""

from datetime import timedelta
from typing import Any

from rangkul.accounts.roles import Role
from rangkul.accounts.tests.factories import member
from rangkul.people.tests.factories import PersonFactory
from rangkul.screenings import services
from rangkul.screenings.engine import Instrument, get_instrument
from rangkul.screenings.models import Assignment


def enable(school: Any, *codes: str) -> None:
    for code in codes:
        services.configure_instrument(
            by=school.koordinator, organisation=school.org, code=code, enabled=True
        )


def launch(school: Any, code: str = "phqa", *, by: Any = None, **kwargs: Any):
    """A campaign open from today for a week, for the school's class unless told."""
    if not code.startswith("custom:"):
        enable(school, code)
    today = school.org.today()
    target = {k: kwargs.pop(k) for k in ("cohort", "group", "people", "case") if k in kwargs}
    if not target:
        target = {"cohort": school.cohort}
    return services.create_campaign(
        by=by or school.konselor,
        organisation=school.org,
        instrument=code,
        opens_on=kwargs.pop("opens_on", today),
        closes_on=kwargs.pop("closes_on", today + timedelta(days=7)),
        **target,
        **kwargs,
    )


def assignment_of(campaign: Any, user: Any) -> Assignment:
    return Assignment.objects.select_related("campaign", "person").get(
        campaign=campaign, person__user=user
    )


def complete_answers(
    instrument: Instrument | str, value: int | None = None, **given: int
) -> dict[str, int]:
    """Every asked item answered: as `given`, else with `value` (or the lowest option),
    skipping items the earlier answers hide."""
    inst = get_instrument(instrument) if isinstance(instrument, str) else instrument
    answers: dict[str, int] = {}
    for item in inst.items:
        if item.required_if is None or item.required_if.holds(answers):
            default = value if value in item.values else min(item.values)
            answers[item.id] = given.get(item.id, default)
    return answers


def add_students(school: Any, n: int) -> list[Any]:
    """More students with accounts in the school's class."""
    people = []
    for i in range(n):
        user = member(school.org, Role.STUDENT, username=f"murid{school.org.name[-1]}-{i}")
        people.append(PersonFactory(organisation=school.org, user=user, cohort=school.cohort))
    return people
