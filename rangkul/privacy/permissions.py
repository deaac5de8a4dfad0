"""Who may act on personal-data rights and retention. Each rule: a predicate and its Q filter.

The coordinator of the person's organisation, only. Who may open a restricted note is the
case-access rule `cases.permissions.can_break_glass`."""

from typing import Any

from django.db.models import Q

from rangkul.accounts.permissions import has_capability, orgs_with_capability
from rangkul.accounts.roles import Capability


def can_manage_personal_data(user: Any, person: Any) -> bool:
    return has_capability(user, person.organisation_id, Capability.MANAGE_PERSONAL_DATA)


def personal_data_filter(user: Any) -> Q:
    return Q(organisation_id__in=orgs_with_capability(user, Capability.MANAGE_PERSONAL_DATA))


def can_manage_retention(user: Any, organisation_id: Any) -> bool:
    return has_capability(user, organisation_id, Capability.MANAGE_PERSONAL_DATA)
