"""Who may be enrolled in a programme: for peer supporters, peers still before their
certificate (candidate, selected, in training); for counselors, the counselors and
coordinators of the organisation."""

from typing import Any

from django.db.models import QuerySet

from rangkul.accounts.models import User
from rangkul.accounts.queries import members_with_roles
from rangkul.accounts.roles import Role
from rangkul.peers.models import PeerProfile, PeerStatus
from rangkul.training.models import Audience, Programme

BEFORE_CERTIFICATE = (PeerStatus.CANDIDATE, PeerStatus.SELECTED, PeerStatus.IN_TRAINING)


def eligible_users(programme: Programme) -> QuerySet[User]:
    org = programme.organisation_id
    if programme.audience == Audience.PEER_SUPPORTERS:
        peers = PeerProfile.objects.filter(
            organisation_id=org, status__in=BEFORE_CERTIFICATE
        ).values("user_id")
        users = members_with_roles(org, [Role.PEER_SUPPORTER]).filter(pk__in=peers)
    else:
        users = members_with_roles(org, [Role.COUNSELOR, Role.COORDINATOR])
    return users.exclude(training_enrolments__programme=programme)


def is_eligible(programme: Programme, user: Any) -> bool:
    return eligible_users(programme).filter(pk=user.pk).exists()
