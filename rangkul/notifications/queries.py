from typing import Any

from django.db.models import QuerySet

from rangkul.lib.prepared import Prepared
from rangkul.lib.scoping import get_in_scope
from rangkul.notifications.models import Notification


def inbox(user: Any) -> QuerySet[Notification]:
    """A user's own notifications; nobody reads another's."""
    return inbox_of(user.pk)


def inbox_of(recipient_id: int) -> QuerySet[Notification]:
    """`inbox` of the user with this key."""
    return Notification.objects.filter(recipient_id=recipient_id).order_by("-created_at")


# The badge counts this far and then shows "99+": a counselor who has not opened the inbox
# for months must not make every page count thousands of rows (issue #17).
UNREAD_SHOWN = 99


def _unread_of(recipient_id: int) -> QuerySet[Notification]:
    return inbox_of(recipient_id).filter(read_at__isnull=True).order_by()[: UNREAD_SHOWN + 1]


# The bell on every signed-in page counts them: compiled once per process (lib/prepared.py).
_UNREAD = Prepared(_unread_of, recipient_id=int)


def unread_count(user: Any) -> int:
    """Unread notifications, counted up to UNREAD_SHOWN + 1 (more means "99+")."""
    return _UNREAD.count(recipient_id=user.pk)


def unread_label(count: int) -> str:
    """What the badge shows for a count from `unread_count`."""
    return f"{UNREAD_SHOWN}+" if count > UNREAD_SHOWN else str(count)


def get_notification_for(user: Any, pk: object) -> Notification:
    return get_in_scope(inbox(user), pk)
