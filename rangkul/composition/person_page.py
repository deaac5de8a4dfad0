"""The person page: a person's record with the cases and activities the reader may see."""

from typing import Any

from rangkul.accounts.permissions import has_capability
from rangkul.accounts.roles import Capability
from rangkul.activities.queries import activities_for_person
from rangkul.cases.queries import cases_of_person
from rangkul.people import permissions


def person_page(user: Any, person: Any) -> dict[str, Any]:
    """The template context of the person page for a person already opened (and audited)
    through `people.services.open_person_record`."""
    return {
        "person": person,
        "can_view_access_log": permissions.can_view_access_log(user, person),
        "cases": cases_of_person(user, person),
        "activities": activities_for_person(user, person)[:50],
        "can_open_case": has_capability(user, person.organisation_id, Capability.WORK_CASES),
    }
