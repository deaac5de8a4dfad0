"""The escalation ladder: on duty → coordinator → out of hours, then again and again;
abuse also to the safeguarding lead. Time is controlled with time_machine."""

from datetime import timedelta

import pytest
from django.core import mail

from conftest import run_worker
from rangkul.audit.models import AuditEvent
from rangkul.notifications.models import Notification
from rangkul.safety import services
from rangkul.safety.models import AlertEscalation, AlertStatus, SafetySettings
from rangkul.safety.tasks import escalate_overdue_alerts
from rangkul.safety.tests.conftest import local, shift
from rangkul.system.schedule import periodic_jobs


def told(alert, reason=None):
    rows = AlertEscalation.objects.filter(alert=alert)
    if reason:
        rows = rows.filter(reason=reason)
    return [(row.rung, row.recipient.username if row.recipient else row.contact) for row in rows]


def notified(user):
    return Notification.objects.filter(recipient=user, kind="alert_raised").count()


def urgent(school, **kw):
    values = {"categories": ["suicide"]}
    values.update(kw)
    return services.raise_alert(
        organisation=school.org,
        severity="urgent",
        source="request",
        person=school.siswa_person,
        evidence=values,
    )


def test_an_urgent_alert_goes_first_to_the_counselor_on_duty(school, arrangements, clock):
    shift(school.org, school.konselor, "2026-12-01 07:00", "2026-12-01 15:00")
    alert = urgent(school)
    assert told(alert) == [("on_duty", "konselor1")]
    assert notified(school.konselor) == 1
    assert notified(school.koordinator) == 0 and notified(arrangements.out_of_hours_user) == 0
    assert alert.rung == "on_duty"
    assert alert.next_escalation_at == local(school.org, "2026-12-01 09:15")


def test_with_nobody_on_duty_the_coordinator_is_told_at_once(school, arrangements, clock):
    alert = urgent(school)
    assert told(alert) == [("coordinator", "koordinator1")]


def test_unacknowledged_it_climbs_the_ladder_and_never_stops(school, arrangements, clock):
    shift(school.org, school.konselor, "2026-12-01 07:00", "2026-12-01 15:00")
    alert = urgent(school)

    clock.shift(timedelta(minutes=14, seconds=59))
    assert escalate_overdue_alerts.call() == 0

    clock.shift(timedelta(seconds=1))
    assert escalate_overdue_alerts.call() == 1
    assert told(alert, "not_acknowledged") == [("coordinator", "koordinator1")]

    clock.shift(timedelta(minutes=15))
    escalate_overdue_alerts.call()
    assert told(alert, "not_acknowledged")[-1] == ("out_of_hours", "piket1")

    # Past the last rung: the last rung and the coordinator, every interval, for as long
    # as nobody acknowledges.
    for _round in range(3):
        clock.shift(timedelta(minutes=15))
        assert escalate_overdue_alerts.call() == 1
    assert sorted(told(alert, "repeated")) == sorted(
        [("out_of_hours", "piket1"), ("coordinator", "koordinator1")] * 3
    )
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN
    assert alert.next_escalation_at == local(school.org, "2026-12-01 10:30")
    assert notified(school.koordinator) == 4
    verbs = list(AuditEvent.objects.filter(object_id=str(alert.pk)).values_list("verb", flat=True))
    assert verbs.count("alert.escalated") == 8 and "alert.routed" in verbs


def test_acknowledging_stops_the_ladder(school, arrangements, clock):
    shift(school.org, school.konselor, "2026-12-01 07:00", "2026-12-01 15:00")
    alert = urgent(school)
    clock.shift(timedelta(minutes=3))
    services.acknowledge_alert(by=school.konselor, alert=alert)
    clock.shift(timedelta(hours=2))
    assert escalate_overdue_alerts.call() == 0
    alert.refresh_from_db()
    assert alert.next_escalation_at is None
    assert told(alert) == [("on_duty", "konselor1")]
    ack = AuditEvent.objects.get(verb="alert.acknowledged", object_id=str(alert.pk))
    assert ack.data == {"seconds": 180, "rung": "on_duty"}


