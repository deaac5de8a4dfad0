"""Staff pages: the screenings home, launching a campaign, a campaign's results and
follow-up list; the principal's aggregates."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rangkul.accounts.permissions import has_capability
from rangkul.accounts.roles import Capability
from rangkul.activities.queries import get_group_for, visible_groups
from rangkul.cases.models import OPEN_STATUSES
from rangkul.cases.queries import get_case_for, visible_cases
from rangkul.lib.scoping import get_in_scope, parse_uuid
from rangkul.lib.views import current_org, language_of
from rangkul.people.queries import visible_cohorts, visible_people
from rangkul.screenings import aggregates, permissions, queries, services
from rangkul.screenings.forms import CampaignForm
from rangkul.screenings.views.respond import my_questionnaires

MAX_PEOPLE_CHOICES = 300
CAMPAIGNS_PER_PAGE = 50


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Staff see their campaigns; principals the aggregates; respondents their own."""
    org = current_org(request)
    user = request.user
    if permissions.can_create_campaign(user, org.id):
        page = Paginator(
            queries.visible_campaigns(user, org.id).order_by("-opens_on", "-created_at", "id"),
            CAMPAIGNS_PER_PAGE,
        ).get_page(request.GET.get("page"))
        campaigns = list(page)
        counts = queries.completions([c.pk for c in campaigns])
        today = org.today()
        rows = [(c, counts.get(c.pk), c.is_open_on(today)) for c in campaigns]
        context = {
            "rows": rows,
            "page": page,
            "can_configure": permissions.can_view_instrument_settings(user, org.id),
        }
        return render(request, "screenings/campaigns.html", context)
    if has_capability(user, org.id, Capability.VIEW_AGGREGATES):
        return aggregate_index(request, org)
    if permissions.can_view_instrument_settings(user, org.id):
        return redirect("screening_instruments")
    if has_capability(user, org.id, Capability.VIEW_CHILD_AGGREGATES):
        # A district analyst answers no questionnaires: the figures are on the home page.
        return redirect("home")
    return my_questionnaires(request)


def aggregate_index(request: HttpRequest, org: Any) -> HttpResponse:
    campaigns = list(queries.aggregate_campaigns(request.user, org.id)[:50])
    distributions = queries.band_distributions(request.user, campaigns, language_of(request))
    rows = [(c, distributions[c.pk]) for c in campaigns]
    return render(request, "screenings/aggregates.html", {"rows": rows})


def _form(request: HttpRequest, org: Any, data: Any = None) -> CampaignForm:
    user = request.user
    lang = language_of(request)
    instruments = [
        (
            a.key,
            f"{a.instrument.short_name} — {a.instrument.name.get(lang) or a.instrument.short_name}",
        )
        for a in queries.available_instruments(org.id, only_enabled=True)
    ]
    people = visible_people(user, org.id).filter(user__isnull=False)[:MAX_PEOPLE_CHOICES]
    cases = (
        visible_cases(user, org.id)
        .filter(status__in=OPEN_STATUSES)
        .exclude(person__user_id=getattr(user, "pk", None) or 0)
    )
    return CampaignForm(
        data,
        instruments=instruments,
        cohorts=[(str(c.pk), c.name) for c in visible_cohorts(user, org.id)],
        groups=[(str(g.pk), g.name) for g in visible_groups(user, org.id).filter(is_active=True)],
        people=[
            (str(p.pk), f"{p.full_name} ({p.cohort.name if p.cohort else '—'})") for p in people
        ],
        cases=[(str(c.pk), f"{c.person.full_name} · {c.get_tier_display()}") for c in cases[:200]],
        today=org.today(),
    )


@login_required
def new_campaign(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    user = request.user
    if not permissions.can_create_campaign(user, org.id):
        raise Http404
    form = _form(request, org, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = data["target"]
        try:
            campaign = services.create_campaign(
                by=user,
                organisation=org,
                instrument=data["instrument"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                title=data["title"],
                cohort=get_in_scope(visible_cohorts(user, org.id), data["cohort"])
                if target == "cohort" else None,
                group=get_group_for(user, data["group"]) if target == "group" else None,
                people=list(visible_people(user, org.id).filter(pk__in=data["people"]))
                if target == "people" else [],
                case=get_case_for(user, data["case"]) if target == "case" else None,
                case_phase=data["case_phase"],
                anonymous_answers=data["anonymous"],
            )  # fmt: skip
        except (ValidationError, PermissionDenied) as exc:
            for message in getattr(exc, "messages", [str(exc)]):
                form.add_error(None, message)
        else:
            messages.success(request, _("The campaign is launched."))
            return redirect("screening_campaign", pk=campaign.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "screenings/campaign_form.html", {"form": form}, status=status)


@login_required
def campaign_detail(request: HttpRequest, pk: str) -> HttpResponse:
    user = request.user
    campaign = queries.get_campaign_aggregate_for(user, pk)
    lang = language_of(request)
    distribution = queries.band_distribution(user, campaign, lang)
    context: dict[str, Any] = {
        "campaign": campaign,
        "distribution": distribution,
        "completion": queries.completion(campaign),
        "full": permissions.can_view_campaign(user, campaign),
    }
    if context["full"]:
        instrument = queries.campaign_instrument(campaign)
        scheme = aggregates.scheme_of(instrument, campaign.band_scheme)
        band = request.GET.get("band") or campaign.follow_up_band
        if band not in aggregates.severity_order(instrument, scheme):
            band = campaign.follow_up_band
        follow_up = queries.follow_up(user, campaign, band, lang)  # audited there
        assignments = list(queries.campaign_assignments(user, campaign))
        context |= {
            "instrument": instrument,
            "band_choices": [
                (code, next(b.label.get(lang, code) for b in scheme.bands if b.code == code))
                for code in aggregates.severity_order(instrument, scheme)
            ] if scheme else [],
            "band": band,
            "follow_up": follow_up,
            "assignments": assignments,
            "is_open": campaign.is_open_on(campaign.organisation.today()),
            "staff_entry": instrument.entered_by_staff,
        }  # fmt: skip
    return render(request, "screenings/campaign_detail.html", context)


@login_required
@require_POST
def close_campaign(request: HttpRequest, pk: str) -> HttpResponse:
    campaign = queries.get_campaign_for(request.user, pk)
    services.close_campaign(by=request.user, campaign=campaign)
    messages.success(request, _("The campaign is closed."))
    return redirect("screening_campaign", pk=campaign.pk)


@login_required
@require_POST
def open_case(request: HttpRequest, pk: str, person_pk: str) -> HttpResponse:
    campaign = queries.get_campaign_for(request.user, pk)
    try:
        case = services.open_case_from_follow_up(
            by=request.user, campaign=campaign, person_id=parse_uuid(person_pk)
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("screening_campaign", pk=campaign.pk)
    messages.success(request, _("A counseling case is open."))
    return redirect("case", pk=case.pk)
