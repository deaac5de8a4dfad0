from typing import Any

from rangkul.audit import services as audit
from rangkul.people.models import Person
from rangkul.people.queries import get_person_for


def open_person_record(*, by: Any, pk: object) -> Person:
    """Fetch a person's record for reading, and leave the audit event every view needs."""
    person = get_person_for(by, pk)
    audit.record(by, "person.viewed", person)
    return person


def open_access_log(*, by: Any, pk: object) -> Person:
    person = get_person_for(by, pk, action="access_log")
    audit.record(by, "person.access_log_viewed", person)
    return person