def test_a_concern_waits_longer_and_each_school_sets_its_own_times(school, arrangements, clock):
    concern = services.raise_alert(
        organisation=school.org, severity="concern", source="message", person=school.siswa_person
    )
    assert concern.next_escalation_at == local(school.org, "2026-12-01 13:00")
    arrangements.ack_minutes_urgent = 5
    arrangements.save()
    assert urgent(school).next_escalation_at == local(school.org, "2026-12-01 09:05")


def test_an_abuse_disclosure_also_goes_to_the_safeguarding_lead(school, arrangements, clock):
    shift(school.org, school.konselor, "2026-12-01 07:00", "2026-12-01 15:00")
    alert = urgent(school, categories=["abuse"])
    assert told(alert) == [("on_duty", "konselor1"), ("safeguarding_lead", "walikelas1")]
    assert told(alert, "abuse") == [("safeguarding_lead", "walikelas1")]
    other = urgent(school)
    assert ("safeguarding_lead", "walikelas1") not in told(other)


def test_the_safeguarding_lead_sees_only_the_alert_they_were_told_about(
    school, arrangements, clock, client
):
    abuse = urgent(school, categories=["abuse"])
    suicide = urgent(school)
    client.force_login(school.walikelas)
    assert client.get(f"/safety/alerts/{abuse.pk}/").status_code == 200
    assert client.get(f"/safety/alerts/{suicide.pk}/").status_code == 404
    assert client.get("/safety/alerts/").status_code == 404
    assert client.post(f"/api/v1/alerts/{abuse.pk}/acknowledge").status_code == 200


def test_an_out_of_hours_contact_without_a_login_is_shown_to_call(school, clock, client):
    SafetySettings.objects.create(
        organisation=school.org, out_of_hours_name="Pak Piket", out_of_hours_phone="0812 1111 2222"
    )
    alert = urgent(school)
    clock.shift(timedelta(minutes=15))
    escalate_overdue_alerts.call()
    assert told(alert)[-1] == ("out_of_hours", "Pak Piket · 0812 1111 2222")
    client.force_login(school.koordinator)
    page = client.get(f"/safety/alerts/{alert.pk}/").content.decode()
    assert 'data-testid="out-of-hours-contact"' in page and "0812 1111 2222" in page


def test_without_a_coordinator_the_counselors_are_the_fallback(school, clock):
    school.koordinator.memberships.all().delete()
    alert = urgent(school)
    assert told(alert) == [("coordinator", "konselor1")]


def test_a_counselor_who_left_is_not_on_duty_any_more(school, arrangements, clock):
    shift(school.org, school.konselor, "2026-12-01 07:00", "2026-12-01 15:00")
    school.konselor.memberships.filter(role="counselor").delete()
    assert told(urgent(school)) == [("coordinator", "koordinator1")]


def test_the_escalation_job_runs_every_minute():
    jobs = {task.name: (kind, args) for task, kind, args in periodic_jobs()}
    assert jobs["escalate_overdue_alerts"] == ("interval", {"minutes": 1})


@pytest.mark.django_db(transaction=True)
def test_the_worker_escalates_and_the_email_says_nothing_identifying(
    school, arrangements, django_capture_on_commit_callbacks
):
    import time_machine

    start = local(school.org, "2026-12-01 09:00")
    with time_machine.travel(start, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            alert = urgent(school)
        clock.shift(timedelta(minutes=16))
        escalate_overdue_alerts.enqueue()
        run_worker()
    assert told(alert, "not_acknowledged") == [("out_of_hours", "piket1")]
    assert {m.to[0] for m in mail.outbox} >= {"koordinator1@example.test"}
    for message in mail.outbox:
        text = message.subject + message.body
        assert school.siswa_person.full_name not in text and "suicide" not in text
