"""Asking for help, teacher referrals, peer offers and counselor triage."""

import functools
import secrets
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rangkul.accounts.models import User
from rangkul.accounts.queries import members_with_roles
from rangkul.accounts.roles import Role
from rangkul.cases import peer_matching, permissions, queries, services
from rangkul.cases.forms import ChooseUserForm, HelpRequestForm, ReferralForm
from rangkul.cases.models import (
    Case,
    Domain,
    RequestStatus,
    SafetyLevel,
    Source,
    SupportRequest,
    Urgency,
)
from rangkul.lib.display import short_day, short_moment, url_for
from rangkul.lib.scoping import get_in_scope
from rangkul.lib.views import attach_errors, current_org
from rangkul.peers.matching import explain_no_peer
from rangkul.peers.models import Language
from rangkul.people.queries import referable_people
from rangkul.safety import permissions as safety_permissions
from rangkul.safety import queries as safety_queries
from rangkul.safety import services as safety_services
from rangkul.safety.models import FeedbackKind


def _peer_choices(org_id: Any, exclude: Any) -> list[tuple[str, str]]:
    peers = members_with_roles(org_id, [Role.PEER_SUPPORTER]).exclude(pk=exclude)
    return [(str(u.public_id), u.display_name()) for u in peers]


@login_required
def ask_for_help(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_ask_for_help(request.user, org.id):
        raise Http404
    peers = _peer_choices(org.id, request.user.pk)
    if request.method == "POST":
        form = HelpRequestForm(request.POST, peers=peers)
        if form.is_valid():
            data = form.cleaned_data
            avoid = list(User.objects.filter(public_id__in=data.get("avoid") or []))
            try:
                support = services.submit_request(
                    by=request.user,
                    organisation=org,
                    domain=data["domain"] or Domain.PERSONAL,
                    text=data["text"],
                    urgency=data["urgency"] or Urgency.MEDIUM,
                    helper_choice=data["helper_choice"],
                    helper_gender=data["helper_gender"],
                    show_name_to_peer=data["show_name_to_peer"],
                    topic=data["topic"],
                    avoid=avoid,
                    language=data["language"] or Language.INDONESIAN,
                    avoid_same_class=data["avoid_same_class"],
                    client_token=data["client_token"],
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                return redirect("request_sent", pk=support.pk)
    else:
        form = HelpRequestForm(peers=peers, initial={"client_token": secrets.token_urlsafe(16)})
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/ask_for_help.html", {"form": form}, status=status)


@login_required
def request_sent(request: HttpRequest, pk: str) -> HttpResponse:
    support = get_in_scope(queries.my_requests(request.user, current_org(request).id), pk)
    # What the student sees depends on the route only, never on the safety check.
    context = {
        "support": support,
        "route_is_peer": support.status == RequestStatus.OFFERED,
        "offer_hours": max(1, round(settings.OFFER_TIMEOUT_MINUTES / 60)),
    }
    return render(request, "cases/request_sent.html", context)


@login_required
def my_requests(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    return render(
        request, "cases/my_requests.html", {"requests": queries.my_requests(request.user, org.id)}
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: str) -> HttpResponse:
    support = get_in_scope(queries.my_requests(request.user, current_org(request).id), pk)
    try:
        services.withdraw_request(by=request.user, support_request=support)
        messages.success(request, _("Your request was withdrawn."))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("my_requests")


@login_required
def refer(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_refer(request.user, org.id):
        raise Http404
    people = {str(p.pk): p for p in referable_people(request.user, org.id)}
    students = [
        (pk, f"{p.full_name} ({p.cohort.name if p.cohort else '—'})") for pk, p in people.items()
    ]
    if request.method == "POST":
        form = ReferralForm(request.POST, students=students)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.refer_student(
                    by=request.user,
                    person=people[data["person"]],
                    reason=data["reason"],
                    domain=data["domain"],
                    urgency=data["urgency"],
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("Your referral was received by the counseling team."))
                return redirect("my_referrals")
    else:
        form = ReferralForm(students=students)
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/refer.html", {"form": form}, status=status)


@login_required
def my_referrals(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    return render(
        request,
        "cases/my_referrals.html",
        {"referrals": queries.with_referral_status(queries.my_referrals(request.user, org.id))},
    )


@login_required
def offers(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    return render(
        request, "cases/offers.html", {"offers": queries.offers_for(request.user, org.id)}
    )


@login_required
@require_POST
def answer_offer(request: HttpRequest, pk: str, answer: str) -> HttpResponse:
    if answer not in ("accept", "decline"):
        raise Http404
    offer = queries.get_offer_for(request.user, pk)
    try:
        if answer == "accept":
            case = services.accept_offer(by=request.user, support_request=offer)
            return redirect("case", pk=case.pk)
        services.decline_offer(by=request.user, support_request=offer)
        messages.success(request, _("Declined. The request goes to someone else."))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("offers")


# The labels of the triage rows' choices (and the tier of the cases below them), as
# `get_<field>_display` gives them (the value itself when it is not a choice), built once:
# that method rebuilds its table on every call.
_TRIAGE_LABELS = {
    field: dict(SupportRequest._meta.get_field(field).flatchoices)  # type: ignore[union-attr]
    for field in ("safety_level", "urgency", "domain")
}
_TRIAGE_LABELS["tier"] = dict(Case._meta.get_field("tier").flatchoices)  # type: ignore[union-attr]


@functools.cache
def _triage_labels(language: str | None) -> dict[str, dict[Any, str]]:
    """The labels above translated into `language` (the active one when called): each
    row would otherwise look every label up in the catalogue again."""
    return {
        field: {value: str(label) for value, label in labels.items()}
        for field, labels in _TRIAGE_LABELS.items()
    }


@login_required
def triage(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_work_triage(request.user, org.id):
        raise Http404
    page, handed_over = queries.read_triage(request.user, org, request.GET.get("page"))
    # Each row written here once as the flat values the template shows: the same text as
    # the url tag, date filter and get_<field>_display, for a fraction of their CPU (and a
    # template looks a key up in a dict faster than an attribute on an object).
    request_url, case_url = url_for("triage_request"), url_for("case")
    table = _triage_labels(get_language())
    safety, urgency, domain = table["safety_level"], table["urgency"], table["domain"]
    rows = [
        {
            "href": request_url(row["pk"]),
            "name": row["person__full_name"],
            "by_teacher": row["source"] == Source.TEACHER,
            "flagged": row["safety_level"] != SafetyLevel.NONE,
            "safety": safety.get(row["safety_level"], row["safety_level"]),
            "urgency": urgency.get(row["urgency"], row["urgency"]),
            "domain": domain.get(row["domain"], row["domain"]),
            "waiting_since": short_moment(row["created_at"]),
        }
        for row in page
    ]
    for case in handed_over:
        case.href = case_url(case.pk)  # type: ignore[attr-defined]
        case.tier_label = table["tier"].get(case.tier, case.tier)  # type: ignore[attr-defined]
        case.opened_on = short_day(case.opened_at)  # type: ignore[attr-defined]
    context = {"page": page, "rows": rows, "handed_over": handed_over}
    return render(request, "cases/triage.html", context)


def _assignable(support: object, org_id: object) -> list[tuple[str, str]]:
    counselors = members_with_roles(org_id, [Role.COUNSELOR, Role.COORDINATOR])  # type: ignore[arg-type]
    choices = [(str(u.public_id), f"{u.display_name()} · {_('Counselor')}") for u in counselors]
    if not support.goes_to_counselor_only or support.counselor_may_clear_for_peer:  # type: ignore[attr-defined]
        now = timezone.localtime(timezone.now(), support.organisation.zone)  # type: ignore[attr-defined]
        peer_ids = peer_matching.eligible_peers(support, now)  # type: ignore[arg-type]
        choices += [
            (str(u.public_id), f"{u.display_name()} · {_('Peer supporter')}")
            for u in User.objects.filter(pk__in=peer_ids).order_by("first_name", "username")
        ]
    return choices


@login_required
def triage_request(request: HttpRequest, pk: str) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_work_triage(request.user, org.id):
        raise Http404
    support = services.open_request_record(by=request.user, pk=pk)
    user: Any = request.user
    form = ChooseUserForm(users=_assignable(support, org.id), initial={"user": str(user.public_id)})
    if request.method == "POST":
        form = ChooseUserForm(request.POST, users=_assignable(support, org.id))
        if form.is_valid():
            target = User.objects.get(public_id=form.cleaned_data["user"])
            try:
                result = services.assign_request(
                    by=request.user, support_request=support, to=target
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                if isinstance(result, Case):
                    return redirect("case", pk=result.pk)
                messages.success(request, _("The request was offered to the chosen helper."))
                return redirect("triage")
    alert = safety_queries.visible_alerts(request.user).filter(request=support).first()
    context = {
        "support": support,
        "alert": alert,
        "spans": (alert.evidence or {}).get("spans", []) if alert else [],
        "can_mark": safety_permissions.can_mark_detection(request.user, support.organisation_id),
        "feedback_kinds": FeedbackKind.choices,
        "no_peer": explain_no_peer((support.match_reason or {}).get("no_peer", {})),
        "form": form,
        "can_assign": support.status in (RequestStatus.TRIAGE, RequestStatus.OFFERED)
        and permissions.can_assign_request(request.user, support),
    }
    return render(
        request,
        "cases/triage_request.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def mark_detection(request: HttpRequest, pk: str) -> HttpResponse:
    """A counselor marks the detection on a request as wrong (missed or too high)."""
    support = queries.get_request_for(request.user, pk)
    alert = safety_queries.visible_alerts(request.user).filter(request=support).first()
    try:
        safety_services.mark_detection(
            by=request.user,
            support_request=support,
            alert=alert,
            kind=request.POST.get("kind", ""),
            note=request.POST.get("note", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        raise Http404 from exc
    else:
        messages.success(request, _("Thank you: the mark is counted for the safeguarding lead."))
    return redirect("triage_request", pk=support.pk)
