"""An organisation's decisions about instruments: on or off, band scheme, its own
validated wording of a shipped instrument, its own questionnaires."""

from __future__ import annotations

import json
from typing import Any

import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rangkul.audit import services as audit
from rangkul.screenings import catalogue, permissions, queries
from rangkul.screenings.engine import DefinitionError, Instrument, load_definition
from rangkul.screenings.models import CustomInstrument, InstrumentSetting, WordingOverride

MAX_DEFINITION_CHARS = 100_000


def _shipped(code: str) -> Instrument:
    instrument = catalogue.find_shipped(code)
    if instrument is None:
        raise ValidationError(_("There is no instrument with this code."))
    return instrument


@transaction.atomic
def configure_instrument(
    *,
    by: Any,
    organisation: Any,
    code: str,
    enabled: bool | None = None,
    band_scheme: str | None = None,
) -> InstrumentSetting:
    """Switch a shipped instrument on or off, or choose its band scheme (coordinator)."""
    if not permissions.can_configure_instruments(by, organisation.id):
        raise PermissionDenied(_("Only the coordinator changes which instruments are used."))
    instrument = _shipped(code)
    if band_scheme and instrument.band_scheme(band_scheme) is None:
        raise ValidationError(_("This instrument has no such band scheme."))
    setting, created = InstrumentSetting.objects.select_for_update().get_or_create(
        organisation=organisation, instrument_code=code
    )
    if created:
        # Until now the default applied; keep it unless this call changes it.
        setting.enabled = queries.enabled_by_default(instrument)
    changes: dict[str, Any] = {}
    if enabled is not None and enabled != setting.enabled:
        setting.enabled = changes["enabled"] = enabled
    if band_scheme is not None and band_scheme != setting.band_scheme:
        setting.band_scheme = changes["band_scheme"] = band_scheme
    setting.updated_by = by
    setting.save()
    if changes or created:
        audit.record(
            by,
            "screening.instrument_configured",
            organisation=organisation,
            data={"instrument": code, **changes},
        )
    return setting


# --- wording -------------------------------------------------------------------------------


@transaction.atomic
def save_wording(
    *, by: Any, organisation: Any, code: str, language: str, texts: dict[str, Any], source: str
) -> WordingOverride:
    """Replace the wording of a shipped instrument in one language (administrator).

    The texts must cover every item and every option label; responses keep pointing at
    the wording they were given in.
    """
    if not permissions.can_override_wording(by, organisation.id):
        raise PermissionDenied(_("Only the administrator replaces an instrument's wording."))
    instrument = _shipped(code)
    if language not in instrument.languages:
        raise ValidationError(_("This instrument has no wording in that language."))
    source = (source or "").strip()
    if not source:
        raise ValidationError(_("Say where the validated wording comes from."))
    if len(source) > 300:
        raise ValidationError(_("The source is too long (at most 300 characters)."))
    problems = catalogue.override_problems(instrument, texts)
    if problems:
        raise ValidationError(
            [
                _("The wording is incomplete or does not match the instrument: %(where)s")
                % {"where": "; ".join(problems[:10])}
            ]  # fmt: skip
        )
    clean = _clean_texts(instrument, texts)
    WordingOverride.objects.filter(
        organisation=organisation, instrument_code=code, language=language, is_current=True
    ).update(is_current=False)
    override = WordingOverride.objects.create(
        organisation=organisation,
        instrument_code=code,
        instrument_version=instrument.version,
        language=language,
        texts=clean,
        source=source,
        created_by=by,
    )
    audit.record(
        by,
        "screening.wording_saved",
        override,
        data={"instrument": code, "version": instrument.version, "language": language},
    )
    return override


def _clean_texts(instrument: Instrument, texts: dict[str, Any]) -> dict[str, Any]:
    instructions = texts.get("instructions")
    return {
        "instructions": instructions.strip() if isinstance(instructions, str) else None,
        "items": {
            item.id: {
                "text": texts["items"][item.id]["text"].strip(),
                "note": (texts["items"][item.id].get("note") or "").strip() or None,
                "options": {
                    str(v): texts["items"][item.id]["options"][str(v)].strip() for v in item.values
                },
            }
            for item in instrument.items
        },
    }


