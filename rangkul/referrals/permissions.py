"""Who may see and do what with the service directory. Each rule: predicate and Q filter."""

from typing import Any

from django.db.models import Q

from rangkul.accounts.permissions import has_capability, orgs_with_capability
from rangkul.accounts.roles import Capability
from rangkul.cases import permissions as case_permissions

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


# --- Referrals out ---------------------------------------------------------------------------
# The sending side: professionals on the case (the case's own rule, `is_staff_on_case`).
# The receiving side: members with the provider role of the provider's organisation in
# Rangkul, once the referral is sent; they see the referral, its frozen snapshot and its
# updates, never the case.


def is_sender(user: Any, referral: Any) -> bool:
    return case_permissions.is_staff_on_case(user, referral.case)


def sender_q(user: Any) -> Q:
    return case_permissions.staff_on_case_q(user, prefix="case__")


# The plain values `sender_q_of` takes: where the user oversees and works cases.
sender_scope = case_permissions.staff_scope


def sender_q_of(user_id: Any, *, oversee: Any, working: Any) -> Q:
    """`sender_q` from plain values (`sender_scope`), for a prepared query."""
    return case_permissions.staff_on_case_q_of(
        user_id, oversee=oversee, working=working, prefix="case__"
    )


def is_receiver(user: Any, referral: Any) -> bool:
    provider_org = referral.provider.provider_organisation_id
    return (
        provider_org is not None
        and referral.status != "draft"
        and has_capability(user, provider_org, Capability.RECEIVE_REFERRALS)
    )


def receiver_q(user: Any) -> Q:
    return Q(
        provider__channel="in_rangkul",
        provider__provider_organisation_id__in=orgs_with_capability(
            user, Capability.RECEIVE_REFERRALS
        ),
    ) & ~Q(status="draft")


def can_view_referral(user: Any, referral: Any) -> bool:
    return is_receiver(user, referral) or is_sender(user, referral)


def referral_filter(user: Any) -> Q:
    return receiver_q(user) | sender_q(user)


def can_refer_out(user: Any, case: Any) -> bool:
    return case_permissions.can_manage_case(user, case)


def can_answer(user: Any, referral: Any) -> bool:
    """Accept, decline, set the appointment, record the outcome: the provider in Rangkul;
    for a provider reached by letter or phone, the counselor records what it said."""
    if referral.provider.channel == "in_rangkul":
        return is_receiver(user, referral)
    return is_sender(user, referral)
