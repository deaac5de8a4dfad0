"""The instrument catalogue, stateless scoring and the FHIR Questionnaire."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from pydantic import BaseModel, Field

from rangkul.lib.api import ERRORS, Error
from rangkul.lib.views import current_org
from rangkul.screenings import catalogue, permissions, problems, queries
from rangkul.screenings.api.common import AnswerErrorOut, Lang, Open, language
from rangkul.screenings.engine import (
    Instrument,
    ScoringError,
    public_view,
    score,
    to_fhir_questionnaire,
)

router = Router(tags=["instruments"])


class OptionOut(BaseModel):
    value: int
    label: str


class ItemOut(Open):
    id: str
    text: str
    options: list[OptionOut]


class InstrumentOut(Open):
    code: str
    name: str
    short_name: str
    version: str
    language: str
    translation_status: str
    items: list[ItemOut]


class InstrumentSummary(BaseModel):
    code: str
    name: str
    short_name: str
    version: str
    language: str
    translation_status: str
    respondent: str
    kind: str
    enabled: bool


class InstrumentList(BaseModel):
    items: list[InstrumentSummary]
    count: int


class ScoreIn(BaseModel):
    answers: dict[str, Any] = Field(
        description='{"<item id>": <option value>}, e.g. {"q1": 2, "q2": 0}'
    )
    band_scheme: str | None = Field(None, max_length=40)


class BandOut(BaseModel):
    code: str
    label: str
    scheme: str
    provisional: bool


class SubscaleOut(BaseModel):
    value: float
    band: BandOut | None


class ReasonOut(BaseModel):
    item: str
    meaning: str


class OutcomeOut(BaseModel):
    code: str
    label: str


class ScoreOut(BaseModel):
    code: str
    version: str
    raw: int | None
    score: float | None
    band: BandOut | None
    subscales: dict[str, SubscaleOut]
    outcome: OutcomeOut | None
    critical: bool
    critical_reasons: list[ReasonOut]


def _find(request: HttpRequest, code: str, organisation: uuid.UUID | None) -> Instrument:
    if not permissions.can_use_instruments(request.user):
        raise Http404
    shipped = catalogue.find_shipped(code)
    if shipped is not None:
        return shipped
    org = current_org(request, organisation)
    row = queries.custom_by_code(request.user, code, org.id)
    if row is None:
        raise Http404
    return catalogue.custom_instrument(row)


def _band(band: Any, lang: str) -> dict[str, Any] | None:
    if band is None:
        return None
    label = band.label.get(lang) or next(iter(band.label.values()))
    return {
        "code": band.code,
        "label": label,
        "scheme": band.scheme,
        "provisional": band.provisional,
    }


@router.get(
    "/instruments",
    response={200: InstrumentList, 401: Error},
    summary="Instruments: the shipped ones and the organisation's own",
)
def list_instruments(
    request: HttpRequest, lang: Lang | None = None, organisation: uuid.UUID | None = None
) -> Any:
    if not permissions.can_use_instruments(request.user):
        return {"items": [], "count": 0}
    shown = language(request, lang)
    org = current_org(request, organisation)
    items = []
    for entry in queries.available_instruments(org.id):
        view = public_view(entry.instrument, shown)
        items.append(
            {
                **{k: view[k] for k in ("code", "name", "short_name", "version", "language")},
                "translation_status": view["translation_status"],
                "respondent": view["respondent"],
                "kind": "custom" if entry.custom else "shipped",
                "enabled": entry.enabled,
            }
        )
    return {"items": items, "count": len(items)}


@router.get(
    "/instruments/{code}",
    response={200: InstrumentOut, 401: Error, 404: Error},
    summary="One instrument in the requested language (?lang=id|en or Accept-Language)",
)
def get_instrument(
    request: HttpRequest, code: str, lang: Lang | None = None, organisation: uuid.UUID | None = None
) -> Any:
    instrument = _find(request, code, organisation)
    return public_view(instrument, language(request, lang))


@router.post(
    "/instruments/{code}/score",
    response={200: ScoreOut, 401: Error, 404: Error, 422: AnswerErrorOut},
    summary="Score answers without storing anything",
    description=(
        'Body: `{"answers": {"<item id>": <option value>}}`. Incomplete or invalid answers '
        "answer 422 with a message naming each item. Nothing is stored and no alert is "
        "raised: screenings given to people go through campaigns."
    ),
)
def score_answers(
    request: HttpRequest,
    code: str,
    payload: ScoreIn,
    lang: Lang | None = None,
    organisation: uuid.UUID | None = None,
) -> Any:
    instrument = _find(request, code, organisation)
    shown = instrument.language(language(request, lang))
    if payload.band_scheme and instrument.band_scheme(payload.band_scheme) is None:
        detail = _("This instrument has no such band scheme.")
        return Status(
            422, {"detail": detail, "errors": [{"field": "band_scheme", "message": detail}]}
        )
    try:
        result = score(instrument, payload.answers, band_scheme=payload.band_scheme or None)
    except ScoringError as exc:
        errors = problems.field_errors(instrument, exc.problems)
        detail = " ".join(e["message"] for e in errors)
        return Status(422, {"detail": detail, "errors": errors})
    return {
        "code": result.instrument,
        "version": result.version,
        "raw": result.raw,
        "score": result.score,
        "band": _band(result.band, shown),
        "subscales": {
            code: {"value": s.value, "band": _band(s.band, shown)}
            for code, s in result.subscales.items()
        },
        "outcome": (
            {"code": result.outcome.code, "label": result.outcome.label.get(shown, "")}
            if result.outcome
            else None
        ),
        "critical": result.critical,
        "critical_reasons": [
            {"item": r.item, "meaning": r.meaning.get(shown, "")} for r in result.critical_reasons
        ],
    }


@router.get(
    "/instruments/{code}/fhir",
    response={200: dict[str, Any], 401: Error, 404: ERRORS[404]},
    summary="The instrument as a FHIR R4B Questionnaire",
)
def instrument_fhir(
    request: HttpRequest, code: str, lang: Lang | None = None, organisation: uuid.UUID | None = None
) -> Any:
    instrument = _find(request, code, organisation)
    return to_fhir_questionnaire(instrument, language(request, lang))
