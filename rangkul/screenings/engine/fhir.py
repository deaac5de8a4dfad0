"""FHIR R4B (4.3) export: Questionnaire and QuestionnaireResponse as JSON dicts.

Plain dicts, so the engine does not depend on a FHIR model at run time; the tests
validate every export with fhir.resources.R4B. Choices:

- linkId is the item id; answers are valueCoding whose code is the option value
  (as text) in a per-instrument answer system, display the label in `lang`.
- LOINC codes (panel, items, total score) only where the definition cites them.
- Scores travel as read-only items with reserved linkIds containing a hyphen,
  which item ids cannot contain, so they never collide with a question.
- Conditional items become enableWhen when the condition can be expressed with
  answer codings (every shipped condition can); otherwise the item is exported
  without enableWhen and marked not required.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from .definition import AllOf, AnyOf, Comparison, Condition, Instrument, Item, Localised
from .errors import ScoringError
from .scoring import ScoreResult, score, validate_answers

CANONICAL_BASE = "urn:rangkul:questionnaire"
EXTENSION_BASE = "urn:rangkul:fhir:extension"
LOINC_SYSTEM = "http://loinc.org"
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"

INSTRUCTIONS_LINK = "rangkul-instructions"
SCORE_LINK = "rangkul-score"
OUTCOME_LINK = "rangkul-outcome"
SUBSCALE_LINK = "rangkul-subscale-"

FHIR_ID_RE = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")

_LABELS = {
    "score": {"id": "Skor total", "en": "Total score"},
    "outcome": {"id": "Hasil skrining", "en": "Screening outcome"},
}


def canonical_url(instrument: Instrument) -> str:
    return f"{CANONICAL_BASE}:{instrument.code}"


def answer_system(instrument: Instrument) -> str:
    return f"{canonical_url(instrument)}:answer"


def _label(key: str, lang: str) -> str:
    return _LABELS[key].get(lang, _LABELS[key]["en"])


def _text(value: Localised | None, lang: str) -> str | None:
    return None if value is None else value.get(lang)


def _fhir_id(code: str) -> str:
    return code.replace("_", "-")


def _fhir_name(code: str) -> str:
    # Questionnaire.name must be machine-friendly and start with a capital letter.
    return "".join(part.capitalize() for part in code.split("_"))


def _integer_scale(instrument: Instrument) -> bool:
    t = instrument.transform
    return t is None or (float(t.multiply).is_integer() and float(t.add).is_integer())


def _coding(instrument: Instrument, item: Item, value: int, lang: str) -> dict[str, Any]:
    option = item.option(value)
    assert option is not None
    return {"system": answer_system(instrument), "code": str(value), "display": option.label[lang]}


def _enable_when(
    instrument: Instrument, condition: Condition
) -> tuple[list[dict[str, Any]], str] | None:
    """enableWhen entries and enableBehavior for `condition`, or None if inexpressible."""
    system = answer_system(instrument)

    def entries(c: Comparison) -> list[dict[str, Any]]:
        item = instrument.item(c.item)
        assert item is not None
        return [
            {
                "question": c.item,
                "operator": "=",
                "answerCoding": {"system": system, "code": str(v)},
            }
            for v in item.values
            if c.matches(v)
        ]

    if isinstance(condition, Comparison):
        return entries(condition), "any"
    if not all(isinstance(c, Comparison) for c in condition.conditions):
        return None
    parts = [entries(c) for c in condition.conditions if isinstance(c, Comparison)]
    if isinstance(condition, AnyOf):
        return [e for part in parts for e in part], "any"
    assert isinstance(condition, AllOf)
    # "all" over several codings of the same question could never hold, so each
    # part must reduce to a single coding.
    if any(len(part) != 1 for part in parts):
        return None
    return [part[0] for part in parts], "all"


def _translation_extension(instrument: Instrument, lang: str) -> dict[str, Any]:
    return {
        "url": f"{EXTENSION_BASE}:translation-status",
        "valueCode": instrument.languages[lang].status,
    }


def to_fhir_questionnaire(instrument: Instrument, lang: str = "id") -> dict[str, Any]:
    lang = instrument.language(lang)
    items: list[dict[str, Any]] = []
    if instrument.instructions is not None:
        items.append(
            {"linkId": INSTRUCTIONS_LINK, "type": "display", "text": instrument.instructions[lang]}
        )
    for item in instrument.items:
        entry: dict[str, Any] = {
            "linkId": item.id,
            "text": item.text[lang],
            "type": "choice",
            "required": True,
            "answerOption": [
                {
                    "extension": [
                        {"url": ORDINAL_VALUE, "valueDecimal": item.scored_value(o.value)}
                    ],
                    "valueCoding": _coding(instrument, item, o.value, lang),
                }
                for o in item.options
            ],
        }
        if item.loinc:
            entry["code"] = [{"system": LOINC_SYSTEM, "code": item.loinc}]
        if item.required_if is not None:
            converted = _enable_when(instrument, item.required_if)
            if converted is None:
                entry["required"] = False
            else:
                conditions, behaviour = converted
                entry["enableWhen"] = conditions
                if len(conditions) > 1:
                    entry["enableBehavior"] = behaviour
        items.append(entry)
    if instrument.has_total:
        total: dict[str, Any] = {
            "linkId": SCORE_LINK,
            "text": _label("score", lang),
            "type": "integer" if _integer_scale(instrument) else "decimal",
            "readOnly": True,
        }
        if instrument.loinc.total_score:
            code = instrument.loinc.total_score
            total["code"] = [{"system": LOINC_SYSTEM, "code": code.code, "display": code.display}]
        items.append(total)
    for sub in instrument.subscales:
        integer = sub.transform is None or all(
            float(v).is_integer() for v in (sub.transform.multiply, sub.transform.add)
        )
        items.append(
            {
                "linkId": f"{SUBSCALE_LINK}{sub.code}",
                "text": sub.label[lang],
                "type": "integer" if integer else "decimal",
                "readOnly": True,
            }
        )
    if instrument.outcome_rule is not None:
        items.append(
            {
                "linkId": OUTCOME_LINK,
                "text": _label("outcome", lang),
                "type": "choice",
                "readOnly": True,
                "answerOption": [
                    {
                        "valueCoding": {
                            "system": f"{canonical_url(instrument)}:outcome",
                            "code": o.code,
                            "display": o.label[lang],
                        }
                    }
                    for o in instrument.outcomes
                ],
            }
        )

    copyright_parts = [
        instrument.attribution,
        f"{instrument.licence.name}. {instrument.licence.summary}",
    ]
    if instrument.licence.notice:
        copyright_parts.append(instrument.licence.notice[lang])
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": _fhir_id(instrument.code),
        "extension": [_translation_extension(instrument, lang)],
        "url": canonical_url(instrument),
        "version": instrument.version,
        "name": _fhir_name(instrument.code),
        "title": instrument.name[lang],
        "status": "active",
        "language": lang,
        "subjectType": ["Patient"],
        "copyright": "\n\n".join(copyright_parts),
        "item": items,
    }
    if instrument.description:
        resource["description"] = instrument.description[lang]
    if instrument.loinc.panel:
        panel = instrument.loinc.panel
        resource["code"] = [{"system": LOINC_SYSTEM, "code": panel.code, "display": panel.display}]
    return resource


def _authored(value: datetime | str) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(
                "authored must be timezone-aware: FHIR dateTime with a time needs an offset"
            )
        return value.isoformat()
    return value


def _result_items(instrument: Instrument, result: ScoreResult, lang: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    if result.score is not None:
        kind = "valueInteger" if isinstance(result.score, int) else "valueDecimal"
        total: dict[str, Any] = {
            "linkId": SCORE_LINK,
            "text": _label("score", lang),
            "answer": [{kind: result.score}],
        }
        if result.band is not None:
            total["extension"] = [
                {
                    "url": f"{EXTENSION_BASE}:band",
                    "valueCoding": {
                        "system": f"{canonical_url(instrument)}:band:{result.band.scheme}",
                        "code": result.band.code,
                        "display": result.band.label.get(lang, result.band.code),
                    },
                }
            ]
        items.append(total)
    for sub in instrument.subscales:
        value = result.subscales[sub.code].value
        kind = "valueInteger" if isinstance(value, int) else "valueDecimal"
        items.append(
            {
                "linkId": f"{SUBSCALE_LINK}{sub.code}",
                "text": sub.label[lang],
                "answer": [{kind: value}],
            }
        )
    if result.outcome is not None:
        items.append(
            {
                "linkId": OUTCOME_LINK,
                "text": _label("outcome", lang),
                "answer": [
                    {
                        "valueCoding": {
                            "system": f"{canonical_url(instrument)}:outcome",
                            "code": result.outcome.code,
                            "display": result.outcome.label[lang],
                        }
                    }
                ],
            }
        )
    return items


def to_fhir_questionnaire_response(
    instrument: Instrument,
    answers: Mapping[str, Any],
    *,
    response_id: str,
    authored: datetime | str,
    subject_reference: str | None = None,
    lang: str = "id",
) -> dict[str, Any]:
    """A QuestionnaireResponse for `answers`.

    Complete answers give status "completed" with the score, band, subscales and
    outcome; a draft (only missing answers) gives "in-progress" without scores.
    Invalid values or unknown items raise ScoringError, as in scoring.
    """
    if not FHIR_ID_RE.match(response_id):
        raise ValueError(f"response_id {response_id!r} is not a valid FHIR id")
    lang = instrument.language(lang)
    problems = validate_answers(instrument, answers, complete=False)
    if problems:
        raise ScoringError(instrument.code, problems)
    complete = not validate_answers(instrument, answers, complete=True)
    result = score(instrument, answers) if complete else None

    items: list[dict[str, Any]] = []
    for item in instrument.items:
        value = answers.get(item.id)
        if value is None:
            continue
        items.append(
            {
                "linkId": item.id,
                "text": item.text[lang],
                "answer": [{"valueCoding": _coding(instrument, item, value, lang)}],
            }
        )
    extensions = [_translation_extension(instrument, lang)]
    if result is not None:
        items.extend(_result_items(instrument, result, lang))
        extensions.append({"url": f"{EXTENSION_BASE}:critical", "valueBoolean": result.critical})
        extensions.extend(
            {"url": f"{EXTENSION_BASE}:critical-item", "valueString": reason.item}
            for reason in result.critical_reasons
        )
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": response_id,
        "extension": extensions,
        "questionnaire": f"{canonical_url(instrument)}|{instrument.version}",
        "status": "completed" if complete else "in-progress",
        "authored": _authored(authored),
        "language": lang,
        "item": items,
    }
    if subject_reference is not None:
        resource["subject"] = {"reference": subject_reference}
    return resource
