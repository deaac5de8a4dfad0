"""Who may see and change what in the peer programme.

Each rule once, in two forms side by side: a predicate for one object and the equivalent
Q filter, so that lists and detail pages agree. The programme is run by whoever manages
peer supporters in the organisation (the coordinator; the administrator for the role).
"""

import uuid
from typing import Any

from django.db.models import Q

from rangkul.accounts.permissions import has_capability, orgs_with_capability
from rangkul.accounts.roles import Capability

# Who nominates: staff who refer students (teachers, counselors, coordinators) and peers.
_NOMINATING = (Capability.REFER_STUDENTS, Capability.PEER_SUPPORT)


def can_run_programme(user: Any, organisation_id: uuid.UUID | None) -> bool:
    return has_capability(user, organisation_id, Capability.MANAGE_PEER_SUPPORTERS)


def _programme_orgs(user: Any) -> set[uuid.UUID]:
    return orgs_with_capability(user, Capability.MANAGE_PEER_SUPPORTERS)


# --- Profiles and their history ------------------------------------------------------------
# The peer sees their own profile and history; the programme lead sees everyone's.


def can_view_profile(user: Any, profile: Any) -> bool:
    return profile.user_id == user.pk or can_run_programme(user, profile.organisation_id)


def profile_filter(user: Any) -> Q:
    return Q(user_id=user.pk) | Q(organisation_id__in=_programme_orgs(user))


def can_edit_profile(user: Any, profile: Any) -> bool:
    """Both the peer and the lead edit the profile (the lead edits more fields)."""
    return can_view_profile(user, profile)


def can_change_status(user: Any, profile: Any) -> bool:
    """Only the lead moves a peer through the programme; never themselves."""
    return profile.user_id != user.pk and can_run_programme(user, profile.organisation_id)


# --- Nominations and selection --------------------------------------------------------------
# The lead sees every nomination with its selection record; whoever nominated sees their own
# nomination and its status, never the rubric. The nominee does not see them.


def can_nominate(user: Any, organisation_id: uuid.UUID | None) -> bool:
    return any(has_capability(user, organisation_id, cap) for cap in _NOMINATING)


def can_view_nomination(user: Any, nomination: Any) -> bool:
    return nomination.nominated_by_id == user.pk or can_run_programme(
        user, nomination.organisation_id
    )


def nomination_filter(user: Any) -> Q:
    return Q(nominated_by_id=user.pk) | Q(organisation_id__in=_programme_orgs(user))


def can_view_selection(user: Any, nomination: Any) -> bool:
    return can_run_programme(user, nomination.organisation_id)


def selection_filter(user: Any) -> Q:
    return Q(nomination__organisation_id__in=_programme_orgs(user))


def can_decide_selection(user: Any, nomination: Any) -> bool:
    return nomination.nominee_id != user.pk and can_run_programme(user, nomination.organisation_id)


# --- Supervision: debrief prompts and coverage ----------------------------------------------
# A debrief prompt is for the peer's supervisor, and for the coordinator (who runs the
# programme and works cases, and supervises wherever nobody was chosen). The peer, other
# peers and an administrator (who runs the role but sees no case work) never see it.


def _supervising_orgs(user: Any) -> set[uuid.UUID]:
    return _programme_orgs(user) & orgs_with_capability(user, Capability.WORK_CASES)


def can_lead_supervision(user: Any, organisation_id: uuid.UUID | None) -> bool:
    return organisation_id in _supervising_orgs(user)


def can_view_debrief(user: Any, prompt: Any) -> bool:
    return prompt.profile.supervisor_id == user.pk or can_lead_supervision(
        user, prompt.organisation_id
    )


def debrief_filter(user: Any) -> Q:
    return Q(profile__supervisor_id=user.pk) | Q(organisation_id__in=_supervising_orgs(user))


def can_view_supervision(user: Any, organisation_id: uuid.UUID | None) -> bool:
    """The supervision page: counselors (their own peers) and the coordinator (all, with
    the coverage)."""
    return has_capability(user, organisation_id, Capability.WORK_CASES)
