"""Outside delivery channels, one module each. Each exposes `send(delivery) -> None` and
raises when the delivery did not go out (it is then retried with back-off).

A channel may say that something new is waiting and give a link that needs login, nothing
more: e-mail for notifications, SMS and WhatsApp for urgent alerts at night.
"""

from collections.abc import Callable

from rangkul.notifications.channels import email, sms, whatsapp
from rangkul.notifications.models import Delivery

CHANNELS: dict[str, Callable[[Delivery], None]] = {
    "email": email.send,
    "sms": sms.send,
    "whatsapp": whatsapp.send,
}
