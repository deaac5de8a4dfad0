"""Every read of the peer programme, already scoped to the reader."""

import uuid
from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from rangkul.lib.scoping import get_in_scope
from rangkul.peers import permissions
from rangkul.peers.models import (
    DebriefPrompt,
    Nomination,
    PeerProfile,
    PeerStatus,
    PeerStatusChange,
    ProgrammePolicy,
    SelectionRecord,
)


def visible_profiles(user: Any, organisation_id: uuid.UUID | None = None) -> QuerySet[PeerProfile]:
    qs = PeerProfile.objects.filter(permissions.profile_filter(user)).select_related("user")
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    return qs.order_by("user__first_name", "user__last_name", "user__username")


def get_profile_for(user: Any, pk: object) -> PeerProfile:
    return get_in_scope(visible_profiles(user).select_related("organisation"), pk)


def own_profile(user: Any, organisation_id: uuid.UUID) -> PeerProfile | None:
    return PeerProfile.objects.filter(user_id=user.pk, organisation_id=organisation_id).first()


def profile_history(user: Any, profile: PeerProfile) -> QuerySet[PeerStatusChange]:
    if not permissions.can_view_profile(user, profile):
        raise Http404
    return profile.history.select_related("actor").order_by("at")


def visible_nominations(
    user: Any, organisation_id: uuid.UUID | None = None
) -> QuerySet[Nomination]:
    qs = Nomination.objects.filter(permissions.nomination_filter(user)).select_related(
        "nominee", "nominated_by"
    )
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    return qs


def get_nomination_for(user: Any, pk: object) -> Nomination:
    return get_in_scope(visible_nominations(user), pk)


def visible_selections(user: Any) -> QuerySet[SelectionRecord]:
    return SelectionRecord.objects.filter(permissions.selection_filter(user))


def selection_for(user: Any, nomination: Nomination) -> SelectionRecord | None:
    if not permissions.can_view_selection(user, nomination):
        return None
    return visible_selections(user).filter(nomination=nomination).first()


def policy_for(organisation_id: uuid.UUID) -> ProgrammePolicy:
    """The organisation's programme rules (defaults until the lead changes them)."""
    policy = ProgrammePolicy.objects.filter(organisation_id=organisation_id).first()
    return policy or ProgrammePolicy(organisation_id=organisation_id)


# Peers who should be in supervision: everyone past training and not gone.
SUPERVISED_STATUSES = (
    PeerStatus.CERTIFIED,
    PeerStatus.ACTIVE,
    PeerStatus.PAUSED,
    PeerStatus.SUSPENDED,
)


def open_debriefs_for(user: Any, organisation_id: uuid.UUID) -> QuerySet[DebriefPrompt]:
    """Debriefs still to be discussed that this user supervises (the lead sees all)."""
    return (
        DebriefPrompt.objects.filter(permissions.debrief_filter(user))
        .filter(organisation_id=organisation_id, discussed_at__isnull=True)
        .select_related("profile__user")
        .order_by("raised_at")
    )


def supervised_by(user: Any, organisation_id: uuid.UUID) -> QuerySet[PeerProfile]:
    """Peers this user supervises: those who chose them, and for a coordinator also those
    with no supervisor chosen."""
    mine = Q(supervisor_id=user.pk)
    if permissions.can_lead_supervision(user, organisation_id):
        mine |= Q(supervisor__isnull=True)
    return (
        PeerProfile.objects.filter(organisation_id=organisation_id, status__in=SUPERVISED_STATUSES)
        .filter(mine)
        .select_related("user")
        .order_by("user__first_name", "user__username")
    )


def unsupervised_peers(user: Any, organisation_id: uuid.UUID) -> QuerySet[PeerProfile]:
    """Coverage for the lead: peers in the programme without supervision for longer than
    the programme's rule (4 weeks by default), longest first."""
    if not permissions.can_lead_supervision(user, organisation_id):
        raise Http404
    weeks = policy_for(organisation_id).supervision_weeks
    since = timezone.localdate() - timedelta(weeks=weeks)
    return (
        PeerProfile.objects.filter(organisation_id=organisation_id, status__in=SUPERVISED_STATUSES)
        .filter(Q(last_supervised_on__isnull=True) | Q(last_supervised_on__lt=since))
        .select_related("user", "supervisor")
        .order_by("last_supervised_on", "user__first_name")
    )
