"""Referrals out: drafted from a case, answered by the provider, closed into the case."""

import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rangkul.accounts.permissions import orgs_with_capability
from rangkul.accounts.roles import Capability
from rangkul.cases.models import Tier
from rangkul.cases.queries import get_case_for
from rangkul.lib.views import attach_errors, error_text, refuse
from rangkul.people.models import ConsentScope, Gender, Relationship
from rangkul.people.queries import active_consents, read_guardians
from rangkul.referrals import letter, permissions, queries, services
from rangkul.referrals.forms import AnswerForm, ReferralForm, ReturnTierForm
from rangkul.referrals.models import REFERRAL_TRANSITIONS, ReferralStatus, SharedField


@login_required
def referral_new(request: HttpRequest, case_pk: str) -> HttpResponse:
    case = get_case_for(request.user, case_pk)
    if not permissions.can_refer_out(request.user, case):
        refuse(request, PermissionDenied(_("Only the counselors on this case can refer it out.")))
        return render(request, "referrals/referral_new.html", {"case": case}, status=403)
    providers = queries.visible_providers(request.user).filter(is_active=True)
    consents = active_consents(case.person, ConsentScope.REFERRAL).order_by("-recorded_at")
    form = ReferralForm(request.POST or None, providers=providers, consents=consents)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.create_referral(
                by=request.user,
                case=case,
                provider=providers.filter(pk=data["provider"]).first(),  # type: ignore[arg-type]
                reason=data["reason"],
                urgency=data["urgency"],
                shared_fields=data["shared_fields"],
                consent=consents.filter(pk=data["consent"]).first() if data["consent"] else None,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            return redirect("referral_out", referral.pk)
    return render(
        request,
        "referrals/referral_new.html",
        {
            "case": case,
            "form": form,
            "has_consent": consents.exists(),
            "guardians": read_guardians(request.user, case.person),
        },
        status=400 if form.is_bound else 200,
    )


def _labels(snapshot: dict[str, Any]) -> dict[str, Any]:
    """Readable labels for the coded values of a snapshot."""
    shown = copy.deepcopy(snapshot)
    if "gender" in shown:
        shown["gender"] = dict(Gender.choices).get(shown["gender"], shown["gender"])
    for guardian in shown.get("guardians", []):
        guardian["relationship"] = dict(Relationship.choices).get(
            guardian["relationship"], guardian["relationship"]
        )
    return shown


def _page(request: HttpRequest, referral: Any, *, receiver: bool, **forms: Any) -> HttpResponse:
    user = request.user
    allowed = sorted(REFERRAL_TRANSITIONS.get(referral.status, frozenset()) - {ReferralStatus.SENT})
    can_answer = permissions.can_answer(user, referral) and referral.status != ReferralStatus.DRAFT
    context = {
        "referral": referral,
        "receiver": receiver,
        "snapshot": _labels(referral.snapshot),
        "updates": referral.updates.select_related("by"),
        "shared_labels": [SharedField(f).label for f in referral.shared],
        "can_send": not receiver
        and referral.status == ReferralStatus.DRAFT
        and permissions.is_sender(user, referral),
        "can_answer": can_answer and bool(allowed),
        "answer_form": forms.get("answer_form") or AnswerForm(allowed=allowed),
        "can_return": not receiver
        and referral.awaits_return_tier
        and permissions.is_sender(user, referral),
        "return_form": forms.get("return_form")
        or ReturnTierForm(initial={"tier": Tier.COUNSELING}),
    }
    return render(request, "referrals/referral.html", context, status=forms.get("status", 200))


@login_required
def referral_out(request: HttpRequest, pk: str) -> HttpResponse:
    referral = services.open_referral_record(by=request.user, pk=pk)
    if not permissions.is_sender(request.user, referral):
        return redirect("referral_received", referral.pk)
    return _page(request, referral, receiver=False)


@login_required
def received(request: HttpRequest) -> HttpResponse:
    if not orgs_with_capability(request.user, Capability.RECEIVE_REFERRALS):
        raise Http404
    return render(
        request,
        "referrals/received.html",
        {
            "referrals": queries.read_received_referrals(
                request.user, getattr(request, "organisation", None)
            )
        },
    )


@login_required
def referral_received(request: HttpRequest, pk: str) -> HttpResponse:
    referral = services.open_referral_record(by=request.user, pk=pk)
    if not permissions.is_receiver(request.user, referral):
        raise Http404
    return _page(request, referral, receiver=True)


@login_required
@require_POST
def referral_action(request: HttpRequest, pk: str, action: str) -> HttpResponse:
    referral = queries.get_referral_for(request.user, pk)
    receiver = permissions.is_receiver(request.user, referral)
    target = "referral_received" if receiver else "referral_out"
    try:
        if action == "send":
            services.send_referral(by=request.user, referral=referral)
            messages.success(request, _("Referral sent."))
        elif action == "answer":
            allowed = sorted(REFERRAL_TRANSITIONS.get(referral.status, ()))
            form = AnswerForm(request.POST, allowed=allowed)
            if not form.is_valid():
                return _page(request, referral, receiver=receiver, answer_form=form, status=400)
            try:
                services.answer_referral(by=request.user, referral=referral, **form.cleaned_data)
            except ValidationError as exc:
                attach_errors(form, exc)
                return _page(request, referral, receiver=receiver, answer_form=form, status=400)
            messages.success(request, _("Referral updated."))
        elif action == "return":
            return_form = ReturnTierForm(request.POST)
            if not return_form.is_valid():
                return _page(
                    request, referral, receiver=receiver, return_form=return_form, status=400
                )
            services.return_case_tier(
                by=request.user, referral=referral, **return_form.cleaned_data
            )
            messages.success(request, _("The case continues at the chosen tier."))
        else:
            raise Http404
    except PermissionDenied as exc:
        refuse(request, exc)
        return _page(request, referral, receiver=receiver, status=403)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect(target, referral.pk)


@login_required
def referral_letter(request: HttpRequest, pk: str) -> HttpResponse:
    referral = services.open_referral_record(by=request.user, pk=pk)
    if referral.status == ReferralStatus.DRAFT:
        raise Http404
    pdf = letter.render_letter(referral)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="surat-rujukan-{str(referral.pk)[:8]}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
