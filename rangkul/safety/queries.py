import uuid
from typing import Any

from django.db.models import QuerySet

from rangkul.accounts.models import User
from rangkul.accounts.queries import users_with_capability
from rangkul.accounts.roles import Capability
from rangkul.lib.scoping import get_in_scope
from rangkul.safety import permissions
from rangkul.safety.models import Alert, AlertStatus


def visible_alerts(user: Any, organisation_id: uuid.UUID | None = None) -> QuerySet[Alert]:
    qs = Alert.objects.filter(permissions.alert_filter(user)).select_related(
        "person", "person__cohort", "acknowledged_by"
    )
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    return qs.order_by("-raised_at")


def open_alerts(user: Any, organisation_id: uuid.UUID | None = None) -> QuerySet[Alert]:
    """Unacknowledged alerts, most severe then oldest first: these stay on top of every
    responder's home page until someone acknowledges them."""
    return (
        visible_alerts(user, organisation_id)
        .filter(status=AlertStatus.OPEN)
        .order_by("-severity", "raised_at")
    )


def get_alert_for(user: Any, pk: object) -> Alert:
    return get_in_scope(visible_alerts(user), pk)


def alert_recipients(organisation_id: uuid.UUID) -> QuerySet[User]:
    """Who is told about a new alert. The duty roster narrows this later; until then
    every counselor and the coordinator of the organisation."""
    return users_with_capability(organisation_id, Capability.RESPOND_TO_ALERTS)
