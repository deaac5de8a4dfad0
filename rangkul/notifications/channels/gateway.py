"""The HTTP text gateway behind the SMS and WhatsApp channels.

One JSON POST per message to `TEXT_GATEWAY_URL` with `Authorization: Bearer
TEXT_GATEWAY_TOKEN`: {"channel": "sms" | "whatsapp", "to": "+62…", "text": "…"}. Any
provider (or a small relay in front of one) that accepts this shape can be plugged in by
configuration; a 2xx answer means accepted, anything else is an error and is retried.
The text never names a person or says what happened.
"""

import json
import urllib.error
import urllib.request

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from rangkul.notifications.models import Delivery


class GatewayError(Exception):
    pass


def alert_text(organisation_name: str) -> str:
    """The whole message: an urgent alert at the organisation, open Rangkul."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("An urgent alert at %(organisation)s. Open Rangkul: %(link)s") % {
            "organisation": organisation_name,
            "link": settings.SITE_URL.rstrip("/") + "/",
        }


def international(phone: str) -> str:
    """0812 3456 7890 -> +6281234567890; a number with a + keeps its country code."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if phone.strip().startswith("+"):
        return "+" + digits
    if digits.startswith("0"):
        return "+62" + digits[1:]
    if digits.startswith("62"):
        return "+" + digits
    return "+" + digits


def post(delivery: Delivery, channel: str) -> None:
    url = settings.TEXT_GATEWAY_URL
    if not url:
        raise GatewayError("TEXT_GATEWAY_URL is not set")
    if not url.startswith(("https://", "http://")):
        raise GatewayError("TEXT_GATEWAY_URL must be an http(s) URL")
    if not delivery.to or delivery.organisation is None:
        raise GatewayError("A text delivery needs a phone number and an organisation")
    body = json.dumps(
        {
            "channel": channel,
            "to": international(delivery.to),
            "text": alert_text(delivery.organisation.name),
        }
    ).encode()
    headers = {"Content-Type": "application/json"}
    if settings.TEXT_GATEWAY_TOKEN:
        headers["Authorization"] = f"Bearer {settings.TEXT_GATEWAY_TOKEN}"
    # The scheme is checked above: only http(s), never file: or custom schemes.
    req = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        timeout = settings.TEXT_GATEWAY_TIMEOUT_SECONDS
        with urllib.request.urlopen(req, timeout=timeout) as answer:  # noqa: S310
            status = answer.status
    except urllib.error.HTTPError as exc:
        raise GatewayError(f"gateway answered {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise GatewayError("gateway unreachable") from exc
    if not 200 <= status < 300:
        raise GatewayError(f"gateway answered {status}")
