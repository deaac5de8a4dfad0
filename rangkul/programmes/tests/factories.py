"""Helpers to set up the programme cycle in tests, through the real services."""

import subprocess
from datetime import datetime, time, timedelta
from typing import Any

from rangkul.accounts.roles import Role
from rangkul.accounts.tests.factories import member
from rangkul.people.tests.factories import CohortFactory, PersonFactory
from rangkul.programmes import services
from rangkul.programmes.models import Period
from rangkul.screenings import services as screening_services
from rangkul.screenings.models import Assignment


def add_class(school: Any, name: str, n: int) -> tuple[Any, list[Any]]:
    """Another class of the school with `n` students who can log in."""
    cohort = CohortFactory(organisation=school.org, name=name)
    users = []
    for i in range(n):
        user = member(school.org, Role.STUDENT, username=f"{name.lower()}-{i}")
        PersonFactory(organisation=school.org, user=user, cohort=cohort, full_name=f"{name} {i}")
        users.append(user)
    return cohort, users


def run_survey(school: Any, cohorts: list[Any]) -> Any:
    today = school.org.today()
    return services.run_needs_survey(
        by=school.koordinator,
        organisation=school.org,
        cohorts=cohorts,
        opens_on=today,
        closes_on=today + timedelta(days=14),
        title="AKPD semester ini",
    )


def answer(survey: Any, user: Any, marked: set[str]) -> None:
    """The student submits the needs questionnaire, marking `marked` with "yes"."""
    from rangkul.programmes import needs

    assignment = Assignment.objects.select_related("campaign").get(
        campaign__in=survey.campaigns.all(), person__user=user
    )
    answers = {t.item: 1 if t.item in marked else 0 for t in needs.topics()}
    screening_services.submit_answers(by=user, assignment=assignment, answers=answers, lang="id")


def draft(school: Any, survey: Any = None, *, by: Any = None) -> Any:
    today = school.org.today()
    return services.draft_programme(
        by=by or school.konselor,
        organisation=school.org,
        period=Period.SEMESTER_1,
        academic_year="2026/2027",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=60),
        needs_survey=survey,
    )


def at(org: Any, days_ago: int, hour: int = 9) -> datetime:
    day = org.today() - timedelta(days=days_ago)
    return datetime.combine(day, time(hour), tzinfo=org.zone)


def pdf_text(content: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return done.stdout.decode()
