"""A draft programme's items and their session plans (RPL)."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rangkul.activities.models import Component
from rangkul.audit import services as audit
from rangkul.cases.models import Domain
from rangkul.lib.text import check_texts
from rangkul.people.models import Cohort
from rangkul.programmes import permissions
from rangkul.programmes.models import (
    PLANNED_SESSION_STRATEGIES,
    Article,
    Programme,
    ProgrammeItem,
    ServicePlan,
    Strategy,
)


def _check_editable(by: Any, programme: Programme) -> None:
    if not permissions.can_edit_programme(by, programme):
        raise PermissionDenied(
            _("Only a draft programme can be changed; start a new revision of an approved one.")
        )


@dataclass
class ItemData:
    domain: str
    topic: str
    component: str
    strategy: str
    week_from: int
    week_to: int
    hours_per_class: Any
    success_measure: str = ""
    cohorts: list[Any] = field(default_factory=list)
    articles: list[Any] = field(default_factory=list)


@transaction.atomic
def save_item(
    *, by: Any, programme: Programme, data: ItemData, item: ProgrammeItem | None = None
) -> ProgrammeItem:
    """Add an item to a draft programme, or change one."""
    _check_editable(by, programme)
    problems: dict[str, str] = {}
    if data.domain not in Domain.values:
        problems["domain"] = _("Choose a domain.")
    if data.component not in Component.values:
        problems["component"] = _("Choose a component.")
    if data.strategy not in Strategy.values:
        problems["strategy"] = _("Choose a strategy.")
    weeks = programme.weeks
    if not (1 <= data.week_from <= weeks and 1 <= data.week_to <= weeks):
        problems["week_from"] = _("Weeks run from 1 to %(n)s in this programme.") % {"n": weeks}
    elif data.week_to < data.week_from:
        problems["week_to"] = _("The last week comes before the first.")
    try:
        hours = Decimal(str(data.hours_per_class)).quantize(Decimal("0.1"))
        if not Decimal(0) <= hours <= Decimal(200):
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        problems["hours_per_class"] = _("Give the lesson hours per class (0 to 200).")
        hours = Decimal(0)
    cohorts = list(Cohort.objects.filter(organisation=programme.organisation, pk__in=data.cohorts))
    if len(cohorts) != len(set(map(str, data.cohorts))):
        problems["cohorts"] = _("Choose classes of this organisation.")
    if data.strategy == Strategy.CLASSROOM_GUIDANCE and not cohorts:
        problems["cohorts"] = _("Classroom guidance needs the classes it is for.")
    articles = list(
        Article.objects.filter(organisation=programme.organisation, pk__in=data.articles)
    )
    texts, text_problems = check_texts(
        [("topic", data.topic, 200, True), ("success_measure", data.success_measure, 300, False)]
    )
    problems.update(text_problems)
    if problems:
        raise ValidationError(problems)
    is_new = item is None
    if item is None:
        item = ProgrammeItem(programme=programme, position=programme.items.count())
    elif item.programme_id != programme.pk:
        raise ValidationError(_("This item belongs to another programme."))
    item.domain = data.domain
    item.component = data.component
    item.strategy = data.strategy
    item.week_from = data.week_from
    item.week_to = data.week_to
    item.hours_per_class = hours
    item.topic = texts["topic"]
    item.success_measure = texts["success_measure"]
    item.save()
    item.target_cohorts.set(cohorts)
    item.articles.set(articles)
    audit.record(
        by,
        "programme.item_added" if is_new else "programme.item_changed",
        item,
        organisation=programme.organisation,
        data={"programme": str(programme.pk)},
    )
    return item


@transaction.atomic
def delete_item(*, by: Any, item: ProgrammeItem) -> None:
    programme = item.programme
    _check_editable(by, programme)
    audit.record(
        by,
        "programme.item_removed",
        organisation=programme.organisation,
        data={"programme": str(programme.pk), "item": str(item.pk), "topic": item.topic},
    )
    item.delete()


@transaction.atomic
def save_service_plan(
    *,
    by: Any,
    item: ProgrammeItem,
    objectives: str,
    method: str,
    materials: str,
    evaluation: str,
    steps: str = "",
) -> ServicePlan:
    """Write or change the session plan (RPL) of a planned classroom or group item."""
    programme = item.programme
    _check_editable(by, programme)
    if item.strategy not in PLANNED_SESSION_STRATEGIES:
        raise ValidationError(_("Session plans are written for classroom and group sessions."))
    texts, problems = check_texts(
        [
            ("objectives", objectives, 3000, True),
            ("method", method, 3000, True),
            ("materials", materials, 3000, True),
            ("evaluation", evaluation, 3000, True),
            ("steps", steps, 5000, False),
        ]
    )
    if problems:
        raise ValidationError(problems)
    plan, created = ServicePlan.objects.update_or_create(
        item=item, defaults={**texts, "updated_by": by}
    )
    audit.record(
        by,
        "programme.service_plan_saved",
        plan,
        organisation=programme.organisation,
        data={"item": str(item.pk), "new": created},
    )
    return plan
