from datetime import timedelta

import time_machine
from django.core import mail
from django.utils import timezone

from conftest import WORKER, run_worker
from rangkul.notifications.models import Delivery, DeliveryStatus, Kind, Notification
from rangkul.notifications.services import notify
from rangkul.notifications.tasks import retry_due_deliveries


@WORKER
def test_a_failed_delivery_keeps_the_notice_and_is_retried_later(
    school, broken_email, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            [school.koordinator], kind=Kind.ROLE_GRANTED, organisation=school.org, link="/members/"
        )
    run_worker()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempts == 1
    assert delivery.last_error == "ConnectionError"
    assert Notification.objects.filter(recipient=school.koordinator, read_at__isnull=True).exists()

    # Not due yet: nothing re-queued.
    assert retry_due_deliveries.call() == 0
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert retry_due_deliveries.call() == 1
        run_worker()
    delivery.refresh_from_db()
    assert delivery.attempts == 2


@WORKER
def test_delivery_gives_up_after_the_last_attempt_but_the_notice_stays(
    school, broken_email, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_MAX_ATTEMPTS = 1
    with django_capture_on_commit_callbacks(execute=True):
        notify([school.koordinator], kind=Kind.ROLE_GRANTED, organisation=school.org)
    run_worker()
    assert Delivery.objects.get().status == DeliveryStatus.FAILED
    assert Notification.objects.filter(recipient=school.koordinator).count() == 1


@WORKER
def test_one_event_for_several_people_is_one_queued_task_and_each_gets_their_mail(
    school, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    staff = [school.konselor, school.koordinator, school.kepsek]
    with django_capture_on_commit_callbacks(execute=True):
        notify(staff, kind=Kind.REQUEST_IN_TRIAGE, organisation=school.org, link="/triage/")
    assert DBTaskResult.objects.count() == 1
    run_worker()
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in staff)


@WORKER
def test_in_a_queued_group_a_failed_mail_does_not_stop_the_others(
    school, monkeypatch, django_capture_on_commit_callbacks
):
    from rangkul.notifications import channels

    real = channels.CHANNELS["email"]

    def fail_for_the_counselor(delivery):
        if delivery.notification.recipient_id == school.konselor.pk:
            raise ConnectionError("mailbox full")
        real(delivery)

    monkeypatch.setitem(channels.CHANNELS, "email", fail_for_the_counselor)
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            [school.konselor, school.koordinator], kind=Kind.ROLE_GRANTED, organisation=school.org
        )
    run_worker()
    failed = Delivery.objects.get(notification__recipient=school.konselor)
    assert failed.status == DeliveryStatus.PENDING and failed.attempts == 1
    sent = Delivery.objects.get(notification__recipient=school.koordinator)
    assert sent.status == DeliveryStatus.SENT
    assert [m.to for m in mail.outbox] == [[school.koordinator.email]]


@WORKER
def test_a_rolled_back_write_sends_nothing(school, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                notify([school.koordinator], kind=Kind.ROLE_GRANTED, organisation=school.org)
                raise RuntimeError("the write failed")
        except RuntimeError:
            pass
    assert callbacks == []
    run_worker()
    assert mail.outbox == []


def test_people_read_only_their_own_notifications(school, client):
    [notice] = notify(
        [school.koordinator], kind=Kind.ROLE_GRANTED, organisation=school.org, link="/members/"
    )
    client.force_login(school.konselor)
    assert client.post(f"/notifications/{notice.pk}/open/").status_code == 404
    client.force_login(school.koordinator)
    response = client.post(f"/notifications/{notice.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/members/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_a_delivery_that_was_never_queued_is_picked_up_by_the_retry_job(school):
    # notify() outside on_commit execution: the delivery row exists but nothing was queued.
    notify([school.koordinator], kind=Kind.ROLE_GRANTED, organisation=school.org)
    assert retry_due_deliveries.call() == 0  # give the commit hook its chance first
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert retry_due_deliveries.call() == 1
