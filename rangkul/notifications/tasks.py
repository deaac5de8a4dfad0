import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from rangkul.notifications.channels import CHANNELS
from rangkul.notifications.models import Delivery, DeliveryStatus

log = logging.getLogger(__name__)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes, capped at an hour."""
    return timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))


@task()
def deliver(delivery_id: str) -> str:
    """Send one delivery. The row is claimed in a short transaction, the message goes out
    with no transaction open (an SMTP server that stalls must not hold the database, which
    on SQLite would stop every write), and the outcome is saved in a second one. The claim
    moves the next attempt ahead, so a worker that dies mid-send is retried later and two
    workers never send the same delivery at once."""
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            # Lock only the delivery row: PostgreSQL refuses to lock the nullable side of
            # the outer joins (a text has no notification, an e-mail no organisation).
            Delivery.objects.select_for_update(of=("self",))
            .select_related("notification__recipient", "organisation")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != DeliveryStatus.PENDING:
            return "skipped"
        if delivery.next_attempt_at is not None and delivery.next_attempt_at > now:
            return "skipped"  # claimed by another worker, or backing off
        delivery.attempts += 1
        delivery.next_attempt_at = now + backoff(delivery.attempts)
        delivery.save(update_fields=["attempts", "next_attempt_at"])
    try:
        CHANNELS[delivery.channel](delivery)
    except Exception as exc:  # any channel failure is retried, never lost
        log.warning("Delivery %s failed (attempt %s): %s", delivery.pk, delivery.attempts, exc)
        delivery.last_error = type(exc).__name__
        if delivery.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
        delivery.save(update_fields=["last_error", "status", "next_attempt_at"])
        return "retry" if delivery.status == DeliveryStatus.PENDING else "failed"
    delivery.status = DeliveryStatus.SENT
    delivery.sent_at = timezone.now()
    delivery.next_attempt_at = None
    delivery.save(update_fields=["status", "sent_at", "next_attempt_at"])
    return "sent"


@task()
def deliver_all(delivery_ids: list[str]) -> list[str]:
    """Send the deliveries of one event (a notice to five counselors is one queued task,
    not five), each as `deliver` sends it: claimed, sent and saved on its own, so one
    failure does not stop the others. A worker that dies in the middle leaves the rest
    unclaimed, and the periodic retry queues them."""
    return [deliver.call(delivery_id) for delivery_id in delivery_ids]


@task()
def retry_due_deliveries() -> int:
    """Periodic: re-queue deliveries whose back-off has passed."""
    now = timezone.now()
    never_queued = Q(
        next_attempt_at__isnull=True,
        attempts=0,
        notification__created_at__lte=now - timedelta(minutes=5),
    ) | Q(
        next_attempt_at__isnull=True,
        attempts=0,
        notification__isnull=True,
        created_at__lte=now - timedelta(minutes=5),
    )
    due = Delivery.objects.filter(
        Q(next_attempt_at__lte=now) | never_queued, status=DeliveryStatus.PENDING
    ).values_list("pk", flat=True)[:500]
    count = 0
    for pk in due:
        deliver.enqueue(str(pk))
        count += 1
    return count
