"""Open alerts stay at the top of every responder's home page until acknowledged; the
duty roster tile shows who is on duty and, to the coordinator, the coming week's gaps."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rangkul.accounts.roles import Role
from rangkul.lib.tiles import Tile, TileFn
from rangkul.safety import permissions
from rangkul.safety.queries import read_open_alerts
from rangkul.safety.roster import coverage_gaps, effective_shifts, on_duty_users, settings_for


def open_alerts_tile(user: Any, org: Any) -> Tile | None:
    if not permissions.can_see_alert_dashboard(user, org.id):
        return None
    alerts = read_open_alerts(user, org, limit=10)
    return Tile(
        "open_alerts",
        _("Open safety alerts"),
        "safety/tiles/open_alerts.html",
        {"alerts": alerts},
        reverse("alerts"),
        urgent=bool(alerts),
    )


def duty_roster_tile(user: Any, org: Any) -> Tile | None:
    if not permissions.can_view_roster(user, org.id):
        return None
    context: dict[str, Any] = {"on_duty": on_duty_users(org)}
    if permissions.can_edit_roster(user, org.id):
        arrangements = settings_for(org)
        context["gaps"] = coverage_gaps(org, settings=arrangements)
        context["show_gaps"] = True
        context["no_out_of_hours"] = not (
            arrangements.out_of_hours_user_id or arrangements.out_of_hours_contact
        )
    else:
        context["my_next"] = (
            effective_shifts(org.id)
            .filter(user_id=user.pk, ends_at__gt=timezone.now())
            .order_by("starts_at")
            .first()
        )
    return Tile(
        "duty_roster",
        _("Duty roster"),
        "safety/tiles/duty_roster.html",
        context,
        reverse("duty_roster"),
    )


TILES: dict[str, list[TileFn]] = {
    Role.COUNSELOR: [open_alerts_tile, duty_roster_tile],
    Role.COORDINATOR: [open_alerts_tile, duty_roster_tile],
}
