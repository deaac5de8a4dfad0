"""Onboarding pages: the legal basis, imports with their preview, class logins and cards,
the academic-year rollover; and a student's first login (own password, privacy notice)."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rangkul.accounts import services as account_services
from rangkul.accounts.roles import Role
from rangkul.lib.views import attach_errors, current_org, error_text
from rangkul.onboarding import documents, permissions, queries
from rangkul.onboarding.forms import DataPolicyForm, EndEnrolmentForm, RolloverForm, UploadForm
from rangkul.onboarding.models import ImportKind
from rangkul.onboarding.services import imports, logins, policy, rollover


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _login_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("login"))


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_view_classes(request.user, org.id):
        raise Http404
    manage = permissions.can_manage_enrolment(request.user, org.id)
    context = {
        "can_manage": manage,
        "policy": queries.data_policy(org),
        "imports": queries.visible_imports(request.user, org)[:10] if manage else [],
        "classes": queries.classes(request.user, org),
        "year": queries.current_year(org),
    }
    return render(request, "onboarding/overview.html", context)


@login_required
def data_policy(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_manage_enrolment(request.user, org.id):
        raise Http404
    current = queries.data_policy(org)
    form = DataPolicyForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            policy.record_data_policy(by=request.user, organisation=org, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)  # type: ignore[arg-type]
        else:
            messages.success(request, _("The legal basis and the guardian notice are recorded."))
            return redirect("onboarding")
    status = 400 if form.errors else 200
    return render(
        request, "onboarding/policy.html", {"form": form, "policy": current}, status=status
    )


@login_required
def guardian_letter(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_manage_enrolment(request.user, org.id):
        raise Http404
    return _pdf(
        documents.render_guardian_letter(org, queries.data_policy(org)), "pemberitahuan-wali.pdf"
    )


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_manage_enrolment(request.user, org.id):
        raise Http404
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = imports.check_import(
                by=request.user,
                organisation=org,
                kind=form.cleaned_data["kind"],
                file_name=upload.name,
                data=upload.read(),
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            return redirect("onboarding_import", pk=batch.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "onboarding/upload.html",
        {"form": form, "has_policy": queries.data_policy(org) is not None},
        status=status,
    )


@login_required
def import_preview(request: HttpRequest, pk: str) -> HttpResponse:
    org = current_org(request)
    batch = queries.get_import_for(request.user, org, pk)
    roles = dict(Role.choices)
    for row in batch.rows:
        row["role_label"] = roles.get(row["values"].get("role", ""), "")
    context = {
        "batch": batch,
        "has_policy": queries.data_policy(org) is not None,
        "problem_rows": [r for r in batch.rows if r["problems"]],
    }
    return render(request, "onboarding/preview.html", context)


@login_required
@require_POST
def import_apply(request: HttpRequest, pk: str) -> HttpResponse:
    org = current_org(request)
    batch = queries.get_import_for(request.user, org, pk)
    try:
        made = imports.apply_import(by=request.user, batch=batch)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
        return redirect("onboarding_import", pk=batch.pk)
    if batch.kind == ImportKind.STAFF:
        cards = logins.staff_cards(org, made)
        return _pdf(documents.render_cards(cards, login_url=_login_url(request)), "kartu-masuk.pdf")
    messages.success(request, _("The import is applied. Print the login cards of each class."))
    return redirect("onboarding")


@login_required
def class_page(request: HttpRequest, pk: str) -> HttpResponse:
    org = current_org(request)
    cohort = queries.get_class_for(request.user, org, pk)
    students = queries.class_students(request.user, cohort)
    manage = permissions.can_manage_enrolment(request.user, org.id)
    rows = [
        {"person": p, "end_form": EndEnrolmentForm(auto_id=f"end-{p.pk}-%s") if manage else None}
        for p in students
    ]
    context = {
        "cohort": cohort,
        "rows": rows,
        "can_manage": manage,
        "can_reset": permissions.can_reset_passwords(request.user, org.id),
        "without_login": sum(1 for p in students if p.user_id is None),
    }
    return render(request, "onboarding/class.html", context)


@login_required
@require_POST
def class_cards(request: HttpRequest, pk: str) -> HttpResponse:
    org = current_org(request)
    cohort = queries.get_class_for(request.user, org, pk)
    try:
        cards = logins.issue_class_logins(by=request.user, cohort=cohort)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
        return redirect("onboarding_class", pk=cohort.pk)
    data = documents.render_cards(cards, login_url=_login_url(request))
    return _pdf(data, f"kartu-masuk-{cohort.name}.pdf".replace(" ", "-"))


@login_required
@require_POST
def password_reset(request: HttpRequest, pk: str) -> HttpResponse:
    org = current_org(request)
    person = queries.get_student_for(request.user, org, pk, "reset")
    try:
        card = logins.reset_student_password(by=request.user, person=person)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
        return (
            redirect("onboarding_class", pk=person.cohort_id)
            if person.cohort_id
            else redirect("onboarding")
        )
    return _pdf(documents.render_cards([card], login_url=_login_url(request)), "kartu-masuk.pdf")


@login_required
@require_POST
def end_enrolment(request: HttpRequest, pk: str) -> HttpResponse:
    org = current_org(request)
    person = queries.get_student_for(request.user, org, pk, "end")
    back = (
        redirect("onboarding_class", pk=person.cohort_id)
        if person.cohort_id
        else redirect("onboarding")
    )
    form = EndEnrolmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the reason and the date."))
        return back
    try:
        logins.end_enrolment(by=request.user, person=person, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("%(name)s is archived.") % {"name": person.full_name})
    return back


@login_required
def rollover_page(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_manage_enrolment(request.user, org.id):
        raise Http404
    form = RolloverForm(request.POST or request.GET or None)
    final = form.cleaned_data["final_grade"] if form.is_valid() else None
    if request.method == "POST" and form.is_valid():
        try:
            done = rollover.apply_rollover(
                by=request.user,
                organisation=org,
                from_year=request.POST.get("from_year", ""),
                final_grade=final,
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(
                request,
                _("%(to)s has begun: %(moved)s students moved up, %(graduated)s graduated.")
                % {"to": done.to_year, **done.summary},
            )
            return redirect("onboarding")
    plan = rollover.plan_rollover(by=request.user, organisation=org, final_grade=final)
    if not form.is_bound or not form.is_valid():
        form = RolloverForm(initial={"final_grade": plan.final_grade})
    return render(request, "onboarding/rollover.html", {"plan": plan, "form": form})


# --- A student's first login --------------------------------------------------------------


@login_required
def first_password(request: HttpRequest) -> HttpResponse:
    if not request.user.must_change_password:  # type: ignore[union-attr]
        # Without a one-time password, changing it needs the old one.
        return redirect("password_change")
    form = SetPasswordForm(request.user, request.POST or None)  # type: ignore[type-var]
    if request.method == "POST" and form.is_valid():
        account_services.choose_first_password(
            user=request.user,  # type: ignore[arg-type]
            password=form.cleaned_data["new_password1"],
        )
        update_session_auth_hash(request, request.user)  # type: ignore[arg-type]
        return redirect("privacy_notice" if request.user.privacy_notice_due else "home")  # type: ignore[union-attr]
    return render(
        request,
        "onboarding/first_password.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
def privacy_notice(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if request.POST.get("understood") != "yes":
            messages.error(request, _("Tick the box to say you have read it."))
        else:
            account_services.acknowledge_privacy_notice(user=request.user)  # type: ignore[arg-type]
            messages.success(request, _("Thank you. Welcome to Rangkul."))
            return redirect("home")
    return render(request, "onboarding/privacy_notice.html", {})
