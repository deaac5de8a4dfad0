"""Every read of safety data, already scoped to the reader."""

import statistics
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from rangkul.audit import services as audit
from rangkul.lib.api import Listing
from rangkul.lib.scoping import get_in_scope
from rangkul.people.models import Person
from rangkul.people.queries import visible_people
from rangkul.safety import permissions, protocol
from rangkul.safety.models import (
    Alert,
    AlertEscalation,
    AlertStatus,
    CrisisResource,
    DetectionFeedback,
    DutyShift,
    EscalationReason,
    FeedbackKind,
    GuardianAnswer,
    OrganisationPhrase,
    ResponderPhone,
    SafetySettings,
)
from rangkul.safety.roster import settings_for

# --- alerts ---------------------------------------------------------------------------------


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


def alert_listing(user: Any, organisation: Any, **filters: Any) -> Listing:
    """The alerts list of the dashboard page and the API, filtered; the alerts shown are
    audited in one place (`alerts_shown`)."""
    alerts = filter_alerts(visible_alerts(user, organisation.id), **filters)
    return Listing(alerts, alerts_shown(user, organisation))


def alerts_shown(user: Any, organisation: Any) -> Any:
    """A list of alerts names people and what put them at risk: that is a view of each
    alert shown. One event with the organisation, the count and the ids; an empty list
    shows nobody and leaves nothing."""
    return lambda shown: audit.record_list(
        user, "alert.listed", shown, organisation=organisation, key="alerts"
    )


def read_open_alerts(user: Any, organisation: Any, *, limit: int) -> list[Alert]:
    """The newest open alerts as the home page shows them, audited like the dashboard's."""
    rows = list(open_alerts(user, organisation.id)[:limit])
    alerts_shown(user, organisation)(rows)
    return rows


def read_alerts_of_case(user: Any, case: Any) -> list[Alert]:
    """The alerts of a case shown on its page, audited like the dashboard's list."""
    rows = list(alerts_of_case(user, case))
    alerts_shown(user, case.organisation)(rows)
    return rows


def get_alert_for(user: Any, pk: object) -> Alert:
    return get_in_scope(visible_alerts(user), pk)


def escalations_of(alert: Alert) -> QuerySet[AlertEscalation]:
    """The ladder steps of an alert the caller already may see."""
    return alert.escalations.select_related("recipient").order_by("at", "rung")


ESCALATED = [EscalationReason.NOT_ACKNOWLEDGED, EscalationReason.REPEATED]
PERIODS = {"7": 7, "30": 30, "90": 90, "365": 365}


def filter_alerts(
    alerts: QuerySet[Alert],
    *,
    status: str = "",
    severity: str = "",
    source: str = "",
    days: str = "",
    escalated: bool = False,
) -> QuerySet[Alert]:
    """The dashboard's filters; unknown values are ignored."""
    if status in AlertStatus.values:
        alerts = alerts.filter(status=status)
    if severity in ("urgent", "concern"):
        alerts = alerts.filter(severity=severity)
    if source:
        alerts = alerts.filter(source=source)
    if days in PERIODS:
        alerts = alerts.filter(raised_at__gte=timezone.now() - timedelta(days=PERIODS[days]))
    if escalated:
        alerts = alerts.filter(escalations__reason__in=ESCALATED).distinct()
    return alerts


@dataclass(frozen=True)
class AlertStats:
    open: int
    acknowledged: int
    resolved: int
    escalated_alerts: int
    escalations: int
    median_minutes_to_acknowledge: float | None
    mean_minutes_to_acknowledge: float | None


