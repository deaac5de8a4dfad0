"""The escalation ladder: who is told about an alert, and who next when nobody
acknowledges it in time.

Rungs, in order: the counselors on duty now (in the organisation's time zone), the
coordinator, the out-of-hours contact. The first rung that reaches somebody is told when
the alert is raised; each time the acknowledgement time passes (15 minutes for an urgent
alert, four hours for a concern, set per organisation) the next rung is told. Past the
last rung, that rung and the coordinator are told again at the same interval, for as long
as the alert stays open. A disclosure of abuse is also sent to the safeguarding lead
(TPPK) when raised. Every step is an AlertEscalation row and an audit event; the
notification itself (in-app plus e-mail) says only that an alert needs attention.
"""

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from rangkul.accounts.permissions import is_staff_now
from rangkul.accounts.queries import members_with_roles
from rangkul.accounts.roles import Role
from rangkul.audit import services as audit
from rangkul.notifications.models import Kind
from rangkul.notifications.services import notify
from rangkul.safety.models import (
    LADDER,
    Alert,
    AlertEscalation,
    AlertStatus,
    EscalationReason,
    Rung,
    SafetySettings,
)
from rangkul.safety.permissions import DUTY_ROLES
from rangkul.safety.roster import on_duty_users, settings_for

# How many overdue alerts one run of the periodic job handles; the rest wait a minute.
BATCH = 200


def _still_staff(user: Any, alert: Alert) -> bool:
    return is_staff_now(user, alert.organisation_id)


def recipients(
    alert: Alert, rung: str, settings: SafetySettings, at: datetime
) -> tuple[list[Any], str]:
    """The people a rung reaches now, and a name and number to call when the rung is a
    contact without a login."""
    org = alert.organisation
    if rung == Rung.ON_DUTY:
        return on_duty_users(org, at), ""
    if rung == Rung.COORDINATOR:
        # An organisation without a coordinator falls back to all its counselors.
        users = list(members_with_roles(org.pk, [Role.COORDINATOR]))
        return users or list(members_with_roles(org.pk, list(DUTY_ROLES))), ""
    if rung == Rung.OUT_OF_HOURS:
        user = settings.out_of_hours_user
        if _still_staff(user, alert):
            return [user], ""
        return [], settings.out_of_hours_contact
    if rung == Rung.SAFEGUARDING_LEAD:
        lead = settings.safeguarding_lead
        return ([lead] if _still_staff(lead, alert) else []), ""
    raise ValueError(f"unknown rung {rung!r}")


def _tell(
    alert: Alert, rung: str, reason: str, users: list[Any], contact: str, at: datetime
) -> list[AlertEscalation]:
    rows = [
        AlertEscalation(alert=alert, rung=rung, recipient=user, at=at, reason=reason)
        for user in users
    ]
    if not users and contact:
        rows.append(AlertEscalation(alert=alert, rung=rung, contact=contact, at=at, reason=reason))
    if not rows:
        return []
    AlertEscalation.objects.bulk_create(rows)
    if users:
        notify(
            users,
            kind=Kind.ALERT_RAISED,
            organisation=alert.organisation,
            link=reverse("alert", args=[alert.pk]),
        )
    audit.record(
        None,
        "alert.escalated" if reason != EscalationReason.RAISED else "alert.routed",
        alert,
        data={"rung": rung, "reason": reason, "recipients": len(users), "phone": bool(contact)},
    )
    return rows


def _climb(
    alert: Alert, settings: SafetySettings, after: str, reason: str, at: datetime
) -> str | None:
    """Tell the first rung above `after` that reaches anybody; return it, or None."""
    start = LADDER.index(after) + 1 if after in LADDER else 0
    for rung in LADDER[start:]:
        users, contact = recipients(alert, rung, settings, at)
        if _tell(alert, rung, reason, users, contact, at):
            return rung
    return None


def start_ladder(alert: Alert, at: datetime | None = None) -> None:
    """Route a new alert: its first rung now, the safeguarding lead for abuse."""
    at = at or timezone.now()
    settings = settings_for(alert.organisation)
    reached = _climb(alert, settings, "", EscalationReason.RAISED, at)
    if alert.is_abuse:
        told = {row.recipient_id for row in alert.escalations.all()}
        lead, _contact = recipients(alert, Rung.SAFEGUARDING_LEAD, settings, at)
        fresh = [user for user in lead if user.pk not in told]
        _tell(alert, Rung.SAFEGUARDING_LEAD, EscalationReason.ABUSE, fresh, "", at)
    alert.rung = reached or ""
    alert.next_escalation_at = at + timedelta(minutes=settings.ack_minutes(alert.severity))
    alert.save(update_fields=["rung", "next_escalation_at"])


def escalate(alert: Alert, at: datetime | None = None) -> None:
    """The acknowledgement time has passed: tell the next rung, or, past the last one,
    that rung and the coordinator again. Schedules the next step; never stops."""
    at = at or timezone.now()
    settings = settings_for(alert.organisation)
    reached = _climb(alert, settings, alert.rung, EscalationReason.NOT_ACKNOWLEDGED, at)
    if reached is None:
        last = alert.rung or Rung.COORDINATOR
        users, contact = recipients(alert, last, settings, at)
        _tell(alert, last, EscalationReason.REPEATED, users, contact, at)
        if last != Rung.COORDINATOR:
            told = {user.pk for user in users}
            coordinators, _none = recipients(alert, Rung.COORDINATOR, settings, at)
            others = [user for user in coordinators if user.pk not in told]
            _tell(alert, Rung.COORDINATOR, EscalationReason.REPEATED, others, "", at)
        reached = last
    alert.rung = reached
    alert.next_escalation_at = at + timedelta(minutes=settings.ack_minutes(alert.severity))
    alert.save(update_fields=["rung", "next_escalation_at"])


def escalate_overdue(now: datetime | None = None) -> int:
    """Escalate every open alert whose acknowledgement time has passed. Each alert in its
    own transaction, re-read under a lock, so two workers never escalate one twice."""
    now = now or timezone.now()
    due = list(
        Alert.objects.filter(status=AlertStatus.OPEN, next_escalation_at__lte=now)
        .order_by("next_escalation_at")
        .values_list("pk", flat=True)[:BATCH]
    )
    done = 0
    for pk in due:
        with transaction.atomic():
            alert = (
                Alert.objects.select_for_update()
                .filter(pk=pk, status=AlertStatus.OPEN, next_escalation_at__lte=now)
                .first()
            )
            if alert is not None:
                escalate(alert, now)
                done += 1
    return done
