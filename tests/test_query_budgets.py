"""Query budgets: every page and API list answers in a number of queries that does not
grow with the data.

Two synthetic schools are generated (`rangkul.system.synthetic`), the second about three
times the first in students, requests, cases, messages, notes, activities and screening
responses. Each row of BUDGETS is requested by the same role in both schools (a detail
page on the object with the most children); both counts must be equal and within the
budget written beside it. `bench/query_budgets.py` prints the same table at school scale.
Then each school gets the programme cycle's demo (a needs survey and an approved programme)
and the reports' rollups are brought up to date, and the rows of DASHBOARDS are measured the
same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rangkul.accounts.models import Organisation, OrganisationKind, User
from rangkul.cases.models import Case, Message
from rangkul.lib.keyset import encode_cursor
from rangkul.people.models import Person
from rangkul.programmes import demo as programme_demo
from rangkul.programmes.models import NeedsSurvey, Programme
from rangkul.psychosocial.models import Programme as PsyProgramme
from rangkul.reports.rollups import refresh_score_series
from rangkul.screenings.models import ScreeningCampaign
from rangkul.system.synthetic import SCALES, Scale, generate

SMALL = SCALES["tiny"]
LARGE = Scale(
    students=150,
    communities=0,
    requests=90,
    cases=60,
    messages=900,
    notes=150,
    activities=150,
    responses=600,
)


@dataclass(frozen=True)
class Budget:
    name: str
    role: str  # the generated staff account: koordinator, konselor0, kepsek, admin, analis
    url: Callable[[Organisation], str]
    queries: int


def _busiest_case(org: Organisation) -> Case:
    return (
        Case.objects.filter(organisation=org)
        .annotate(n=Count("messages"))
        .order_by("-n", "id")
        .first()
    )  # type: ignore[return-value]


def _older_messages(org: Organisation) -> str:
    """The busiest case's "older messages" fragment, from its newest message on."""
    case = _busiest_case(org)
    newest = Message.objects.filter(case=case).order_by("-created_at", "-pk").first()
    cursor = encode_cursor(newest, Message.objects.order_by("-created_at"))
    return f"{reverse('case_messages', args=[case.pk])}?cursor={cursor}"


def _busiest_campaign(org: Organisation) -> ScreeningCampaign:
    return (
        ScreeningCampaign.objects.filter(organisation=org)
        .annotate(n=Count("responses"))
        .order_by("-n", "id")
        .first()
    )  # type: ignore[return-value]


def _busiest_person(org: Organisation) -> Person:
    return (
        Person.objects.filter(organisation=org)
        .annotate(n=Count("cases"))
        .order_by("-n", "id")
        .first()
    )  # type: ignore[return-value]


def _programme(org: Organisation) -> Programme:
    return Programme.objects.get(organisation=org)


def _survey(org: Organisation) -> NeedsSurvey:
    return NeedsSurvey.objects.get(organisation=org)


def _psy_programme(org: Organisation) -> PsyProgramme:
    """A psychosocial programme with every person of the organisation as a beneficiary
    and its activities, so the dashboard grows with the school."""
    from datetime import date

    from rangkul.activities.models import Activity
    from rangkul.psychosocial.models import Beneficiary

    prog, made = PsyProgramme.objects.get_or_create(
        organisation=org,
        name="Program psikososial",
        defaults={"region_id": "32.73", "starts_on": date(2026, 1, 1), "status": "active"},
    )
    if made:
        Beneficiary.objects.bulk_create(
            Beneficiary(
                organisation=org,
                programme=prog,
                person=person,
                household=f"KK-{n // 4}",
                region_id="32.73.02",
                vulnerabilities=",displaced," if n % 2 else ",bereaved,disability,",
            )
            for n, person in enumerate(Person.objects.filter(organisation=org))
        )
        Activity.objects.filter(organisation=org).update(programme=prog)
    return prog


def page(name: str) -> Callable[[Organisation], str]:
    return lambda _org: reverse(name)


