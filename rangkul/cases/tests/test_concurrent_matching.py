"""Help requests of one organisation do not queue behind each other's matching.

Matching locks the organisation's waiting requests it works on; a second help request
arriving meanwhile skips those (their own transaction decides them) instead of waiting
for the lock. Row locks exist on PostgreSQL only.
"""

import threading
from typing import Any

import pytest
from django.db import connection, transaction

from rangkul.accounts.tests.factories import member
from rangkul.cases import services
from rangkul.cases.models import RequestStatus, SupportRequest
from rangkul.cases.tests.conftest import ask
from rangkul.people.tests.factories import PersonFactory


@pytest.mark.django_db(transaction=True)
def test_a_help_request_does_not_wait_for_another_ones_matching(school: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL only")
    waiting = ask(school)  # no peer available: it waits in triage, wanting a peer
    assert waiting.status == RequestStatus.TRIAGE
    locked, release = threading.Event(), threading.Event()

    def matching_in_progress() -> None:
        # Another help request's matching holds the waiting request's row.
        try:
            with transaction.atomic():
                list(SupportRequest.objects.select_for_update().filter(pk=waiting.pk))
                locked.set()
                release.wait(30)
        finally:
            connection.close()

    other = threading.Thread(target=matching_in_progress)
    other.start()
    try:
        assert locked.wait(30)
        second_student = member(school.org, "student", username="siswa-kedua")
        PersonFactory(organisation=school.org, user=second_student)
        with connection.cursor() as cursor:
            # Waiting for the lock would fail the request instead of hanging the test.
            cursor.execute("SET lock_timeout = '3s'")
        second = services.submit_request(
            by=second_student,
            organisation=school.org,
            text="Aku bingung soal tugas kelompok sama teman sekelas",
            domain="social",
            urgency="low",
        )
        assert second.status == RequestStatus.TRIAGE
        assert SupportRequest.objects.filter(pk=second.pk).exists()
    finally:
        release.set()
        other.join(30)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = 0")
    waiting.refresh_from_db()
    assert waiting.status == RequestStatus.TRIAGE  # left to its own transaction, untouched
