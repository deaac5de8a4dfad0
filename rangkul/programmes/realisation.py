"""Realisation against plan, computed from the activities that took place: planned and
delivered lesson hours per class and domain, items not delivered, unplanned responsive work,
and the services of the period by component, strategy and domain."""

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum

from rangkul.activities.models import Activity, ActivityStatus, Component, Kind, Participant
from rangkul.cases.models import Domain
from rangkul.people.models import Person
from rangkul.programmes.models import Delivery, Programme, ProgrammeItem

# Work that answers a need as it comes: counted as unplanned responsive work when no planned
# item claims it.
RESPONSIVE_KINDS = frozenset(
    {
        Kind.INDIVIDUAL_COUNSELING,
        Kind.GROUP_COUNSELING,
        Kind.CONSULTATION,
        Kind.HOME_VISIT,
        Kind.CASE_CONFERENCE,
        Kind.PFA_CONTACT,
        Kind.PEER_MEETING,
    }
)
DOMAIN_ORDER = [d.value for d in Domain]


def hours(minutes: int, lesson_minutes: int) -> Decimal:
    return (Decimal(minutes) / Decimal(lesson_minutes)).quantize(Decimal("0.1"))


@dataclass
class ClassRow:
    name: str
    planned: dict[str, Decimal]
    delivered: dict[str, Decimal]

    @property
    def planned_total(self) -> Decimal:
        return sum(self.planned.values(), Decimal(0))

    @property
    def delivered_total(self) -> Decimal:
        return sum(self.delivered.values(), Decimal(0))

    @property
    def percent(self) -> int | None:
        if not self.planned_total:
            return None
        return round(self.delivered_total * 100 / self.planned_total)


@dataclass
class ItemRow:
    item: ProgrammeItem
    planned_hours: Decimal
    delivered_hours: Decimal
    sessions: int

    @property
    def delivered(self) -> bool:
        return self.sessions > 0


@dataclass
class Realisation:
    programme: Programme
    lesson_minutes: int
    classes: list[ClassRow]
    items: list[ItemRow]
    unplanned: list[tuple[str, int, Decimal]]  # kind label, sessions, hours
    by_component: list[tuple[str, int]] = field(default_factory=list)
    by_strategy: list[tuple[str, int]] = field(default_factory=list)
    by_domain: list[tuple[str, int]] = field(default_factory=list)
    people_reached: int = 0
    activities_done: int = 0

    @property
    def planned_total(self) -> Decimal:
        return sum((c.planned_total for c in self.classes), Decimal(0))

    @property
    def delivered_total(self) -> Decimal:
        return sum((c.delivered_total for c in self.classes), Decimal(0))

    @property
    def percent(self) -> int | None:
        if not self.planned_total:
            return None
        return round(self.delivered_total * 100 / self.planned_total)

    @property
    def not_delivered(self) -> list[ItemRow]:
        return [row for row in self.items if not row.delivered]

    @property
    def items_delivered(self) -> int:
        return sum(1 for row in self.items if row.delivered)

    @property
    def unplanned_sessions(self) -> int:
        return sum(n for _label, n, _h in self.unplanned)


def _most_first(counts: Counter[str], label: Callable[[str], str]) -> list[tuple[str, int]]:
    """(label, count), the largest count first; equal counts by label."""
    return sorted(((label(k), n) for k, n in counts.items()), key=lambda row: (-row[1], row[0]))


def window(programme: Programme) -> tuple[datetime, datetime]:
    zone = programme.organisation.zone
    start = datetime.combine(programme.starts_on, time.min, tzinfo=zone)
    end = datetime.combine(programme.ends_on, time.max, tzinfo=zone)
    return start, end


def done_activities(programme: Programme) -> Any:
    start, end = window(programme)
    return Activity.objects.filter(
        organisation_id=programme.organisation_id,
        status=ActivityStatus.DONE,
        starts_at__gte=start,
        starts_at__lte=end,
    )


