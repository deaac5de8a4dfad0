"""Supervision sessions with peer supporters, and the student's pulse after a peer meeting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rangkul.activities import permissions, queries, services
from rangkul.activities.forms import PeerSupervisionForm, PulseForm
from rangkul.activities.services.supervision import open_debriefs
from rangkul.lib.views import attach_errors, current_org, error_text


@login_required
def supervision_new(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_record_supervision(request.user, org.id):
        raise Http404
    form = PeerSupervisionForm(
        request.POST or None,
        peers=services.supervisable_peers(org.id),
        debriefs=open_debriefs(org.id),
        initial={"duration_minutes": 60},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            activity = services.record_supervision(
                by=request.user,
                organisation=org,
                data=services.SupervisionData(
                    starts_at=d["starts_at"],
                    duration_minutes=d["duration_minutes"],
                    mode=d["mode"],
                    place=d["place"],
                    peers=d["peers"],
                    debriefs=d["debriefs"],
                    actions=d["actions"],
                ),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("The supervision session was recorded."))
            return redirect("activity", pk=activity.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "activities/supervision_form.html", {"form": form}, status=status)


@login_required
def my_supervision(request: HttpRequest) -> HttpResponse:
    """A peer supporter's own supervision sessions."""
    org = current_org(request)
    sessions = queries.own_supervision_sessions(request.user, org)
    return render(request, "activities/my_supervision.html", {"sessions": sessions})


@login_required
def pulse(request: HttpRequest, pk: str) -> HttpResponse:
    """The student's two questions after a peer meeting, answered once."""
    row = queries.get_pulse_for(request.user, pk)
    form = PulseForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not row.is_answered:
        try:
            services.answer_pulse(by=request.user, pulse=row, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        except PermissionDenied as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Thank you for answering."))
            return redirect("home")
    status = 400 if request.method == "POST" and not row.is_answered else 200
    return render(request, "activities/pulse.html", {"pulse": row, "form": form}, status=status)
