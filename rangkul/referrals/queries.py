"""Every read of the directory, already scoped to the reader."""

import uuid
from typing import Any

from django.db.models import Q, QuerySet

from rangkul.accounts.models import Organisation, OrganisationKind
from rangkul.audit import services as audit
from rangkul.lib.api import Listing
from rangkul.lib.prepared import Prepared
from rangkul.lib.scoping import get_in_scope
from rangkul.referrals import permissions
from rangkul.referrals.models import Provider, ReferralOut, ReferralUpdate, age_group_of


def region_filter(code: str) -> Q:
    """Providers that serve a region: those listed for it, for a region containing it
    (a province-wide service serves its cities), or for a part of it; and those with no
    regions listed, which serve the whole country (national hotlines)."""
    parts = code.split(".")
    q = Q(regions="") | Q(regions__contains=f",{code}.")
    for n in range(1, len(parts) + 1):
        q |= Q(regions__contains=f",{'.'.join(parts[:n])},")
    return q


def visible_providers(
    user: Any,
    *,
    search: str = "",
    region: str = "",
    service: str = "",
    age: int | None = None,
    cost: str = "",
    kind: str = "",
) -> QuerySet[Provider]:
    qs = Provider.objects.filter(permissions.provider_filter(user))
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(description__icontains=search))
    if region:
        qs = qs.filter(region_filter(region))
    if service:
        qs = qs.filter(services__contains=f",{service},")
    if age is not None:
        qs = qs.filter(age_groups__contains=f",{age_group_of(age)},")
    if cost:
        qs = qs.filter(costs__contains=f",{cost},")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("provider_organisation").order_by("name")


def get_provider_for(user: Any, pk: object, action: str = "view") -> Provider:
    qs = Provider.objects.filter(
        permissions.managed_provider_filter(user)
        if action == "manage"
        else permissions.provider_filter(user)
    )
    return get_in_scope(qs, pk)


def provider_organisations() -> QuerySet[Organisation]:
    """Provider organisations with accounts in Rangkul, which a directory entry may name."""
    return Organisation.objects.filter(kind=OrganisationKind.PROVIDER, is_active=True).order_by(
        "name"
    )


def kept_providers(user: Any, organisation_id: uuid.UUID) -> QuerySet[Provider]:
    """The entries an organisation keeps, for its export (empty unless the reader keeps them)."""
    if not permissions.can_manage_directory(user, organisation_id):
        return Provider.objects.none()
    return Provider.objects.filter(organisation_id=organisation_id).order_by("name")


# --- Referrals out ---------------------------------------------------------------------------


def visible_referrals(user: Any) -> QuerySet[ReferralOut]:
    return (
        ReferralOut.objects.filter(permissions.referral_filter(user))
        .select_related("provider", "case", "person", "organisation")
        .distinct()
    )


def received_referrals(user: Any) -> QuerySet[ReferralOut]:
    """The provider's inbox: referrals to its organisation, newest first."""
    return (
        ReferralOut.objects.filter(permissions.receiver_q(user))
        .select_related("provider", "organisation")
        .order_by("-sent_at")
    )


def read_received_referrals(user: Any, organisation: Any, limit: int = 200) -> list[ReferralOut]:
    """The provider's inbox as shown (each row names a person and a need), with its one
    audit: the organisation that reads it, the count and the ids."""
    rows = list(received_referrals(user)[:limit])
    audit.record_list(user, "referral_out.listed", rows, organisation=organisation)
    return rows


def referral_listing(user: Any, organisation: Any, *, status: str = "") -> Listing:
    """Referrals out as the caller's organisation knows them: those it sent (for the staff
    on their cases) or those sent to it (for the provider's accounts); audited per page."""
    qs = visible_referrals(user).filter(
        Q(organisation_id=organisation.pk) | Q(provider__provider_organisation_id=organisation.pk)
    )
    if status:
        qs = qs.filter(status=status)
    return Listing(
        qs.order_by("-created_at", "-pk"),
        lambda shown: audit.record_list(
            user, "referral_out.listed", shown, organisation=organisation
        ),
    )


def get_referral_for(user: Any, pk: object) -> ReferralOut:
    return get_in_scope(visible_referrals(user), pk)


def referrals_of_case(user: Any, case: Any) -> QuerySet[ReferralOut]:
    return visible_referrals(user).filter(case=case).order_by("created_at")


def updates_for_case(user: Any, case: Any) -> QuerySet[ReferralUpdate]:
    """Steps of the case's referrals, for the case timeline of those who may see them."""
    return _updates_of(permissions.sender_q(user), case.pk)


def read_case_updates(user: Any, case: Any) -> list[ReferralUpdate]:
    """`updates_for_case` as a list, read by a prepared query (compiled once per process
    and shape of the user's scope, lib/prepared.py): the case page's timeline."""
    return _CASE_UPDATES.run(case_id=case.pk, user_id=user.pk, **permissions.sender_scope(user))


def _updates_of(senders: Q, case_id: uuid.UUID) -> QuerySet[ReferralUpdate]:
    return (
        ReferralUpdate.objects.filter(
            referral__in=ReferralOut.objects.filter(senders, case_id=case_id)
        )
        .select_related("referral__provider", "by")
        .order_by("at")
    )


def _case_updates(
    case_id: uuid.UUID, user_id: int, oversee: list[uuid.UUID], working: list[uuid.UUID]
) -> QuerySet[ReferralUpdate]:
    senders = permissions.sender_q_of(user_id, oversee=oversee, working=working)
    return _updates_of(senders, case_id)


_CASE_UPDATES = Prepared(
    _case_updates, case_id=uuid.UUID, user_id=int, oversee=[uuid.UUID], working=[uuid.UUID]
)
