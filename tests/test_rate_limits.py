"""Limits on repeated submissions: per person first, then per address; a student's own
request for help is never lost to a limit."""

import json

import pytest
from django.test import Client

from conftest import PASSWORD
from rangkul.accounts.tests.factories import member
from rangkul.cases.models import Message, SupportRequest
from rangkul.cases.services import assign_request, submit_request
from rangkul.lib import ratelimit
from rangkul.notifications.models import Kind, Notification


@pytest.fixture
def small_limits(monkeypatch):
    """Every limit at 3 a person and 5 an address, so a test reaches them quickly."""
    small = {
        name: ratelimit.Limit(per_person=3, per_address=5, seconds=limit.seconds)
        for name, limit in ratelimit.LIMITS.items()
    }
    monkeypatch.setattr(ratelimit, "LIMITS", small)


def post_json(client: Client, path: str, body: dict, **extra):
    return client.post(path, json.dumps(body), content_type="application/json", **extra)


def test_teacher_referrals_stop_at_the_limit_with_a_clear_429(school, small_limits):
    client = Client()
    client.force_login(school.walikelas)
    for i in range(3):
        answer = post_json(
            client, "/api/v1/referrals",
            {"person_id": str(school.siswa_person.pk), "reason": f"Sering lupa membawa buku {i}"},
        )  # fmt: skip
        assert answer.status_code == 201
    refused = post_json(
        client, "/api/v1/referrals",
        {"person_id": str(school.siswa_person.pk), "reason": "Sering lupa membawa buku lagi"},
    )  # fmt: skip
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Terlalu banyak")
    assert int(refused["Retry-After"]) > 0
    page = client.post(
        "/refer/",
        {"person": str(school.siswa_person.pk), "reason": "Sering terlambat masuk kelas",
         "domain": "personal", "urgency": "medium"},
    )  # fmt: skip
    assert page.status_code == 429
    assert "Terlalu banyak" in page.content.decode()
    assert SupportRequest.objects.filter(source="teacher").count() == 3
    triage_notices = Notification.objects.filter(
        recipient=school.konselor, kind=Kind.REQUEST_IN_TRIAGE
    )
    assert triage_notices.count() == 3


def test_the_same_referral_twice_is_one(school):
    for _ in range(2):
        from rangkul.cases.services import refer_student

        refer_student(by=school.walikelas, person=school.siswa_person, reason="Sering melamun")
    assert SupportRequest.objects.filter(source="teacher").count() == 1


def test_a_student_asking_for_help_is_never_limited_and_duplicates_fold(school, small_limits):
    client = Client()
    client.force_login(school.siswa)
    form = {
        "domain": "personal", "urgency": "high", "helper_choice": "counselor",
        "helper_gender": "any", "topic": "general", "text": "aku ingin bunuh diri",
    }  # fmt: skip
    sent = [client.post("/help/", form) for _ in range(3)]
    assert {r.status_code for r in sent} == {302}
    assert len({r["Location"] for r in sent}) == 1  # folded into one request
    assert SupportRequest.objects.filter(created_by=school.siswa).count() == 1
    page = client.get(sent[-1]["Location"]).content.decode()
    assert "119" in page  # the crisis resources are always shown
    for i in range(6):  # different requests, far past every limit: all saved
        submit_request(
            by=school.siswa, organisation=school.org, domain="learning", urgency="low",
            text=f"Aku bingung tugas {i}", helper_choice="counselor",
        )  # fmt: skip
    assert SupportRequest.objects.filter(created_by=school.siswa).count() == 7


def test_ordinary_messages_are_limited_but_a_crisis_message_always_goes_through(
    school, small_limits
):
    request = submit_request(
        by=school.siswa, organisation=school.org, domain="learning", urgency="low",
        text="Aku bingung tugas", helper_choice="counselor",
    )  # fmt: skip
    case = assign_request(by=school.konselor, support_request=request, to=school.konselor)
    client = Client()
    client.force_login(school.siswa)
    path = f"/api/v1/cases/{case.pk}/messages"
    for i in range(3):
        assert post_json(client, path, {"text": f"Halo {i}"}).status_code == 201
    refused = post_json(client, path, {"text": "Halo lagi"})
    assert refused.status_code == 429 and refused.json()["detail"]
    crisis = post_json(client, path, {"text": "aku ingin bunuh diri malam ini"})
    assert crisis.status_code == 201
    assert Message.objects.filter(case=case).count() == 4


