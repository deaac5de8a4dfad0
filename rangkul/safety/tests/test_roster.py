"""The duty roster in the organisation's time zone, gaps in the coming week, and what a
student is told about when someone will respond."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client

from rangkul.audit.models import AuditEvent
from rangkul.safety import services
from rangkul.safety.models import DutyShift, SafetySettings
from rangkul.safety.roster import coverage_gaps, on_duty_users, response_promise
from rangkul.safety.tests.conftest import local, shift


def utc(text):
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def spans(gaps, org):

    zone = org.zone
    return [
        (
            g.starts_at.astimezone(zone).strftime("%a %H:%M"),
            g.ends_at.astimezone(zone).strftime("%a %H:%M"),
        )
        for g in gaps
    ]


def test_a_papua_shift_from_8_to_14_wit_covers_23_to_5_utc(papua):
    shift(papua.org, papua.konselor, "2026-12-01 08:00", "2026-12-01 14:00")
    stored = DutyShift.objects.get()
    assert (stored.starts_at, stored.ends_at) == (utc("2026-11-30 23:00"), utc("2026-12-01 05:00"))
    assert on_duty_users(papua.org, utc("2026-11-30 23:00")) == [papua.konselor]
    assert on_duty_users(papua.org, utc("2026-12-01 04:59")) == [papua.konselor]
    assert on_duty_users(papua.org, utc("2026-12-01 05:00")) == []
    assert on_duty_users(papua.org, utc("2026-11-30 22:59")) == []


def test_the_coordinator_enters_a_shift_on_the_schools_own_clock(papua, client: Client):
    client.force_login(papua.koordinator)
    answer = client.post(
        "/safety/roster/",
        {
            "user": str(papua.konselor.public_id),
            "day": "2026-12-01",
            "starts": "08:00",
            "ends": "14:00",
        },
    )
    assert answer.status_code == 302
    stored = DutyShift.objects.get()
    assert stored.starts_at == utc("2026-11-30 23:00") and stored.created_by == papua.koordinator
    assert AuditEvent.objects.filter(verb="safety.shift_added", object_id=str(stored.pk)).exists()


def test_an_end_before_the_start_is_the_next_morning(school, client: Client):
    client.force_login(school.koordinator)
    client.post(
        "/safety/roster/",
        {
            "user": str(school.konselor.public_id),
            "day": "2026-12-01",
            "starts": "22:00",
            "ends": "06:00",
        },
    )
    stored = DutyShift.objects.get()
    assert stored.ends_at == local(school.org, "2026-12-02 06:00")


def test_only_counselors_and_the_coordinator_stand_on_the_roster(school):
    with pytest.raises(ValidationError) as refused:
        services.add_shift(
            by=school.koordinator,
            organisation=school.org,
            user=school.walikelas,
            starts_at=local(school.org, "2026-12-01 07:00"),
            ends_at=local(school.org, "2026-12-01 15:00"),
        )
    assert "user" in refused.value.message_dict
    assert not DutyShift.objects.exists()


def test_overlapping_and_over_long_shifts_are_refused(school):
    shift(school.org, school.konselor, "2026-12-01 07:00", "2026-12-01 15:00")
    for starts, ends in (
        ("2026-12-01 14:00", "2026-12-01 18:00"),
        ("2026-12-02 07:00", "2026-12-03 08:00"),
    ):
        with pytest.raises(ValidationError):
            services.add_shift(
                by=school.koordinator,
                organisation=school.org,
                user=school.konselor,
                starts_at=local(school.org, starts),
                ends_at=local(school.org, ends),
            )
    assert DutyShift.objects.count() == 1


def test_gaps_are_the_school_hours_nobody_covers(school, clock):
    # Tuesday 09:00 WIB; school hours Mon–Fri 07:00–15:00.
    shift(school.org, school.konselor, "2026-12-01 07:00", "2026-12-01 12:00")
    shift(school.org, school.koordinator, "2026-12-01 11:00", "2026-12-01 15:00")
    shift(school.org, school.konselor, "2026-12-02 07:00", "2026-12-02 15:00")
    shift(school.org, school.konselor, "2026-12-03 09:00", "2026-12-03 15:00")
    gaps = coverage_gaps(school.org)
    assert spans(gaps, school.org) == [
        ("Thu 07:00", "Thu 09:00"),
        ("Fri 07:00", "Fri 15:00"),
        ("Mon 07:00", "Mon 15:00"),
        ("Tue 07:00", "Tue 09:00"),  # the week ends at next Tuesday 09:00
    ]


def test_gaps_follow_the_schools_own_zone_and_hours(papua):
    SafetySettings.objects.create(organisation=papua.org, duty_days="0123456")
    with time_machine.travel(local(papua.org, "2026-12-01 00:00"), tick=False):
        shift(papua.org, papua.konselor, "2026-12-01 07:00", "2026-12-01 15:00")
        gaps = coverage_gaps(papua.org, days=1)
    assert gaps == []
    with time_machine.travel(local(papua.org, "2026-12-01 00:00"), tick=False):
        assert spans(coverage_gaps(papua.org, days=2), papua.org) == [("Wed 07:00", "Wed 15:00")]


def test_around_the_clock_every_hour_counts(school, clock):
    SafetySettings.objects.create(organisation=school.org, around_the_clock=True)
    shift(school.org, school.konselor, "2026-12-01 09:00", "2026-12-01 21:00")
    assert spans(coverage_gaps(school.org, days=1), school.org) == [("Tue 21:00", "Wed 09:00")]


def test_copying_last_week_keeps_the_wall_clock_and_skips_clashes(papua):
    shift(papua.org, papua.konselor, "2026-11-24 08:00", "2026-11-24 14:00")
    shift(papua.org, papua.koordinator, "2026-11-25 08:00", "2026-11-25 14:00")
    shift(papua.org, papua.koordinator, "2026-12-02 09:00", "2026-12-02 10:00")  # clashes
    copied = services.copy_previous_week(
        by=papua.koordinator,
        organisation=papua.org,
        week=local(papua.org, "2026-12-03 00:00").date(),
    )
    assert copied == 1
    new = DutyShift.objects.get(user=papua.konselor, starts_at__gte=utc("2026-11-30 00:00"))
    assert new.starts_at == local(papua.org, "2026-12-01 08:00")
    assert AuditEvent.objects.get(verb="safety.roster_copied").data == {
        "week": "2026-11-30",
        "shifts": 1,
    }


def test_the_promise_is_now_when_someone_is_on_duty(school, clock):
    shift(school.org, school.konselor, "2026-12-01 07:00", "2026-12-01 15:00")
    promise = response_promise(school.org)
    assert promise["on_duty_now"] is True and promise["next_shift_starts"] is None


def test_out_of_hours_the_promise_is_the_next_shift_in_the_schools_zone(papua):
    shift(papua.org, papua.konselor, "2026-12-02 07:00", "2026-12-02 14:00")
    with time_machine.travel(local(papua.org, "2026-12-01 21:00"), tick=False):
        promise = response_promise(papua.org)
    assert promise["on_duty_now"] is False
    assert promise["next_shift_starts"].isoformat() == "2026-12-02T07:00:00+09:00"
    assert (promise["next_shift_day"], promise["zone_label"]) == ("tomorrow", "WIT")


def test_with_no_shift_planned_the_promise_makes_no_time_claim(school, clock):
    promise = response_promise(school.org)
    assert promise["on_duty_now"] is False and promise["next_shift_starts"] is None


def test_the_student_sees_resources_first_then_when_someone_responds(school, client: Client):
    from rangkul.cases import services as cases

    shift(school.org, school.konselor, "2026-12-02 07:00", "2026-12-02 15:00")
    with time_machine.travel(local(school.org, "2026-12-01 21:30"), tick=False):
        request = cases.submit_request(
            by=school.siswa,
            organisation=school.org,
            text="gw udah gak kuat, pengen mati aja malam ini",
            domain="personal",
            urgency="medium",
        )
        client.force_login(school.siswa)
        page = client.get(f"/help/sent/{request.pk}/", HTTP_ACCEPT_LANGUAGE="id")
    html = page.content.decode()
    assert html.index('data-testid="crisis-resources"') < html.index(
        'data-testid="response-promise"'
    )
    assert "07:00 WIB besok" in html
    assert "112" in html
    for word in ("flag", "ditandai", "terdeteksi", "alert", "peringatan"):
        assert word not in html.lower()


def test_the_coordinator_sees_the_coming_gaps_on_the_home_page(school, arrangements, clock, client):
    shift(school.org, school.konselor, "2026-12-01 07:00", "2026-12-01 15:00")
    client.force_login(school.koordinator)
    tiles = {t.key: t for t in client.get("/").context["tiles"]}
    gaps = tiles["duty_roster"].context["gaps"]
    # Wednesday to Friday, Monday, and next Tuesday until 09:00.
    assert len(gaps) == 5 and gaps[0].starts_at == local(school.org, "2026-12-02 07:00")
    client.force_login(school.konselor)
    tiles = {t.key: t for t in client.get("/").context["tiles"]}
    assert "gaps" not in tiles["duty_roster"].context
    assert tiles["duty_roster"].context["on_duty"] == [school.konselor]


def test_the_roster_page_shows_shifts_and_gaps(school, clock, client):
    shift(school.org, school.konselor, "2026-12-01 07:00", "2026-12-01 15:00")
    client.force_login(school.konselor)
    page = client.get("/safety/roster/?week=2026-12-01")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('data-testid="shift"') == 1 and html.count('data-testid="roster-gap"') == 5
    assert 'name="starts"' not in html  # counselors read; the coordinator edits
