import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rangkul.audit import services as audit
from rangkul.lib.views import current_org
from rangkul.people.permissions import can_manage_guardians
from rangkul.people.queries import read_guardians
from rangkul.safety import permissions, queries, services
from rangkul.safety.models import (
    AlertSource,
    AlertStatus,
    Rung,
    Severity,
)
from rangkul.safety.roster import settings_for


@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    """The alert dashboard: counts, time to acknowledge, escalations, a filtered list."""
    org = current_org(request)
    if not permissions.can_see_alert_dashboard(request.user, org.id):
        raise Http404
    source = request.GET.get("source", "")
    chosen: dict[str, Any] = {
        "status": request.GET.get("status", ""),
        "severity": request.GET.get("severity", ""),
        "source": source if source in AlertSource.values else "",
        "days": request.GET.get("days", ""),
        "escalated": request.GET.get("escalated", "") == "1",
    }
    listing = queries.alert_listing(
        request.user,
        org,
        status=chosen["status"],
        severity=chosen["severity"],
        source=chosen["source"],
        days=chosen["days"],
        escalated=chosen["escalated"],
    )
    items = listing.queryset
    shown = listing.shown(list(items[:200]))
    return render(
        request,
        "safety/alerts.html",
        {
            "alerts": shown,
            "can_see_marks": permissions.can_view_detection_report(request.user, org.id),
            "stats": queries.alert_stats(items),
            "chosen": chosen,
            "statuses": AlertStatus.choices,
            "severities": Severity.choices,
            "sources": AlertSource.choices,
            "periods": [
                ("7", _("Last 7 days")),
                ("30", _("Last 30 days")),
                ("90", _("Last 90 days")),
                ("365", _("Last 12 months")),
            ],
        },
    )


@login_required
def alert_detail(request: HttpRequest, pk: str) -> HttpResponse:
    alert = services.open_alert_record(by=request.user, pk=pk)
    arrangements = settings_for(alert.organisation)
    return render(
        request,
        "safety/alert.html",
        {
            "alert": alert,
            "out_of_hours_contact": arrangements.out_of_hours_contact,
            "reached_out_of_hours": alert.rung == Rung.OUT_OF_HOURS,
            **queries.handoff_context(request.user, [alert], "alert"),
            "can_see_guardians": alert.person is not None
            and can_manage_guardians(request.user, alert.person),
            "guardians": read_guardians(request.user, alert.person) if alert.person else [],
        },
    )


def _back(request: HttpRequest, alert: Any) -> HttpResponse:
    if request.POST.get("back") == "case" and alert.case_id:
        return redirect("case", pk=alert.case_id)
    return redirect("alert", pk=alert.pk)


def _run(request: HttpRequest, pk: str, action: Any, done: str) -> HttpResponse:
    """Run a hand-off service on a visible alert; errors as a message on the page."""
    alert = queries.get_alert_for(request.user, pk)
    try:
        action(alert)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        raise Http404 from exc
    else:
        messages.success(request, done)
    return _back(request, alert)


@login_required
@require_POST
def tick_protocol(request: HttpRequest, pk: str) -> HttpResponse:
    return _run(
        request,
        pk,
        lambda alert: services.tick_step(
            by=request.user,
            alert=alert,
            step=request.POST.get("step", ""),
            answer=request.POST.get("answer", ""),
        ),
        _("Step recorded."),
    )


@login_required
@require_POST
def identify_friend(request: HttpRequest, pk: str) -> HttpResponse:
    def action(alert: Any) -> None:
        raw = request.POST.get("person", "")
        person = None
        if raw:
            person = (
                queries.friend_choices(request.user, alert.organisation_id)
                .filter(pk__in=[raw] if _is_uuid(raw) else [])
                .first()
            )
            if person is None:
                raise ValidationError(_("Choose a person of this organisation."))
        services.identify_friend(
            by=request.user, alert=alert, person=person, note=request.POST.get("note", "")
        )

    return _run(request, pk, action, _("Saved who the friend is."))


@login_required
@require_POST
def mark_detection(request: HttpRequest, pk: str) -> HttpResponse:
    return _run(
        request,
        pk,
        lambda alert: services.mark_detection(
            by=request.user,
            alert=alert,
            kind=request.POST.get("kind", ""),
            note=request.POST.get("note", ""),
        ),
        _("Thank you: the mark is counted for the safeguarding lead."),
    )


def _is_uuid(raw: str) -> bool:
    try:
        uuid.UUID(raw)
    except ValueError:
        return False
    return True


@login_required
def detection_report(request: HttpRequest) -> HttpResponse:
    """Detections counselors marked wrong, counted for the safeguarding lead."""
    org = current_org(request)
    if not permissions.can_view_detection_report(request.user, org.id):
        raise Http404
    report = queries.detection_feedback(request.user, org.id)
    audit.record(request.user, "safety.detection_report_viewed", organisation=org)
    return render(
        request,
        "safety/detection_report.html",
        {"report": report, "here": "marks", "can_see_marks": True},
    )


@login_required
@require_POST
def handle_alert(request: HttpRequest, pk: str, action: str) -> HttpResponse:
    alert = queries.get_alert_for(request.user, pk)
    try:
        if action == "acknowledge":
            services.acknowledge_alert(by=request.user, alert=alert)
            messages.success(request, _("Alert acknowledged. Contact the person now."))
        elif action == "resolve":
            services.resolve_alert(by=request.user, alert=alert, note=request.POST.get("note", ""))
            messages.success(request, _("Alert resolved."))
        else:
            raise Http404
    except PermissionDenied as exc:
        raise Http404 from exc
    return redirect("alert", pk=alert.pk)
