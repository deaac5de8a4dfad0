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

At night and in holidays an inbox is not enough: when the organisation has chosen SMS or
WhatsApp, each rung of an urgent alert also texts the phones of the people it reaches
(their responder phone, or the out-of-hours number), outside duty hours or always as set.
The text says only "an urgent alert at <organisation>, open Rangkul".
"""

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from rangkul.accounts.permissions import is_staff_now
from rangkul.accounts.queries import members_with_roles_now
from rangkul.accounts.roles import Role
from rangkul.audit import services as audit
from rangkul.lib import statements
from rangkul.notifications.models import Kind
from rangkul.notifications.services import notify, send_texts
from rangkul.safety.models import (
    LADDER,
    Alert,
    AlertEscalation,
    AlertStatus,
    EscalationReason,
    ResponderPhone,
    Rung,
    SafetySettings,
    Severity,
    TextWhen,
)
from rangkul.safety.permissions import DUTY_ROLES
from rangkul.safety.roster import is_duty_time, on_duty_users, settings_for

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
        users = members_with_roles_now(org.pk, [Role.COORDINATOR])
        return users or members_with_roles_now(org.pk, list(DUTY_ROLES)), ""
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
    alert: Alert,
    rung: str,
    reason: str,
    users: list[Any],
    contact: str,
    at: datetime,
    settings: SafetySettings,
) -> list[AlertEscalation]:
    rows = [
        AlertEscalation(alert=alert, rung=rung, recipient=user, at=at, reason=reason)
        for user in users
    ]
    if not users and contact:
        rows.append(AlertEscalation(alert=alert, rung=rung, contact=contact, at=at, reason=reason))
    if not rows:
        return []
    statements.insert(rows)
    if users:
        notify(
            users,
            kind=Kind.ALERT_RAISED,
            organisation=alert.organisation,
            link=reverse("alert", args=[alert.pk]),
        )
    texts = _text(alert, rung, users, at, settings)
    audit.record(
        None,
        "alert.escalated" if reason != EscalationReason.RAISED else "alert.routed",
        alert,
        data={
            "rung": rung,
            "reason": reason,
            "recipients": len(users),
            "phone": bool(contact),
            "texts": texts,
        },
    )
    return rows


def text_phones(alert: Alert, rung: str, users: list[Any], settings: SafetySettings) -> list[str]:
    """The phones a rung's text goes to: each reached person's responder phone; for the
    out-of-hours rung, the out-of-hours number when that person has none."""
    phones = dict(
        ResponderPhone.objects.filter(
            organisation_id=alert.organisation_id, user_id__in=[u.pk for u in users]
        ).values_list("user_id", "phone")
    )
    found = [phones[u.pk] for u in users if u.pk in phones]
    if rung == Rung.OUT_OF_HOURS and not found and settings.out_of_hours_phone:
        found.append(settings.out_of_hours_phone)
    return found


def _text(alert: Alert, rung: str, users: list[Any], at: datetime, settings: SafetySettings) -> int:
    """Text the rung when the organisation wants it for this alert now; how many. The
    settings are the ladder's own, read once for the whole climb."""
    if not settings.text_channel or alert.severity != Severity.URGENT:
        return 0
    # A holiday is a day within duty hours with nobody on the roster: it counts as out of
    # hours.
    if (
        settings.text_when == TextWhen.OUT_OF_HOURS
        and is_duty_time(alert.organisation, at, settings)
        and on_duty_users(alert.organisation, at)
    ):
        return 0
    phones = text_phones(alert, rung, users, settings)
    send_texts(phones, channel=settings.text_channel, organisation=alert.organisation)
    return len(phones)


def _climb(
    alert: Alert, settings: SafetySettings, after: str, reason: str, at: datetime
) -> str | None:
    """Tell the first rung above `after` that reaches anybody; return it, or None."""
    start = LADDER.index(after) + 1 if after in LADDER else 0
    for rung in LADDER[start:]:
        users, contact = recipients(alert, rung, settings, at)
        if _tell(alert, rung, reason, users, contact, at, settings):
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
        _tell(alert, Rung.SAFEGUARDING_LEAD, EscalationReason.ABUSE, fresh, "", at, settings)
    alert.rung = reached or ""
    alert.next_escalation_at = at + timedelta(minutes=settings.ack_minutes(alert.severity))
    statements.update(
        Alert,
        values={"rung": alert.rung, "next_escalation_at": alert.next_escalation_at},
        where={"pk": alert.pk},
    )


def escalate(alert: Alert, at: datetime | None = None) -> None:
    """The acknowledgement time has passed: tell the next rung, or, past the last one,
    that rung and the coordinator again. Schedules the next step; never stops."""
    at = at or timezone.now()
    settings = settings_for(alert.organisation)
    reached = _climb(alert, settings, alert.rung, EscalationReason.NOT_ACKNOWLEDGED, at)
    if reached is None:
        last = alert.rung or Rung.COORDINATOR
        users, contact = recipients(alert, last, settings, at)
        _tell(alert, last, EscalationReason.REPEATED, users, contact, at, settings)
        if last != Rung.COORDINATOR:
            told = {user.pk for user in users}
            coordinators, _none = recipients(alert, Rung.COORDINATOR, settings, at)
            others = [user for user in coordinators if user.pk not in told]
            _tell(alert, Rung.COORDINATOR, EscalationReason.REPEATED, others, "", at, settings)
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
