"""Pages of psychosocial programmes: thin — parse, call a query or a service, render."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rangkul.audit import services as audit
from rangkul.lib import idempotency
from rangkul.lib.views import attach_errors, current_org, error_text, refuse
from rangkul.people.models import ConsentBasis
from rangkul.psychosocial import dashboard, permissions, queries, services
from rangkul.psychosocial.forms import BeneficiaryForm, ImportForm, PfaForm, ProgrammeForm
from rangkul.psychosocial.models import ProgrammeStatus
from rangkul.psychosocial.services.programmes import field_workers
from rangkul.referrals import queries as referral_queries
from rangkul.regions import queries as region_queries

MAX_IMPORT_BYTES = 2 * 1024 * 1024
RENAME = {"region_code": "region"}
T = TypeVar("T")


def _attempt(
    request: HttpRequest, call: Callable[[], T], *, form: Any = None, rename: Any = None
) -> T | None:
    """Call a service; None when it said no. On a form page its reasons go onto the form
    (a refusal as a general error), so the page comes back with status 400; an action
    without a form shows them as the page's message (`refuse`)."""
    try:
        return call()
    except (ValidationError, PermissionDenied) as exc:
        if form is None:
            refuse(request, exc)
        elif isinstance(exc, ValidationError):
            attach_errors(form, exc, rename)
        else:
            form.add_error(None, error_text(exc))
    return None


def _errors_of(form: Any) -> dict[str, list[str]]:
    return {field: [str(m) for m in errors] for field, errors in form.errors.items()}


