"""The case page's conversation in pages: the newest messages first, older ones on request,
every message exactly once, and nobody outside the case can walk its thread."""

import re
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from rangkul.audit.models import AuditEvent
from rangkul.cases.models import Message
from rangkul.cases.queries import THREAD_PAGE

TOTAL = 2 * THREAD_PAGE + 20


def _fill(case, school) -> list[Message]:
    """TOTAL messages "Pesan 000" … , three to a second, so the walk must break ties (by
    id). Returns them in the thread's order: time, then id."""
    rows = Message.objects.bulk_create(
        Message(
            case=case,
            sender=school.siswa if i % 2 else school.konselor,
            sender_role="student" if i % 2 else "counselor",
            tier=case.tier,
            text=f"Pesan {i:03d}",
        )
        for i in range(TOTAL)
    )
    start = timezone.now() - timedelta(days=1)
    for i, message in enumerate(rows):
        Message.objects.filter(pk=message.pk).update(created_at=start + timedelta(seconds=i // 3))
    return list(Message.objects.filter(case=case).order_by("created_at", "pk"))


def _numbers(html: str) -> list[int]:
    return [int(n) for n in re.findall(r"Pesan (\d{3})", html)]


def _older_link(html: str) -> str | None:
    match = re.search(r'href="([^"]+)"[^>]*data-testid="older-messages"', html)
    return match[1].replace("&amp;", "&") if match else None


def test_the_page_shows_the_newest_messages_and_older_ones_load_without_gaps_or_repeats(
    counseling_case, school, client: Client
):
    thread = [int(m.text[-3:]) for m in _fill(counseling_case, school)]
    client.force_login(school.konselor)
    page = client.get(f"/cases/{counseling_case.pk}/").content.decode()
    shown = _numbers(page)
    assert shown == thread[-THREAD_PAGE:]
    link = _older_link(page)
    loads = 0
    while link is not None:
        response = client.get(link)
        assert response.status_code == 200
        fragment = response.content.decode()
        # Each older page goes before what is already shown, oldest first.
        shown = _numbers(fragment) + shown
        link = _older_link(fragment)
        loads += 1
    assert shown == thread
    assert sorted(shown) == list(range(TOTAL))
    assert loads == 2


def test_loading_older_messages_is_audited_with_the_messages_shown(
    counseling_case, school, client: Client
):
    rows = _fill(counseling_case, school)
    client.force_login(school.konselor)
    link = _older_link(client.get(f"/cases/{counseling_case.pk}/").content.decode())
    assert link is not None
    client.get(link)
    events = AuditEvent.objects.filter(verb="messages.viewed").order_by("at", "id")
    opened, older = list(events)
    newest = {str(m.pk) for m in rows[-THREAD_PAGE:]}
    assert set(opened.data["ids"]) == newest
    assert set(older.data["ids"]) == {str(m.pk) for m in rows[-2 * THREAD_PAGE : -THREAD_PAGE]}


def test_nobody_outside_the_case_can_load_its_older_messages(
    counseling_case, school, outsider, client: Client
):
    _fill(counseling_case, school)
    client.force_login(school.konselor)
    link = _older_link(client.get(f"/cases/{counseling_case.pk}/").content.decode())
    assert link is not None
    # A counselor of another school and the peer supporter, who is not on this case.
    for user in (outsider, school.sebaya):
        client.force_login(user)
        response = client.get(link)
        assert response.status_code == 404
        assert not _numbers(response.content.decode())


def test_a_cursor_that_cannot_be_read_is_refused_in_indonesian(
    counseling_case, school, client: Client
):
    _fill(counseling_case, school)
    client.force_login(school.konselor)
    response = client.get(f"/cases/{counseling_case.pk}/messages/?cursor=bukan-kursor")
    assert response.status_code == 400
    assert "tidak valid" in response.content.decode()
    assert not AuditEvent.objects.filter(verb="messages.viewed").exists()


def test_a_short_thread_has_no_older_messages_link(counseling_case, school, client: Client):
    client.force_login(school.konselor)
    page = client.get(f"/cases/{counseling_case.pk}/").content.decode()
    assert _older_link(page) is None
