from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rangkul.lib.views import current_org
from rangkul.people.permissions import can_manage_guardians
from rangkul.people.queries import guardians_of
from rangkul.safety import permissions, queries, services
from rangkul.safety.models import AlertSource, AlertStatus, Rung, Severity
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
    items = queries.filter_alerts(
        queries.visible_alerts(request.user, org.id),
        status=chosen["status"],
        severity=chosen["severity"],
        source=chosen["source"],
        days=chosen["days"],
        escalated=chosen["escalated"],
    )
    shown = list(items[:200])
    services.record_alert_list(by=request.user, alerts=shown, organisation=org)
    return render(
        request,
        "safety/alerts.html",
        {
            "alerts": shown,
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
            "escalations": list(queries.escalations_of(alert)),
            "out_of_hours_contact": arrangements.out_of_hours_contact,
            "reached_out_of_hours": alert.rung == Rung.OUT_OF_HOURS,
            "can_see_guardians": alert.person is not None
            and can_manage_guardians(request.user, alert.person),
            "guardians": guardians_of(request.user, alert.person) if alert.person else [],
        },
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
