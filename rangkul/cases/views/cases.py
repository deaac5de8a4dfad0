"""Caseload, the case page (timeline, messages, notes, actions) and case actions."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rangkul.accounts.models import User
from rangkul.accounts.permissions import has_capability
from rangkul.accounts.queries import members_with_roles
from rangkul.accounts.roles import Capability, Role
from rangkul.cases import permissions, queries, services
from rangkul.cases.forms import (
    CaseUpdateForm,
    ChooseUserForm,
    CloseForm,
    ContactLogForm,
    HandoverForm,
    MessageForm,
    NoteForm,
    TeamForm,
    TierForm,
)
from rangkul.cases.models import CASE_TRANSITIONS, CaseStatus, Domain, NoteKind, RiskLevel, Tier
from rangkul.composition.timeline import timeline
from rangkul.lib.api import page_of
from rangkul.lib.display import full_moment, rendered_form, short_moment
from rangkul.lib.keyset import InvalidCursor
from rangkul.lib.views import current_org, refuse
from rangkul.people.permissions import can_manage_guardians
from rangkul.people.queries import get_person_for, read_guardians
from rangkul.safety import queries as safety_queries
from rangkul.safety import services as safety_services
from rangkul.safety.models import AlertSource


@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_see_caseload(request.user, org.id):
        raise Http404
    params = {k: request.GET.get(k, "") for k in ("tier", "status", "risk", "domain")}
    params = {
        "tier": params["tier"] if params["tier"] in Tier.values else "",
        "status": params["status"] if params["status"] in [*CaseStatus.values, "open"] else "",
        "risk": params["risk"] if params["risk"] in RiskLevel.values else "",
        "domain": params["domain"] if params["domain"] in Domain.values else "",
    }
    everyone = request.GET.get("scope") == "all" and has_capability(
        request.user, org.id, Capability.OVERSEE_CASES
    )
    cases = queries.caseload_listing(request.user, org, mine=not everyone, **params)
    page = page_of(cases, request.GET.get("page"))
    for case in page:
        # A peer supporter sees the pseudonym whenever the student chose one, at any tier.
        case.label = permissions.pseudonym_for(request.user, case) or case.person.full_name  # type: ignore[attr-defined]
    context = {
        "page": page,
        "params": params,
        "everyone": everyone,
        "tiers": Tier.choices,
        "statuses": CaseStatus.choices,
        "risks": RiskLevel.choices,
        "domains": Domain.choices,
        "can_oversee": has_capability(request.user, org.id, Capability.OVERSEE_CASES),
    }
    return render(request, "cases/caseload.html", context)


def _case_context(request: HttpRequest, case: Any, **forms: Any) -> dict[str, Any]:
    user = request.user
    role = permissions.case_role(user, case)
    # The conversation shows its newest messages; older ones load on request.
    thread = queries.read_thread_page(user, case)
    _dated(thread.messages)
    entries = timeline(user, case, messages=thread.messages, role=role)
    for entry in entries:
        entry.when = full_moment(entry.at)  # type: ignore[attr-defined]
    staff = role in permissions.PROFESSIONAL_PARTS
    can_manage = permissions.can_manage_case(user, case)
    # The lead and team forms are shown only to who may manage the case.
    workers = _workers(case) if can_manage else []
    lead = str(case.lead.public_id) if case.lead else ""
    team = (
        [str(u.public_id) for u in case.team.all()]
        if can_manage and not forms.get("team_form")
        else []
    )
    context = {
        "case": case,
        "role": role,
        "entries": entries,
        "thread": thread.messages,
        "older_cursor": thread.older,
        "is_staff_view": staff,
        "is_student_view": role == permissions.STUDENT,
        "can_send": permissions.can_send_message(user, case),
        "can_manage": can_manage,
        "can_hand_over": permissions.can_hand_over(user, case),
        "can_reassign": permissions.can_reassign_case(user, case),
        "can_take": permissions.can_take_case(user, case),
        "can_set_lead": permissions.can_set_lead(user, case),
        "can_see_request_text": permissions.can_see_request_text(user, case),
        "can_note": permissions.can_write_note(user, case, NoteKind.NOTE),
        "can_log": role == permissions.PEER,
        "can_see_guardians": staff and can_manage_guardians(user, case.person),
        "guardians": read_guardians(user, case.person) if staff else [],
        # The forms that are not shown again with errors are rendered once per language
        # (and choices): their HTML is the same on every case page.
        "message_form": forms.get("message_form") or rendered_form(MessageForm),
        "note_form": forms.get("note_form") or rendered_form(NoteForm),
        "log_form": forms.get("log_form") or rendered_form(ContactLogForm),
        "close_form": forms.get("close_form") or rendered_form(CloseForm),
        "tier_form": forms.get("tier_form") or rendered_form(TierForm),
        "handover_form": forms.get("handover_form") or rendered_form(HandoverForm),
        # The goals are what someone wrote: never kept beyond the request.
        "update_form": forms.get("update_form")
        or CaseUpdateForm(initial={"goals": case.goals, "risk_level": case.risk_level}),
        "lead_form": forms.get("lead_form")
        or rendered_form(
            ChooseUserForm,
            tuple(workers),
            lead,
            build=lambda: ChooseUserForm(users=workers, initial={"user": lead}),
        ),
        "team_form": forms.get("team_form")
        or rendered_form(
            TeamForm,
            tuple(workers),
            tuple(team),
            build=lambda: TeamForm(users=workers, initial={"members": team}),
        ),
        "show_name": not permissions.pseudonym_for(user, case),
        "transitions": [
            (s, CaseStatus(s).label)
            for s in sorted(CASE_TRANSITIONS.get(case.status, ()))
            if s != CaseStatus.CLOSED
        ],
        "last_message_at": thread.messages[-1].created_at.isoformat() if thread.messages else "",
        **_handoff_context(user, case, role),
    }
    return context


def _dated(messages: Any) -> Any:
    """Each message's time as cases/_message.html shows it ("j M H:i"), written once."""
    for message in messages:
        message.shown_at = short_moment(message.created_at)
    return messages


