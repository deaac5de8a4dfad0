"""Every table of the report pages, built once for the page and for its downloads.

A table is a title, headers and rows of display values. Counts about people pass through
rangkul.lib.suppression (counts 1-4 as "<5", a "*" for the cell hidden with them, means and
rates only over at least 5 people, effect sizes over at least 10). The one identifiable
table (per-person changes) is for coordinators and is only ever exported, never shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rangkul.activities.models import Activity, ActivityStatus
from rangkul.cases.models import Outcome, Tier
from rangkul.lib import suppression
from rangkul.people.models import Person
from rangkul.reports import effectiveness as eff
from rangkul.reports import indicators
from rangkul.reports.report import STUDENTS_PER_COUNSELOR, Cell, Report, Table

__all__ = ["STUDENTS_PER_COUNSELOR", "TABLES", "Cell", "Report", "Spec", "Table"]


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def _tier_label(code: str) -> str:
    return str(Tier(code).label)


def programmes_table(report: Report) -> Table:
    rows = report.programmes
    counts = suppression.table(
        [[p.people, p.opened, p.escalated, p.stepped_down, p.activities] for p in rows]
    )
    body: list[list[Cell]] = []
    for p, shown in zip(rows, counts, strict=True):
        median = suppression.median(p.hours_to_contact)
        body.append([_tier_label(p.tier), *shown, _round(median, 1)])
    if len(rows) > 1:
        totals = [sum(getattr(p, a) for p in rows) for a in
                  ("people", "opened", "escalated", "stepped_down", "activities")]  # fmt: skip
        waits = [h for p in rows for h in p.hours_to_contact]
        body.append(
            [_("All programmes"), *(suppression.count(n) for n in totals),
             _round(suppression.median(waits), 1)]
        )  # fmt: skip
    return Table(
        "programmes",
        _("What each programme did"),
        [
            _("Programme"),
            _("People reached"),
            _("Cases opened"),
            _("Escalations"),
            _("Step-downs"),
            _("Activities done"),
            _("Median hours to first contact"),
        ],  # fmt: skip
        body,
        _(
            "People reached: people with a case of the programme open during the period. "
            "An escalation or step-down counts for the programme it left."
        ),  # fmt: skip
    )


def closed_table(report: Report) -> Table:
    rows = report.programmes
    outcomes = list(Outcome)
    counts = suppression.table([[p.closed.get(o.value, 0) for o in outcomes] for p in rows])
    body: list[list[Cell]] = [
        [_tier_label(p.tier), *shown, suppression.count(sum(p.closed.values()))]
        for p, shown in zip(rows, counts, strict=True)
    ]
    return Table(
        "closed",
        _("Cases closed, by outcome"),
        [_("Programme"), *(str(o.label) for o in outcomes), _("Closed")],
        body,
    )


def outcomes_table(report: Report) -> Table:
    body: list[list[Cell]] = []
    for o in report.outcomes:
        n_shown = suppression.count(o.n)
        c = o.change if o.n >= suppression.MIN_FOR_RATE else None
        effects = c is not None and suppression.effect_size_allowed(o.n)
        reliable = o.has_reliable_change and c is not None
        body.append(
            [
                o.name,
                n_shown,
                _round(c.mean_first) if c else None,
                _round(c.mean_last) if c else None,
                _round(c.mean_change) if c else None,
                _round(c.ci_low) if c else None,
                _round(c.ci_high) if c else None,
                _round(c.d_z) if effects and c else None,
                _round(c.g_av) if effects and c else None,
                _round(suppression.rate(o.improved, o.n), 3) if reliable else None,
                _round(suppression.rate(o.deteriorated, o.n), 3) if reliable else None,
            ]
        )
    return Table(
        "outcomes",
        _("Change between the first and the last screening"),
        [
            _("Questionnaire"),
            _("People"),
            _("Mean first score"),
            _("Mean last score"),
            _("Mean change"),
            _("95% CI, low"),
            _("95% CI, high"),
            _("Effect size d_z (mean change / SD of changes)"),
            _("Effect size Hedges' g_av (mean change / average SD, corrected)"),
            _("Share with reliable improvement"),
            _("Share with reliable deterioration"),
        ],  # fmt: skip
        body,
        _(
            "People with at least two screenings on the same questionnaire in the period. "
            "Means need at least 5 people, effect sizes at least 10; reliable change only where "
            "the questionnaire has a published reliability and reference SD."
        ),  # fmt: skip
    )


def ratio_text(students: int, counselors: int) -> str:
    if not counselors:
        return _("no counselor")
    return f"1 : {round(students / counselors)}"


def organisations_table(report: Report) -> Table:
    orgs = list(
        report.scope.organisation.children.filter(id__in=report.scope.org_ids).order_by("name")
    )
    # The same six grouped queries whatever the number of organisations, shared with the
    # other tables of the page.
    by_org = report.programmes_by_org
    per_org = [(org, by_org[org.id]) for org in orgs]
    raw = [
        [
            sum(p.people for p in progs),
            sum(p.opened for p in progs),
            sum(sum(p.closed.values()) for p in progs),
            sum(p.escalated for p in progs),
        ]
        for _org, progs in per_org
    ]
    counts = suppression.table(raw) if raw else []
    body: list[list[Cell]] = []
    for (org, _progs), shown in zip(per_org, counts, strict=True):
        students, counselors = report.staffing.get(org.id, (0, 0))
        meets = counselors and students / counselors <= STUDENTS_PER_COUNSELOR
        body.append(
            [org.name, str(org.get_kind_display()), students, counselors,
             ratio_text(students, counselors), _("yes") if meets else _("no"), *shown]
        )  # fmt: skip
    return Table(
        "organisations",
        _("Organisations under this office"),
        [
            _("Organisation"),
            _("Kind"),
            _("Students or beneficiaries"),
            _("Counselors"),
            _("Counselor : students"),
            _("Within 1 : 150"),
            _("People reached"),
            _("Cases opened"),
            _("Cases closed"),
            _("Escalations"),
        ],  # fmt: skip
        body,
        _(
            "Students and counselors are head counts of the records, not of people served, "
            "and are shown in full. 1 : 150 is the ratio of Permendikbud 111/2014."
        ),  # fmt: skip
    )


def indicators_table(report: Report) -> Table:
    body: list[list[Cell]] = [
        [row.name, row.definition, value] for row, value in indicators.values(report)
    ]
    return Table(
        "indicators",
        _("Indicators"),
        [_("Indicator"), _("Definition"), _("Value")],
        body,
    )


def people_outcomes_table(report: Report) -> Table:
    """Identifiable: each person's first and last score. Coordinators only, export only."""
    names = dict(
        Person.objects.filter(id__in={p.person_id for p in report.pairs}).values_list(
            "id", "full_name"
        )
    )
    labels = {
        "improved": _("reliable improvement"),
        "deteriorated": _("reliable deterioration"),
        "no_reliable_change": _("no reliable change"),
    }
    body: list[list[Cell]] = [
        [
            names.get(p.person_id, ""),
            p.instrument,
            p.first,
            p.last,
            p.last - p.first,
            labels.get(p.reliable or "", _("not available")),
        ]  # fmt: skip
        for p in sorted(report.pairs, key=lambda p: (names.get(p.person_id, ""), p.instrument))
    ]
    return Table(
        "people_outcomes",
        _("First and last score of each person"),
        [
            _("Name"),
            _("Questionnaire"),
            _("First score"),
            _("Last score"),
            _("Change"),
            _("Reliable change"),
        ],  # fmt: skip
        body,
        identifiable=True,
    )


