"""The person page: a person's record with the cases and activities the reader may see,
and, for the staff who act for them, guardians and consent records."""

from typing import Any

from rangkul.accounts.permissions import has_capability
from rangkul.accounts.queries import members_with_roles
from rangkul.accounts.roles import STAFF_ROLES, Capability
from rangkul.activities.queries import activities_for_person
from rangkul.cases.queries import cases_of_person
from rangkul.people import permissions
from rangkul.people.forms import ConsentForm, GuardianForm, ReviewForm, WithdrawForm
from rangkul.people.queries import read_consents, read_guardians


def person_page(user: Any, person: Any) -> dict[str, Any]:
    """The template context of the person page for a person already opened (and audited)
    through `people.services.open_person_record`."""
    can_manage_guardians = permissions.can_manage_guardians(user, person)
    guardians = read_guardians(user, person) if can_manage_guardians else []
    consents = read_consents(user, person) if can_manage_guardians else []
    for consent in consents:
        consent.can_review = consent.awaits_review and permissions.can_review_exception(  # type: ignore[attr-defined]
            user, consent
        )
    staff = [
        u for u in members_with_roles(person.organisation_id, list(STAFF_ROLES)) if u.pk != user.pk
    ]
    return {
        "person": person,
        "can_view_access_log": permissions.can_view_access_log(user, person),
        "can_manage_personal_data": has_capability(
            user, person.organisation_id, Capability.MANAGE_PERSONAL_DATA
        ),
        "cases": cases_of_person(user, person),
        "activities": activities_for_person(user, person)[:50],
        "can_open_case": has_capability(user, person.organisation_id, Capability.WORK_CASES),
        "can_manage_guardians": can_manage_guardians,
        "guardians": guardians,
        "consents": consents,
        "guardian_form": GuardianForm(),
        "consent_form": ConsentForm(
            guardians=guardians, staff=staff if can_manage_guardians else []
        ),
        "withdraw_form": WithdrawForm(),
        "review_form": ReviewForm(),
    }