def _handoff_context(user: Any, case: Any, role: str | None) -> dict[str, Any]:
    """The crisis hand-off on the case page. Staff: what the student wrote with the
    matched words, the level and categories, and each alert's panel (reach, protocol,
    ladder). A peer supporter: that the case was handed over, or a request to hand over.
    The student: that a counselor is joining, with the crisis resources. Never the level
    or the matched words to anyone but staff."""
    if role in permissions.PROFESSIONAL_PARTS:
        alerts = safety_queries.read_alerts_of_case(user, case)
        request_alert = next(
            (a for a in alerts if case.request_id and a.request_id == case.request_id), None
        )
        return {
            "detection": {
                "request": case.request,
                "spans": (request_alert.evidence or {}).get("spans", []) if request_alert else [],
                "categories": request_alert.category_labels if request_alert else [],
            }
            if case.request_id and permissions.can_see_detection(user, case.request)
            else None,
            **safety_queries.handoff_context(user, alerts, "case"),
        }
    if role == permissions.PEER:
        return {
            "handed_over": case.tier != Tier.PEER,
            # A concern in the conversation (not a phone number or another app, which is
            # for the supervisors) asks the peer to hand over.
            "handover_advised": case.tier == Tier.PEER
            and safety_services.has_unresolved_alert(
                case, sources=(AlertSource.MESSAGE, AlertSource.CONTACT_LOG)
            ),
        }
    if role == permissions.STUDENT:
        return {"counselor_joining": queries.was_handed_over(case)}
    return {}


def _render_case(
    request: HttpRequest, case: Any, *, status: int = 200, recorded: bool = False, **forms: Any
) -> HttpResponse:
    """Render the case page. Every rendering shows the timeline, notes and conversation,
    so every one is audited, also when a form is shown again with its errors."""
    if not recorded:
        services.record_case_view(by=request.user, case=case)
    # The timeline audits the notes and the messages it shows (`cases.queries`).
    context = _case_context(request, case, **forms)
    return render(request, "cases/case.html", context, status=status)


@login_required
def case_detail(request: HttpRequest, pk: str) -> HttpResponse:
    case = services.open_case_record(by=request.user, pk=pk)
    return _render_case(request, case, recorded=True)


@login_required
def case_messages(request: HttpRequest, pk: str) -> HttpResponse:
    """Send a message, poll for new ones (htmx every few seconds, `?after=`) or load the
    page of older ones (`?cursor=`, from the page's "older messages")."""
    case = queries.get_case_for(request.user, pk)
    if request.method == "POST":
        form = MessageForm(request.POST)
        if form.is_valid():
            try:
                services.send_message(by=request.user, case=case, text=form.cleaned_data["text"])
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            return redirect("case", pk=case.pk)
        return _render_case(request, case, status=400, message_form=form)
    role = permissions.case_role(request.user, case)
    show_name = not permissions.pseudonym_for(request.user, case)
    if "cursor" in request.GET:
        return _older_messages(request, case, role=role, show_name=show_name)
    raw_after = request.GET.get("after", "")
    try:
        after = parse_datetime(raw_after) if raw_after else None
    except ValueError:
        after = None
    if raw_after and after is None:
        return HttpResponseBadRequest(_("This time is not valid."))
    listing = services.open_thread(by=request.user, case=case, after=after)
    new = _dated(listing.shown(list(listing.queryset)))
    context = {"new_messages": new, "case": case, "role": role, "show_name": show_name}
    return render(request, "cases/_messages.html", context)


def _older_messages(request: HttpRequest, case: Any, *, role: Any, show_name: bool) -> HttpResponse:
    cursor = request.GET.get("cursor", "")
    if not cursor:
        return HttpResponseBadRequest(_("This cursor is not valid."))
    if role is None:  # the same rule as `permissions.can_read_messages`, decided above
        raise Http404
    try:
        page = queries.read_thread_page(request.user, case, cursor=cursor)
    except InvalidCursor as exc:
        return HttpResponseBadRequest(str(exc))
    context = {
        "older_messages": _dated(page.messages),
        "older_cursor": page.older,
        "case": case,
        "role": role,
        "show_name": show_name,
    }
    return render(request, "cases/_older_messages.html", context)


