"""Safety checks of free text, and alerts: raising, acknowledging, resolving."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.audit import services as audit
from rangkul.lib import statements
from rangkul.safety import permissions
from rangkul.safety.detection import DetectionResult, Level, detect
from rangkul.safety.escalation import start_ladder
from rangkul.safety.models import Alert, AlertSource, AlertStatus, Severity
from rangkul.safety.phrases import organisation_phrases
from rangkul.safety.queries import get_alert_for


def check_text(text: str, *, organisation: Any = None, lang: str | None = None) -> DetectionResult:
    """The one safety check every free text goes through before it is saved.

    Uses the shipped phrase lists plus the organisation's own phrases (which can only add a
    match or raise the level). Pure: stores nothing and raises nothing. Callers decide what
    a flagged text means for routing and call `alert_for_text` to raise the alert in their
    own transaction.
    """
    extra = organisation_phrases(getattr(organisation, "pk", organisation))
    return detect(text or "", lang, extra)


def evidence_of(result: DetectionResult) -> dict[str, Any]:
    """What an alert keeps of a detection: categories, phrase ids and spans, never text."""
    return {
        "level": result.level.value,
        "categories": list(result.categories),
        "phrases": sorted({m.phrase_id for m in result.matches}),
        "spans": [[m.start, m.end] for m in result.matches],
        "ruleset": result.ruleset_version,
    }


def alert_for_text(
    result: DetectionResult,
    *,
    organisation: Any,
    source: str,
    person: Any = None,
    case: Any = None,
    support_request: Any = None,
    by: Any = None,
    extra: dict[str, Any] | None = None,
) -> Alert | None:
    """Raise an alert when a checked text was flagged; nothing when it was not."""
    if result.level is Level.NONE:
        return None
    severity = Severity.URGENT if result.level is Level.URGENT else Severity.CONCERN
    return raise_alert(
        organisation=organisation,
        severity=severity,
        source=source,
        person=person,
        case=case,
        support_request=support_request,
        by=by,
        evidence={**evidence_of(result), **(extra or {})},
    )


@transaction.atomic
def raise_alert(
    *,
    organisation: Any,
    severity: str,
    source: str,
    person: Any = None,
    case: Any = None,
    support_request: Any = None,
    by: Any = None,
    evidence: dict[str, Any] | None = None,
) -> Alert:
    """Record an alert in the caller's transaction and start the escalation ladder.

    Raising needs no permission: anyone's words may put someone at risk. Notifications go
    out only after the transaction commits; the alert itself stays open and visible on
    responders' home pages until acknowledged, whatever happens to the notifications.
    """
    if severity not in Severity.values or source not in AlertSource.values:
        raise ValueError("Unknown alert severity or source")
    alert = Alert(
        organisation=organisation,
        person=person,
        case=case,
        request=support_request,
        severity=severity,
        source=source,
        evidence=evidence or {},
        raised_by=by if getattr(by, "is_authenticated", False) else None,
    )
    statements.insert([alert])
    audit.record(by, "alert.raised", alert, data={"severity": severity, "source": source})
    start_ladder(alert, alert.raised_at)
    return alert


@transaction.atomic
def acknowledge_alert(*, by: Any, alert: Alert) -> Alert:
    """Someone is handling it: the ladder stops."""
    if not permissions.can_handle_alert(by, alert):
        raise PermissionDenied(_("You may not handle this alert."))
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.status == AlertStatus.OPEN:
        now = timezone.now()
        alert.status = AlertStatus.ACKNOWLEDGED
        alert.acknowledged_by = by
        alert.acknowledged_at = now
        alert.next_escalation_at = None
        alert.save(
            update_fields=["status", "acknowledged_by", "acknowledged_at", "next_escalation_at"]
        )
        audit.record(
            by,
            "alert.acknowledged",
            alert,
            data={"seconds": int((now - alert.raised_at).total_seconds()), "rung": alert.rung},
        )
    return alert


@transaction.atomic
def resolve_alert(*, by: Any, alert: Alert, note: str = "") -> Alert:
    if not permissions.can_handle_alert(by, alert):
        raise PermissionDenied(_("You may not handle this alert."))
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.status == AlertStatus.RESOLVED:
        return alert
    now = timezone.now()
    if alert.acknowledged_at is None:
        alert.acknowledged_by, alert.acknowledged_at = by, now
    alert.status = AlertStatus.RESOLVED
    alert.resolved_by, alert.resolved_at = by, now
    alert.resolution_note = note.strip()[:2000]
    alert.next_escalation_at = None
    alert.save()
    audit.record(by, "alert.resolved", alert)
    return alert


def open_alert_record(*, by: Any, pk: object) -> Alert:
    alert = get_alert_for(by, pk)
    audit.record(by, "alert.viewed", alert)
    return alert


def has_unresolved_alert(case: Any, *, sources: tuple[str, ...] = ()) -> bool:
    """Whether an alert about this case (or the request it was opened from), of the given
    sources if any, is not yet resolved. A fact for the case services and pages, not a
    view of the alert: nothing is shown or audited."""
    about = Q(case_id=case.pk)
    if case.request_id:
        about |= Q(request_id=case.request_id)
    alerts = Alert.objects.filter(about).exclude(status=AlertStatus.RESOLVED)
    if sources:
        alerts = alerts.filter(source__in=sources)
    return alerts.exists()


def link_request_alerts(*, support_request: Any, case: Any) -> int:
    """A case opened from a flagged request carries the request's alerts, so the case
    page shows the alert and its ladder. Part of opening the case (same actor, same
    transaction, its audit event)."""
    return Alert.objects.filter(request_id=support_request.pk, case__isnull=True).update(case=case)
