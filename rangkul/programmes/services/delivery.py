"""Deliveries: the activities that took place, counted against an approved programme's
items."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.activities.models import Activity, ActivityStatus
from rangkul.activities.services import activities as activity_services
from rangkul.audit import services as audit
from rangkul.programmes import permissions
from rangkul.programmes.models import (
    STRATEGY_KINDS,
    Delivery,
    Programme,
    ProgrammeItem,
    ProgrammeStatus,
)


def _check_delivery(by: Any, item: ProgrammeItem) -> None:
    # Read fresh: the programme may have been approved since the item was loaded.
    programme = item.programme = Programme.objects.get(pk=item.programme_id)
    if not permissions.can_plan(by, programme.organisation_id):
        raise PermissionDenied(_("You may not plan programmes here."))
    if programme.status != ProgrammeStatus.APPROVED:
        raise ValidationError(_("Activities are counted against an approved programme."))


@transaction.atomic
def link_activity(*, by: Any, item: ProgrammeItem, activity: Activity) -> Delivery:
    """Count an activity that took place against a planned item."""
    _check_delivery(by, item)
    programme = item.programme
    problems = []
    if activity.organisation_id != programme.organisation_id:
        problems.append(_("The activity belongs to another organisation."))
    if activity.status != ActivityStatus.DONE:
        problems.append(_("Only an activity that took place counts."))
    local_day = timezone.localtime(activity.starts_at).date()
    if not programme.starts_on <= local_day <= programme.ends_on:
        problems.append(_("The activity took place outside the programme's period."))
    if Delivery.objects.filter(activity=activity).exists():
        problems.append(_("This activity is already counted against a planned item."))
    if problems:
        raise ValidationError(problems)
    delivery = Delivery.objects.create(activity=activity, item=item, linked_by=by)
    audit.record(
        by,
        "programme.delivery_linked",
        activity,
        organisation=programme.organisation,
        data={"item": str(item.pk), "programme": str(programme.pk)},
    )
    return delivery


@transaction.atomic
def deliver_item(
    *,
    by: Any,
    item: ProgrammeItem,
    starts_at: datetime,
    duration_minutes: int,
    cohort: Any = None,
    group: Any = None,
    people: Sequence[Any] = (),
    consultee: str = "",
    topic: str = "",
    place: str = "",
) -> Delivery:
    """Log the activity that delivers a planned item, and count it against the item, in one
    step (the activity is written by the activities app's own service)."""
    _check_delivery(by, item)
    kind = STRATEGY_KINDS.get(item.strategy)
    if kind is None:
        raise ValidationError(_("This strategy is not delivered as an activity."))
    if (
        cohort is not None
        and not item.target_cohorts.filter(pk=getattr(cohort, "pk", cohort)).exists()
    ):
        raise ValidationError({"cohort": _("Choose one of the item's classes.")})
    if starts_at > timezone.now():
        raise ValidationError({"starts_at": _("Record a session after it has taken place.")})
    activity = activity_services.log_activity(
        by=by,
        organisation=item.programme.organisation,
        data=activity_services.ActivityData(
            kind=kind,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            cohort=cohort,
            group=group,
            people=list(people),
            consultee=consultee,
            topic=topic or item.topic,
            domain=item.domain,
            component=item.component,
            place=place,
        ),
    )
    return link_activity(by=by, item=item, activity=activity)


@transaction.atomic
def unlink_delivery(*, by: Any, delivery: Delivery) -> None:
    item = delivery.item
    _check_delivery(by, item)
    audit.record(
        by,
        "programme.delivery_unlinked",
        delivery.activity,
        organisation=item.programme.organisation,
        data={"item": str(item.pk)},
    )
    delivery.delete()
