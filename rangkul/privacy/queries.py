"""Reads of the privacy pages, already scoped to the reader: out of scope is a 404."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from rangkul.cases import permissions as case_permissions
from rangkul.cases.models import Note
from rangkul.lib.scoping import get_in_scope
from rangkul.people.models import Consent, Person
from rangkul.privacy import permissions
from rangkul.privacy.models import (
    Correction,
    DataExport,
    Erasure,
    LegalHold,
    RetentionRun,
)


def get_person_for(user: Any, pk: object) -> Person:
    qs = Person.objects.filter(permissions.personal_data_filter(user)).select_related(
        "organisation", "user", "cohort"
    )
    return get_in_scope(qs, pk)


def get_consent_for(user: Any, pk: object) -> Consent:
    qs = Consent.objects.filter(permissions.personal_data_filter(user)).select_related("person")
    return get_in_scope(qs, pk)


def get_hold_for(user: Any, pk: object) -> LegalHold:
    qs = LegalHold.objects.filter(permissions.personal_data_filter(user))
    return get_in_scope(qs.select_related("person"), pk)


def get_note_for_glass(user: Any, pk: object) -> Note:
    """A restricted note the user may open only by breaking the glass; anything else 404."""
    note = get_in_scope(Note.objects.select_related("case", "author"), pk)
    if not case_permissions.can_break_glass(user, note):
        raise Http404
    return note


def history_of(person: Person) -> dict[str, Any]:
    """What was done about this person's rights: holds, corrections, exports, erasure."""
    return {
        "holds": list(LegalHold.objects.filter(person=person).select_related("placed_by")),
        "corrections": list(Correction.objects.filter(person=person).select_related("by")[:20]),
        "exports": list(DataExport.objects.filter(person=person).select_related("by")[:20]),
        "erasure": Erasure.objects.filter(person=person).first(),
    }


def retention_runs(organisation_id: Any) -> QuerySet[RetentionRun]:
    return RetentionRun.objects.filter(organisation_id=organisation_id)[:20]  # type: ignore[return-value]
