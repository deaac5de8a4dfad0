"""The hot writes in few round trips, every guarantee kept.

A submission through the API with a bearer token: the token, the assignment, the
scoring, the response, the assignment's completion and the audit event. Counted are the
statements sent to the database, not BEGIN, COMMIT or savepoints.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from rangkul.accounts.services import issue_api_token
from rangkul.audit.models import AuditEvent
from rangkul.safety.models import Alert
from rangkul.screenings.models import AssignmentStatus, ScreeningResponse
from rangkul.screenings.tests.factories import assignment_of, complete_answers, launch

# The budgets (statements, transaction control left out).
SUBMISSION = 6
# With a critical answer the alert, its first rung, the notification and its delivery, and
# their audit events are written too (27 statements before this budget was set).
SUBMISSION_WITH_ALERT = 18

_CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO)", re.I)


@pytest.fixture
def campaign(school: Any) -> Any:
    return launch(school, "phqa")


def statements(ctx: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if not _CONTROL.match(q["sql"])]


def submit(client: Client, token: str, assignment: Any, answers: dict[str, int]) -> Any:
    return client.post(
        f"/api/v1/assignments/{assignment.pk}/submit",
        data=json.dumps({"answers": answers}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


@pytest.mark.django_db
def test_a_submission_without_an_alert_is_six_statements_and_keeps_every_guarantee(
    school: Any, campaign: Any
) -> None:
    client = Client()
    token, _row = issue_api_token(user=school.siswa)
    assignment = assignment_of(campaign, school.siswa)
    # The token's first use of the minute is touched; measure a steady request.
    client.get("/api/v1/assignments", HTTP_AUTHORIZATION=f"Bearer {token}")
    with CaptureQueriesContext(connection) as ctx:
        sent = submit(client, token, assignment, complete_answers("phqa", 0, s3=0, s4=0))
    assert sent.status_code == 201, sent.content
    assert sent.json()["show_crisis_screen"] is False
    sql = statements(ctx)
    assert len(sql) <= SUBMISSION, "\n".join(sql)
    response = ScreeningResponse.objects.get(assignment=assignment)
    assert response.status == "submitted" and response.band_code and response.score is not None
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.COMPLETED
    event = AuditEvent.objects.get(verb="screening.response_submitted", object_id=str(response.pk))
    assert event.organisation_id == school.org.id and event.actor == school.siswa
    # Once only.
    assert submit(client, token, assignment, complete_answers("phqa", 0)).status_code == 409


@pytest.mark.django_db
def test_a_critical_submission_raises_its_alert_within_its_budget(
    school: Any, campaign: Any
) -> None:
    client = Client()
    token, _row = issue_api_token(user=school.siswa)
    assignment = assignment_of(campaign, school.siswa)
    client.get("/api/v1/assignments", HTTP_AUTHORIZATION=f"Bearer {token}")
    with CaptureQueriesContext(connection) as ctx:
        sent = submit(client, token, assignment, complete_answers("phqa", 1, s4=1))
    assert sent.status_code == 201 and sent.json()["show_crisis_screen"] is True
    sql = statements(ctx)
    assert len(sql) <= SUBMISSION_WITH_ALERT, "\n".join(sql)
    alert = Alert.objects.get(person=assignment.person, source="screening")
    assert ScreeningResponse.objects.get(assignment=assignment).alert_id == alert.pk


@pytest.mark.django_db
def test_a_bad_submission_saves_nothing(school: Any, campaign: Any) -> None:
    client = Client()
    token, _row = issue_api_token(user=school.siswa)
    assignment = assignment_of(campaign, school.siswa)
    sent = submit(client, token, assignment, {"q1": 7})
    assert sent.status_code == 422
    assert not ScreeningResponse.objects.filter(assignment=assignment).exists()
    assert not AuditEvent.objects.filter(verb="screening.response_submitted").exists()
