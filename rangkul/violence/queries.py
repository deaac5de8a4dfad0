"""Every read of violence reports and matters, already scoped to what the user may see."""

from typing import Any

from django.db.models import QuerySet

from rangkul.lib.scoping import get_in_scope
from rangkul.violence import permissions
from rangkul.violence.models import Matter, Report, TeamMember, hash_receipt


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
