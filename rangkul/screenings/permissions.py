"""Who may see and do what with instruments, campaigns and responses.

Each rule once, as a predicate and the matching Q filter side by side:

- instruments (the catalogue, stateless scoring): any member of an organisation;
- enabling instruments, band schemes, the organisation's own questionnaires: the
  coordinator; the organisation's validated wording: the administrator;
- campaigns and every individual result: staff who work cases (counselors, the
  coordinator, field workers) in the campaign's organisation; the respondent sees their
  own answers, never anyone else's;
- band distributions without names: also principals (and counselors) of the
  organisation, and analysts of the overseeing authority, with small cells suppressed;
- peer supporters never see screening results, not even of their own cases' persons.
"""

from typing import Any

from django.db.models import Q

from rangkul.accounts.permissions import (
    has_capability,
    has_role,
    orgs_with_capability,
    roles_by_org,
)
from rangkul.accounts.roles import Capability, Role
from rangkul.people.models import Person

# Role-level rules the capability table does not (yet) name.
CONFIGURE_ROLE = Role.COORDINATOR
WORDING_ROLE = Role.ADMIN


def _working(user: Any) -> set[Any]:
    return orgs_with_capability(user, Capability.WORK_CASES)


# --- Instruments --------------------------------------------------------------------------


def can_use_instruments(user: Any) -> bool:
    """The catalogue and stateless scoring: any logged-in member of an organisation."""
    return bool(roles_by_org(user))


def can_configure_instruments(user: Any, organisation_id: Any) -> bool:
    """Enable or disable an instrument, pick a band scheme, write own questionnaires."""
    return has_role(user, organisation_id, CONFIGURE_ROLE)


def can_override_wording(user: Any, organisation_id: Any) -> bool:
    return has_role(user, organisation_id, WORDING_ROLE)


def can_view_instrument_settings(user: Any, organisation_id: Any) -> bool:
    return can_configure_instruments(user, organisation_id) or can_override_wording(
        user, organisation_id
    )


def can_view_custom_instrument(user: Any, row: Any) -> bool:
    return row.organisation_id in roles_by_org(user)


def custom_instrument_filter(user: Any) -> Q:
    return Q(organisation_id__in=list(roles_by_org(user)))


# --- Campaigns ----------------------------------------------------------------------------


def can_create_campaign(user: Any, organisation_id: Any) -> bool:
    return has_capability(user, organisation_id, Capability.WORK_CASES)


def can_view_campaign(user: Any, campaign: Any) -> bool:
    """The whole campaign: who was asked, who completed, individual results."""
    return has_capability(user, campaign.organisation_id, Capability.WORK_CASES)


def campaign_filter(user: Any) -> Q:
    return Q(organisation_id__in=_working(user))


can_manage_campaign = can_view_campaign


# Individual campaigns (one case, named people) have no aggregate: a "distribution"
# of one person is that person's result.
AGGREGATE_TARGETS = ("cohort", "group")


def _aggregate_orgs(user: Any) -> set[Any]:
    return orgs_with_capability(user, Capability.VIEW_AGGREGATES) | _working(user)


def can_view_campaign_aggregate(user: Any, campaign: Any) -> bool:
    if can_view_campaign(user, campaign):
        return True
    if campaign.target not in AGGREGATE_TARGETS:
        return False
    org = campaign.organisation
    return has_capability(user, org.id, Capability.VIEW_AGGREGATES) or (
        org.parent_id is not None
        and has_capability(user, org.parent_id, Capability.VIEW_CHILD_AGGREGATES)
    )


def campaign_aggregate_filter(user: Any) -> Q:
    aggregate = Q(organisation_id__in=_aggregate_orgs(user)) | Q(
        organisation__parent_id__in=orgs_with_capability(user, Capability.VIEW_CHILD_AGGREGATES)
    )
    return campaign_filter(user) | (aggregate & Q(target__in=AGGREGATE_TARGETS))


def sees_small_cells(user: Any, campaign: Any) -> bool:
    """Staff who may see every result need no suppression; everyone else gets it. In an
    anonymous campaign nobody sees small cells: beside the list of who completed, a count
    of one is that person's result."""
    return can_view_campaign(user, campaign) and not campaign.anonymous


# --- Assignments: who answers -------------------------------------------------------------


def can_answer(user: Any, assignment: Any, *, entered_by_staff: bool) -> bool:
    """Self-report: the person themselves. Caregiver reports and staff-administered
    screens: staff who work cases, for identified campaigns only."""
    if entered_by_staff:
        return not assignment.campaign.anonymous and has_capability(
            user, assignment.organisation_id, Capability.WORK_CASES
        )
    return assignment.person.user_id is not None and assignment.person.user_id == user.pk


def own_assignment_filter(user: Any) -> Q:
    return Q(person__user_id=user.pk)


def staff_assignment_filter(user: Any) -> Q:
    return Q(organisation_id__in=_working(user), campaign__anonymous=False)


def answerable_assignment_filter(user_id: Any, working: list[Any]) -> Q:
    """Own assignments, or identified ones in the organisations where the user works cases
    (`working_organisations`): the rule above, from plain values, for a prepared query."""
    return Q(person__user_id=user_id) | Q(organisation_id__in=working, campaign__anonymous=False)


def working_organisations(user: Any) -> list[Any]:
    return sorted(_working(user), key=str)


# --- Responses ----------------------------------------------------------------------------


def can_view_response(user: Any, response: Any) -> bool:
    """Identified responses only: an anonymous answer is never shown one by one."""
    if response.person_id is None:
        return False
    if response.person.user_id is not None and response.person.user_id == user.pk:
        return True
    return has_capability(user, response.organisation_id, Capability.WORK_CASES)


def response_filter(user: Any) -> Q:
    # "Own" as a sub-select of the user's person records, not a join: with the join the
    # OR defeats the responses' indexes and every response is scanned.
    own = Person.objects.filter(user_id=user.pk).values("pk")
    return Q(person__isnull=False) & (Q(person_id__in=own) | Q(organisation_id__in=_working(user)))


def can_view_scores(user: Any, response: Any) -> bool:
    """Scores and bands are for staff; a respondent sees their own answers."""
    return response.person_id is not None and has_capability(
        user, response.organisation_id, Capability.WORK_CASES
    )


def can_view_person_results(user: Any, person: Any) -> bool:
    return has_capability(user, person.organisation_id, Capability.WORK_CASES)