BUDGETS = [
    # Pages
    Budget("home (counselor)", "konselor0", page("home"), 40),
    # 40 in this test; a coordinator with an open alert and unread notices reads one or two
    # more (the alert banner's duty roster), whatever the amount of data (bench/throughput.py
    # prints the table).
    Budget("home (coordinator)", "koordinator", page("home"), 44),
    Budget("home (principal)", "kepsek", page("home"), 40),
    Budget("cases", "konselor0", page("cases"), 20),
    Budget("case", "konselor0", lambda o: reverse("case", args=[_busiest_case(o).pk]), 40),
    Budget(
        "case messages",
        "konselor0",
        lambda o: reverse("case_messages", args=[_busiest_case(o).pk]),
        25,
    ),
    Budget("case older messages", "konselor0", lambda o: _older_messages(o), 25),
    Budget("triage", "konselor0", page("triage"), 25),
    Budget("people", "konselor0", page("people"), 20),
    Budget("person", "konselor0", lambda o: reverse("person", args=[_busiest_person(o).pk]), 40),
    Budget("activities", "konselor0", page("activities"), 25),
    Budget("agenda", "konselor0", page("agenda"), 25),
    Budget("members", "admin", page("members"), 20),
    Budget("organisation log", "admin", page("organisation_log"), 20),
    Budget("screenings (counselor)", "konselor0", page("screenings"), 25),
    Budget("screenings (principal)", "kepsek", page("screenings"), 25),
    Budget(
        "screening campaign",
        "konselor0",
        lambda o: reverse("screening_campaign", args=[_busiest_campaign(o).pk]),
        30,
    ),
    Budget(
        "screening person",
        "konselor0",
        lambda o: reverse("screening_person", args=[_busiest_person(o).pk]),
        30,
    ),
    Budget("alerts", "konselor0", page("alerts"), 20),
    Budget(
        "psychosocial programme",
        "koordinator",
        lambda o: reverse("psychosocial_programme", args=[_psy_programme(o).pk]),
        25,
    ),
    Budget(
        "psychosocial beneficiaries",
        "koordinator",
        lambda o: reverse("psychosocial_beneficiaries", args=[_psy_programme(o).pk]),
        20,
    ),
    # API lists
    Budget("GET /api/v1/cases", "konselor0", lambda o: "/api/v1/cases", 12),
    Budget(
        "GET /api/v1/cases/{id}/messages",
        "konselor0",
        lambda o: f"/api/v1/cases/{_busiest_case(o).pk}/messages?cursor=",
        12,
    ),
    Budget("GET /api/v1/requests", "konselor0", lambda o: "/api/v1/requests", 12),
    Budget("GET /api/v1/people", "konselor0", lambda o: "/api/v1/people", 12),
    Budget("GET /api/v1/activities", "konselor0", lambda o: "/api/v1/activities", 12),
    Budget("GET /api/v1/campaigns", "konselor0", lambda o: "/api/v1/campaigns", 12),
    Budget("GET /api/v1/responses", "konselor0", lambda o: "/api/v1/responses", 12),
    Budget("GET /api/v1/alerts", "konselor0", lambda o: "/api/v1/alerts", 12),
]


# Measured after each school has the programme cycle's demo (a needs survey and an approved
# programme) and the reports' rollups are up to date.
DASHBOARDS = [
    Budget("programme", "konselor0", lambda o: reverse("programme", args=[_programme(o).pk]), 25),
    Budget(
        "needs survey",
        "koordinator",
        lambda o: reverse("needs_survey", args=[_survey(o).pk]),
        25,
    ),
    Budget("reports (principal)", "kepsek", page("reports"), 25),
    Budget("reports (coordinator)", "koordinator", page("reports"), 25),
    Budget("report indicators", "kepsek", page("reports_indicators"), 25),
    Budget("district report", "analis", page("reports_district"), 30),
    Budget("district indicators", "analis", page("reports_indicators"), 28),
    Budget("notifications", "konselor0", page("notifications"), 15),
]


def measure(org: Organisation, prefix: str, budget: Budget) -> tuple[int, int]:
    # The district analyst belongs to the office, the others to the school.
    school_role = "" if budget.role == "analis" else "s1-"
    user = User.objects.get(username=f"{prefix}-{school_role}{budget.role}")
    return measure_as(user, budget.url(org))


def measure_as(user: User, url: str) -> tuple[int, int]:
    """The status and the number of queries of `url` read by `user`, after one warm read."""
    client = Client()
    client.force_login(user)
    client.get(url)  # warm: sessions, the process's caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response.status_code, len(ctx.captured_queries)


@pytest.mark.django_db
def test_no_page_or_api_list_makes_more_queries_for_more_data() -> None:
    generate(SMALL, seed=11, prefix="kecil")
    generate(LARGE, seed=12, prefix="besar")
    small = Organisation.objects.get(kind=OrganisationKind.SCHOOL, name__endswith=" kecil")
    large = Organisation.objects.get(kind=OrganisationKind.SCHOOL, name__endswith=" besar")
    problems = check(BUDGETS, small, large)
    for school in (small, large):
        programme_demo.seed(school)
    refresh_score_series(timezone.now() + timedelta(minutes=5))
    problems += check(DASHBOARDS, small, large)
    assert not problems, "\n".join(problems)


def check(budgets: list[Budget], small: Organisation, large: Organisation) -> list[str]:
    problems = []
    for budget in budgets:
        status_s, n_small = measure(small, "kecil", budget)
        status_l, n_large = measure(large, "besar", budget)
        if status_s != 200 or status_l != 200:
            problems.append(f"{budget.name}: answered {status_s} / {status_l}")
        elif n_small != n_large or n_large > budget.queries:
            problems.append(
                f"{budget.name}: {n_small} queries small, {n_large} large, budget {budget.queries}"
            )
    return problems
