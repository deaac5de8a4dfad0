"""The service directory: search, entries, import and export."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rangkul.accounts.models import region_code_validator
from rangkul.lib.views import attach_errors, current_org
from rangkul.referrals import permissions, queries, services
from rangkul.referrals.forms import ImportForm, ProviderForm
from rangkul.referrals.models import AgeGroup, Cost, Provider, ProviderKind, ServiceKind

MAX_IMPORT_BYTES = 2 * 1024 * 1024


def _filters(request: HttpRequest) -> dict[str, Any]:
    get = request.GET
    region = get.get("region", "").strip()
    try:
        region_code_validator(region) if region else None
    except ValidationError:
        region = ""
    age_raw = get.get("age", "").strip()
    age = int(age_raw) if age_raw.isdigit() and int(age_raw) <= 120 else None
    return {
        "search": get.get("q", "").strip()[:100],
        "region": region,
        "service": get.get("service", "") if get.get("service") in ServiceKind.values else "",
        "cost": get.get("cost", "") if get.get("cost") in Cost.values else "",
        "kind": get.get("kind", "") if get.get("kind") in ProviderKind.values else "",
        "age": age,
    }


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    if not permissions.can_read_directory(request.user):
        raise Http404
    org = current_org(request)
    filters = _filters(request)
    page = Paginator(queries.visible_providers(request.user, **filters), 25).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "filters": filters,
        "services": ServiceKind.choices,
        "costs": Cost.choices,
        "kinds": ProviderKind.choices,
        "age_groups": AgeGroup.choices,
        "can_manage": permissions.can_manage_directory(request.user, org.pk),
    }
    template = "referrals/directory.html#results" if request.htmx else "referrals/directory.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
def provider_detail(request: HttpRequest, pk: str) -> HttpResponse:
    provider = queries.get_provider_for(request.user, pk)
    return render(
        request,
        "referrals/provider.html",
        {
            "provider": provider,
            "can_manage": permissions.can_manage_provider(request.user, provider),
        },
    )


def _provider_organisations() -> Any:
    return queries.provider_organisations()


def _initial(provider: Provider) -> dict[str, Any]:
    return {
        "name": provider.name,
        "kind": provider.kind,
        "services": provider.codes(provider.services),
        "age_groups": provider.codes(provider.age_groups),
        "costs": provider.codes(provider.costs),
        "regions": ", ".join(provider.region_list),
        "languages": ", ".join(provider.language_list),
        "hours": provider.hours,
        "phone": provider.phone,
        "email": provider.email,
        "website": provider.website,
        "address": provider.address,
        "capacity_per_month": provider.capacity_per_month,
        "channel": provider.channel,
        "provider_organisation": str(provider.provider_organisation_id or ""),
        "description": provider.description,
        "is_active": provider.is_active,
    }


@login_required
def provider_edit(request: HttpRequest, pk: str | None = None) -> HttpResponse:
    org = current_org(request)
    provider = queries.get_provider_for(request.user, pk, action="manage") if pk else None
    if provider is None and not permissions.can_manage_directory(request.user, org.pk):
        raise Http404
    choices = _provider_organisations()
    if request.method == "POST":
        form = ProviderForm(request.POST, provider_organisations=choices)
        if form.is_valid():
            data = dict(form.cleaned_data)
            chosen = data.pop("provider_organisation")
            try:
                provider = services.save_provider(
                    by=request.user,
                    organisation=org,
                    provider=provider,
                    provider_organisation=choices.filter(pk=chosen).first() if chosen else None,
                    **data,
                )
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("Directory entry saved."))
                return redirect("provider", provider.pk)
    else:
        initial = _initial(provider) if provider else {"languages": "id", "is_active": True}
        form = ProviderForm(initial=initial, provider_organisations=choices)
    return render(
        request,
        "referrals/provider_form.html",
        {"form": form, "provider": provider},
        status=400 if form.is_bound else 200,
    )


@login_required
def directory_import(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_manage_directory(request.user, org.pk):
        raise Http404
    report = None
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            form.add_error("file", _("The file may be at most 2 MB."))
        else:
            report = services.import_directory(
                by=request.user,
                organisation=org,
                data=upload.read(),
                file_format=form.cleaned_data["file_format"],
            )
            if report.applied:
                messages.success(
                    request,
                    _("Imported: %(created)s added, %(updated)s updated.")
                    % {"created": report.created, "updated": report.updated},
                )
                return redirect("directory")
    if form.errors or (report is not None and not report.applied):
        status = 400
    return render(request, "referrals/import.html", {"form": form, "report": report}, status=status)


@login_required
def directory_export(request: HttpRequest, file_format: str) -> HttpResponse:
    org = current_org(request)
    if file_format not in ("json", "csv"):
        raise Http404
    try:
        text = services.export_directory(by=request.user, organisation=org, file_format=file_format)
    except PermissionDenied:
        raise Http404 from None
    content_type = "application/json" if file_format == "json" else "text/csv"
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="direktori-layanan.{file_format}"'
    return response
