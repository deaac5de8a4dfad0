from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from conftest import run_worker
from rangkul.activities import services
from rangkul.activities.tasks import send_appointment_reminders
from rangkul.notifications.models import Notification


def reminders() -> list[tuple[str, str]]:
    return sorted(
        Notification.objects.filter(kind="appointment_reminder").values_list(
            "recipient__username", "link"
        )
    )


def test_a_reminder_goes_out_once_within_24_hours(school, appointment):
    link = f"/activities/{appointment.pk}/"
    with time_machine.travel(appointment.starts_at - timedelta(hours=30)):
        assert services.send_due_reminders() == 0
    with time_machine.travel(appointment.starts_at - timedelta(hours=23)):
        assert services.send_due_reminders() == 1
        assert services.send_due_reminders() == 0
    with time_machine.travel(appointment.starts_at - timedelta(hours=1)):
        assert services.send_due_reminders() == 0
    assert reminders() == [("konselor1", link), ("siswa1", link)]
    appointment.refresh_from_db()
    assert appointment.reminder_sent_at is not None


def test_no_reminder_for_cancelled_done_or_past_activities(school, appointment, classroom):
    services.cancel_activity(by=school.konselor, activity=appointment)
    with time_machine.travel(appointment.starts_at - timedelta(hours=2)):
        assert services.send_due_reminders() == 0
    assert reminders() == []


def test_the_reminder_carries_nothing_identifying(school, appointment):
    with time_machine.travel(appointment.starts_at - timedelta(hours=2)):
        services.send_due_reminders()
    for notice in Notification.objects.filter(kind="appointment_reminder"):
        assert notice.link == f"/activities/{appointment.pk}/"
        assert str(notice.get_kind_display()) == "Sebentar lagi ada janji temu."


@pytest.mark.django_db(transaction=True)
def test_the_periodic_task_runs_on_the_worker(school, appointment):
    with time_machine.travel(timezone.now() + (appointment.starts_at - timezone.now()) / 2):
        send_appointment_reminders.enqueue()
        run_worker()
        send_appointment_reminders.enqueue()
        run_worker()
    assert len(reminders()) == 2
