"""The bell's badge and the home tile: the unread count a counselor sees on every page, which
stops counting at 99 so that a full inbox does not make every page slower."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rangkul.notifications.models import Kind, Notification
from rangkul.notifications.services import notify

pytestmark = pytest.mark.django_db


def _notices(user, count: int) -> None:
    Notification.objects.bulk_create(
        [
            Notification(recipient=user, kind=Kind.ALERT_RAISED, link="/alerts/")
            for _ in range(count)
        ]
    )


def _bell(page: str) -> str:
    start = page.index('data-testid="notifications-link"')
    return page[start : page.index("</a>", start)]


def test_the_badge_shows_the_unread_count_and_99_plus_past_it(client, school):
    client.force_login(school.konselor)
    bell = _bell(client.get("/", HTTP_ACCEPT_LANGUAGE="id").content.decode())
    assert "badge" not in bell

    notify([school.konselor], kind=Kind.ALERT_RAISED, organisation=school.org, link="/alerts/")
    _notices(school.konselor, 2)
    _notices(school.koordinator, 150)  # someone else's notices are not counted
    bell = _bell(client.get("/", HTTP_ACCEPT_LANGUAGE="id").content.decode())
    assert '<span class="badge" aria-hidden="true">3</span>' in bell
    assert "3 belum dibaca" in bell

    _notices(school.konselor, 120)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    bell = _bell(page)
    assert '<span class="badge" aria-hidden="true">99+</span>' in bell
    assert "lebih dari 99 belum dibaca" in bell
    # The home tile says the same, and neither counts past 100 rows.
    assert '<span class="big-number">99+</span>' in page
    counts = [
        q["sql"] for q in queries.captured_queries if "notifications_notification" in q["sql"]
    ]
    assert counts and all("LIMIT" in sql for sql in counts if "COUNT" in sql)

    english = _bell(client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "more than 99 unread" in english

    # Reading them all clears the badge.
    Notification.objects.filter(recipient=school.konselor).update(read_at="2026-12-04T10:00Z")
    assert "badge" not in _bell(client.get("/").content.decode())