def alert_stats(alerts: QuerySet[Alert]) -> AlertStats:
    """Counts and time to acknowledge for a (filtered, scoped) set of alerts."""
    ids = alerts.order_by().values("pk")
    by_status = dict(
        Alert.objects.filter(pk__in=ids)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    steps = AlertEscalation.objects.filter(alert_id__in=ids, reason__in=ESCALATED)
    pairs = Alert.objects.filter(pk__in=ids, acknowledged_at__isnull=False).values_list(
        "raised_at", "acknowledged_at"
    )
    waits = [(done - raised).total_seconds() / 60 for raised, done in pairs if done is not None]
    return AlertStats(
        open=by_status.get(AlertStatus.OPEN, 0),
        acknowledged=by_status.get(AlertStatus.ACKNOWLEDGED, 0),
        resolved=by_status.get(AlertStatus.RESOLVED, 0),
        escalated_alerts=steps.values("alert_id").distinct().count(),
        escalations=steps.count(),
        median_minutes_to_acknowledge=round(statistics.median(waits), 1) if waits else None,
        mean_minutes_to_acknowledge=round(statistics.fmean(waits), 1) if waits else None,
    )


# --- roster, phrases, crisis resources ------------------------------------------------------


def visible_shifts(user: Any, organisation_id: uuid.UUID) -> QuerySet[DutyShift]:
    return (
        DutyShift.objects.filter(permissions.safety_lists_filter(user))
        .filter(organisation_id=organisation_id)
        .select_related("user")
        .order_by("starts_at", "user__username")
    )


def get_shift_for(user: Any, pk: object) -> DutyShift:
    return get_in_scope(
        DutyShift.objects.filter(permissions.safety_lists_filter(user)).select_related("user"), pk
    )


def visible_phrases(user: Any, organisation_id: uuid.UUID) -> QuerySet[OrganisationPhrase]:
    return OrganisationPhrase.objects.filter(
        permissions.safety_lists_filter(user), organisation_id=organisation_id
    ).select_related("created_by")


def get_phrase_for(user: Any, pk: object) -> OrganisationPhrase:
    return get_in_scope(
        OrganisationPhrase.objects.filter(permissions.safety_lists_filter(user)), pk
    )


def visible_resources(user: Any, organisation_id: uuid.UUID) -> QuerySet[CrisisResource]:
    return CrisisResource.objects.filter(
        permissions.safety_lists_filter(user), organisation_id=organisation_id
    )


def get_resource_for(user: Any, pk: object) -> CrisisResource:
    return get_in_scope(CrisisResource.objects.filter(permissions.safety_lists_filter(user)), pk)


def get_settings_for(user: Any, organisation: Any) -> SafetySettings:
    """The organisation's safety settings (defaults when never saved), or 404."""
    if organisation is None or not permissions.can_view_settings(user, organisation.pk):
        raise Http404
    return settings_for(organisation)


# --- the crisis hand-off --------------------------------------------------------------------


def alerts_of_case(user: Any, case: Any) -> QuerySet[Alert]:
    """Alerts about a case (raised in it, or on the request it was opened from) that the
    user may see, newest first."""
    about = Q(case_id=case.pk)
    if case.request_id:
        about |= Q(request_id=case.request_id)
    return visible_alerts(user).filter(about).order_by("-raised_at")


def friend_choices(user: Any, organisation_id: uuid.UUID) -> QuerySet[Person]:
    """People of the organisation the user may see, to name as the friend at risk."""
    return visible_people(user, organisation_id).select_related("cohort").order_by("full_name")


@dataclass(frozen=True)
class FeedbackReport:
    missed: int
    too_high: int
    by_level: list[tuple[str, str, int]]
    recent: list[Any]


def detection_feedback(user: Any, organisation_id: uuid.UUID) -> FeedbackReport:
    """Counts of detections counselors marked wrong in one organisation."""
    qs = DetectionFeedback.objects.filter(
        permissions.detection_feedback_filter(user), organisation_id=organisation_id
    )
    counts = dict(qs.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    by_level = [
        (kind, level, n)
        for kind, level, n in qs.values_list("kind", "detected_level")
        .annotate(n=Count("id"))
        .order_by("kind", "detected_level")
        .values_list("kind", "detected_level", "n")
    ]
    return FeedbackReport(
        missed=counts.get(FeedbackKind.MISSED, 0),
        too_high=counts.get(FeedbackKind.TOO_HIGH, 0),
        by_level=by_level,
        recent=list(qs.select_related("by", "alert", "request")[:50]),
    )


@dataclass(frozen=True)
class HandoffPanel:
    """Everything a responder needs on one alert: the ladder, how to reach the person
    (and the friend, for a report about a friend), the protocol with its ticks, and what
    the user may do. Built for an alert the user already may see."""

    alert: Alert
    escalations: list[AlertEscalation]
    steps: list[Any]
    reach: Any
    friend_reach: Any
    guardian: Any
    can_tick: bool
    can_mark: bool
    marks: int


def handoff_panel(user: Any, alert: Alert) -> HandoffPanel:
    settings = settings_for(alert.organisation)
    return HandoffPanel(
        alert=alert,
        escalations=list(escalations_of(alert)),
        steps=protocol.checklist(alert, settings),
        reach=protocol.reach(alert.person),
        friend_reach=protocol.reach(alert.friend),
        guardian=protocol.guardian_advice(alert.person),
        can_tick=permissions.can_tick_protocol(user, alert) and not alert.is_closed,
        can_mark=permissions.can_mark_detection(user, alert.organisation_id),
        marks=alert.feedback.count(),
    )


def handoff_context(user: Any, alerts: list[Any], back: str) -> dict[str, Any]:
    """What the hand-off panels of these alerts need (the alert page, the case page)."""
    about_friend = [a for a in alerts if a.is_about_friend]
    return {
        "panels": [handoff_panel(user, alert) for alert in alerts],
        "friend_choices": (
            list(friend_choices(user, about_friend[0].organisation_id)) if about_friend else []
        ),
        "guardian_answers": GuardianAnswer.choices,
        "feedback_kinds": FeedbackKind.choices,
        "back": back,
    }


def responder_phones(user: Any, organisation_id: uuid.UUID) -> list[ResponderPhone]:
    """Responders' phones for urgent alerts: for those who may see the settings."""
    if not permissions.can_view_settings(user, organisation_id):
        return []
    return list(
        ResponderPhone.objects.filter(organisation_id=organisation_id)
        .select_related("user")
        .order_by("user__first_name", "user__username")
    )


def get_responder_phone_for(user: Any, pk: object) -> ResponderPhone:
    return get_in_scope(ResponderPhone.objects.filter(permissions.settings_filter(user)), pk)
