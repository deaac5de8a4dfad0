from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rangkul.audit import services as audit
from rangkul.lib.views import attach_errors, error_text
from rangkul.people import queries as people_queries
from rangkul.people.models import Person
from rangkul.privacy import permissions, queries, services
from rangkul.privacy.forms import (
    CorrectionForm,
    EraseForm,
    ExportForm,
    GlassForm,
    HoldForm,
    RetentionForm,
    WithdrawForm,
)


def _page(request: HttpRequest, person: Person, *, status: int = 200, **forms: Any) -> HttpResponse:
    erased = queries.history_of(person)["erasure"]
    consents = people_queries.read_consents(request.user, person)
    context = {
        "person": person,
        "holds": services.holds_on(person),
        "history": queries.history_of(person),
        "erased": erased,
        "export": None if erased else services.review_export(by=request.user, person=person),
        "consents": [(c, services.withdrawal_effects(c)) for c in consents],
        "correction_form": forms.get("correction_form")
        or CorrectionForm(
            organisation_id=person.organisation_id,
            initial={
                "full_name": person.full_name,
                "gender": person.gender,
                "birth_date": person.birth_date,
                "cohort": person.cohort_id,
                "phone": person.phone,
            },
        ),
        "hold_form": forms.get("hold_form") or HoldForm(),
        "erase_form": forms.get("erase_form") or EraseForm(),
        "withdraw_form": WithdrawForm(),
    }
    return render(request, "privacy/person.html", context, status=status)


@login_required
def person_rights(request: HttpRequest, pk: str) -> HttpResponse:
    return _page(request, queries.get_person_for(request.user, pk))


@login_required
@require_POST
def export(request: HttpRequest, pk: str) -> HttpResponse:
    person = queries.get_person_for(request.user, pk)
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose JSON or PDF."))
        return redirect("privacy_person", person.pk)
    try:
        body, filename, content_type = services.export_person(
            by=request.user, person=person, file_format=form.cleaned_data["file_format"]
        )
    except ValidationError as exc:
        messages.error(request, _("Export blocked: %(reason)s") % {"reason": error_text(exc)})
        return redirect("privacy_person", person.pk)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def correct(request: HttpRequest, pk: str) -> HttpResponse:
    person = queries.get_person_for(request.user, pk)
    form = CorrectionForm(request.POST, organisation_id=person.organisation_id)
    if form.is_valid():
        try:
            done = services.correct_person(by=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request, _("The record was corrected.") if done else _("Nothing was changed.")
            )
            return redirect("privacy_person", person.pk)
    person.refresh_from_db()
    return _page(request, person, status=400, correction_form=form)


@login_required
@require_POST
def hold_add(request: HttpRequest, pk: str) -> HttpResponse:
    person = queries.get_person_for(request.user, pk)
    form = HoldForm(request.POST)
    if form.is_valid():
        try:
            services.place_hold(by=request.user, person=person, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The legal hold was placed."))
            return redirect("privacy_person", person.pk)
    return _page(request, person, status=400, hold_form=form)


@login_required
@require_POST
def hold_release(request: HttpRequest, pk: str) -> HttpResponse:
    hold = queries.get_hold_for(request.user, pk)
    try:
        services.release_hold(by=request.user, hold=hold)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The legal hold was released."))
    return redirect("privacy_person", hold.person_id)


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, pk: str) -> HttpResponse:
    consent = queries.get_consent_for(request.user, pk)
    form = WithdrawForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.withdraw_consent(by=request.user, consent=consent, note=note)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The withdrawal of consent was recorded."))
    return redirect("privacy_person", consent.person_id)


@login_required
@require_POST
def erase(request: HttpRequest, pk: str) -> HttpResponse:
    person = queries.get_person_for(request.user, pk)
    form = EraseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the confirmation to erase this person's data."))
        return redirect("privacy_person", person.pk)
    try:
        services.erase_person(by=request.user, person=person)
    except ValidationError as exc:
        messages.error(request, _("Erasure blocked: %(reason)s") % {"reason": error_text(exc)})
    else:
        messages.success(request, _("The person's data was erased."))
    return redirect("privacy_person", person.pk)


@login_required
def retention(request: HttpRequest) -> HttpResponse:
    org = request.organisation  # type: ignore[attr-defined]
    if org is None or not permissions.can_manage_retention(request.user, org.id):
        raise Http404
    policy = services.policy_for(org.id)
    form = RetentionForm(request.POST or None, instance=policy)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_policy(
                    by=request.user,
                    organisation=org,
                    **{name: form.cleaned_data[name] for name in RetentionForm.Meta.fields},
                )
            except ValidationError as exc:
                attach_errors(form, exc)  # type: ignore[arg-type]
            else:
                messages.success(request, _("Retention periods saved."))
                return redirect("privacy_retention")
        status = 400
    runs = list(queries.retention_runs(org.id))
    audit.record_list(request.user, "privacy.retention_runs_listed", runs, organisation=org)
    return render(request, "privacy/retention.html", {"form": form, "runs": runs}, status=status)


@login_required
def break_glass(request: HttpRequest, pk: str) -> HttpResponse:
    note = queries.get_note_for_glass(request.user, pk)
    form = GlassForm(request.POST or None)
    opened = False
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.open_restricted_note(
                    by=request.user, note=note, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                opened = True
        if not opened:
            status = 400
    return render(
        request,
        "privacy/break_glass.html",
        {"note": note, "form": form, "opened": opened},
        status=status,
    )
