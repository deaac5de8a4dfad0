"""The team's pages: the matters list, one matter, its actions; the team; the summary."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rangkul.accounts.models import User
from rangkul.accounts.queries import members_with_roles
from rangkul.accounts.roles import STAFF_ROLES
from rangkul.lib.scoping import get_in_scope
from rangkul.lib.views import attach_errors, current_org, error_text
from rangkul.violence import aggregates, permissions, queries, services, steps
from rangkul.violence.forms import (
    AssignForm,
    MeasureForm,
    OfferForm,
    OutcomeForm,
    StepForm,
    TeamMemberForm,
)
from rangkul.violence.models import Matter, MatterStatus, Outcome, Step


@login_required
def matters(request: HttpRequest) -> HttpResponse:
    org = getattr(request, "organisation", None)
    listing = queries.matter_listing(request.user, org, here_only=False)
    rows = listing.shown(list(listing.queryset[:200]))
    context = {
        "matters": rows,
        "can_view_team": org is not None and permissions.can_view_team(request.user, org.id),
    }
    return render(request, "violence/matters.html", context)


def _team_choices(matter: Matter) -> list[tuple[str, str]]:
    excluded = set(matter.report.excluded.values_list("pk", flat=True))
    return [
        (str(seat.user.public_id), f"{seat.user.display_name()} · {seat.get_role_display()}")
        for seat in queries.team_of(matter.organisation_id)
        if seat.user_id not in excluded
    ]


def _people_choices(matter: Matter) -> list[tuple[str, str]]:
    return [
        (str(p.pk), f"{p.full_name} · {p.cohort.name if p.cohort else '–'}")
        for p in queries.offerable_people(matter.organisation_id)
    ]


def _detail(request: HttpRequest, matter: Matter, status: int = 200, **forms: Any) -> HttpResponse:
    user = request.user
    handling = permissions.is_handling(user, matter) and matter.status == MatterStatus.OPEN
    outcome = Outcome.objects.filter(matter=matter).first()
    past_examination = steps.STEP_ORDER.index(matter.step) >= steps.STEP_ORDER.index(
        Step.CONCLUSION
    )
    context = {
        "matter": matter,
        "report": matter.report,
        "step_records": matter.steps.select_related("owner", "completed_by"),
        "rules": steps.rules(),
        "current_rule": steps.rule(matter.step),
        "measures": matter.measures.all(),
        "additions": matter.report.additions.all(),
        "handlers": matter.handlers.all(),
        "outcome": outcome,
        "show_reporter": permissions.can_see_reporter(user, matter),
        "handling": handling,
        "can_assign": handling and permissions.can_assign(user, matter),
        "can_record_outcome": handling and past_examination,
        "assign_form": forms.get("assign_form")
        or AssignForm(
            people=_team_choices(matter),
            initial={"users": [str(u.public_id) for u in matter.handlers.all()]},
        ),
        "step_form": forms.get("step_form") or StepForm(),
        "offers": matter.offers.select_related("person"),
        "offer_form": forms.get("offer_form")
        or (OfferForm(people=_people_choices(matter)) if handling else None),
        "measure_form": forms.get("measure_form") or MeasureForm(),
        "outcome_form": forms.get("outcome_form")
        or OutcomeForm(
            initial={
                "finding": outcome.finding,
                "recommendations": outcome.recommendations,
                "sanctions": outcome.sanctions,
                "recovery_plan": outcome.recovery_plan,
                "decided_by": outcome.decided_by,
                "decided_on": outcome.decided_on,
            }
            if outcome
            else None
        ),
    }
    return render(request, "violence/matter.html", context, status=status)


@login_required
def matter_detail(request: HttpRequest, pk: str) -> HttpResponse:
    matter = services.open_matter_record(by=request.user, pk=pk)
    return _detail(request, matter)


@login_required
@require_POST
def matter_action(request: HttpRequest, pk: str, action: str) -> HttpResponse:
    matter = queries.get_matter_for(request.user, pk)
    user = request.user
    form: Any
    try:
        if action == "assign":
            form = AssignForm(request.POST, people=_team_choices(matter))
            if not form.is_valid():
                return _detail(request, matter, 400, assign_form=form)
            chosen = list(User.objects.filter(public_id__in=form.cleaned_data["users"]))
            services.assign_handlers(by=user, matter=matter, users=chosen)
            messages.success(request, _("The team handling this matter was saved."))
        elif action == "step":
            form = StepForm(request.POST)
            if not form.is_valid():
                return _detail(request, matter, 400, step_form=form)
            services.complete_step(
                by=user,
                matter=matter,
                step=request.POST.get("step", ""),
                summary=form.cleaned_data["summary"],
            )
            messages.success(request, _("The step was recorded."))
        elif action == "measure":
            form = MeasureForm(request.POST)
            if not form.is_valid():
                return _detail(request, matter, 400, measure_form=form)
            services.add_measure(by=user, matter=matter, **form.cleaned_data)
            messages.success(request, _("The protection measure was recorded."))
        elif action == "offer":
            form = OfferForm(request.POST, people=_people_choices(matter))
            if not form.is_valid():
                return _detail(request, matter, 400, offer_form=form)
            person = queries.offerable_people(matter.organisation_id).get(
                pk=form.cleaned_data["person"]
            )
            services.offer_support(
                by=user, matter=matter, person=person, party=form.cleaned_data["party"]
            )
            messages.success(request, _("The offer was sent. The student decides."))
        elif action == "outcome":
            form = OutcomeForm(request.POST)
            if not form.is_valid():
                return _detail(request, matter, 400, outcome_form=form)
            services.record_outcome(by=user, matter=matter, **form.cleaned_data)
            messages.success(request, _("The outcome was recorded."))
        else:
            raise Http404
    except PermissionDenied as exc:
        raise PermissionDenied(error_text(exc)) from exc
    except ValidationError as exc:
        name = {
            "assign": "assign_form",
            "step": "step_form",
            "measure": "measure_form",
            "offer": "offer_form",
        }.get(action, "outcome_form")
        attach_errors(form, exc)
        return _detail(request, matter, 400, **{name: form})
    return redirect("violence_matter", pk=matter.pk)


# --- The team -----------------------------------------------------------------------------


def _staff_choices(org_id: Any) -> list[tuple[str, str]]:
    return [
        (str(u.public_id), u.display_name()) for u in members_with_roles(org_id, list(STAFF_ROLES))
    ]


@login_required
def team(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_view_team(request.user, org.id):
        raise Http404
    manage = permissions.can_manage_team(request.user, org.id)
    status = 200
    form = TeamMemberForm(people=_staff_choices(org.id))
    if request.method == "POST":
        if not manage:
            raise PermissionDenied(_("You may not change this team."))
        form = TeamMemberForm(request.POST, people=_staff_choices(org.id))
        if form.is_valid():
            chosen = User.objects.filter(public_id=form.cleaned_data["user"]).first()
            try:
                services.add_team_member(
                    by=request.user, organisation=org, user=chosen, role=form.cleaned_data["role"]
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("The team member was added."))
                return redirect("violence_team")
        status = 400
    context = {"seats": queries.team_of(org.id), "form": form, "manage": manage, "org": org}
    return render(request, "violence/team.html", context, status=status)


@login_required
@require_POST
def team_remove(request: HttpRequest, pk: str) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_view_team(request.user, org.id):
        raise Http404
    seat = get_in_scope(queries.team_of(org.id), pk)
    services.remove_team_member(by=request.user, seat=seat)
    messages.success(request, _("The team member was removed."))
    return redirect("violence_team")


@login_required
def summary(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    orgs = permissions.summary_orgs(request.user, org)
    if orgs is None:
        raise Http404
    context = {"org": org, "summary": aggregates.summary(orgs), "rules": steps.rules()}
    return render(request, "violence/summary.html", context)


# --- Offers of support, answered by the student -----------------------------------------


@login_required
def my_offers(request: HttpRequest) -> HttpResponse:
    return render(request, "violence/offers.html", {"offers": queries.my_offers(request.user)})


@login_required
@require_POST
def answer_offer(request: HttpRequest, pk: str, answer: str) -> HttpResponse:
    if answer not in ("accept", "decline"):
        raise Http404
    offer = get_in_scope(queries.my_offers(request.user), pk)
    try:
        services.answer_support_offer(by=request.user, offer=offer, accept=answer == "accept")
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("violence_offers")
    if answer == "accept":
        messages.success(request, _("Thank you. A counselor will contact you."))
    else:
        messages.success(request, _("Your answer was saved. You can ask for help any time."))
    return redirect("violence_offers")
