"""Urgent alerts by SMS through the configured text gateway (see gateway.py)."""

from rangkul.notifications.channels import gateway
from rangkul.notifications.models import Delivery


def send(delivery: Delivery) -> None:
    gateway.post(delivery, "sms")
