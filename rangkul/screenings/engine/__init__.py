"""Questionnaire engine: instruments as data, one scorer, FHIR export.

Pure Python (stdlib, PyYAML); no Django, no database. The screenings app's models,
services and API call these functions; an organisation's own questionnaire, stored
in the database with the same structure as a shipped YAML file, goes through
`load_definition` and the same validator.
"""

from .definition import Instrument
from .errors import DefinitionError, ScoringError, UnknownBandSchemeError, UnknownInstrumentError
from .fhir import to_fhir_questionnaire, to_fhir_questionnaire_response
from .loader import clear_cache, get_instrument, load_all, load_file
from .public import public_view
from .rci import ReliableChange, reliable_change
from .scoring import (
    BandResult,
    CriticalReason,
    OutcomeResult,
    ScoreResult,
    SubscaleResult,
    partial_critical,
    score,
    validate_answers,
)
from .validation import load_definition

__all__ = [
    "BandResult",
    "CriticalReason",
    "DefinitionError",
    "Instrument",
    "OutcomeResult",
    "ReliableChange",
    "ScoreResult",
    "ScoringError",
    "SubscaleResult",
    "UnknownBandSchemeError",
    "UnknownInstrumentError",
    "clear_cache",
    "get_instrument",
    "load_all",
    "load_definition",
    "load_file",
    "partial_critical",
    "public_view",
    "reliable_change",
    "score",
    "to_fhir_questionnaire",
    "to_fhir_questionnaire_response",
    "validate_answers",
]
