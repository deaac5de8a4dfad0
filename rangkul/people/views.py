from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rangkul.accounts.permissions import has_capability
from rangkul.accounts.queries import members_with_roles
from rangkul.accounts.roles import STAFF_ROLES, Capability
from rangkul.composition.person_page import person_page
from rangkul.lib.api import page_of
from rangkul.lib.scoping import parse_uuid
from rangkul.lib.views import attach_errors, error_text, refuse
from rangkul.people import permissions, queries, services
from rangkul.people.forms import (
    ConsentForm,
    GuardianForm,
    InvitationForm,
    ReviewForm,
    WithdrawForm,
)
from rangkul.people.models import Person


@login_required
def people_list(request: HttpRequest) -> HttpResponse:
    org = request.organisation  # type: ignore[attr-defined]
    if org is None or not has_capability(request.user, org.id, Capability.VIEW_PEOPLE):
        raise Http404
    search = request.GET.get("q", "").strip()[:100]
    cohort_raw = request.GET.get("cohort", "")
    cohort_id = None
    if cohort_raw:
        try:
            cohort_id = parse_uuid(cohort_raw)
        except Http404:
            cohort_id = None
    people = queries.people_listing(request.user, org, search=search, cohort_id=cohort_id)
    page = page_of(people, request.GET.get("page"))
    context = {
        "page": page,
        "search": search,
        "cohorts": queries.visible_cohorts(request.user, org.id),
        "cohort_id": str(cohort_id) if cohort_id else "",
    }
    template = "people/list.html#results" if request.htmx else "people/list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
def person_detail(request: HttpRequest, pk: str) -> HttpResponse:
    person = services.open_person_record(by=request.user, pk=pk)
    return render(request, "people/detail.html", person_page(request.user, person))


@login_required
def person_access_log(request: HttpRequest, pk: str) -> HttpResponse:
    person = services.open_access_log(by=request.user, pk=pk)
    events = queries.access_log(request.user, person)[:500]
    return render(request, "people/access_log.html", {"person": person, "events": events})


# --- Guardians and consent -----------------------------------------------------------------


def _person_page(
    request: HttpRequest, person: Person, *, status: int = 200, **forms: Any
) -> HttpResponse:
    context = person_page(request.user, person)
    context.update({k: v for k, v in forms.items() if v is not None})
    return render(request, "people/detail.html", context, status=status)


@login_required
@require_POST
def guardian_add(request: HttpRequest, pk: str) -> HttpResponse:
    person = services.open_person_record(by=request.user, pk=pk)
    form = GuardianForm(request.POST)
    if form.is_valid():
        try:
            services.add_guardian(by=request.user, person=person, **form.cleaned_data)
        except PermissionDenied as exc:
            refuse(request, exc)
            return _person_page(request, person, status=403)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Guardian added."))
            return redirect("person", person.pk)
    return _person_page(request, person, status=400, guardian_form=form)


@login_required
def guardian_edit(request: HttpRequest, pk: str) -> HttpResponse:
    guardian = queries.get_guardian_for(request.user, pk)
    if request.method == "POST":
        form = GuardianForm(request.POST)
        if form.is_valid():
            try:
                services.update_guardian(by=request.user, guardian=guardian, **form.cleaned_data)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("Guardian updated."))
                return redirect("person", guardian.person_id)
    else:
        form = GuardianForm(
            initial={
                "full_name": guardian.full_name,
                "relationship": guardian.relationship,
                "phone": guardian.phone,
                "may_contact": guardian.may_contact,
                "do_not_contact": guardian.do_not_contact,
                "do_not_contact_note": guardian.do_not_contact_note,
            }
        )
    status = 400 if form.is_bound else 200
    return render(
        request, "people/guardian_edit.html", {"guardian": guardian, "form": form}, status=status
    )


