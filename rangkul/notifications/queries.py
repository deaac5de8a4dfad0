from typing import Any

from django.db.models import QuerySet

from rangkul.lib.scoping import get_in_scope
from rangkul.notifications.models import Notification


def inbox(user: Any) -> QuerySet[Notification]:
    """A user's own notifications; nobody reads another's."""
    return Notification.objects.filter(recipient_id=user.pk).order_by("-created_at")


def unread_count(user: Any) -> int:
    return inbox(user).filter(read_at__isnull=True).count()


def get_notification_for(user: Any, pk: object) -> Notification:
    return get_in_scope(inbox(user), pk)
