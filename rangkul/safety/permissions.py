"""Who sees and handles safety alerts: the organisation's counselors and coordinator.

Peer supporters, teachers, principals and students never see alerts."""

from typing import Any

from django.db.models import Q

from rangkul.accounts.permissions import has_capability, orgs_with_capability
from rangkul.accounts.roles import Capability


def can_view_alert(user: Any, alert: Any) -> bool:
    return has_capability(user, alert.organisation_id, Capability.RESPOND_TO_ALERTS)


def alert_filter(user: Any) -> Q:
    return Q(organisation_id__in=orgs_with_capability(user, Capability.RESPOND_TO_ALERTS))


# Acknowledging and resolving follow the same rule as seeing.
can_handle_alert = can_view_alert