@login_required
def guardian_invitation(request: HttpRequest, pk: str) -> HttpResponse:
    """The invitation letter for a meeting: a short form, then the PDF."""
    guardian = queries.get_guardian_for(request.user, pk)
    form: InvitationForm | None = InvitationForm(request.POST or None)
    status = 200
    if not permissions.can_invite_guardian(request.user, guardian):
        refuse(
            request,
            PermissionDenied(
                permissions.DO_NOT_CONTACT_MESSAGE
                if guardian.do_not_contact
                else permissions.NOT_CONTACTABLE_MESSAGE
            ),
        )
        form, status = None, 403
    elif request.method == "POST" and form is not None and form.is_valid():
        try:
            pdf = services.issue_invitation_letter(
                by=request.user, guardian=guardian, **form.cleaned_data
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        except PermissionDenied as exc:
            refuse(request, exc)
            form, status = None, 403
        else:
            response = HttpResponse(pdf, content_type="application/pdf")
            name = f"surat-undangan-{str(guardian.pk)[:8]}.pdf"
            response["Content-Disposition"] = f'inline; filename="{name}"'
            response["Cache-Control"] = "private, no-store"
            return response
    if request.method == "POST" and status == 200:
        status = 400
    context = {"guardian": guardian, "form": form}
    return render(request, "people/guardian_invitation.html", context, status=status)


@login_required
@require_POST
def guardian_remove(request: HttpRequest, pk: str) -> HttpResponse:
    guardian = queries.get_guardian_for(request.user, pk)
    person_id = guardian.person_id
    try:
        services.remove_guardian(by=request.user, guardian=guardian)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Guardian removed."))
    return redirect("person", person_id)


def _user_by_public_id(organisation_id: Any, raw: str) -> Any:
    if not raw:
        return None
    staff = members_with_roles(organisation_id, list(STAFF_ROLES))
    return staff.filter(public_id=parse_uuid(raw)).first()


@login_required
@require_POST
def consent_add(request: HttpRequest, pk: str) -> HttpResponse:
    person = services.open_person_record(by=request.user, pk=pk)
    guardians = queries.guardians_of(request.user, person)
    form = ConsentForm(
        request.POST,
        request.FILES,
        guardians=guardians,
        staff=members_with_roles(person.organisation_id, list(STAFF_ROLES)),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_consent(
                by=request.user,
                person=person,
                basis=data["basis"],
                scope=data["scope"],
                scope_detail=data["scope_detail"],
                guardian=guardians.filter(pk=data["guardian"]).first()
                if data["guardian"]
                else None,
                form_file=data["form_file"],
                witness_name=data["witness_name"],
                exception_reason=data["exception_reason"],
                reviewer=_user_by_public_id(person.organisation_id, data["reviewer"]),
            )
        except PermissionDenied as exc:
            refuse(request, exc)
            return _person_page(request, person, status=403)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("person", person.pk)
    return _person_page(request, person, status=400, consent_form=form)


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, pk: str) -> HttpResponse:
    consent = queries.get_consent_for(request.user, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Record what the withdrawal changes (e.g. which sharing stops)."))
        return redirect("person", consent.person_id)
    try:
        services.withdraw_consent(by=request.user, consent=consent, **form.cleaned_data)
    except PermissionDenied as exc:
        refuse(request, exc)
        person = services.open_person_record(by=request.user, pk=consent.person_id)
        return _person_page(request, person, status=403)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Consent withdrawn; the effect is recorded."))
    return redirect("person", consent.person_id)


@login_required
@require_POST
def consent_review(request: HttpRequest, pk: str) -> HttpResponse:
    consent = queries.get_consent_for(request.user, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether the exception is upheld and give a reason."))
        return redirect("person", consent.person_id)
    try:
        services.review_exception(by=request.user, consent=consent, **form.cleaned_data)
    except PermissionDenied as exc:
        refuse(request, exc)
        person = services.open_person_record(by=request.user, pk=consent.person_id)
        return _person_page(request, person, status=403)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Review recorded."))
    return redirect("person", consent.person_id)


@login_required
def consent_form_file(request: HttpRequest, pk: str) -> FileResponse:
    consent = services.open_consent_form(by=request.user, pk=pk)
    response = FileResponse(
        consent.form_file.open("rb"),
        as_attachment=True,
        filename=consent.form_file.name.rsplit("/", 1)[-1],
    )
    response["Cache-Control"] = "private, no-store"
    return response
