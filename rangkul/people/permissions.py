"""Who may see people (konseli) and cohorts. Each rule: a predicate and its Q filter."""

from typing import Any

from django.db.models import Q

from rangkul.accounts.permissions import has_capability, orgs_with_capability
from rangkul.accounts.roles import Capability

# --- Person -------------------------------------------------------------------------------
# Staff with the people capability in the person's organisation; the person themselves.


def can_view_person(user: Any, person: Any) -> bool:
    if person.user_id is not None and person.user_id == user.pk:
        return True
    return has_capability(user, person.organisation_id, Capability.VIEW_PEOPLE)


def person_filter(user: Any) -> Q:
    return Q(organisation_id__in=orgs_with_capability(user, Capability.VIEW_PEOPLE)) | Q(
        user_id=user.pk
    )


# --- Access log of a person's record: the coordinator only ------------------------------


def can_view_access_log(user: Any, person: Any) -> bool:
    return has_capability(user, person.organisation_id, Capability.VIEW_ACCESS_LOG)


def access_log_filter(user: Any) -> Q:
    return Q(organisation_id__in=orgs_with_capability(user, Capability.VIEW_ACCESS_LOG))


# --- Cohort -------------------------------------------------------------------------------
# Staff with the cohort capability; a homeroom teacher sees the cohorts they lead.


def can_view_cohort(user: Any, cohort: Any) -> bool:
    if cohort.homeroom_teacher_id is not None and cohort.homeroom_teacher_id == user.pk:
        return True
    return has_capability(user, cohort.organisation_id, Capability.VIEW_COHORTS)


def cohort_filter(user: Any) -> Q:
    return Q(organisation_id__in=orgs_with_capability(user, Capability.VIEW_COHORTS)) | Q(
        homeroom_teacher_id=user.pk
    )
