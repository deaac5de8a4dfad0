from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rangkul.accounts.queries import members_with_roles
from rangkul.accounts.roles import Role
from rangkul.lib.views import attach_errors, current_org, error_text
from rangkul.peers import permissions, queries, services
from rangkul.peers.forms import (
    NominationForm,
    PolicyForm,
    ProfileForm,
    SelectionForm,
    StatusForm,
    SupervisorForm,
    windows_as_text,
)
from rangkul.peers.models import PEER_TRANSITIONS, NominationStatus, PeerProfile


@login_required
def programme(request: HttpRequest) -> HttpResponse:
    """The lead's page: every peer with their status, nominations and the rules."""
    org = current_org(request)
    if not permissions.can_run_programme(request.user, org.id):
        raise Http404
    policy = queries.policy_for(org.id)
    form = PolicyForm(
        request.POST or None,
        initial={
            "allow_adult_with_child": policy.allow_adult_with_child,
            "reminder_days": policy.reminder_days,
            "supervision_weeks": policy.supervision_weeks,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_policy(by=request.user, organisation=org, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("The programme's rules were saved."))
            return redirect("peer_programme")
    nominations = queries.visible_nominations(request.user, org.id)
    return render(
        request,
        "peers/programme.html",
        {
            "profiles": queries.visible_profiles(request.user, org.id),
            "open_nominations": nominations.filter(status=NominationStatus.OPEN),
            "decided_nominations": nominations.exclude(status=NominationStatus.OPEN)[:50],
            "policy_form": form,
        },
    )


def _profile_form(request: HttpRequest, profile: PeerProfile, lead: bool) -> ProfileForm:
    initial = {
        "availability": windows_as_text(profile.availability),
        "languages": profile.languages,
        "max_open_cases": profile.max_open_cases,
        "gender": profile.gender,
        "topics": profile.topics,
    }
    data = request.POST if request.POST.get("action") == "profile" else None
    return ProfileForm(data, initial=initial, lead=lead)


def _status_form(request: HttpRequest, profile: PeerProfile) -> StatusForm:
    data = request.POST if request.POST.get("action") == "status" else None
    return StatusForm(data, targets=sorted(PEER_TRANSITIONS[profile.status]))


@login_required
def profile_detail(request: HttpRequest, pk: str) -> HttpResponse:
    profile = queries.get_profile_for(request.user, pk)
    lead = permissions.can_run_programme(request.user, profile.organisation_id)
    profile_form = _profile_form(request, profile, lead)
    status_form = _status_form(request, profile)
    counselors = [
        (str(u.public_id), u.display_name())
        for u in members_with_roles(profile.organisation_id, [Role.COUNSELOR, Role.COORDINATOR])
    ]
    supervisor_form = SupervisorForm(
        request.POST if request.POST.get("action") == "supervisor" else None,
        initial={"supervisor": str(profile.supervisor.public_id) if profile.supervisor else ""},
        counselors=counselors,
    )
    if request.method == "POST" and request.POST.get("action") == "supervisor":
        if supervisor_form.is_valid():
            chosen = supervisor_form.cleaned_data["supervisor"]
            supervisor = (
                members_with_roles(profile.organisation_id, [Role.COUNSELOR, Role.COORDINATOR])
                .filter(public_id=chosen)
                .first()
                if chosen
                else None
            )
            try:
                services.set_supervisor(by=request.user, profile=profile, supervisor=supervisor)
            except ValidationError as exc:
                attach_errors(supervisor_form, exc)
            except PermissionDenied as exc:
                messages.error(request, error_text(exc))
            else:
                messages.success(request, _("The supervisor was saved."))
                return redirect("peer_profile", pk=profile.pk)
    elif request.method == "POST":
        action = request.POST.get("action")
        form = profile_form if action == "profile" else status_form
        if form.is_valid():
            try:
                if action == "profile":
                    services.update_profile(by=request.user, profile=profile, **form.cleaned_data)
                    messages.success(request, _("The profile was saved."))
                else:
                    services.transition(by=request.user, profile=profile, **form.cleaned_data)
                    messages.success(request, _("The status was changed."))
            except ValidationError as exc:
                attach_errors(form, exc)
            except PermissionDenied as exc:
                messages.error(request, error_text(exc))
            else:
                return redirect("peer_profile", pk=profile.pk)
    return render(
        request,
        "peers/profile.html",
        {
            "profile": profile,
            "history": queries.profile_history(request.user, profile),
            "profile_form": profile_form,
            "status_form": status_form
            if permissions.can_change_status(request.user, profile)
            else None,
            "supervisor_form": supervisor_form
            if permissions.can_change_status(request.user, profile)
            else None,
            "is_own": profile.user_id == request.user.pk,
        },
    )


@login_required
def my_profile(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    profile = queries.own_profile(request.user, org.id)
    if profile is None:
        raise Http404
    return redirect("peer_profile", pk=profile.pk)


@login_required
def nominate(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_nominate(request.user, org.id):
        raise Http404
    students = [
        (str(u.public_id), u.display_name())
        for u in members_with_roles(org.id, [Role.STUDENT]).exclude(pk=request.user.pk or 0)
    ]
    form = NominationForm(request.POST or None, students=students)
    if request.method == "POST" and form.is_valid():
        nominee = (
            members_with_roles(org.id, [Role.STUDENT])
            .filter(public_id=form.cleaned_data["nominee"])
            .first()
        )
        if nominee is None:
            raise Http404
        try:
            services.nominate(
                by=request.user, organisation=org, nominee=nominee, why=form.cleaned_data["why"]
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        except PermissionDenied as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Thank you: the nomination was sent to the coordinator."))
            return redirect("peer_nominate")
    mine = queries.visible_nominations(request.user, org.id).filter(nominated_by_id=request.user.pk)
    return render(request, "peers/nominate.html", {"form": form, "mine": mine})


@login_required
def selection(request: HttpRequest, pk: str) -> HttpResponse:
    nomination = queries.get_nomination_for(request.user, pk)
    if not permissions.can_view_selection(request.user, nomination):
        raise Http404
    record = queries.selection_for(request.user, nomination)
    form = SelectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_selection(
                by=request.user,
                nomination=nomination,
                scores=form.scores(),
                decision=form.cleaned_data["decision"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        except PermissionDenied as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("The selection was recorded."))
            return redirect("peer_programme")
    return render(
        request,
        "peers/selection.html",
        {"nomination": nomination, "record": record, "form": form},
    )


@login_required
def supervision(request: HttpRequest) -> HttpResponse:
    """Supervision: a counselor's peers and the debriefs waiting for them; for the lead
    also the coverage (peers without supervision for longer than the programme's rule)."""
    org = current_org(request)
    if not permissions.can_view_supervision(request.user, org.id):
        raise Http404
    lead = permissions.can_lead_supervision(request.user, org.id)
    return render(
        request,
        "peers/supervision.html",
        {
            "debriefs": list(queries.open_debriefs_for(request.user, org.id)),
            "mine": list(queries.supervised_by(request.user, org.id)),
            "unsupervised": list(queries.unsupervised_peers(request.user, org.id))
            if lead
            else None,
            "weeks": queries.policy_for(org.id).supervision_weeks,
        },
    )
