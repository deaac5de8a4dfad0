"""Instrument settings: switching instruments on, band schemes, the organisation's
validated wording, and its own questionnaires (with the two examples as templates)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rangkul.lib.views import current_org, language_of
from rangkul.screenings import catalogue, permissions, queries, services
from rangkul.screenings.engine import Instrument, public_view, to_fhir_questionnaire
from rangkul.screenings.engine.loader import EXAMPLES_DIR
from rangkul.screenings.forms import QuestionnaireForm, WordingForm

TEMPLATES = ("akpd", "feeling_heard")


def _default_scheme(instrument: Instrument) -> str:
    scheme = instrument.default_band_scheme
    return scheme.code if scheme else ""


def _errors(exc: Exception) -> list[str]:
    return list(exc.messages) if isinstance(exc, ValidationError) else [str(exc)]


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_view_instrument_settings(request.user, org.id):
        raise Http404
    lang = language_of(request)
    rows = [
        {
            "entry": entry,
            "custom": entry.custom is not None,
            "name": entry.instrument.name.get(lang) or entry.instrument.short_name,
            "schemes": [
                (s.code, (s.label or {}).get(lang, s.code), s.provisional)
                for s in entry.instrument.band_schemes
            ],
            "scheme": entry.band_scheme or _default_scheme(entry.instrument),
        }
        for entry in queries.available_instruments(org.id)
    ]  # fmt: skip
    context = {
        "shipped": [r for r in rows if not r["custom"]],
        "custom": [r for r in rows if r["custom"]],
        "can_configure": permissions.can_configure_instruments(request.user, org.id),
        "can_override": permissions.can_override_wording(request.user, org.id),
    }
    return render(request, "screenings/instruments.html", context)


@login_required
@require_POST
def configure(request: HttpRequest, code: str) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_configure_instruments(request.user, org.id):
        raise Http404
    enabled = {"on": True, "off": False}.get(request.POST.get("enabled", ""))
    scheme = request.POST.get("band_scheme")
    try:
        services.configure_instrument(
            by=request.user, organisation=org, code=code, enabled=enabled, band_scheme=scheme
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(_errors(exc)))
    else:
        messages.success(request, _("The instrument settings are saved."))
    return redirect("screening_instruments")


def _find(request: HttpRequest, code: str) -> tuple[Instrument, Any]:
    if not permissions.can_use_instruments(request.user):
        raise Http404
    shipped = catalogue.find_shipped(code)
    if shipped is not None:
        return shipped, None
    org = current_org(request)
    row = queries.custom_by_code(request.user, code, org.id)
    if row is None:
        raise Http404
    return catalogue.custom_instrument(row), row


@login_required
def instrument_detail(request: HttpRequest, code: str) -> HttpResponse:
    instrument, row = _find(request, code)
    org = current_org(request)
    wording = catalogue.presented(org.id, code, language_of(request), row)
    context = {
        "view": public_view(wording.instrument, wording.language),
        "instrument": instrument,
        "custom": row,
        "wording": wording,
    }
    return render(request, "screenings/instrument_detail.html", context)


@login_required
def instrument_fhir(request: HttpRequest, code: str) -> HttpResponse:
    instrument, _row = _find(request, code)
    resource = to_fhir_questionnaire(instrument, language_of(request))
    download = JsonResponse(resource, json_dumps_params={"ensure_ascii": False, "indent": 2})
    download["Content-Disposition"] = f'attachment; filename="questionnaire-{code}.json"'
    return download


@login_required
def wording(request: HttpRequest, code: str) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_override_wording(request.user, org.id):
        raise Http404
    instrument = catalogue.find_shipped(code)
    if instrument is None:
        raise Http404
    language = request.GET.get("language") or request.POST.get("language") or "id"
    if language not in instrument.languages:
        raise Http404
    current = catalogue.presented(org.id, code, language)
    texts = catalogue.texts_of(current.instrument, language)
    form = WordingForm(
        request.POST if request.method == "POST" else None,
        instrument=instrument,
        texts=texts,
        initial={"source": current.override.source if current.override else ""},
    )
    if request.method == "POST" and request.POST.get("action") == "revert":
        services.revert_wording(by=request.user, organisation=org, code=code, language=language)
        messages.success(request, _("The shipped wording is used again."))
        return redirect("screening_instruments")
    if request.method == "POST" and form.is_valid():
        try:
            services.save_wording(
                by=request.user,
                organisation=org,
                code=code,
                language=language,
                texts=form.texts(),
                source=form.cleaned_data["source"],
            )
        except (ValidationError, PermissionDenied) as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("The organisation's wording is saved."))
            return redirect("screening_instruments")
    context = {"form": form, "instrument": instrument, "language": language, "current": current}
    status = 400 if request.method == "POST" else 200
    return render(request, "screenings/wording_form.html", context, status=status)


@login_required
def new_questionnaire(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    if not permissions.can_configure_instruments(request.user, org.id):
        raise Http404
    preview = None
    errors: list[str] = []
    initial = ""
    template = request.GET.get("template", "")
    if template in TEMPLATES:
        initial = (EXAMPLES_DIR / f"{template}.yaml").read_text(encoding="utf-8")
    form = QuestionnaireForm(
        request.POST if request.method == "POST" else None, initial={"definition": initial}
    )
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["definition"]
        try:
            if request.POST.get("action") == "save":
                row = services.save_custom_instrument(by=request.user, organisation=org, text=text)
                messages.success(
                    request, _("The questionnaire is saved and can be used in campaigns.")
                )
                return redirect("screening_instrument", code=row.code)
            instrument = services.check_definition(org, services.parse_definition(text))
            preview = public_view(instrument, language_of(request))
        except (ValidationError, PermissionDenied) as exc:
            errors = _errors(exc)
    context = {"form": form, "preview": preview, "errors": errors, "templates": TEMPLATES}
    status = 400 if errors else 200
    return render(request, "screenings/questionnaire_form.html", context, status=status)


@login_required
@require_POST
def switch_questionnaire(request: HttpRequest, pk: str) -> HttpResponse:
    row = queries.get_custom_instrument_for(request.user, pk)
    if not permissions.can_configure_instruments(request.user, row.organisation_id):
        raise Http404
    services.set_custom_instrument_active(
        by=request.user, row=row, active=request.POST.get("active") == "on"
    )
    messages.success(request, _("The instrument settings are saved."))
    return redirect("screening_instruments")
