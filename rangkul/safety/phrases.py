"""An organisation's own detector phrases, read on the hot path of every free text.

The active phrases of an organisation are kept in Django's cache for a minute and dropped
whenever one changes, so a check costs one cache look-up rather than a query; the detector
itself keeps compiled patterns (see detection.loading.Ruleset.compile). With the default
per-process cache another process may use the old list for up to CACHE_SECONDS; a shared
cache (Redis, database) makes a change visible everywhere at once.
"""

import uuid
from functools import partial

from django.core.cache import cache
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rangkul.safety.detection import PHRASE_ERRORS, Level, Phrase
from rangkul.safety.models import OrganisationPhrase

CACHE_SECONDS = 60

# A translated message for every key validate_phrase() can answer.
PHRASE_ERROR_MESSAGES: dict[str, Promise] = {
    "empty": _("The phrase is empty."),
    "too_short": _("The phrase is too short: use at least 3 letters."),
    "too_long": _("The phrase is too long: use at most 12 words."),
    "too_broad": _(
        "The phrase would match everyday speech (a single common word such as 'mati' or "
        "'kill' matches 'mati lampu' and 'killing it'). Add the words around it."
    ),
    "syntax": _("The phrase cannot be read: check brackets, '|', '?', '*' and '~N'."),
    "regex_not_allowed": _("Regular expressions are not accepted for organisation phrases."),
    "unknown_category": _("Choose one of the categories."),
    "invalid_level": _("An organisation phrase must be 'concern' or 'urgent'."),
    "invalid_lang": _("The language must be a code such as 'id', 'en', 'jv' or 'su'."),
}
assert set(PHRASE_ERROR_MESSAGES) == set(PHRASE_ERRORS), "translate every phrase error"


def _key(organisation_id: object) -> str:
    return f"safety:org-phrases:{organisation_id}"


def as_phrase(row: OrganisationPhrase) -> Phrase:
    return Phrase(row.pattern, row.category, Level(row.level), row.lang, row.phrase_id)


def organisation_phrases(organisation_id: uuid.UUID | None) -> tuple[Phrase, ...]:
    """The organisation's active phrases as detector phrases (cached)."""
    if organisation_id is None:
        return ()
    key = _key(organisation_id)
    phrases: tuple[Phrase, ...] | None = cache.get(key)
    if phrases is None:
        rows = OrganisationPhrase.objects.filter(organisation_id=organisation_id, active=True)
        phrases = tuple(as_phrase(row) for row in rows.order_by("created_at"))
        cache.set(key, phrases, CACHE_SECONDS)
    return phrases


def forget_organisation_phrases(organisation_id: uuid.UUID) -> None:
    """Drop the cached list now (for reads later in this transaction) and again after the
    commit (so no request re-caches the old list in between)."""
    cache.delete(_key(organisation_id))
    transaction.on_commit(partial(cache.delete, _key(organisation_id)))
