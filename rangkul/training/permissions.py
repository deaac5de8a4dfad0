"""Who may see and do what in training.

Each rule once, as a predicate and the equivalent Q filter side by side. The programme
lead (coordinator) runs programmes; counselors score role-plays; whoever is enrolled sees
their own enrolment, quiz, results and certificate, and nobody else's.
"""

import uuid
from typing import Any

from django.db.models import Q

from rangkul.accounts.permissions import has_capability, orgs_with_capability
from rangkul.accounts.roles import Capability


def can_run_training(user: Any, organisation_id: uuid.UUID | None) -> bool:
    return has_capability(user, organisation_id, Capability.RUN_TRAINING)


def lead_orgs(user: Any) -> set[uuid.UUID]:
    return orgs_with_capability(user, Capability.RUN_TRAINING)


def _assessor_orgs(user: Any) -> set[uuid.UUID]:
    return orgs_with_capability(user, Capability.ASSESS_TRAINEES)


# --- Programmes ---------------------------------------------------------------------------
# The lead sees and edits the organisation's programmes; assessors see them to find the
# trainees they score.


def can_manage_programme(user: Any, programme: Any) -> bool:
    return can_run_training(user, programme.organisation_id)


def can_view_programme(user: Any, programme: Any) -> bool:
    return programme.organisation_id in (lead_orgs(user) | _assessor_orgs(user))


def programme_filter(user: Any) -> Q:
    return Q(organisation_id__in=lead_orgs(user) | _assessor_orgs(user))


# --- Enrolments and their results (attendance, quiz attempts, role-play scores) -----------
# The enrolled person sees their own; the lead and the assessors of the organisation see
# everyone's. A peer never sees another peer's results.


def is_own_enrolment(user: Any, enrolment: Any) -> bool:
    return bool(enrolment.user_id == user.pk)


def can_view_enrolment(user: Any, enrolment: Any) -> bool:
    return is_own_enrolment(user, enrolment) or can_view_programme(user, enrolment.programme)


def enrolment_filter(user: Any) -> Q:
    orgs = lead_orgs(user) | _assessor_orgs(user)
    return Q(user_id=user.pk) | Q(programme__organisation_id__in=orgs)


def can_take_quiz(user: Any, enrolment: Any) -> bool:
    """Only the enrolled person, while the enrolment is undecided."""
    return is_own_enrolment(user, enrolment) and enrolment.status == "enrolled"


def can_score_role_play(user: Any, enrolment: Any) -> bool:
    """A counselor (or the lead) of the organisation, never about themselves."""
    return not is_own_enrolment(user, enrolment) and has_capability(
        user, enrolment.programme.organisation_id, Capability.ASSESS_TRAINEES
    )


# --- Certificates ----------------------------------------------------------------------------


def can_view_certificate(user: Any, certificate: Any) -> bool:
    return certificate.enrolment.user_id == user.pk or can_run_training(
        user, certificate.organisation_id
    )


def certificate_filter(user: Any) -> Q:
    return Q(enrolment__user_id=user.pk) | Q(organisation_id__in=lead_orgs(user))


def can_revoke_certificate(user: Any, certificate: Any) -> bool:
    return certificate.enrolment.user_id != user.pk and can_run_training(
        user, certificate.organisation_id
    )


# --- CPD ---------------------------------------------------------------------------------------
# A counselor keeps and sees their own records; the lead sees every counselor's.


def can_keep_cpd(user: Any, organisation_id: uuid.UUID | None) -> bool:
    return has_capability(user, organisation_id, Capability.KEEP_CPD)


def can_view_cpd(user: Any, record: Any) -> bool:
    return record.counselor_id == user.pk or can_run_training(user, record.organisation_id)


def cpd_filter(user: Any) -> Q:
    return Q(counselor_id=user.pk) | Q(organisation_id__in=lead_orgs(user))


def can_assess(user: Any, organisation_id: uuid.UUID | None) -> bool:
    return has_capability(user, organisation_id, Capability.ASSESS_TRAINEES)
