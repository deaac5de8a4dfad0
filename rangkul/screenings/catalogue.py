"""Which definition and which wording a campaign or a response uses.

Shipped instruments come from the engine (parsed once per process). An organisation's
own questionnaire and its validated wording of a shipped instrument are database rows
that never change once written, so their parsed form is cached by primary key too: no
request parses a definition twice.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from rangkul.screenings.engine import (
    Instrument,
    UnknownInstrumentError,
    get_instrument,
    load_all,
    load_definition,
)
from rangkul.screenings.engine.definition import Language, Option
from rangkul.screenings.models import CustomInstrument, WordingOverride, WordingSource


@dataclass(frozen=True)
class Wording:
    """What a respondent is shown, and where that wording comes from."""

    instrument: Instrument
    language: str
    source: str  # WordingSource
    translation_status: str  # published | unofficial
    hash: str
    override: WordingOverride | None = None


def shipped() -> dict[str, Instrument]:
    return load_all()


def is_shipped(code: str) -> bool:
    return code in load_all()


def custom_source_name(row: CustomInstrument) -> str:
    return f"org {row.organisation_id} / {row.code} v{row.version}"


@functools.lru_cache(maxsize=256)
def _custom(pk: Any, definition_json: str, source_name: str) -> Instrument:
    return load_definition(json.loads(definition_json), source_name)


def custom_instrument(row: CustomInstrument) -> Instrument:
    # The JSON text is part of the key, so a row changed behind the cache's back (it
    # never is) could not serve a stale definition.
    text = json.dumps(row.definition, sort_keys=True)
    return _custom(row.pk, text, custom_source_name(row))


def definition_of(code: str, custom: CustomInstrument | None = None) -> Instrument:
    """The definition of a shipped instrument, or of an organisation's questionnaire."""
    if custom is not None:
        return custom_instrument(custom)
    return get_instrument(code)


def find_shipped(code: str) -> Instrument | None:
    try:
        return get_instrument(code)
    except UnknownInstrumentError:
        return None


# --- wording -----------------------------------------------------------------------------


