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
