from typing import Any

from django.db.models import QuerySet

from rangkul.lib.scoping import get_in_scope
from rangkul.notifications.models import Notification


def inbox(user: Any) -> QuerySet[Notification]:
    """A user's own notifications; nobody reads another's."""
    return Notification.objects.filter(recipient_id=user.pk).order_by("-created_at")


# The badge counts this far and then shows "99+": a counselor who has not opened the inbox
# for months must not make every page count thousands of rows (issue #17).
UNREAD_SHOWN = 99


def unread_count(user: Any) -> int:
    """Unread notifications, counted up to UNREAD_SHOWN + 1 (more means "99+")."""
    return inbox(user).filter(read_at__isnull=True).order_by()[: UNREAD_SHOWN + 1].count()


def unread_label(count: int) -> str:
    """What the badge shows for a count from `unread_count`."""
    return f"{UNREAD_SHOWN}+" if count > UNREAD_SHOWN else str(count)


def get_notification_for(user: Any, pk: object) -> Notification:
    return get_in_scope(inbox(user), pk)
