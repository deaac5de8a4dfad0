"""Who may see and do what with the service directory. Each rule: predicate and Q filter."""

from typing import Any

from django.db.models import Q

from rangkul.accounts.permissions import has_capability, orgs_with_capability
from rangkul.accounts.roles import Capability

# --- The directory ------------------------------------------------------------------------
# Public services, not personal data: every staff member who works cases or keeps a
# directory reads all active entries, whoever keeps them. Inactive entries: their keepers.


def can_read_directory(user: Any) -> bool:
    return bool(
        orgs_with_capability(user, Capability.WORK_CASES)
        or orgs_with_capability(user, Capability.MANAGE_DIRECTORY)
    )


def can_view_provider(user: Any, provider: Any) -> bool:
    if can_manage_provider(user, provider):
        return True
    return provider.is_active and can_read_directory(user)


def provider_filter(user: Any) -> Q:
    kept = Q(organisation_id__in=orgs_with_capability(user, Capability.MANAGE_DIRECTORY))
    if can_read_directory(user):
        return Q(is_active=True) | kept
    return kept


# --- Keeping entries: the coordinator or administrator of the keeping organisation ---------


def can_manage_directory(user: Any, organisation_id: Any) -> bool:
    return has_capability(user, organisation_id, Capability.MANAGE_DIRECTORY)


def can_manage_provider(user: Any, provider: Any) -> bool:
    return can_manage_directory(user, provider.organisation_id)


def managed_provider_filter(user: Any) -> Q:
    return Q(organisation_id__in=orgs_with_capability(user, Capability.MANAGE_DIRECTORY))