def activities_table(report: Report) -> Table:
    """Every activity done in the period (coordinators only, export only: topics and
    facilitators' names)."""
    f = report.filters
    rows = (
        Activity.objects.filter(
            organisation_id__in=report.scope.org_ids,
            status=ActivityStatus.DONE,
            starts_at__gte=f.start,
            starts_at__lt=f.end,
        )
        .select_related("facilitator", "cohort")
        .order_by("starts_at")
    )
    body: list[list[Cell]] = [
        [
            timezone.localtime(a.starts_at).strftime("%Y-%m-%d %H:%M"),
            str(a.get_kind_display()),
            _tier_label(eff.programme_of_kind(a.kind)),
            a.facilitator.get_full_name() or a.facilitator.username,
            a.cohort.name if a.cohort else "",
            a.topic,
            a.duration_minutes,
        ]  # fmt: skip
        for a in rows
    ]
    return Table(
        "activities",
        _("Activities done"),
        [
            _("Date and time"),
            _("Kind"),
            _("Programme"),
            _("Facilitator"),
            _("Class"),
            _("Topic"),
            _("Minutes"),
        ],  # fmt: skip
        body,
        identifiable=True,
    )


@dataclass(frozen=True)
class Spec:
    title: Any
    build: Callable[[Report], Table]
    district_only: bool = False
    identifiable: bool = False


TABLES: dict[str, Spec] = {
    "programmes": Spec(gettext_lazy("What each programme did"), programmes_table),
    "closed": Spec(gettext_lazy("Cases closed, by outcome"), closed_table),
    "outcomes": Spec(gettext_lazy("Change between screenings"), outcomes_table),
    "organisations": Spec(
        gettext_lazy("Organisations under this office"), organisations_table, district_only=True
    ),
    "indicators": Spec(gettext_lazy("Indicators"), indicators_table),
    "activities": Spec(gettext_lazy("Activities done"), activities_table, identifiable=True),
    "people_outcomes": Spec(
        gettext_lazy("First and last score of each person"),
        people_outcomes_table,
        identifiable=True,
    ),
}
