"""The hot writes in few round trips, every guarantee kept.

A submission through the API with a bearer token: the token, the assignment, the
scoring, the response, the assignment's completion and the audit event. A student's help
request and a counselor's message the same way. Counted are the statements sent to the
database, not BEGIN, COMMIT or savepoints, in a steady request (the token already touched
this minute, the organisation's safety phrases already read).
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
from rangkul.cases import services as cases
from rangkul.cases.models import Message, RequestStatus, SupportRequest
from rangkul.notifications.models import Delivery, Kind, Notification
from rangkul.safety.models import Alert
from rangkul.screenings.models import AssignmentStatus, ScreeningResponse
from rangkul.screenings.tests.factories import assignment_of, complete_answers, launch

# The budgets (statements, transaction control left out). The token, its user and the
# memberships are one read (decision 0037).
SUBMISSION = 5
# With a critical answer the alert, its first rung, the notification and its delivery are
# written too, and the audit events of the submission and the alert in one INSERT (27
# statements before the first budget, then 18, 16 and 15; the ladder reads the safety
# settings once since 4 December 2026).
SUBMISSION_WITH_ALERT = 14
# Token with memberships, duplicate check, the student's person, the request, the workers to
# tell, their notices, the notices' deliveries and the two audit events in one INSERT
# (15 before this budget was set, and five more after the commit to queue the deliveries).
HELP_REQUEST_TO_TRIAGE = 8
# Token with memberships, the case, the rate-limit counts (one upsert each for the person
# and the address; four each on Django's database cache until decision 0063), the message,
# the case's team, the notice, its delivery and the audit event (23 before this budget was
# set, then 15).
MESSAGE = 9

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


def post(client: Client, token: str, path: str, body: dict[str, Any]) -> Any:
    return client.post(
        path,
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


SLEEPLESS = {"domain": "personal", "urgency": "medium", "text": "Aku sering sulit tidur"}


@pytest.mark.django_db
def test_a_help_request_to_triage_is_nine_statements_and_keeps_every_guarantee(
    school: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    token, _row = issue_api_token(user=school.siswa)
    # A first request of the minute: the token is touched and the phrases are read.
    assert post(client, token, "/api/v1/requests", SLEEPLESS).status_code == 201
    body = SLEEPLESS | {"text": "Aku sering sulit tidur karena memikirkan ujian"}
    with (
        CaptureQueriesContext(connection) as ctx,
        django_capture_on_commit_callbacks() as queued,
    ):
        sent = post(client, token, "/api/v1/requests", body)
    assert sent.status_code == 201, sent.content
    assert sent.json()["status"] == "triage" and sent.json()["case_id"] is None
    sql = statements(ctx)
    assert len(sql) <= HELP_REQUEST_TO_TRIAGE, "\n".join(sql)
    made = SupportRequest.objects.get(pk=sent.json()["id"])
    assert made.status == RequestStatus.TRIAGE and made.text == body["text"]
    assert made.person == school.siswa_person
    verbs = AuditEvent.objects.filter(object_id=str(made.pk)).values_list("verb", flat=True)
    assert sorted(verbs) == ["request.submitted", "request.triaged"]
    # Every worker is told of each request, by a notice and an e-mail; this request's
    # e-mails are queued as one task after the commit.
    told = Notification.objects.filter(kind=Kind.REQUEST_IN_TRIAGE, link="/triage/")
    assert {school.konselor, school.koordinator} <= {n.recipient for n in told}
    assert Delivery.objects.filter(notification__in=told).count() == told.count()
    assert len(queued) == 1


@pytest.mark.django_db
def test_a_bad_help_request_saves_nothing(school: Any) -> None:
    client = Client()
    token, _row = issue_api_token(user=school.siswa)
    sent = post(client, token, "/api/v1/requests", SLEEPLESS | {"text": "   "})
    assert sent.status_code in (400, 422)
    assert not SupportRequest.objects.exists()
    assert not Notification.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="request.").exists()


@pytest.fixture
def counseling_case(school: Any) -> Any:
    asked = cases.submit_request(
        by=school.siswa,
        organisation=school.org,
        domain="learning",
        urgency="medium",
        helper_choice="counselor",
        text="Aku bingung soal jurusan kuliah",
    )
    return cases.assign_request(by=school.konselor, support_request=asked, to=school.konselor)


@pytest.mark.django_db
def test_a_message_is_nine_statements_and_keeps_every_guarantee(
    school: Any, counseling_case: Any
) -> None:
    client = Client()
    token, _row = issue_api_token(user=school.konselor)
    path = f"/api/v1/cases/{counseling_case.pk}/messages"
    # The first message of the case sets the request's first contact.
    assert post(client, token, path, {"text": "Halo, aku konselormu."}).status_code == 201
    with CaptureQueriesContext(connection) as ctx:
        sent = post(client, token, path, {"text": "Kita bicara besok jam sembilan ya."})
    assert sent.status_code == 201, sent.content
    sql = statements(ctx)
    assert len(sql) <= MESSAGE, "\n".join(sql)
    message = Message.objects.get(pk=sent.json()["id"])
    assert message.text == "Kita bicara besok jam sembilan ya." and message.case == counseling_case
    event = AuditEvent.objects.get(verb="message.sent", object_id=str(message.pk))
    assert event.actor == school.konselor and "text" not in event.data
    # The student is told of both messages; the sender is not told of their own.
    notices = Notification.objects.filter(kind=Kind.NEW_MESSAGE)
    assert [n.recipient for n in notices] == [school.siswa, school.siswa]
    counseling_case.request.refresh_from_db()
    assert counseling_case.request.first_contact_at is not None


@pytest.mark.django_db
def test_a_message_in_a_closed_case_saves_nothing(school: Any, counseling_case: Any) -> None:
    cases.close_case(by=school.konselor, case=counseling_case, outcome="improved")
    client = Client()
    token, _row = issue_api_token(user=school.konselor)
    path = f"/api/v1/cases/{counseling_case.pk}/messages"
    sent = post(client, token, path, {"text": "Masih di sini?"})
    assert sent.status_code == 400
    assert not Message.objects.exists()
    assert not AuditEvent.objects.filter(verb="message.sent").exists()


@pytest.mark.django_db
def test_a_message_from_outside_the_case_is_not_found(
    school: Any, other_school: Any, counseling_case: Any
) -> None:
    client = Client()
    path = f"/api/v1/cases/{counseling_case.pk}/messages"
    for stranger in (other_school.konselor, school.sebaya, school.walikelas):
        token, _row = issue_api_token(user=stranger)
        assert post(client, token, path, {"text": "Halo"}).status_code == 404
    assert not Message.objects.exists()
