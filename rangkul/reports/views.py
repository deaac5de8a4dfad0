"""Report pages, table downloads and exports: parse, authorise, call, render."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rangkul.cases.models import Tier
from rangkul.lib.views import current_org, error_text
from rangkul.reports import files, permissions, queries, services
from rangkul.reports.filters import parse_filters
from rangkul.reports.indicators import values as indicator_values
from rangkul.reports.models import ExportStatus
from rangkul.reports.tables import TABLES

SCHOOL_TABLES = ["programmes", "closed", "outcomes"]
DISTRICT_TABLES = ["organisations", "programmes", "closed", "outcomes"]


def _scope_or_404(request: HttpRequest, kind: str | None = None) -> Any:
    org = current_org(request)
    scope = permissions.report_scope(request.user, org)
    if scope is None or (kind is not None and scope.kind != kind):
        raise Http404
    return org, scope


def _page(request: HttpRequest, kind: str, keys: list[str], template: str) -> HttpResponse:
    org, scope = _scope_or_404(request, kind)
    filters, errors = parse_filters(request.GET)
    for error in errors:
        messages.error(request, error)
    report = services.open_report(by=request.user, organisation=org, filters=filters)
    tables = [] if report.too_narrow else [TABLES[key].build(report) for key in keys]
    query = urlencode(filters.to_params())
    context = {
        "org": org,
        "scope": scope,
        "filters": filters,
        "query": query,
        "too_narrow": report.too_narrow,
        "tables": tables,
        "tiers": [(t.value, t.label) for t in Tier],
        "can_export_identifiable": permissions.can_export_identifiable(request.user, org.id),
    }
    return render(request, template, context)


@login_required
def school(request: HttpRequest) -> HttpResponse:
    return _page(request, "school", SCHOOL_TABLES, "reports/school.html")


@login_required
def district(request: HttpRequest) -> HttpResponse:
    return _page(request, "district", DISTRICT_TABLES, "reports/district.html")


@login_required
def indicators(request: HttpRequest) -> HttpResponse:
    org, scope = _scope_or_404(request)
    filters, _errors = parse_filters(request.GET)
    report = services.open_report(by=request.user, organisation=org, filters=filters)
    context = {
        "org": org,
        "scope": scope,
        "filters": filters,
        "query": urlencode(filters.to_params()),
        "pairs": list(indicator_values(report)),
    }
    return render(request, "reports/indicators.html", context)


def _back(scope: Any, query: str) -> str:
    name = "reports_district" if scope.is_district else "reports"
    return f"{reverse(name)}?{query}"


@login_required
def table_file(request: HttpRequest, table: str, file_format: str) -> HttpResponse:
    org, scope = _scope_or_404(request)
    filters, _errors = parse_filters(request.GET)
    if table not in TABLES:
        raise Http404
    try:
        built, data = services.download_table(
            by=request.user, organisation=org, table=table, file_format=file_format,
            filters=filters,
        )  # fmt: skip
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect(_back(scope, urlencode(filters.to_params())))
    response = HttpResponse(data, content_type=files.CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="rangkul-{table}.{file_format}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def export_request(request: HttpRequest, table: str, file_format: str) -> HttpResponse:
    org, scope = _scope_or_404(request)
    filters, _errors = parse_filters(request.GET)
    if table not in TABLES:
        raise Http404
    try:
        services.request_export(
            by=request.user, organisation=org, table=table, file_format=file_format,
            filters=filters,
        )  # fmt: skip
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect(_back(scope, urlencode(filters.to_params())))
    messages.success(request, _("The file is being prepared. It will be listed here when ready."))
    return redirect("reports_exports")


@login_required
def exports(request: HttpRequest) -> HttpResponse:
    org, _scope = _scope_or_404(request)
    rows = list(queries.own_exports(request.user, org)[:50])
    busy = any(e.status in (ExportStatus.WAITING, ExportStatus.RUNNING) for e in rows)
    listed = [(e, TABLES[e.table].title if e.table in TABLES else e.table) for e in rows]
    context = {"org": org, "exports": listed, "busy": busy}
    template = "reports/exports.html"
    if request.headers.get("HX-Request"):
        template = "reports/exports.html#list"
    return render(request, template, context)


@login_required
def export_file(request: HttpRequest, pk: str) -> HttpResponseBase:
    org = current_org(request)
    export = queries.get_export_for(request.user, org, pk)
    try:
        services.open_export(by=request.user, export=export)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("reports_exports")
    response = FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=f"rangkul-{export.table}.{export.file_format}",
        content_type=files.CONTENT_TYPES[export.file_format],
    )
    response["Cache-Control"] = "private, no-store"
    return response
