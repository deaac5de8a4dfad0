"""Who may load a school's records and look after its students' logins.

Each rule: a predicate and its Q filter, side by side."""

import uuid
from typing import Any

from django.db.models import Q

from rangkul.accounts.permissions import has_capability, orgs_with_capability
from rangkul.accounts.roles import Capability

# --- Enrolment: imports, the legal basis, login cards, leavers, the rollover -------------
# The coordinator and the administrator of the organisation.


def can_manage_enrolment(user: Any, organisation_id: uuid.UUID | None) -> bool:
    return has_capability(user, organisation_id, Capability.MANAGE_ENROLMENT)


def enrolment_filter(user: Any) -> Q:
    return Q(organisation_id__in=orgs_with_capability(user, Capability.MANAGE_ENROLMENT))


# --- A student's forgotten password: counselors too ---------------------------------------


def can_reset_passwords(user: Any, organisation_id: uuid.UUID | None) -> bool:
    return has_capability(user, organisation_id, Capability.RESET_STUDENT_PASSWORDS)


def reset_filter(user: Any) -> Q:
    return Q(organisation_id__in=orgs_with_capability(user, Capability.RESET_STUDENT_PASSWORDS))


# --- The class pages of onboarding (who has a login): either of the above -----------------


def can_view_classes(user: Any, organisation_id: uuid.UUID | None) -> bool:
    return can_manage_enrolment(user, organisation_id) or can_reset_passwords(user, organisation_id)


def class_filter(user: Any) -> Q:
    return enrolment_filter(user) | reset_filter(user)
