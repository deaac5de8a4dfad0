from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rangkul.accounts.permissions import has_capability
from rangkul.accounts.roles import Capability
from rangkul.safety import queries, services
from rangkul.safety.models import AlertStatus


@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    org = request.organisation  # type: ignore[attr-defined]
    if org is None or not has_capability(request.user, org.id, Capability.RESPOND_TO_ALERTS):
        raise Http404
    status = request.GET.get("status", "")
    items = queries.visible_alerts(request.user, org.id)
    if status in AlertStatus.values:
        items = items.filter(status=status)
    return render(
        request,
        "safety/alerts.html",
        {
            "alerts": items[:200],
            "status": status,
            "statuses": AlertStatus.choices,
        },
    )


@login_required
def alert_detail(request: HttpRequest, pk: str) -> HttpResponse:
    alert = services.open_alert_record(by=request.user, pk=pk)
    return render(request, "safety/alert.html", {"alert": alert})


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