def compute(programme: Programme, lesson_minutes: int) -> Realisation:
    items = list(
        programme.items.prefetch_related("target_cohorts").order_by("position", "week_from")
    )
    # By the items' ids, the status checked here: the plan starts from the few deliveries,
    # not from every activity done.
    linked_rows = Delivery.objects.filter(item_id__in=[item.pk for item in items])
    deliveries = [
        d
        for d in linked_rows.select_related("activity", "activity__cohort", "item")
        if d.activity.status == ActivityStatus.DONE
    ]
    # Planned and delivered hours per class and domain.
    planned: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    delivered: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for item in items:
        for cohort in item.target_cohorts.all():
            planned[cohort.name][item.domain] += item.hours_per_class
    per_item: dict[Any, tuple[Decimal, int]] = defaultdict(lambda: (Decimal(0), 0))
    for d in deliveries:
        h = hours(d.activity.duration_minutes, lesson_minutes)
        total, n = per_item[d.item_id]
        per_item[d.item_id] = (total + h, n + 1)
        if d.activity.cohort is not None:
            delivered[d.activity.cohort.name][d.item.domain] += h
    names = sorted(set(planned) | set(delivered))
    classes = [
        ClassRow(
            name,
            {dom: planned[name].get(dom, Decimal(0)) for dom in DOMAIN_ORDER},
            {dom: delivered[name].get(dom, Decimal(0)) for dom in DOMAIN_ORDER},
        )
        for name in names
    ]
    item_rows = [
        ItemRow(
            item,
            item.hours_per_class * len(item.target_cohorts.all()),
            per_item[item.pk][0],
            per_item[item.pk][1],
        )
        for item in items
    ]

    # The period's activities grouped in the database; the few linked to an item take the
    # item's component and domain.
    done = done_activities(programme)
    start, end = window(programme)
    linked = {d.activity_id for d in deliveries}
    kinds = dict(Kind.choices)
    unplanned_counter: dict[str, list[Any]] = defaultdict(lambda: [0, 0])
    by_component: Counter[str] = Counter()
    by_strategy: Counter[str] = Counter()
    by_domain: Counter[str] = Counter()
    groups = (
        done.exclude(id__in=linked)
        .values_list("kind", "component", "domain")
        .annotate(n=Count("*"), minutes=Sum("duration_minutes"))
        .order_by()
    )
    activities_done = 0
    for kind, component, domain, n, minutes in groups:
        activities_done += n
        by_component[component or ""] += n
        by_strategy[kind] += n
        by_domain[domain or ""] += n
        if kind in RESPONSIVE_KINDS or component == Component.RESPONSIVE:
            unplanned_counter[kind][0] += n
            unplanned_counter[kind][1] += minutes
    for d in deliveries:
        a = d.activity
        if a.organisation_id != programme.organisation_id or not start <= a.starts_at <= end:
            continue
        activities_done += 1
        by_component[d.item.component or ""] += 1
        by_strategy[a.kind] += 1
        by_domain[d.item.domain or ""] += 1
    unplanned = [
        (str(kinds.get(kind, kind)), n, hours(minutes, lesson_minutes))
        for kind, (n, minutes) in sorted(unplanned_counter.items())
    ]
    components = dict(Component.choices)
    domains = dict(Domain.choices)
    # People reached: participants of the period's activities and members of their classes,
    # counted once, in one query. Members are the school's own people (a class holds no
    # one else): the organisation's index gives the planner a few thousand rows, where by
    # the classes alone it overestimates them and reads every person of the district.
    participants = (
        Participant.objects.filter(activity__in=done.values("id")).values("person_id").order_by()
    )
    members = (
        Person.objects.filter(
            organisation_id=programme.organisation_id,
            cohort_id__in=done.filter(cohort_id__isnull=False).values("cohort_id"),
        )
        .values("id")
        .order_by()
    )
    reached = participants.union(members).count()
    other = "—"
    return Realisation(
        programme=programme,
        lesson_minutes=lesson_minutes,
        classes=classes,
        items=item_rows,
        unplanned=unplanned,
        by_component=_most_first(by_component, lambda k: str(components.get(k, other))),
        by_strategy=_most_first(by_strategy, lambda k: str(kinds.get(k, k))),
        by_domain=_most_first(by_domain, lambda k: str(domains.get(k, other))),
        people_reached=reached,
        activities_done=activities_done,
    )
