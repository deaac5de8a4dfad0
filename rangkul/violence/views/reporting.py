"""Reporting violence (public form and members' form) and following it by receipt code."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from rangkul.accounts.models import Organisation, OrganisationKind
from rangkul.audit.context import client_ip
from rangkul.lib.views import attach_errors, current_org
from rangkul.violence import queries, services, throttle
from rangkul.violence.forms import AdditionForm, ReceiptForm, ReportForm
from rangkul.violence.models import Channel, ReceiptStatus

TOO_MANY = 429


def _too_many_tries() -> str:
    return _("Too many tries from this connection. Please try again in an hour.")


def _address() -> str:
    return client_ip.get() or ""


def _submit(request: HttpRequest, form: ReportForm, org: Any, channel: str) -> Any:
    data = form.cleaned_data
    try:
        return services.submit_report(
            organisation=org,
            by=request.user if channel == Channel.MEMBER else None,
            channel=channel,
            kind=data["kind"],
            standing=data["standing"],
            what=data["what"],
            where=data["where"],
            when=data["when"],
            who=data["who"],
            online=data["online"],
            danger_now=data["danger_now"],
            child_victim=data["child_victim"],
            anonymous=data["anonymous"],
            confidential=data["confidential"],
            reporter_name=data.get("reporter_name", ""),
            reporter_contact=data.get("reporter_contact", ""),
        )
    except ValidationError as exc:
        attach_errors(form, exc)
        return None


def _sent(request: HttpRequest, report: Any, code: str) -> HttpResponse:
    # The code is shown once, on this page; only its hash is kept.
    response = render(
        request, "violence/report_sent.html", {"code": code, "danger": report.danger_now}
    )
    response["Cache-Control"] = "no-store"
    return response


@never_cache
def report_public(request: HttpRequest, npsn: str) -> HttpResponse:
    """The public form of one school, for anyone (a parent without an account too)."""
    org = get_object_or_404(Organisation, npsn=npsn, kind=OrganisationKind.SCHOOL, is_active=True)
    status = 200
    if request.method == "POST":
        form = ReportForm(request.POST, public=True)
        if not throttle.allow(_address(), "report"):
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Too many reports from this connection. Please try again in an hour, "
                    "or call SAPA 129."
                ),
            )
            status = TOO_MANY
        elif form.is_valid():
            sent = _submit(request, form, org, Channel.PUBLIC_FORM)
            if sent is not None:
                return _sent(request, *sent)
            status = 400
        else:
            status = 400
    else:
        form = ReportForm(public=True)
    context = {"form": form, "school": org, "public": True}
    return render(request, "violence/report.html", context, status=status)


@login_required
@never_cache
def report_member(request: HttpRequest) -> HttpResponse:
    """Any member (student, teacher, staff) reports to their school's team."""
    org = current_org(request)
    if org.kind != OrganisationKind.SCHOOL:
        raise Http404
    status = 200
    if request.method == "POST":
        form = ReportForm(request.POST, public=False)
        if form.is_valid():
            sent = _submit(request, form, org, Channel.MEMBER)
            if sent is not None:
                return _sent(request, *sent)
        status = 400
    else:
        form = ReportForm(public=False)
    context = {
        "form": form,
        "school": org,
        "public": False,
        "mine": queries.my_reports(request.user, org.id),
    }
    return render(request, "violence/report.html", context, status=status)


def _status_page(request: HttpRequest, report: Any, code: str, **extra: Any) -> HttpResponse:
    status = extra.pop("status", 200)
    context = {
        "status_label": ReceiptStatus(report.matter.receipt_status).label,
        "closed": report.matter.receipt_status == ReceiptStatus.CLOSED,
        "additions": report.additions.count(),
        "received_on": report.created_at,
        "form": extra.pop("form", None) or AdditionForm(initial={"code": code}),
        **extra,
    }
    response = render(request, "violence/receipt_status.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@never_cache
def receipt(request: HttpRequest) -> HttpResponse:
    """Follow a report with its receipt code: the step it is at, nothing about anyone."""
    status = 200
    if request.method == "POST":
        form = ReceiptForm(request.POST)
        if not throttle.allow(_address(), "receipt"):
            form.is_valid()
            form.add_error(None, _too_many_tries())
            status = TOO_MANY
        elif form.is_valid():
            report = services.read_receipt(code=form.cleaned_data["code"])
            if report is not None:
                return _status_page(request, report, form.cleaned_data["code"])
            form.add_error("code", _("We do not know this receipt code. Check it and try again."))
            status = 404
        else:
            status = 400
    else:
        form = ReceiptForm()
    return render(request, "violence/receipt.html", {"form": form}, status=status)


@require_POST
@never_cache
def receipt_add(request: HttpRequest) -> HttpResponse:
    """The reporter adds information; the code travels in the form, never in the URL."""
    form = AdditionForm(request.POST)
    if not throttle.allow(_address(), "receipt"):
        return render(
            request,
            "violence/receipt.html",
            {
                "form": ReceiptForm(),
                "error": _too_many_tries(),
            },
            status=TOO_MANY,
        )
    code = request.POST.get("code", "")
    report = queries.report_by_receipt(code)
    if report is None:
        raise Http404
    if form.is_valid():
        try:
            services.add_information(code=code, text=form.cleaned_data["text"])
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            return _status_page(request, report, code, added=True)
    return _status_page(request, report, code, form=form, status=400)