@transaction.atomic
def revert_wording(*, by: Any, organisation: Any, code: str, language: str) -> None:
    """Go back to the shipped wording (the old rows stay for the responses using them)."""
    if not permissions.can_override_wording(by, organisation.id):
        raise PermissionDenied(_("Only the administrator replaces an instrument's wording."))
    count = WordingOverride.objects.filter(
        organisation=organisation, instrument_code=code, language=language, is_current=True
    ).update(is_current=False)
    if count:
        audit.record(
            by,
            "screening.wording_reverted",
            organisation=organisation,
            data={"instrument": code, "language": language},
        )


# --- the organisation's own questionnaires ------------------------------------------------


def parse_definition(text: str) -> Any:
    """YAML or JSON text (JSON is YAML) into plain data, or a ValidationError."""
    if len(text) > MAX_DEFINITION_CHARS:
        raise ValidationError(_("The definition is too long (at most 100,000 characters)."))
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ValidationError(
            _("This is not valid YAML or JSON%(where)s.") % {"where": where}
        ) from exc
    try:
        # Stored as JSON: dates, sets and other YAML-only values are refused here.
        return json.loads(json.dumps(data))
    except (TypeError, ValueError) as exc:
        raise ValidationError(
            _("Use only text, numbers, true/false, lists and mappings in the definition.")
        ) from exc


def check_definition(organisation: Any, data: Any) -> Instrument:
    """Validate with the engine; the errors list every problem, each with its place."""
    version = data.get("version") if isinstance(data, dict) else None
    code = data.get("code") if isinstance(data, dict) else None
    name = f"{organisation.name} / {code} v{version}"
    try:
        instrument = load_definition(data, name)
    except DefinitionError as exc:
        raise ValidationError(
            [_("The questionnaire is not valid:")] + [f"{name}: {p}" for p in exc.problems]
        ) from exc
    if catalogue.is_shipped(instrument.code):
        raise ValidationError(
            _("“%(code)s” is the code of a shipped instrument; choose another code.")
            % {"code": instrument.code}
        )
    return instrument


@transaction.atomic
def save_custom_instrument(*, by: Any, organisation: Any, text: str) -> CustomInstrument:
    """Store a new questionnaire, or a new version of one (coordinator)."""
    if not permissions.can_configure_instruments(by, organisation.id):
        raise PermissionDenied(_("Only the coordinator builds the organisation's questionnaires."))
    data = parse_definition(text)
    instrument = check_definition(organisation, data)
    if CustomInstrument.objects.filter(
        organisation=organisation, code=instrument.code, version=instrument.version
    ).exists():
        raise ValidationError(
            _(
                "Version %(version)s of “%(code)s” exists already. Give the changed questionnaire "
                "a new version, so earlier answers keep the wording they were given in."
            )
            % {"version": instrument.version, "code": instrument.code}  # fmt: skip
        )
    row = CustomInstrument.objects.create(
        organisation=organisation,
        code=instrument.code,
        version=instrument.version,
        name=instrument.name.get("id") or next(iter(instrument.name.values())),
        definition=data,
        created_by=by,
    )
    audit.record(
        by,
        "screening.questionnaire_saved",
        row,
        data={"code": row.code, "version": row.version},
    )
    return row


@transaction.atomic
def set_custom_instrument_active(*, by: Any, row: CustomInstrument, active: bool) -> None:
    if not permissions.can_configure_instruments(by, row.organisation_id):
        raise PermissionDenied(_("Only the coordinator builds the organisation's questionnaires."))
    CustomInstrument.objects.filter(organisation_id=row.organisation_id, code=row.code).update(
        is_active=active
    )
    audit.record(
        by, "screening.questionnaire_switched", row, data={"code": row.code, "active": active}
    )
