"""Who may see and do what with psychosocial programmes, beneficiaries and PFA contacts.

Each rule once, as a predicate for one object and the equivalent Q filter side by side.

- A programme is kept (created, edited, its team chosen) by the coordinator or the
  administrator of its organisation.
- Its work — beneficiaries, PFA contacts, the dashboard — is seen and done by the field
  workers on its team (while they hold the field worker role there) and by the
  coordinator, who sees all of the organisation's programmes. The administrator keeps the
  programme but sees no beneficiary. Nobody else: not a peer supporter, not a provider.
"""

import uuid
from typing import Any

from django.db.models import Q

from rangkul.accounts.permissions import has_capability, orgs_with_capability, roles_by_org
from rangkul.accounts.roles import Capability, Role


def _field_worker_orgs(user: Any) -> set[uuid.UUID]:
    return {org for org, roles in roles_by_org(user).items() if Role.FIELD_WORKER in roles}


# --- Keeping programmes ------------------------------------------------------------------


def can_manage_programmes(user: Any, organisation_id: Any) -> bool:
    return has_capability(user, organisation_id, Capability.MANAGE_PSYCHOSOCIAL_PROGRAMMES)


def managed_programme_filter(user: Any) -> Q:
    return Q(
        organisation_id__in=orgs_with_capability(user, Capability.MANAGE_PSYCHOSOCIAL_PROGRAMMES)
    )


# --- Working in a programme: its team and the coordinator ----------------------------------


def on_team(user: Any, programme: Any) -> bool:
    return programme.organisation_id in _field_worker_orgs(user) and (
        programme.team.filter(pk=user.pk).exists()
    )


def can_work_in(user: Any, programme: Any) -> bool:
    if has_capability(user, programme.organisation_id, Capability.OVERSEE_CASES):
        return True
    return on_team(user, programme)


def work_filter(user: Any) -> Q:
    """Programmes whose work the user sees (the Q of `can_work_in`)."""
    return Q(organisation_id__in=orgs_with_capability(user, Capability.OVERSEE_CASES)) | Q(
        organisation_id__in=_field_worker_orgs(user), team__id=user.pk
    )


# --- Seeing a programme at all: those who keep it and those who work in it -----------------


def can_view_programme(user: Any, programme: Any) -> bool:
    return can_manage_programmes(user, programme.organisation_id) or can_work_in(user, programme)


def programme_filter(user: Any) -> Q:
    return managed_programme_filter(user) | work_filter(user)


# --- Beneficiaries and PFA contacts: the programme's work ----------------------------------


def can_view_beneficiary(user: Any, beneficiary: Any) -> bool:
    return can_work_in(user, beneficiary.programme)


def can_view_pfa(user: Any, pfa: Any) -> bool:
    return can_work_in(user, pfa.programme)


def can_register(user: Any, programme: Any) -> bool:
    """Registering beneficiaries and logging PFA contacts: not in a closed programme."""
    return programme.status != "closed" and can_work_in(user, programme)
