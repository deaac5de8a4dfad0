"""Outside delivery channels, one module each. Each exposes `send(notification) -> None`.

A channel receives the notification row only; it may say that something new is waiting and
give a link that needs login, nothing more.
"""

from collections.abc import Callable

from rangkul.notifications.channels import email
from rangkul.notifications.models import Notification

CHANNELS: dict[str, Callable[[Notification], None]] = {
    "email": email.send,
}
