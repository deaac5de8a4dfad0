"""Logging activities, reading them, and moving them through their statuses."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rangkul.accounts.models import OrganisationKind
from rangkul.accounts.permissions import has_capability
from rangkul.accounts.roles import Capability
from rangkul.activities import permissions, queries, services
from rangkul.activities.forms import FORMS, GroupSessionForm, OutcomeForm
from rangkul.activities.models import (
    GROUP_KINDS,
    PSYCHOSOCIAL_KINDS,
    SCHOOL_ONLY_KINDS,
    SYSTEMIC_KINDS,
    ActivityStatus,
    Kind,
)
from rangkul.cases.models import Confidentiality
from rangkul.cases.permissions import case_role
from rangkul.lib.api import page_of
from rangkul.lib.scoping import parse_uuid
from rangkul.lib.views import attach_errors, current_org, error_text


def _kinds_for(user: Any, org_id: uuid.UUID, org_kind: str = "") -> list[tuple[str, Any]]:
    """The kinds this user may log here: peer supporters log peer meetings only; a community
    organisation sees psychosocial kinds first and no school-only BK services."""
    kinds: list[tuple[str, Any]] = []
    if has_capability(user, org_id, Capability.WORK_CASES):
        kinds = [(k, label) for k, label in Kind.choices if k != Kind.PEER_MEETING]
        if org_kind == OrganisationKind.COMMUNITY:
            first = [(k.value, k.label) for k in PSYCHOSOCIAL_KINDS]
            rest = [(k, lb) for k, lb in kinds if k not in SCHOOL_ONLY_KINDS]
            kinds = first + [(k, lb) for k, lb in rest if k not in dict(first)]
    if has_capability(user, org_id, Capability.PEER_SUPPORT):
        kinds.insert(0, (Kind.PEER_MEETING.value, Kind.PEER_MEETING.label))
    return kinds


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_log_anything(request.user, org.id):
        if permissions.can_book_slots(request.user, org.id):
            return redirect("my_appointments")
        raise Http404
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    activities = queries.worked_activity_listing(
        request.user,
        org,
        kind=kind if kind in Kind.values else "",
        status=status if status in ActivityStatus.values else "",
    )
    page = page_of(activities, request.GET.get("page"))
    context = {
        "page": page,
        "kind": kind,
        "status": status,
        "kinds": Kind.choices,
        "statuses": ActivityStatus.choices,
        "can_schedule": permissions.can_publish_slots(request.user, org.id),
    }
    return render(request, "activities/list.html", context)


@login_required
def choose_kind(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    kinds = _kinds_for(request.user, org.id, org.kind)
    if not kinds:
        raise Http404
    case = request.GET.get("case", "")
    return render(request, "activities/choose_kind.html", {"kinds": kinds, "case": case})


def _group_from_query(request: HttpRequest, org_id: object) -> object:
    raw = request.POST.get("group") or request.GET.get("group")
    if not raw:
        return None
    try:
        return queries.get_group_for(request.user, parse_uuid(raw))
    except Http404:
        return None


@login_required
def log_activity(request: HttpRequest, kind: str) -> HttpResponse:
    org = current_org(request)
    if kind not in dict(_kinds_for(request.user, org.id, org.kind)):
        raise Http404
    form_class = FORMS[kind]
    extra = {}
    if form_class is GroupSessionForm:
        extra["group"] = _group_from_query(request, org.id)
    initial = {
        "case": request.GET.get("case", ""),
        "person": request.GET.get("person", ""),
        "guardian": request.GET.get("guardian", ""),
    }
    form = form_class(
        request.POST or None, user=request.user, org=org, kind=kind, initial=initial, **extra
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.log_activity(by=request.user, organisation=org, data=form.to_data())
        except ValidationError as exc:
            rename = {"text": "note"}
            if "people" not in form.fields:
                rename["people"] = "person"
            attach_errors(form, exc, rename=rename)
        except PermissionDenied as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("The activity was recorded."))
            return redirect("activity", pk=activity.pk)
    context = {
        "form": form,
        "kind": kind,
        "kind_label": Kind(kind).label,
        "is_group": kind in GROUP_KINDS,
        "group": extra.get("group"),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "activities/form.html", context, status=status)


@login_required
def activity_detail(request: HttpRequest, pk: str) -> HttpResponse:
    activity = services.open_activity_record(by=request.user, pk=pk)
    user = request.user
    if not activity.full_access:  # type: ignore[attr-defined]
        return render(
            request,
            "activities/appointment.html",
            {
                "activity": activity,
                "can_cancel": permissions.can_cancel_activity(user, activity),
            },
        )
    participants = list(queries.participants_of(activity))
    notes = queries.notes_of_activity(user, activity)  # audits the notes shown
    can_manage = permissions.can_manage_activity(user, activity)
    systemic = activity.kind in SYSTEMIC_KINDS
    context = {
        "activity": activity,
        "participants": participants,
        "notes": notes,
        "pseudonym": permissions.pseudonym_for(user, activity.case),
        "can_manage": can_manage,
        "can_cancel": permissions.can_cancel_activity(user, activity),
        "is_group": activity.kind in GROUP_KINDS,
        "attendance": queries.attendance_counts(participants),
        "is_systemic": systemic,
        "outside": list(activity.outside_participants.all()) if systemic else [],
        "outcome_form": OutcomeForm(
            initial={"agreed_actions": activity.agreed_actions, "result": activity.result}
        )
        if systemic and can_manage and activity.status == ActivityStatus.DONE
        else None,
        "restricted": Confidentiality.RESTRICTED,
        "can_view_case": activity.case_id is not None
        and case_role(user, activity.case) is not None,
    }
    return render(request, "activities/detail.html", context)


@login_required
def systemic_list(request: HttpRequest) -> HttpResponse:
    """Family meetings, school coordination and community events the worker may read."""
    org = current_org(request)
    if not permissions.can_log_activity(request.user, org.id, Kind.FAMILY_MEETING):
        raise Http404
    kind = request.GET.get("kind", "")
    activities = queries.worked_activity_listing(
        request.user, org, kind=kind if kind in SYSTEMIC_KINDS else "", kinds=SYSTEMIC_KINDS
    )
    page = page_of(activities, request.GET.get("page"))
    kinds = [(k, label) for k, label in Kind.choices if k in SYSTEMIC_KINDS]
    return render(
        request, "activities/systemic_list.html", {"page": page, "kind": kind, "kinds": kinds}
    )


@login_required
@require_POST
def outcomes(request: HttpRequest, pk: str) -> HttpResponse:
    activity = queries.get_activity_for(request.user, pk)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.record_outcomes(by=request.user, activity=activity, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("The outcomes were saved."))
    else:
        messages.error(request, _("This text is too long."))
    return redirect("activity", pk=activity.pk)


def _act(request: HttpRequest, pk: str, action: str) -> HttpResponse:
    activity = queries.get_activity_for(request.user, pk)
    try:
        if action == "done":
            # Attendance only when the form sent it; otherwise it stays as recorded.
            taken = activity.kind in GROUP_KINDS and "present" in request.POST
            present = request.POST.getlist("present") if taken else None
            services.complete_activity(by=request.user, activity=activity, present=present)
            messages.success(request, _("The activity was marked done."))
        elif action == "cancel":
            services.cancel_activity(by=request.user, activity=activity)
            messages.success(request, _("The appointment was cancelled."))
        else:
            services.record_attendance(
                by=request.user, activity=activity, present=request.POST.getlist("present")
            )
            messages.success(request, _("Attendance was saved."))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    return redirect("activity", pk=activity.pk)


@login_required
@require_POST
def complete(request: HttpRequest, pk: str) -> HttpResponse:
    return _act(request, pk, "done")


@login_required
@require_POST
def cancel(request: HttpRequest, pk: str) -> HttpResponse:
    return _act(request, pk, "cancel")


@login_required
@require_POST
def attendance(request: HttpRequest, pk: str) -> HttpResponse:
    return _act(request, pk, "attendance")
