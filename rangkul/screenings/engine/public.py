"""The respondent-facing description of an instrument, in one language.

This is the body of `GET /api/v1/instruments/{code}` and what the HTML form is
rendered from. It carries what a respondent sees plus what must travel with the
wording (licence, notice, translation status); it leaves out scoring internals
such as critical items, which the server alone evaluates.
"""

from __future__ import annotations

from typing import Any

from .definition import Instrument, Localised


def _text(value: Localised | None, lang: str) -> str | None:
    if value is None:
        return None
    return value.get(lang)


def public_view(instrument: Instrument, lang: str = "id") -> dict[str, Any]:
    """The instrument in `lang`, or in its default language if it lacks `lang`."""
    lang = instrument.language(lang)
    language = instrument.languages[lang]
    licence = instrument.licence
    return {
        "code": instrument.code,
        "name": _text(instrument.name, lang),
        "short_name": instrument.short_name,
        "version": instrument.version,
        "language": lang,
        "languages": list(instrument.languages),
        "translation_status": language.status,
        "translation_source": language.source,
        "translation_note": language.note,
        "description": _text(instrument.description, lang),
        "instructions": _text(instrument.instructions, lang),
        "recall_period": _text(instrument.recall_period, lang),
        "respondent": instrument.respondent,
        "entered_by_staff": instrument.entered_by_staff,
        "items": [
            {
                "id": item.id,
                "text": item.text[lang],
                "note": _text(item.note, lang),
                "options": [{"value": o.value, "label": o.label[lang]} for o in item.options],
                # The form shows a conditional item only once this holds (same
                # structure the engine evaluates, so client and server agree).
                "required_if": item.required_if.to_dict() if item.required_if else None,
            }
            for item in instrument.items
        ],
        "has_total": instrument.has_total,
        "band_schemes": [
            {
                "code": s.code,
                "label": _text(s.label, lang),
                "default": s.default,
                "provisional": s.provisional,
            }
            for s in instrument.band_schemes
        ],
        "licence": {
            "name": licence.name,
            "summary": licence.summary,
            "url": licence.url,
            "free_to_use": licence.free_to_use,
            "commercial_use": licence.commercial_use,
        },
        "attribution": instrument.attribution,
        "notice": _text(licence.notice, lang),
    }
