"""The plain hot writes (rangkul/lib/statements.py) write what the ORM writes.

Each write here is compared with the same rows written by `save()`, `bulk_create()` or
`QuerySet.update()`, on both databases the suite runs on: encrypted answers stay
encrypted and read back the same, JSON and dates keep their form, generated keys come
back, a conflict is skipped rather than failing, and a claim succeeds only once."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rangkul.audit.models import AuditEvent
from rangkul.lib import statements
from rangkul.notifications.models import Delivery, Notification
from rangkul.safety.models import Alert, AlertSource, Severity
from rangkul.screenings.models import (
    Assignment,
    AssignmentStatus,
    ResponseStatus,
    ScreeningResponse,
)
from rangkul.screenings.tests.factories import assignment_of, launch

pytestmark = pytest.mark.django_db


def _stored(model: type[Any], pk: Any) -> dict[str, Any]:
    """A row as the ORM reads it back, without its key and its time of writing."""
    row = model.objects.filter(pk=pk).values().get()
    return {k: v for k, v in row.items() if k not in {"id", "public_id", "at", "raised_at"}}


def test_audit_events_written_in_one_statement_read_back_as_saved_ones(school):
    def events() -> list[AuditEvent]:
        return [
            AuditEvent(
                organisation=school.org,
                verb="screening.response_submitted",
                object_type="screenings.screeningresponse",
                object_id=f"row-{n}",
                client_ip="10.1.2.3",
                data={"band": "moderate", "critical": n == 1, "items": [1, 2]},
            )
            for n in range(3)
        ]

    plain = events()
    for event in plain:
        event.save()
    fast = events()
    with CaptureQueriesContext(connection) as written:
        assert statements.insert(fast) == 3
    assert len(written.captured_queries) == 1
    # Generated keys come back in order, and the time of writing is set on each instance.
    assert [e.pk for e in fast] == sorted(e.pk for e in fast)
    assert all(e.pk is not None and e.at is not None and not e._state.adding for e in fast)
    for a, b in zip(plain, fast, strict=True):
        assert _stored(AuditEvent, a.pk) == _stored(AuditEvent, b.pk)
        assert AuditEvent.objects.get(pk=b.pk).at == b.at


def _response_to(assignment: Assignment, **fields: Any) -> ScreeningResponse:
    """A new response (a draft unless told) to this assignment."""
    fields.setdefault("status", ResponseStatus.DRAFT)
    return ScreeningResponse(
        organisation_id=assignment.organisation_id,
        campaign_id=assignment.campaign_id,
        assignment=assignment,
        **fields,
    )


def test_encrypted_answers_are_encrypted_on_disk_and_read_back_the_same(school):
    campaign = launch(school)
    assignment = assignment_of(campaign, school.siswa)
    answers = {"q1": 2, "q9": 1, "note_free": "rahasia sekali"}
    response = _response_to(
        assignment,
        person=school.siswa_person,
        status=ResponseStatus.SUBMITTED,
        answers=answers,
        result={"score": 7, "band": "mild"},
        score=7.0,
        band_code="mild",
        submitted_on=datetime.date(2026, 12, 1),
        submitted_at=timezone.now(),
    )
    assert statements.insert([response], skip_conflicts=True) == 1
    stored = ScreeningResponse.objects.get(pk=response.pk)
    assert stored.answers == answers
    assert stored.result == {"score": 7, "band": "mild"}
    assert stored.submitted_on == datetime.date(2026, 12, 1)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT answers FROM {ScreeningResponse._meta.db_table} WHERE id = %s",  # noqa: S608
            [response.pk.hex if connection.vendor == "sqlite" else response.pk],
        )
        (raw,) = cursor.fetchone()
    assert "rahasia" not in str(raw)

    # A second row for the same assignment is skipped, and nothing of the first changes.
    again = _response_to(assignment, person=school.siswa_person, answers={"q1": 0})
    assert statements.insert([again], skip_conflicts=True) == 0
    assert again._state.adding
    assert ScreeningResponse.objects.get(assignment=assignment).answers == answers


def test_without_skipping_a_conflict_fails_like_save(school):
    campaign = launch(school)
    assignment = assignment_of(campaign, school.siswa)

    statements.insert([_response_to(assignment)])
    with pytest.raises(IntegrityError):
        statements.insert([_response_to(assignment)])


def test_notices_and_deliveries_match_bulk_create(school):
    def notices() -> list[Notification]:
        return [
            Notification(recipient=user, organisation=school.org, kind="alert_raised", link="/x/")
            for user in (school.konselor, school.koordinator)
        ]

    plain = Notification.objects.bulk_create(notices())
    fast = notices()
    assert statements.insert(fast) == 2
    for a, b in zip(plain, fast, strict=True):
        assert _stored(Notification, a.pk) | {"created_at": None} == _stored(Notification, b.pk) | {
            "created_at": None
        }
    deliveries = [Delivery(notification=n, channel="email") for n in fast]
    statements.insert(deliveries)
    assert set(Delivery.objects.filter(notification__in=fast).values_list("pk", flat=True)) == {
        d.pk for d in deliveries
    }


def test_an_alert_written_plainly_has_its_defaults_and_time(school):
    alert = Alert(
        organisation=school.org,
        person=school.siswa_person,
        severity=Severity.URGENT,
        source=AlertSource.SCREENING,
        evidence={"items": ["q9"]},
    )
    statements.insert([alert])
    stored = Alert.objects.get(pk=alert.pk)
    assert stored.raised_at == alert.raised_at is not None
    assert stored.status == alert.status and stored.evidence == {"items": ["q9"]}


def test_a_claim_updates_once_and_says_how_many_rows_changed(school):
    campaign = launch(school)
    assignment = assignment_of(campaign, school.siswa)
    day = datetime.date(2026, 12, 1)

    def claim() -> int:
        return statements.update(
            Assignment,
            values={"status": AssignmentStatus.COMPLETED, "completed_on": day},
            where={"pk": assignment.pk, "status": AssignmentStatus.PENDING},
        )

    assert claim() == 1
    assert claim() == 0
    assignment.refresh_from_db()
    assert (assignment.status, assignment.completed_on) == (AssignmentStatus.COMPLETED, day)


def test_misuse_is_refused_before_anything_is_written(school):
    with pytest.raises(TypeError):
        statements.insert(
            [
                Notification(recipient=school.konselor, kind="alert_raised"),
                Delivery(channel="email"),
            ]
        )
    with pytest.raises(ValueError):
        statements.insert(
            [
                Notification(recipient=u, kind="alert_raised")
                for u in (school.konselor, school.siswa)
            ],
            skip_conflicts=True,
        )
    with pytest.raises(ValueError):
        statements.update(Assignment, values={"status": "x"}, where={"completed_on": None})
    with pytest.raises(ValueError):
        statements.update(Assignment, values={"status": "x"}, where={"response": 1})
    assert statements.insert([]) == 0
    assert not Notification.objects.exists()


def test_more_rows_than_a_statement_may_carry_are_written_in_batches(school):
    events = [
        AuditEvent(organisation=school.org, verb="notice.sent", object_id=str(n), data={"n": n})
        for n in range(1500)
    ]
    size = connection.ops.bulk_batch_size(statements._insert_fields(AuditEvent), events)
    with CaptureQueriesContext(connection) as written:
        assert statements.insert(events) == 1500
    assert len(written.captured_queries) == -(-1500 // size)
    assert len({e.pk for e in events}) == 1500 and None not in {e.pk for e in events}
    stored = dict(AuditEvent.objects.filter(verb="notice.sent").values_list("pk", "object_id"))
    assert stored == {e.pk: e.object_id for e in events}
