"""Every read of violence reports and matters, already scoped to what the user may see."""

from typing import Any

from django.db.models import Q, QuerySet

from rangkul.accounts.roles import Role
from rangkul.audit import services as audit
from rangkul.lib.api import Listing
from rangkul.lib.scoping import get_in_scope
from rangkul.people.models import Person
from rangkul.violence import permissions
from rangkul.violence.models import (
    Matter,
    OfferStatus,
    Report,
    SupportOffer,
    TeamMember,
    hash_receipt,
)


def matter_listing(user: Any, organisation: Any, *, here_only: bool = True) -> Listing:
    """The matters list of the page and the API, newest first. A list shows kinds and steps
    of named matters, a view of each one: the rows shown leave one event with the
    organisation and the count. `here_only`: the organisation and the schools it oversees
    (the API); the page shows every matter the person handles."""
    qs = visible_matters(user)
    if here_only and organisation is not None:
        qs = qs.filter(Q(organisation=organisation) | Q(organisation__parent=organisation))
    return Listing(
        qs.order_by("-opened_at"),
        lambda shown: audit.record_list(
            user, "violence.matters_listed", shown, organisation=organisation, key="matters"
        ),
    )


def visible_matters(user: Any) -> QuerySet[Matter]:
    return (
        Matter.objects.filter(permissions.matter_filter(user))
        .exclude(report__excluded=user)
        .select_related("report", "organisation")
        .distinct()
    )


def get_matter_for(user: Any, pk: object) -> Matter:
    """A matter the user may see, or 404 (a malformed id looks the same as a hidden one)."""
    return get_in_scope(visible_matters(user), pk)


def team_of(organisation_id: Any) -> QuerySet[TeamMember]:
    return TeamMember.objects.filter(
        organisation_id=organisation_id, removed_at__isnull=True
    ).select_related("user")


def report_by_receipt(code: str) -> Report | None:
    """The report a receipt code belongs to. The code is the reporter's only key."""
    if not code or len(code) > 40:
        return None
    return (
        Report.objects.filter(receipt_hash=hash_receipt(code))
        .select_related("matter", "organisation")
        .first()
    )


def my_reports(user: Any, organisation_id: Any) -> QuerySet[Report]:
    """Reports a member made under their own name: for the status, never the handling."""
    return Report.objects.filter(
        reporter_id=user.pk, organisation_id=organisation_id, anonymous=False
    ).select_related("matter")


def offerable_people(organisation_id: Any) -> QuerySet[Person]:
    """Students of the school with an account: they can answer an offer themselves."""
    return (
        Person.objects.filter(
            organisation_id=organisation_id,
            user__memberships__organisation_id=organisation_id,
            user__memberships__role=Role.STUDENT,
            user__is_active=True,
        )
        .select_related("cohort")
        .distinct()
        .order_by("full_name")
    )


def my_offers(user: Any) -> QuerySet[SupportOffer]:
    """Open offers of support made to the user (as the student concerned)."""
    return SupportOffer.objects.filter(
        person__user_id=user.pk, status=OfferStatus.OFFERED
    ).select_related("organisation")


def linked_matters(user: Any, case: Any) -> list[Matter]:
    """Matters whose accepted offer became this case's request, for a reader who may see
    both the case and the matter."""
    if not case.request_id:
        return []
    matter_ids = list(
        SupportOffer.objects.filter(
            support_request_id=case.request_id, status=OfferStatus.ACCEPTED
        ).values_list("matter_id", flat=True)
    )
    if not matter_ids:
        # Most cases come from no matter: the scope of matters is not even built.
        return []
    return list(visible_matters(user).filter(pk__in=matter_ids))
