"""Agenda, time slots, booking, direct scheduling and calendar files."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from rangkul.activities import ics, permissions, queries, services
from rangkul.activities.forms import AppointmentForm, SlotForm
from rangkul.audit import services as audit
from rangkul.lib.views import attach_errors, current_org, error_text

AGENDA_DAYS = 8  # today and the coming seven days


@login_required
def agenda(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_log_anything(request.user, org.id):
        raise Http404
    today = timezone.localdate()
    days = queries.agenda_days(request.user, org.id, today, AGENDA_DAYS)
    slots = list(
        queries.my_slots(request.user, org.id).filter(
            booked_activity__isnull=True, starts_at__lt=timezone.now() + timedelta(AGENDA_DAYS)
        )
    )
    context = {
        "days": days,
        "today": today,
        "free_slots": slots,
        "can_publish": permissions.can_publish_slots(request.user, org.id),
    }
    return render(request, "activities/agenda.html", context)


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def agenda_ics(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_log_anything(request.user, org.id):
        raise Http404
    activities = list(queries.feed_activities(request.user, org.id))
    audit.record(
        request.user,
        "activity.calendar_exported",
        organisation=org,
        data={"count": len(activities)},
    )
    return _ics_response(ics.calendar_for(activities), "rangkul.ics")


@login_required
def activity_ics(request: HttpRequest, pk: str) -> HttpResponse:
    activity = queries.get_activity_for(request.user, pk)
    audit.record(request.user, "activity.calendar_exported", activity, data={"count": 1})
    return _ics_response(ics.calendar_for([activity]), "janji-temu.ics")


@login_required
def slots(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_publish_slots(request.user, org.id):
        raise Http404
    form = SlotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.publish_slots(by=request.user, organisation=org, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d time slot published.",
                    "%(count)d time slots published.",
                    len(created),
                )
                % {"count": len(created)},
            )
            return redirect("slots")
    context = {"form": form, "slots": queries.my_slots(request.user, org.id)}
    return render(
        request, "activities/slots.html", context, status=400 if request.method == "POST" else 200
    )


@login_required
@require_POST
def slot_delete(request: HttpRequest, pk: str) -> HttpResponse:
    slot = queries.get_slot_for(request.user, pk)
    try:
        services.delete_slot(by=request.user, slot=slot)
        messages.success(request, _("The time slot was removed."))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    return redirect("slots")


@login_required
def book(request: HttpRequest) -> HttpResponse:
    """A student picks one of the free times of their organisation's counselors."""
    org = current_org(request)
    if not permissions.can_book_slots(request.user, org.id):
        raise Http404
    free = list(queries.free_slots(request.user, org.id)[:200])
    days: dict[object, list[object]] = {}
    for slot in free:
        days.setdefault(timezone.localtime(slot.starts_at).date(), []).append(slot)
    return render(request, "activities/book.html", {"days": list(days.items())})


@login_required
@require_POST
def slot_book(request: HttpRequest, pk: str) -> HttpResponse:
    slot = queries.get_slot_for(request.user, pk)
    try:
        activity = services.book_slot(by=request.user, slot=slot)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
        return redirect("book")
    messages.success(request, _("Your appointment is booked."))
    return redirect("activity", pk=activity.pk)


@login_required
def my_appointments(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_book_slots(request.user, org.id):
        raise Http404
    context = {
        "upcoming": queries.my_appointments(request.user, org.id),
        "past": queries.my_appointments(request.user, org.id, upcoming=False)[:20],
    }
    return render(request, "activities/my_appointments.html", context)


@login_required
def schedule(request: HttpRequest) -> HttpResponse:
    """A counselor schedules an individual session directly."""
    org = current_org(request)
    if not permissions.can_publish_slots(request.user, org.id):
        raise Http404
    initial = {"person": request.GET.get("person", ""), "case": request.GET.get("case", "")}
    form = AppointmentForm(request.POST or None, user=request.user, org=org, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activity = services.schedule_appointment(
                by=request.user,
                organisation=org,
                person=data["person"],
                starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
                mode=data["mode"],
                place=data["place"],
                case=data["case"] or None,
            )
        except ValidationError as exc:
            attach_errors(form, exc, rename={"people": "person"})
        else:
            messages.success(request, _("The appointment was scheduled."))
            return redirect("activity", pk=activity.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "activities/schedule.html", {"form": form}, status=status)
