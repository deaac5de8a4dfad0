"""The organisation's safety arrangements: duty roster, phrase list, local crisis
resources and settings. Responders see them; the coordinator changes them."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from rangkul.accounts.models import User
from rangkul.accounts.queries import members_with_roles
from rangkul.accounts.roles import STAFF_ROLES
from rangkul.lib.views import attach_errors, current_org
from rangkul.safety import permissions, queries, services
from rangkul.safety.forms import (
    CrisisResourceForm,
    PhraseForm,
    ResponderPhoneForm,
    SettingsForm,
    ShiftForm,
)
from rangkul.safety.resources import national_resources
from rangkul.safety.roster import (
    coverage_gaps,
    duty_candidates,
    on_duty_users,
    roster_week,
    settings_for,
    week_start,
)


def _people(users: Any) -> list[tuple[str, str]]:
    return [(str(u.public_id), u.display_name()) for u in users]


def _user(public_id: str) -> User | None:
    return User.objects.filter(public_id=public_id).first() if public_id else None


# --- duty roster ----------------------------------------------------------------------------


def _week(request: HttpRequest, zone: Any) -> date:
    try:
        return roster_week(date.fromisoformat(request.GET.get("week", "")))
    except (ValueError, ValidationError):
        return week_start(timezone.localdate(timezone=zone))


@login_required
def roster(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_view_roster(request.user, org.id):
        raise Http404
    can_edit = permissions.can_edit_roster(request.user, org.id)
    zone = org.zone
    monday = _week(request, zone)
    people = _people(duty_candidates(org.id))
    form = ShiftForm(people=people, initial={"day": timezone.localdate(timezone=zone)})
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = ShiftForm(request.POST, people=people)
        if form.is_valid():
            starts, ends = form.span(zone)
            try:
                services.add_shift(
                    by=request.user,
                    organisation=org,
                    user=_user(form.cleaned_data["user"]),
                    starts_at=starts,
                    ends_at=ends,
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("Shift added."))
                week = week_start(form.cleaned_data["day"]).isoformat()
                return redirect(f"{reverse('duty_roster')}?week={week}")
    start = datetime.combine(monday, time(0), tzinfo=zone)
    shifts = list(
        queries.visible_shifts(request.user, org.id).filter(
            starts_at__lt=start + timedelta(days=7), ends_at__gt=start
        )
    )
    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        days.append(
            {
                "date": day,
                "shifts": [s for s in shifts if s.starts_at.astimezone(zone).date() == day],
            }
        )
    arrangements = settings_for(org)
    return render(
        request,
        "safety/roster.html",
        {
            "form": form,
            "can_edit": can_edit,
            "days": days,
            "monday": monday,
            "previous_week": (monday - timedelta(days=7)).isoformat(),
            "next_week": (monday + timedelta(days=7)).isoformat(),
            "gaps": coverage_gaps(org, settings=arrangements),
            "on_duty": on_duty_users(org),
            "arrangements": arrangements,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def remove_shift(request: HttpRequest, pk: str) -> HttpResponse:
    shift = queries.get_shift_for(request.user, pk)
    week = week_start(shift.starts_at.astimezone(shift.organisation.zone).date())
    services.remove_shift(by=request.user, shift=shift)
    messages.success(request, _("Shift removed."))
    return redirect(f"{reverse('duty_roster')}?week={week.isoformat()}")


@login_required
@require_POST
def copy_week(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_view_roster(request.user, org.id):
        raise Http404
    try:
        monday = roster_week(date.fromisoformat(request.POST.get("week", "")))
    except (ValueError, ValidationError):
        monday = week_start(timezone.localdate(timezone=org.zone))
    copied = services.copy_previous_week(by=request.user, organisation=org, week=monday)
    text = ngettext(
        "%(count)s shift copied from the week before.",
        "%(count)s shifts copied from the week before.",
        copied,
    )
    messages.success(request, text % {"count": copied})
    return redirect(f"{reverse('duty_roster')}?week={monday.isoformat()}")


# --- phrase list ----------------------------------------------------------------------------


@login_required
def phrases(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_view_phrases(request.user, org.id):
        raise Http404
    can_edit = permissions.can_edit_phrases(request.user, org.id)
    form = PhraseForm()
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = PhraseForm(request.POST)
        if form.is_valid():
            try:
                services.add_phrase(by=request.user, organisation=org, **form.cleaned_data)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("Phrase added. It is used from the next text on."))
                return redirect("safety_phrases")
    return render(
        request,
        "safety/phrases.html",
        {
            "form": form,
            "can_edit": can_edit,
            "phrases": queries.visible_phrases(request.user, org.id),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def deactivate_phrase(request: HttpRequest, pk: str) -> HttpResponse:
    phrase = queries.get_phrase_for(request.user, pk)
    services.deactivate_phrase(by=request.user, phrase=phrase)
    messages.success(request, _("Phrase switched off."))
    return redirect("safety_phrases")


# --- local crisis resources -----------------------------------------------------------------


@login_required
def resources(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_view_resources(request.user, org.id):
        raise Http404
    can_edit = permissions.can_edit_resources(request.user, org.id)
    form = CrisisResourceForm(initial={"last_verified": timezone.localdate(), "active": True})
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = CrisisResourceForm(request.POST)
        if _save_resource(request, form, org, None):
            return redirect("safety_resources")
    return render(
        request,
        "safety/resources.html",
        {
            "form": form,
            "can_edit": can_edit,
            "national": national_resources(),
            "local": queries.visible_resources(request.user, org.id),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def resource(request: HttpRequest, pk: str) -> HttpResponse:
    item = queries.get_resource_for(request.user, pk)
    can_edit = permissions.can_edit_org_object(request.user, item)
    if not can_edit:
        raise PermissionDenied
    fields = ("name", "contact", "link", "serves", "hours", "always_open", "last_verified")
    form = CrisisResourceForm(initial={f: getattr(item, f) for f in (*fields, "active")})
    if request.method == "POST":
        form = CrisisResourceForm(request.POST)
        if _save_resource(request, form, item.organisation, item):
            return redirect("safety_resources")
    return render(
        request,
        "safety/resource_form.html",
        {"form": form, "item": item},
        status=400 if request.method == "POST" else 200,
    )


def _save_resource(request: HttpRequest, form: CrisisResourceForm, org: Any, item: Any) -> bool:
    if not form.is_valid():
        return False
    try:
        services.save_crisis_resource(
            by=request.user, organisation=org, resource=item, **form.cleaned_data
        )
    except ValidationError as exc:
        attach_errors(form, exc)
        return False
    messages.success(request, _("Crisis resource saved."))
    return True


# --- settings -------------------------------------------------------------------------------


def _initial(current: Any) -> dict[str, Any]:
    return {
        "around_the_clock": current.around_the_clock,
        "duty_days": sorted(current.duty_weekdays),
        "duty_start": current.duty_start,
        "duty_end": current.duty_end,
        "out_of_hours_user": current.out_of_hours_user.public_id
        if current.out_of_hours_user
        else "",
        "out_of_hours_name": current.out_of_hours_name,
        "out_of_hours_phone": current.out_of_hours_phone,
        "safeguarding_lead": current.safeguarding_lead.public_id
        if current.safeguarding_lead
        else "",
        "ack_minutes_urgent": current.ack_minutes_urgent,
        "ack_minutes_concern": current.ack_minutes_concern,
        "protocol_steps": current.protocol_steps,
        "text_channel": current.text_channel,
        "text_when": current.text_when,
        "quick_exit_url": current.quick_exit_url,
        "calendar_title": current.organisation.calendar_title,
    }


@login_required
def safety_settings(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    current = queries.get_settings_for(request.user, org)
    can_edit = permissions.can_edit_settings(request.user, org.id)
    staff = _people(members_with_roles(org.id, list(STAFF_ROLES)))
    form = SettingsForm(initial=_initial(current), staff=staff)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = SettingsForm(request.POST, staff=staff)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["out_of_hours_user"] = _user(data["out_of_hours_user"])
            data["safeguarding_lead"] = _user(data["safeguarding_lead"])
            data["text_when"] = data["text_when"] or None
            try:
                services.update_settings(by=request.user, organisation=org, **data)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("Safety settings saved."))
                return redirect("safety_settings")
    return render(
        request,
        "safety/settings.html",
        {
            "form": form,
            "can_edit": can_edit,
            "current": current,
            "responder": permissions.can_view_safety_lists(request.user, org.id),
            "phones": queries.responder_phones(request.user, org.id),
            "phone_form": ResponderPhoneForm(people=_people(duty_candidates(org.id))),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def save_phone(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    form = ResponderPhoneForm(request.POST, people=_people(duty_candidates(org.id)))
    if not form.is_valid():
        messages.error(request, _("Choose a person and write the phone number."))
        return redirect("safety_settings")
    try:
        services.save_responder_phone(
            by=request.user,
            organisation=org,
            user=_user(form.cleaned_data["user"]),
            phone=form.cleaned_data["phone"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        raise Http404 from exc
    else:
        messages.success(request, _("Phone saved."))
    return redirect("safety_settings")


@login_required
@require_POST
def remove_phone(request: HttpRequest, pk: str) -> HttpResponse:
    row = queries.get_responder_phone_for(request.user, pk)
    try:
        services.remove_responder_phone(by=request.user, row=row)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("Phone removed."))
    return redirect("safety_settings")
