from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from rangkul.notifications.models import Delivery


def send(delivery: Delivery) -> None:
    notification = delivery.notification
    if notification is None:
        raise ValueError("An e-mail delivery needs a notification.")
    user = notification.recipient
    if not user.email:
        return
    link = settings.SITE_URL.rstrip("/") + (notification.link or "/")
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        subject = _("New notification in Rangkul")
        body = _(
            "There is a new notification in Rangkul.\n\nOpen it after logging in: %(link)s\n"
        ) % {"link": link}
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False)