def _post_action(
    request: HttpRequest,
    pk: str,
    make_form: Any,
    key: str,
    action: Any,
    on_success: Any = None,
) -> HttpResponse:
    """Validate a case-page form, run the service, and show errors on the case page.

    `make_form(case, data)` builds the form; `action(case, cleaned_data)` calls the
    service; `on_success(case)` may replace the default redirect back to the case.
    """
    case = queries.get_case_for(request.user, pk)
    form = make_form(case, request.POST)
    if form.is_valid():
        try:
            action(case, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        except PermissionDenied as exc:
            refuse(request, exc)
            return _render_case(request, case, status=403, **{key: form})
        else:
            return on_success(case) if on_success else redirect("case", pk=case.pk)
    return _render_case(request, case, status=400, **{key: form})


def _plain(form_cls: Any) -> Any:
    return lambda case, data: form_cls(data)


def _workers(case: Any) -> list[tuple[str, str]]:
    workers = members_with_roles(case.organisation_id, [Role.COUNSELOR, Role.COORDINATOR])
    return [(str(u.public_id), u.display_name()) for u in workers]


@login_required
@require_POST
def add_note(request: HttpRequest, pk: str) -> HttpResponse:
    return _post_action(
        request,
        pk,
        _plain(NoteForm),
        "note_form",
        lambda case, d: services.add_note(
            by=request.user, case=case, text=d["text"], confidentiality=d["confidentiality"]
        ),
    )


@login_required
@require_POST
def add_contact_log(request: HttpRequest, pk: str) -> HttpResponse:
    return _post_action(
        request,
        pk,
        _plain(ContactLogForm),
        "log_form",
        lambda case, d: services.add_note(
            by=request.user, case=case, text=d["text"], kind=NoteKind.CONTACT_LOG
        ),
    )


@login_required
@require_POST
def close(request: HttpRequest, pk: str) -> HttpResponse:
    return _post_action(
        request,
        pk,
        _plain(CloseForm),
        "close_form",
        lambda case, d: services.close_case(
            by=request.user, case=case, outcome=d["outcome"], closing_note=d["closing_note"]
        ),
    )


@login_required
@require_POST
def change_status(request: HttpRequest, pk: str) -> HttpResponse:
    case = queries.get_case_for(request.user, pk)
    try:
        services.change_status(by=request.user, case=case, to=request.POST.get("to", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        refuse(request, exc)
        return _render_case(request, case, status=403)
    return redirect("case", pk=case.pk)


@login_required
@require_POST
def change_tier(request: HttpRequest, pk: str) -> HttpResponse:
    return _post_action(
        request,
        pk,
        _plain(TierForm),
        "tier_form",
        lambda case, d: services.change_tier(
            by=request.user, case=case, to_tier=d["to_tier"], reason=d["reason"]
        ),
    )


@login_required
@require_POST
def hand_over(request: HttpRequest, pk: str) -> HttpResponse:
    def done(case: Any) -> HttpResponse:
        messages.success(request, _("Handed over. A counselor will take it from here."))
        return redirect("home")

    return _post_action(
        request,
        pk,
        _plain(HandoverForm),
        "handover_form",
        lambda case, d: services.hand_over(
            by=request.user, case=case, reason=d["reason"], danger=d["danger"]
        ),
        on_success=done,
    )


@login_required
@require_POST
def update(request: HttpRequest, pk: str) -> HttpResponse:
    return _post_action(
        request,
        pk,
        _plain(CaseUpdateForm),
        "update_form",
        lambda case, d: services.update_case(
            by=request.user, case=case, goals=d["goals"], risk_level=d["risk_level"]
        ),
    )


@login_required
@require_POST
def set_lead(request: HttpRequest, pk: str) -> HttpResponse:
    return _post_action(
        request,
        pk,
        lambda case, data: ChooseUserForm(data, users=_workers(case)),
        "lead_form",
        lambda case, d: services.set_lead(
            by=request.user, case=case, lead=User.objects.get(public_id=d["user"])
        ),
    )


@login_required
@require_POST
def open_case_for_person(request: HttpRequest, person_pk: str) -> HttpResponse:
    person = get_person_for(request.user, person_pk)
    try:
        case = services.open_case(by=request.user, person=person, lead=request.user)
        services.set_lead(by=request.user, case=case, lead=request.user)
    except PermissionDenied as exc:
        # The person is in view; opening a case for them is not allowed.
        refuse(request, exc)
        return redirect("person", pk=person.pk)
    return redirect("case", pk=case.pk)


@login_required
@require_POST
def set_team(request: HttpRequest, pk: str) -> HttpResponse:
    return _post_action(
        request,
        pk,
        lambda case, data: TeamForm(data, users=_workers(case)),
        "team_form",
        lambda case, d: services.set_team(
            by=request.user,
            case=case,
            members=list(User.objects.filter(public_id__in=d["members"])),
        ),
    )
