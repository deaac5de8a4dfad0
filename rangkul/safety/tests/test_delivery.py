"""An alert is never lost because a notification failed: delivery is retried, and the
alert stays open and on top of the responders' home pages until acknowledged."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from conftest import WORKER, run_worker
from rangkul.cases import services as cases
from rangkul.notifications.models import Delivery, DeliveryStatus, Notification
from rangkul.notifications.tasks import retry_due_deliveries
from rangkul.safety.models import Alert, AlertStatus
from rangkul.safety.tasks import escalate_overdue_alerts


@WORKER
def test_a_failing_channel_keeps_the_alert_open_visible_and_retried(
    school, broken_email, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cases.submit_request(
            by=school.siswa,
            organisation=school.org,
            text="aku pengen mati aja",
            domain="personal",
            urgency="high",
        )
    run_worker()
    alert = Alert.objects.get()
    delivery = Delivery.objects.get(
        notification__recipient=school.koordinator, notification__kind="alert_raised"
    )
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 1)
    assert delivery.next_attempt_at is not None
    assert Notification.objects.filter(recipient=school.koordinator, read_at=None).exists()

    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN
    for responder in (school.konselor, school.koordinator):
        client.force_login(responder)
        first = client.get("/").context["tiles"][0]
        assert first.key == "open_alerts" and first.context["alerts"] == [alert]

    # The delivery is retried after its back-off, and the ladder goes on regardless.
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert retry_due_deliveries.call() >= 1
        escalate_overdue_alerts.enqueue()
        run_worker()
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.status == DeliveryStatus.PENDING
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN and alert.escalations.count() >= 2
    assert len(broken_email) >= 2
