from collections.abc import Iterable
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from rangkul.lib import statements
from rangkul.notifications.models import Delivery, Notification

OUTSIDE_CHANNELS = ("email",)


def notify(
    recipients: Iterable[Any], *, kind: str, organisation: Any = None, link: str = ""
) -> list[Notification]:
    """Tell people something new is waiting: an in-app notice plus outside deliveries.

    Runs inside the caller's transaction; deliveries are queued only after it commits, so a
    rolled-back write sends nothing, and a failed delivery never loses the in-app notice.
    """
    users = {u.pk: u for u in recipients}.values()
    if not users:
        return []
    # One INSERT for the notices and one for their deliveries (the keys are made in Python,
    # so this holds on every database), each with its SQL built once (lib/statements.py);
    # only past SQLite's parameter limit (more than 90 recipients) is one split in batches.
    created = [
        Notification(recipient=user, organisation=organisation, kind=kind, link=link)
        for user in users
    ]
    statements.insert(created)
    deliveries = [
        Delivery(notification=n, channel=channel) for n in created for channel in OUTSIDE_CHANNELS
    ]
    statements.insert(deliveries)
    _enqueue_after_commit(deliveries)
    return created


TEXT_CHANNELS = ("sms", "whatsapp")


def send_texts(phones: Iterable[str], *, channel: str, organisation: Any) -> list[Delivery]:
    """Text an urgent-alert notice to phone numbers (people on call at night, a contact
    without a login). The text names only the organisation; queued after the caller's
    transaction commits and retried like any delivery."""
    if channel not in TEXT_CHANNELS:
        raise ValueError(f"unknown text channel {channel!r}")
    created = [
        Delivery(to=phone, organisation=organisation, channel=channel)
        for phone in dict.fromkeys(p for p in phones if p)
    ]
    statements.insert(created)
    _enqueue_after_commit(created)
    return created


def _enqueue_after_commit(deliveries: list[Delivery]) -> None:
    """Queue one task for these deliveries once the caller's transaction commits. robust:
    a failure to queue must not fail the caller's request; the periodic retry picks up any
    delivery that was never queued."""
    if deliveries:
        ids = [str(d.pk) for d in deliveries]
        transaction.on_commit(partial(_enqueue, ids), robust=True)


def _enqueue(delivery_ids: list[str]) -> None:
    from rangkul.notifications.tasks import deliver, deliver_all

    if len(delivery_ids) == 1:
        deliver.enqueue(delivery_ids[0])
    else:
        deliver_all.enqueue(delivery_ids)


def mark_read(*, by: Any, notification: Notification) -> None:
    if notification.recipient_id != by.pk:
        raise PermissionError("Only the recipient marks a notification read.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def mark_all_read(*, by: Any) -> int:
    return Notification.objects.filter(recipient=by, read_at__isnull=True).update(
        read_at=timezone.now()
    )