def test_token_issue_and_the_safety_check_are_limited(school, small_limits):
    client = Client()
    body = {"username": "konselor1", "password": PASSWORD}
    for _ in range(3):
        assert post_json(client, "/api/v1/auth/token", body).status_code == 200
    refused = post_json(client, "/api/v1/auth/token", body)
    assert refused.status_code == 429 and refused.json()["detail"].startswith("Terlalu banyak")
    checker = Client()
    checker.force_login(school.konselor)
    for _ in range(3):
        assert post_json(checker, "/api/v1/safety/check", {"text": "halo"}).status_code == 200
    assert post_json(checker, "/api/v1/safety/check", {"text": "halo"}).status_code == 429


def test_login_attempts_are_limited_per_username_then_per_address(school, small_limits):
    client = Client()
    for _ in range(3):
        client.post("/login/", {"username": "siswa1", "password": "salah"})
    page = client.post("/login/", {"username": "siswa1", "password": PASSWORD})
    assert page.status_code == 429 and "Terlalu banyak" in page.content.decode()
    # Other people at the same address still get in, up to the generous address ceiling.
    assert (
        Client().post("/login/", {"username": "konselor1", "password": PASSWORD}).status_code == 302
    )
    assert (
        Client().post("/login/", {"username": "sebaya1", "password": PASSWORD}).status_code == 302
    )
    assert (
        Client().post("/login/", {"username": "kepsek1", "password": PASSWORD}).status_code == 429
    )


def test_people_behind_one_address_have_their_own_counts(school, small_limits):
    """A whole school shares an address: one teacher at the limit does not stop another."""
    other_teacher = member(school.org, "homeroom_teacher", username="walikelas-b")
    first, second = Client(), Client()
    first.force_login(school.walikelas)
    second.force_login(other_teacher)
    for i in range(4):
        post_json(
            first, "/api/v1/referrals",
            {"person_id": str(school.siswa_person.pk), "reason": f"A {i}"},
        )  # fmt: skip
    answer = post_json(
        second, "/api/v1/referrals", {"person_id": str(school.siswa_person.pk), "reason": "B"}
    )
    assert answer.status_code == 201


def test_a_person_over_the_limit_does_not_use_up_the_shared_address(school, small_limits):
    """Refused attempts are not counted against the address: one student hammering the
    school's shared address cannot lock their classmates out (3 a person, 5 an address)."""
    first, second, third = Client(), Client(), Client()
    first.force_login(school.konselor)
    second.force_login(member(school.org, "counselor", username="konselor-b"))
    third.force_login(member(school.org, "counselor", username="konselor-c"))
    answers = [post_json(first, "/api/v1/safety/check", {"text": "halo"}) for _ in range(10)]
    assert [a.status_code for a in answers] == [200] * 3 + [429] * 7
    answers = [post_json(second, "/api/v1/safety/check", {"text": "halo"}) for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 200]  # the address counted 3 + 2, not 12
    # The sixth attempt counted through the address is one too many for it.
    assert post_json(third, "/api/v1/safety/check", {"text": "halo"}).status_code == 429


def test_each_count_is_one_statement_and_ended_windows_are_pruned(db, time_machine):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rangkul.system.models import RateCount

    time_machine.move_to("2026-12-04 08:00:00+07:00", tick=False)
    with CaptureQueriesContext(connection) as ctx:
        ratelimit.hit("message", person=41, address="10.1.2.3")
    assert len(ctx.captured_queries) == 2  # one upsert for the person, one for the address
    ratelimit.hit("message", person=41, address="10.1.2.3")
    assert sorted(RateCount.objects.values_list("count", flat=True)) == [2, 2]

    # Eleven minutes later the ten-minute window has ended: a new one starts at 1, and
    # the old rows go at the next pruning, the new ones stay.
    time_machine.move_to("2026-12-04 08:11:00+07:00", tick=False)
    ratelimit.hit("message", person=41, address="10.1.2.3")
    assert RateCount.objects.count() == 4
    assert ratelimit.prune() == 2
    assert sorted(RateCount.objects.values_list("count", flat=True)) == [1, 1]
