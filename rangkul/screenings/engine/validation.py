"""Turn a raw definition (parsed YAML, or JSON from the database) into an Instrument.

Hand-written rather than JSON Schema so that every message says, in the words of
the definition, where the problem is ("item 'q3': option value 'x' is not an
integer"), and so that the checks a schema cannot express (bands covering every
reachable score, conditions referring to earlier items, a rule that exists) live
next to the structural ones. Problems are collected, not raised one by one, so an
author fixes a definition in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from . import semantics
from .definition import (
    METHODS,
    OPERATORS,
    RELIABILITY_KINDS,
    RESPONDENTS,
    SD_SCALES,
    TRANSLATION_STATUSES,
    AllOf,
    AnyOf,
    Band,
    BandScheme,
    Comparison,
    Condition,
    CriticalItem,
    Instrument,
    Item,
    Language,
    Licence,
    Loinc,
    LoincCode,
    Option,
    Outcome,
    Psychometrics,
    ReferenceSD,
    Reliability,
    Subscale,
    Transform,
)
from .errors import DefinitionError
from .reader import Reader, kind

CODE_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
LANG_RE = re.compile(r"^[a-z]{2,3}$")

TOP_KEYS = {
    "code", "version", "name", "plain_name", "short_name", "description", "respondent", "age_range",
    "recall_period", "languages", "instructions", "option_sets", "items", "scoring",
    "critical_items", "licence", "attribution", "sources", "psychometrics", "loinc", "notes",
}  # fmt: skip
ITEM_KEYS = {
    "id", "text", "options", "reverse", "scored", "optional", "required_if",
    "value_if_not_asked", "note", "loinc",
}  # fmt: skip
SCORING_KEYS = {
    "method", "direction", "transform", "range", "band_schemes", "subscales",
    "outcome_rule", "outcomes",
}  # fmt: skip
BAND_KEYS = {"code", "label", "min", "max", "provisional", "source", "advice"}
SCHEME_KEYS = {"code", "label", "default", "source", "population", "note", "bands"}
LICENCE_KEYS = {
    "name", "summary", "url", "free_to_use", "commercial_use", "may_modify", "notice", "sources",
}  # fmt: skip


def _code(r: Reader, data: Mapping[str, Any], key: str, where: str) -> str | None:
    value = r.text(data, key, where, required=True)
    if value is not None and not CODE_RE.match(value):
        r.error(where, f"{key!r} {value!r} must be lower-case letters, digits and '_' (max 40)")
        return None
    return value


# --- entry point -------------------------------------------------------------------


def load_definition(data: Any, source_name: str, *, expected_code: str | None = None) -> Instrument:
    """Validate a raw definition and build the Instrument, or raise DefinitionError.

    `source_name` names the definition in messages: the file name for shipped
    instruments, something like "org 12 / akpd v3" for one stored in the database.
    """
    if not isinstance(data, Mapping):
        raise DefinitionError(source_name, [f"the definition must be a mapping, not {kind(data)}"])
    r = Reader()
    r.keys(data, "", TOP_KEYS)
    for key in ("languages", "items", "scoring", "licence"):
        if data.get(key) is None:
            r.error("", f"{key!r} is required")

    code = _code(r, data, "code", "")
    if code and expected_code and code != expected_code:
        r.error("", f"code {code!r} does not match the file name {expected_code!r}")
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        r.error("", f"'version' must be quoted text such as \"1.0\", not {version!r}")
    languages = _languages(r, data.get("languages"))
    r.languages = tuple(languages)

    name = r.localised(data, "name", "", required=True)
    short_name = r.text(data, "short_name", "", required=True)
    respondent = r.text(data, "respondent", "", required=True)
    if respondent is not None and respondent not in RESPONDENTS:
        r.error("", f"respondent {respondent!r} must be one of {', '.join(RESPONDENTS)}")
    option_sets = _option_sets(r, data.get("option_sets"))
    items = _items(r, data.get("items"), option_sets)
    scoring = {} if data.get("scoring") is None else r.mapping(data["scoring"], "", "'scoring'")
    licence = None if data.get("licence") is None else _licence(r, data["licence"])
    attribution = r.text(data, "attribution", "", required=True)

    parsed = _scoring(r, scoring or {})
    critical = _critical_items(r, data.get("critical_items"))
    psychometrics = _psychometrics(r, data.get("psychometrics"))
    loinc = _loinc(r, data.get("loinc"))
    description = r.localised(data, "description", "")
    plain_name = r.localised(data, "plain_name", "")
    instructions = r.localised(data, "instructions", "")
    recall_period = r.localised(data, "recall_period", "")
    age_range = r.text(data, "age_range", "")
    sources = r.texts(data, "sources", "")
    notes = r.texts(data, "notes", "")

    if r.problems:
        raise DefinitionError(source_name, r.problems)
    assert code and name and short_name and respondent and licence and attribution
    instrument = Instrument(
        code=code,
        version=str(version).strip(),
        name=name,
        plain_name=plain_name,
        short_name=short_name,
        respondent=respondent,
        languages=MappingProxyType(languages),
        items=items,
        licence=licence,
        attribution=attribution,
        source_name=source_name,
        description=description,
        instructions=instructions,
        recall_period=recall_period,
        age_range=age_range,
        critical_items=critical,
        psychometrics=psychometrics,
        loinc=loinc,
        sources=sources,
        notes=notes,
        **parsed,
    )
    # Cross-checks need the whole definition (items, bands, rules) in place.
    problems = semantics.check(instrument)
    if problems:
        raise DefinitionError(source_name, problems)
    return instrument


# --- sections ------------------------------------------------------------------------


def _languages(r: Reader, value: Any) -> dict[str, Language]:
    if value is None:
        return {}
    data = r.mapping(value, "", "'languages'")
    if data is None:
        return {}
    if not data:
        r.error("", "'languages' must declare at least one language")
    languages: dict[str, Language] = {}
    for lang, info in data.items():
        where = f"language {lang!r}"
        if not isinstance(lang, str) or not LANG_RE.match(lang):
            r.error(where, "language codes are two or three lower-case letters, e.g. 'id'")
            continue
        info = r.mapping(info, where, "a language entry")
        if info is None:
            continue
        r.keys(info, where, {"status", "source", "note"})
        status = info.get("status")
        if status not in TRANSLATION_STATUSES:
            r.error(where, f"status {status!r} must be one of {', '.join(TRANSLATION_STATUSES)}")
            continue
        languages[lang] = Language(
            code=lang,
            status=status,
            source=r.text(info, "source", where),
            note=r.text(info, "note", where),
        )
    return languages


def _options(r: Reader, value: Any, where: str) -> tuple[Option, ...]:
    if not isinstance(value, list) or len(value) < 2:
        r.error(where, "options must be a list of at least two {value, label} entries")
        return ()
    options: list[Option] = []
    for raw in value:
        entry = r.mapping(raw, where, "an option")
        if entry is None:
            continue
        r.keys(entry, where, {"value", "label", "refused", "score"})
        number = r.integer(entry.get("value"), where, "option value")
        label = r.localised(
            entry, "label", f"{where}: option {entry.get('value')!r}", required=True
        )
        refused = bool(r.optional_flag(entry, "refused", where))
        score = None
        if "score" in entry:
            score = r.integer(entry.get("score"), where, "option score")
        elif refused:
            # A refusal must say what it adds to a total; never its code number.
            r.error(where, f"refused option {entry.get('value')!r} needs a score")
        if number is not None and label is not None:
            options.append(Option(number, label, refused=refused, score=score))
    values = [o.value for o in options]
    if len(set(values)) != len(values):
        r.error(where, f"option values {values} are not unique")
    return tuple(options)


def _option_sets(r: Reader, value: Any) -> dict[str, tuple[Option, ...]]:
    if value is None:
        return {}
    data = r.mapping(value, "", "'option_sets'")
    if data is None:
        return {}
    return {name: _options(r, raw, f"option set {name!r}") for name, raw in data.items()}


def _items(r: Reader, value: Any, option_sets: dict[str, tuple[Option, ...]]) -> tuple[Item, ...]:
    if value is None:
        return ()  # reported as required by load_definition
    if not isinstance(value, list) or not value:
        r.error("", "'items' must be a non-empty list")
        return ()
    items: list[Item] = []
    seen: set[str] = set()
    for index, raw in enumerate(value, start=1):
        data = r.mapping(raw, f"item {index}", "an item")
        if data is None:
            continue
        item_id = _code(r, data, "id", f"item {index}")
        where = f"item {item_id!r}" if item_id else f"item {index}"
        r.keys(data, where, ITEM_KEYS)
        if item_id in seen:
            r.error(where, "duplicate item id")
        text = r.localised(data, "text", where, required=True)
        raw_options = data.get("options")
        if isinstance(raw_options, str):
            if raw_options not in option_sets:
                r.error(where, f"unknown option set {raw_options!r}")
            options = option_sets.get(raw_options, ())
        else:
            options = _options(r, raw_options, where)
        required_if = None
        if data.get("required_if") is not None:
            required_if = _condition(r, data["required_if"], f"{where}: required_if")
        not_asked = data.get("value_if_not_asked")
        if not_asked is not None:
            not_asked = r.integer(not_asked, where, "value_if_not_asked")
        loinc = r.text(data, "loinc", where)
        if loinc is not None and (problem := semantics.loinc_problem(loinc)):
            r.error(where, problem)
        if r.flag(data, "optional", where, False) and r.flag(data, "scored", where, True):
            r.error(where, "only an unscored item can be optional")
        if item_id is None or text is None or not options:
            continue
        seen.add(item_id)
        items.append(
            Item(
                id=item_id,
                text=text,
                options=options,
                reverse=r.flag(data, "reverse", where, False),
                scored=r.flag(data, "scored", where, True),
                optional=r.flag(data, "optional", where, False),
                required_if=required_if,
                value_if_not_asked=not_asked,
                note=r.localised(data, "note", where),
                loinc=loinc,
            )
        )
    return tuple(items)


def _condition(r: Reader, value: Any, where: str) -> Condition | None:
    data = r.mapping(value, where, "a condition")
    if data is None:
        return None
    for group, cls in (("any", AnyOf), ("all", AllOf)):
        if group in data:
            r.keys(data, where, {group})
            parts = data[group]
            if not isinstance(parts, list) or not parts:
                r.error(where, f"{group!r} must be a non-empty list of conditions")
                return None
            conditions = [_condition(r, part, where) for part in parts]
            if any(c is None for c in conditions):
                return None
            return cls(tuple(c for c in conditions if c is not None))
    return _comparison(r, data, where)


def _comparison(r: Reader, data: Mapping[str, Any], where: str) -> Comparison | None:
    r.keys(data, where, {"item", "op", "value", "meaning", "source"})
    item = r.text(data, "item", where, required=True)
    op = data.get("op")
    if op not in OPERATORS:
        r.error(where, f"op {op!r} must be one of {', '.join(OPERATORS)}")
        return None
    raw = data.get("value")
    value: int | tuple[int, ...] | None
    if op == "in":
        if not isinstance(raw, list) or not raw:
            r.error(where, "op 'in' needs a non-empty list of values")
            return None
        numbers = [r.integer(v, where, "value") for v in raw]
        value = None if None in numbers else tuple(n for n in numbers if n is not None)
    else:
        value = r.integer(raw, where, "value")
    if item is None or value is None:
        return None
    return Comparison(item=item, op=op, value=value)


def _transform(r: Reader, value: Any, where: str) -> Transform | None:
    if value is None:
        return None
    data = r.mapping(value, where, "'transform'")
    if data is None:
        return None
    r.keys(data, f"{where}transform", {"multiply", "add"})
    multiply = r.number(data.get("multiply", 1), f"{where}transform", "multiply")
    add = r.number(data.get("add", 0), f"{where}transform", "add")
    if multiply == 0:
        r.error(f"{where}transform", "multiply must not be 0")
    if multiply is None or add is None:
        return None
    return Transform(multiply=multiply, add=add)


def _band_scheme(
    r: Reader, value: Any, where: str, *, default_code: str | None = None
) -> BandScheme | None:
    data = r.mapping(value, where, "a band scheme")
    if data is None:
        return None
    r.keys(data, where, SCHEME_KEYS)
    code = default_code if default_code and "code" not in data else _code(r, data, "code", where)
    if code and not default_code:
        where = f"band scheme {code!r}"
    raw_bands = data.get("bands")
    if not isinstance(raw_bands, list) or not raw_bands:
        r.error(where, "'bands' must be a non-empty list")
        return None
    bands: list[Band] = []
    for index, raw in enumerate(raw_bands, start=1):
        band = r.mapping(raw, f"{where}: band {index}", "a band")
        if band is None:
            continue
        band_code = _code(r, band, "code", f"{where}: band {index}")
        band_where = f"{where}: band {band_code or index!r}"
        r.keys(band, band_where, BAND_KEYS)
        label = r.localised(band, "label", band_where, required=True)
        low = r.number(band.get("min"), band_where, "min")
        high = r.number(band.get("max"), band_where, "max")
        if band_code and label is not None and low is not None and high is not None:
            bands.append(
                Band(
                    code=band_code,
                    label=label,
                    min=low,
                    max=high,
                    provisional=r.flag(band, "provisional", band_where, False),
                    source=r.text(band, "source", band_where),
                    advice=r.localised(band, "advice", band_where),
                )
            )
    if code is None:
        return None
    return BandScheme(
        code=code,
        label=r.localised(data, "label", where),
        bands=tuple(bands),
        default=r.flag(data, "default", where, False),
        source=r.text(data, "source", where),
        population=r.text(data, "population", where),
        note=r.text(data, "note", where),
    )


def _scoring(r: Reader, data: Mapping[str, Any]) -> dict[str, Any]:
    where = "scoring"
    r.keys(data, where, SCORING_KEYS)
    method = data.get("method")
    if method not in METHODS:
        r.error(where, f"method {method!r} must be one of {', '.join(METHODS)}")
    direction = r.text(data, "direction", where)
    transform = _transform(r, data.get("transform"), f"{where}: ")
    schemes = [
        _band_scheme(r, raw, f"{where}: band scheme {i}")
        for i, raw in enumerate(r.entries(data, "band_schemes", where), start=1)
    ]
    subscales = [
        _subscale(r, raw, i) for i, raw in enumerate(r.entries(data, "subscales", where), start=1)
    ]
    outcomes: list[Outcome] = []
    for index, raw in enumerate(r.entries(data, "outcomes", where), start=1):
        entry = r.mapping(raw, f"{where}: outcome {index}", "an outcome")
        if entry is None:
            continue
        r.keys(entry, f"{where}: outcome {index}", {"code", "label", "advice"})
        code = _code(r, entry, "code", f"{where}: outcome {index}")
        label = r.localised(entry, "label", f"{where}: outcome {code!r}", required=True)
        if code and label is not None:
            advice = r.localised(entry, "advice", f"{where}: outcome {code!r}")
            outcomes.append(Outcome(code=code, label=label, advice=advice))
    declared_range = data.get("range")
    if declared_range is not None and not (
        isinstance(declared_range, list)
        and len(declared_range) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in declared_range)
    ):
        r.error(where, f"range {declared_range!r} must be [min, max]")
        declared_range = None
    return {
        "method": method,
        "direction": direction,
        "transform": transform,
        "band_schemes": tuple(s for s in schemes if s is not None),
        "subscales": tuple(s for s in subscales if s is not None),
        "outcome_rule": r.text(data, "outcome_rule", where),
        "outcomes": tuple(outcomes),
        "declared_range": tuple(declared_range) if declared_range else None,
    }


def _subscale(r: Reader, value: Any, index: int) -> Subscale | None:
    data = r.mapping(value, f"subscale {index}", "a subscale")
    if data is None:
        return None
    code = _code(r, data, "code", f"subscale {index}")
    where = f"subscale {code or index!r}"
    r.keys(data, where, {"code", "label", "items", "transform", "band_scheme", "note"})
    label = r.localised(data, "label", where, required=True)
    items = data.get("items")
    if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
        r.error(where, "'items' must be a non-empty list of item ids")
        items = []
    scheme = None
    if data.get("band_scheme") is not None:
        scheme = _band_scheme(r, data["band_scheme"], where, default_code=code or "bands")
    if code is None or label is None:
        return None
    return Subscale(
        code=code,
        label=label,
        items=tuple(items),
        transform=_transform(r, data.get("transform"), f"{where}: "),
        band_scheme=scheme,
        note=r.text(data, "note", where),
    )


def _critical_items(r: Reader, value: Any) -> tuple[CriticalItem, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        r.error("", "'critical_items' must be a list")
        return ()
    found: list[CriticalItem] = []
    for index, raw in enumerate(value, start=1):
        data = r.mapping(raw, f"critical item {index}", "a critical item")
        if data is None:
            continue
        where = f"critical item {data.get('item', index)!r}"
        condition = _comparison(r, data, where)
        meaning = r.localised(data, "meaning", where, required=True)
        if condition is not None and meaning is not None:
            found.append(CriticalItem(condition, meaning, r.text(data, "source", where)))
    return tuple(found)


def _licence(r: Reader, value: Any) -> Licence | None:
    data = r.mapping(value, "", "'licence'")
    if data is None:
        return None
    where = "licence"
    r.keys(data, where, LICENCE_KEYS)
    name = r.text(data, "name", where, required=True)
    summary = r.text(data, "summary", where, required=True)
    if "free_to_use" not in data:
        r.error(where, "'free_to_use' is required")
    if name is None or summary is None:
        return None
    return Licence(
        name=name,
        summary=summary,
        free_to_use=r.flag(data, "free_to_use", where, False),
        commercial_use=r.optional_flag(data, "commercial_use", where),
        may_modify=r.optional_flag(data, "may_modify", where),
        url=r.text(data, "url", where),
        notice=r.localised(data, "notice", where),
        sources=r.texts(data, "sources", where),
    )


def _psychometrics(r: Reader, value: Any) -> Psychometrics:
    if value is None:
        return Psychometrics()
    data = r.mapping(value, "", "'psychometrics'")
    if data is None:
        return Psychometrics()
    r.keys(data, "psychometrics", {"reliability", "reference_sd", "notes"})
    reliability = None
    raw = data.get("reliability")
    if raw is not None and (rel := r.mapping(raw, "psychometrics", "'reliability'")) is not None:
        where = "psychometrics: reliability"
        r.keys(rel, where, {"value", "kind", "sample", "citation", "source", "note"})
        number = r.number(rel.get("value"), where, "value")
        if number is not None and not 0 < number < 1:
            r.error(where, f"value {number} must be between 0 and 1 (exclusive)")
        kind = rel.get("kind")
        if kind not in RELIABILITY_KINDS:
            r.error(where, f"kind {kind!r} must be one of {', '.join(RELIABILITY_KINDS)}")
        sample = r.text(rel, "sample", where, required=True)
        citation = r.text(rel, "citation", where, required=True)
        if number is not None and sample and citation and kind in RELIABILITY_KINDS:
            reliability = Reliability(
                float(number),
                kind,
                sample,
                citation,
                r.text(rel, "source", where),
                r.text(rel, "note", where),
            )
    sd = None
    raw = data.get("reference_sd")
    if raw is not None and (ref := r.mapping(raw, "psychometrics", "'reference_sd'")) is not None:
        where = "psychometrics: reference_sd"
        r.keys(ref, where, {"value", "scale", "sample", "citation", "source", "note"})
        number = r.number(ref.get("value"), where, "value")
        if number is not None and number <= 0:
            r.error(where, f"value {number} must be positive")
        scale = ref.get("scale", "score")
        if scale not in SD_SCALES:
            r.error(where, f"scale {scale!r} must be one of {', '.join(SD_SCALES)}")
        sample = r.text(ref, "sample", where, required=True)
        citation = r.text(ref, "citation", where, required=True)
        if number is not None and number > 0 and sample and citation and scale in SD_SCALES:
            sd = ReferenceSD(
                float(number),
                scale,
                sample,
                citation,
                r.text(ref, "source", where),
                r.text(ref, "note", where),
            )
    return Psychometrics(
        reliability=reliability, reference_sd=sd, notes=r.texts(data, "notes", "psychometrics")
    )


def _loinc(r: Reader, value: Any) -> Loinc:
    if value is None:
        return Loinc()
    data = r.mapping(value, "", "'loinc'")
    if data is None:
        return Loinc()
    r.keys(data, "loinc", {"panel", "total_score", "items_source"})
    codes: dict[str, LoincCode | None] = {}
    for key in ("panel", "total_score"):
        codes[key] = None
        if data.get(key) is None:
            continue
        entry = r.mapping(data[key], f"loinc: {key}", "a LOINC entry")
        if entry is None:
            continue
        r.keys(entry, f"loinc: {key}", {"code", "display", "source"})
        code = r.text(entry, "code", f"loinc: {key}", required=True)
        display = r.text(entry, "display", f"loinc: {key}", required=True)
        source = r.text(entry, "source", f"loinc: {key}", required=True)
        if code is not None and (problem := semantics.loinc_problem(code)):
            r.error(f"loinc: {key}", problem)
        if code and display and source:
            codes[key] = LoincCode(code, display, source)
    return Loinc(
        panel=codes["panel"],
        total_score=codes["total_score"],
        items_source=r.text(data, "items_source", "loinc"),
    )