def wording_hash(instrument: Instrument, lang: str) -> str:
    """A fingerprint of everything the respondent reads in `lang`."""
    shown = {
        "name": instrument.name.get(lang),
        "instructions": instrument.instructions.get(lang) if instrument.instructions else None,
        "items": [
            [
                item.id,
                item.text.get(lang),
                item.note.get(lang) if item.note else None,
                [[o.value, o.label.get(lang)] for o in item.options],
            ]
            for item in instrument.items
        ],
    }
    text = json.dumps(shown, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _localised(value: Mapping[str, str], lang: str, text: str) -> Mapping[str, str]:
    return MappingProxyType({**value, lang: text})


def apply_override(instrument: Instrument, override: WordingOverride) -> Instrument:
    """`instrument` (shipped) with the organisation's wording in the override's language."""
    texts = json.dumps(override.texts, sort_keys=True)
    return _applied(instrument.code, override.pk, texts, override.language, override.source)


@functools.lru_cache(maxsize=256)
def _applied(code: str, pk: Any, texts_json: str, lang: str, source: str) -> Instrument:
    instrument = get_instrument(code)
    texts = json.loads(texts_json)
    items = []
    for item in instrument.items:
        entry = texts["items"][item.id]
        options = tuple(
            Option(o.value, _localised(o.label, lang, entry["options"][str(o.value)]))
            for o in item.options
        )
        note = item.note
        if note is not None and entry.get("note"):
            note = _localised(note, lang, entry["note"])
        items.append(
            replace(
                item, text=_localised(item.text, lang, entry["text"]), options=options, note=note
            )
        )
    instructions = instrument.instructions
    if instructions is not None and texts.get("instructions"):
        instructions = _localised(instructions, lang, texts["instructions"])
    languages = dict(instrument.languages)
    languages[lang] = Language(
        code=lang, status="published", source=source, note="Organisation's validated wording."
    )
    return replace(
        instrument,
        items=tuple(items),
        instructions=instructions,
        languages=MappingProxyType(languages),
        source_name=f"{instrument.source_name} + wording {pk}",
    )


def current_override(organisation_id: Any, code: str, lang: str) -> WordingOverride | None:
    return WordingOverride.objects.filter(
        organisation_id=organisation_id, instrument_code=code, language=lang, is_current=True
    ).first()


def wording_for(
    instrument: Instrument,
    lang: str,
    *,
    custom: CustomInstrument | None = None,
    override: WordingOverride | None = None,
) -> Wording:
    """The wording in `lang` (or the instrument's default language if it lacks `lang`)."""
    lang = instrument.language(lang)
    source = WordingSource.SHIPPED
    if custom is not None:
        source = WordingSource.ORG_QUESTIONNAIRE
        override = None
    elif override is not None and override.instrument_version == instrument.version:
        instrument = apply_override(instrument, override)
        source = WordingSource.ORG_OVERRIDE
    else:
        override = None
    key = (instrument.code, instrument.version, getattr(custom, "pk", None),
           getattr(override, "pk", None), lang)  # fmt: skip
    return Wording(
        instrument=instrument,
        language=lang,
        source=source,
        translation_status=instrument.languages[lang].status,
        hash=_hash_cache.get(key) or _hash_cache.setdefault(key, wording_hash(instrument, lang)),
        override=override,
    )


# Wording rows never change, so their fingerprints can be kept for the process.
_hash_cache: dict[tuple[Any, ...], str] = {}


def presented(
    organisation_id: Any,
    code: str,
    lang: str,
    custom: CustomInstrument | None = None,
    *,
    override_hint: tuple[str, Any] | None = None,
) -> Wording:
    """What a respondent of this organisation is shown now.

    `override_hint` is (language, id of the current override or None) when it was read
    with the assignment; it saves the look-up when it is for the language shown.
    """
    instrument = definition_of(code, custom)
    lang = instrument.language(lang)
    override = None
    if custom is None:
        if override_hint is not None and override_hint[0] == lang:
            if override_hint[1] is not None:
                override = WordingOverride.objects.filter(pk=override_hint[1]).first()
        else:
            override = current_override(organisation_id, code, lang)
    return wording_for(instrument, lang, custom=custom, override=override)


def wording_of_response(response: Any) -> Wording:
    """The wording a stored response was given in."""
    instrument = definition_of(response.instrument_code, response.custom_instrument)
    return wording_for(
        instrument,
        response.language or instrument.default_language,
        custom=response.custom_instrument,
        override=response.wording_override,
    )


# --- override texts -----------------------------------------------------------------------


def override_problems(instrument: Instrument, texts: Any) -> list[str]:
    """Why `texts` is not a complete wording of `instrument` (empty when it is).

    Every item needs its text and a label for every option: a partial override would
    mix validated and unvalidated wording in one questionnaire.
    """
    if not isinstance(texts, Mapping) or not isinstance(texts.get("items"), Mapping):
        return ["items: missing"]
    problems: list[str] = []
    given = texts["items"]
    known = {item.id for item in instrument.items}
    for item_id in given:
        if item_id not in known:
            problems.append(f"{item_id}: unknown item")
    for item in instrument.items:
        entry = given.get(item.id)
        if not isinstance(entry, Mapping):
            problems.append(f"{item.id}: missing")
            continue
        if not _filled(entry.get("text")):
            problems.append(f"{item.id}: text missing")
        options = entry.get("options")
        if not isinstance(options, Mapping):
            problems.append(f"{item.id}: options missing")
            continue
        values = {str(v) for v in item.values}
        for value in options:
            if str(value) not in values:
                problems.append(f"{item.id}: option {value}: unknown option")
        for value in item.values:
            if not _filled(options.get(str(value))):
                problems.append(f"{item.id}: option {value}: label missing")
    instructions = texts.get("instructions")
    if instructions is not None and not isinstance(instructions, str):
        problems.append("instructions: not text")
    return problems


def _filled(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def texts_of(instrument: Instrument, lang: str) -> dict[str, Any]:
    """The wording of `instrument` in `lang` in the override format (form defaults)."""
    return {
        "instructions": instrument.instructions.get(lang) if instrument.instructions else None,
        "items": {
            item.id: {
                "text": item.text.get(lang, ""),
                "note": item.note.get(lang) if item.note else None,
                "options": {str(o.value): o.label.get(lang, "") for o in item.options},
            }
            for item in instrument.items
        },
    }


def plain_name(campaign: Any, lang: str) -> str:
    """The name a student reads: the questionnaire's plain name, else the campaign title."""
    instrument = definition_of(campaign.instrument_code, campaign.custom_instrument)
    if instrument.plain_name:
        return instrument.plain_name.get(lang) or str(campaign.title)
    return str(campaign.title)
