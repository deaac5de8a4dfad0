"""Results: one response, its FHIR export, and a person's results over time."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from rangkul.lib.views import language_of
from rangkul.people.queries import get_person_for
from rangkul.screenings import catalogue, permissions, services
from rangkul.screenings.engine import reliable_change
from rangkul.screenings.models import ScreeningResponse


def answer_rows(response: ScreeningResponse) -> list[dict[str, Any]]:
    """Each question with the answer given, in the wording it was given in."""
    wording = catalogue.wording_of_response(response)
    lang = wording.language
    rows = []
    for number, item in enumerate(wording.instrument.items, start=1):
        value = response.answers.get(item.id)
        option = item.option(value) if isinstance(value, int) else None
        rows.append(
            {
                "number": number,
                "id": item.id,
                "text": item.text[lang],
                "answer": option.label[lang] if option else None,
                "value": value,
            }
        )
    return rows


@login_required
def response_detail(request: HttpRequest, pk: str) -> HttpResponse:
    response = services.open_response(by=request.user, pk=pk)
    wording = catalogue.wording_of_response(response)
    lang = language_of(request)
    result = response.result or {}
    band = result.get("band") or {}
    context = {
        "response": response,
        "name": wording.instrument.name.get(lang) or wording.instrument.short_name,
        "rows": answer_rows(response),
        "staff": permissions.can_view_scores(request.user, response),
        "band_label": (band.get("label") or {}).get(lang, response.band_code),
        "provisional": band.get("provisional", False),
        "subscales": result.get("subscales") or {},
        "critical_reasons": [
            (r["item"], r["meaning"].get(lang, "")) for r in result.get("critical_reasons", [])
        ],
        "unofficial": response.translation_status == "unofficial",
    }
    return render(request, "screenings/response_detail.html", context)


@login_required
def response_fhir(request: HttpRequest, pk: str) -> HttpResponse:
    resource = services.export_response_fhir(by=request.user, pk=pk)
    download = JsonResponse(resource, json_dumps_params={"ensure_ascii": False, "indent": 2})
    download["Content-Disposition"] = f'attachment; filename="questionnaire-response-{pk}.json"'
    download["Cache-Control"] = "no-store"
    return download


RCI_LABELS = ("improved", "no_reliable_change", "deteriorated")


@login_required
def person_results(request: HttpRequest, pk: str) -> HttpResponse:
    person = get_person_for(request.user, pk)
    if not permissions.can_view_person_results(request.user, person):
        raise Http404
    history = services.open_person_results(by=request.user, person=person)
    lang = language_of(request)
    sections = []
    for code, responses in sorted(history.items()):
        instrument = catalogue.definition_of(code, responses[-1].custom_instrument)
        scored = [r for r in responses if r.score is not None]
        chosen = _pair(request, code, scored)
        change = None
        if chosen is not None:
            change = reliable_change(instrument, chosen[0].score, chosen[1].score)  # type: ignore[arg-type]
        sections.append(
            {
                "code": code,
                "name": instrument.name.get(lang) or instrument.short_name,
                "responses": responses,
                "scored": scored,
                "pair": chosen,
                "change": change,
                "chart": {
                    "labels": [r.submitted_at.date().isoformat() for r in scored if r.submitted_at],
                    "scores": [r.score for r in scored if r.submitted_at],
                    "label": instrument.short_name,
                },
            }
        )
    return render(
        request,
        "screenings/person_results.html",
        {"person": person, "sections": sections, "json": json},
    )


def _pair(
    request: HttpRequest, code: str, scored: list[ScreeningResponse]
) -> tuple[ScreeningResponse, ScreeningResponse] | None:
    """The two responses to compare: chosen in the form, else the first and the last."""
    if len(scored) < 2:
        return None
    by_id = {str(r.pk): r for r in scored}
    before = by_id.get(request.GET.get(f"{code}_from", ""), scored[0])
    after = by_id.get(request.GET.get(f"{code}_to", ""), scored[-1])
    return (before, after) if before.pk != after.pk else (scored[0], scored[-1])