@login_required
def programmes(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    rows = list(queries.visible_programmes(request.user, org.pk))
    if not rows and not permissions.can_manage_programmes(request.user, org.pk):
        raise Http404
    places = region_queries.names([p.region_id for p in rows])
    return render(
        request,
        "psychosocial/programmes.html",
        {
            "programmes": [
                {
                    "programme": p,
                    "place": region_queries.full_name(p.region_id, places),
                    "can_work": permissions.can_work_in(request.user, p),
                }
                for p in rows
            ],
            "can_manage": permissions.can_manage_programmes(request.user, org.pk),
        },
    )


@login_required
def programme_edit(request: HttpRequest, pk: str | None = None) -> HttpResponse:
    org = current_org(request)
    programme = queries.get_programme_for(request.user, pk, "manage") if pk else None
    if programme is None and not permissions.can_manage_programmes(request.user, org.pk):
        raise Http404
    if programme is not None and programme.organisation_id != org.pk:
        raise Http404
    workers = field_workers(org.pk)
    initial: dict[str, Any] = {"status": ProgrammeStatus.PLANNED, "region": org.region_code}
    if programme is not None:
        initial = {
            "name": programme.name,
            "target_groups": programme.target_group_list,
            "region": programme.region_id,
            "starts_on": programme.starts_on,
            "ends_on": programme.ends_on,
            "status": programme.status,
            "team": [str(u.pk) for u in programme.team.all()],
            "description": programme.description,
        }
    form = ProgrammeForm(request.POST or None, initial=initial, workers=workers)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        chosen = set(d["team"])
        saved = _attempt(
            request,
            lambda: services.save_programme(
                by=request.user,
                organisation=org,
                programme=programme,
                data=services.ProgrammeData(
                    name=d["name"],
                    region_code=d["region"],
                    starts_on=d["starts_on"],
                    ends_on=d["ends_on"],
                    target_groups=d["target_groups"],
                    description=d["description"],
                    team=[u for u in workers if str(u.pk) in chosen],
                    status=d["status"],
                ),
            ),
            form=form,
        )
        if saved is not None:
            messages.success(request, _("The programme is saved."))
            if permissions.can_work_in(request.user, saved):
                return redirect("psychosocial_programme", saved.pk)
            return redirect("psychosocial_programmes")
    return render(
        request,
        "psychosocial/programme_form.html",
        {"form": form, "programme": programme},
        status=400 if form.errors else 200,
    )


@login_required
def programme(request: HttpRequest, pk: str) -> HttpResponse:
    prog = queries.get_programme_for(request.user, pk, "work")
    today = timezone.localdate()
    figures = dashboard.figures(request.user, prog, today)
    audit.record_list(
        request.user, "pfa_contact.listed", figures.follow_ups, organisation=prog.organisation
    )
    return render(
        request,
        "psychosocial/programme.html",
        {
            "programme": prog,
            "place": region_queries.full_name(prog.region_id),
            "figures": figures,
            "today": today,
            "can_register": permissions.can_register(request.user, prog),
            "can_manage": permissions.can_manage_programmes(request.user, prog.organisation_id),
            "sexes": ["female", "male", "unspecified"],
        },
    )


@login_required
def beneficiaries(request: HttpRequest, pk: str) -> HttpResponse:
    prog = queries.get_programme_for(request.user, pk, "work")
    search = request.GET.get("q", "").strip()[:100]
    rows = queries.read_beneficiaries(request.user, prog, search=search)
    places = region_queries.names([b.region_id for b in rows])
    return render(
        request,
        "psychosocial/beneficiaries.html",
        {
            "programme": prog,
            "rows": [(b, region_queries.full_name(b.region_id, places)) for b in rows],
            "search": search,
            "can_register": permissions.can_register(request.user, prog),
        },
    )


def _draft_form_page(
    request: HttpRequest, template: str, context: dict[str, Any], form: Any
) -> HttpResponse:
    status = 200
    if form.is_bound and form.errors:
        status = 400
        # The browser drops the draft of a submission the server refused (it is on screen).
        context["rejected_key"] = request.POST.get(idempotency.FIELD_NAME, "")
    return render(request, template, {**context, "form": form}, status=status)


@login_required
def beneficiary_new(request: HttpRequest, pk: str) -> HttpResponse:
    prog = queries.get_programme_for(request.user, pk, "work")
    if not permissions.can_register(request.user, prog):
        raise Http404
    form = BeneficiaryForm(request.POST or None, initial={"region": prog.region_id})
    draft = idempotency.is_draft_request(request)
    if request.method == "POST":
        key = idempotency.key_from(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            guardian = d["consent_basis"] == ConsentBasis.GUARDIAN_VERBAL
            registered = _attempt(
                request,
                lambda: services.register_beneficiary(
                    by=request.user,
                    programme=prog,
                    key=key,
                    data=services.BeneficiaryData(
                        full_name=d["full_name"],
                        gender=d["gender"],
                        birth_date=d["birth_date"],
                        age=d["age"],
                        household=d["household"],
                        is_household_head=d["is_household_head"],
                        region_code=d["region"],
                        vulnerabilities=d["vulnerabilities"],
                        vulnerability_other=d["vulnerability_other"],
                        consent_basis=d["consent_basis"],
                        guardian_name=d["guardian_name"] if guardian else "",
                        guardian_relationship=d["guardian_relationship"] if guardian else "",
                        witness_name=d["witness_name"] if guardian else "",
                    ),
                ),
                form=form,
                rename=RENAME,
            )
            if registered is not None:
                beneficiary, created = registered
                url = reverse("person", args=[beneficiary.person_id])
                if draft:
                    return idempotency.draft_saved(beneficiary, created, url)
                name = beneficiary.person.full_name
                messages.success(
                    request,
                    _("%(name)s is registered.") % {"name": name}
                    if created
                    else _("%(name)s was already registered; nothing was added.") % {"name": name},
                )
                return redirect("psychosocial_beneficiary_new", prog.pk)
        if draft:
            return idempotency.draft_refused(_errors_of(form))
    return _draft_form_page(
        request, "psychosocial/beneficiary_form.html", {"programme": prog}, form
    )


@login_required
def beneficiary_import(request: HttpRequest, pk: str) -> HttpResponse:
    prog = queries.get_programme_for(request.user, pk, "work")
    if not permissions.can_register(request.user, prog):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            form.add_error("file", _("The file may be at most 2 MB."))
        else:
            batch = _attempt(
                request,
                lambda: services.check_import(
                    by=request.user, programme=prog, data=upload.read(), file_name=upload.name
                ),
                form=form,
            )
            if batch is not None:
                return redirect("psychosocial_import", batch.pk)
    return render(
        request,
        "psychosocial/import.html",
        {"programme": prog, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def import_preview(request: HttpRequest, pk: str) -> HttpResponse:
    batch = queries.get_import_for(request.user, pk)
    if request.method == "POST":
        count = _attempt(request, lambda: services.apply_import(by=request.user, batch=batch))
        if count is not None:
            messages.success(request, _("%(n)d beneficiaries were registered.") % {"n": count})
            return redirect("psychosocial_beneficiaries", batch.programme_id)
    return render(
        request,
        "psychosocial/import_preview.html",
        {"batch": batch, "programme": batch.programme},
        status=403 if request.method == "POST" else 200,
    )


@login_required
def pfa_new(request: HttpRequest, pk: str) -> HttpResponse:
    prog = queries.get_programme_for(request.user, pk, "work")
    if not permissions.can_register(request.user, prog):
        raise Http404
    people = list(queries.beneficiary_choices(request.user, prog))
    audit.record_list(request.user, "beneficiary.listed", people, organisation=prog.organisation)
    providers = list(referral_queries.visible_providers(request.user).filter(is_active=True))
    initial: dict[str, Any] = {"starts_at": timezone.localtime().replace(second=0, microsecond=0)}
    if request.GET.get("beneficiary"):
        initial["beneficiary"] = request.GET["beneficiary"]
    form = PfaForm(request.POST or None, initial=initial, beneficiaries=people, providers=providers)
    draft = idempotency.is_draft_request(request)
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            chosen = {str(b.pk): b for b in people}
            logged = _attempt(
                request,
                lambda: services.log_pfa_contact(
                    by=request.user,
                    programme=prog,
                    key=idempotency.key_from(request.POST),
                    data=services.PfaData(
                        beneficiary=chosen.get(d["beneficiary"]),
                        starts_at=d["starts_at"],
                        duration_minutes=d["duration_minutes"],
                        mode=d["mode"],
                        place=d["place"],
                        needs=d["needs"],
                        needs_other=d["needs_other"],
                        information_given=d["information_given"],
                        services=d["services"],
                        follow_up=d["follow_up"],
                        follow_up_due=d["follow_up_due"],
                    ),
                ),
                form=form,
            )
            if logged is not None:
                pfa, created = logged
                url = reverse("psychosocial_pfa", args=[pfa.pk])
                if draft:
                    return idempotency.draft_saved(pfa, created, url)
                messages.success(
                    request,
                    _("The contact is logged.")
                    if created
                    else _("This contact was already logged; nothing was added."),
                )
                return redirect(url)
        if draft:
            return idempotency.draft_refused(_errors_of(form))
    return _draft_form_page(request, "psychosocial/pfa_form.html", {"programme": prog}, form)


@login_required
def pfa(request: HttpRequest, pk: str) -> HttpResponse:
    contact = queries.open_pfa_contact(request.user, pk)
    return render(
        request,
        "psychosocial/pfa.html",
        {
            "pfa": contact,
            "activity": contact.activity,
            "providers": list(contact.services_linked.all()),
            "can_link": permissions.can_register(request.user, contact.programme),
        },
    )


@login_required
@require_POST
def pfa_refer(request: HttpRequest, pk: str) -> HttpResponse:
    contact = queries.open_pfa_contact(request.user, pk)
    case = _attempt(request, lambda: services.start_referral_case(by=request.user, pfa=contact))
    if case is None:
        return redirect("psychosocial_pfa", contact.pk)
    return redirect("referral_new", case.pk)
