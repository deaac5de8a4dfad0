"""The registry of computations behind the indicators stored as data (models.Indicator).

An indicator row names a computation by key; the key maps here to a function of a Report
that returns one display value, already through the suppression rule. A key whose data is
not collected yet is listed in
NOT_COLLECTED and shows as such: no figure is made up. When those records exist, add their
computation here and remove the key from NOT_COLLECTED. The peer programme's figures
(pulse, competency) are computed in `peer_figures.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from rangkul.lib import suppression
from rangkul.reports import peer_figures
from rangkul.reports.report import STUDENTS_PER_COUNSELOR

if TYPE_CHECKING:
    from rangkul.reports.models import Indicator
    from rangkul.reports.report import Cell, Report


def _people(r: Report) -> Cell:
    return suppression.count(r.people_reached)


def _opened(r: Report) -> Cell:
    return suppression.count(sum(p.opened for p in r.programmes))


def _closed_improved(r: Report) -> Cell:
    closed = sum(sum(p.closed.values()) for p in r.programmes)
    improved = sum(p.closed.get("improved", 0) for p in r.programmes)
    share = suppression.rate(improved, closed)
    return None if share is None else round(share, 3)


def _median_contact(r: Report) -> Cell:
    median = suppression.median([h for p in r.programmes for h in p.hours_to_contact])
    return None if median is None else round(median, 1)


def _escalations(r: Report) -> Cell:
    return suppression.count(sum(p.escalated for p in r.programmes))


def _step_downs(r: Report) -> Cell:
    return suppression.count(sum(p.stepped_down for p in r.programmes))


def _activities(r: Report) -> Cell:
    return suppression.count(sum(p.activities for p in r.programmes))


def _reliable_improvement(r: Report) -> Cell:
    rated = sum(o.rated for o in r.outcomes)
    share = suppression.rate(sum(o.improved for o in r.outcomes), rated)
    return None if share is None else round(share, 3)


def _loneliness_change(r: Report) -> Cell:
    for o in r.outcomes:
        if o.instrument == "ucla3" and o.change is not None and o.n >= suppression.MIN_FOR_RATE:
            return round(o.change.mean_change, 2)
    return None


def _within_ratio(r: Report) -> Cell:
    staffed = list(r.staffing.values())
    if not staffed:
        return None
    within = sum(1 for s, c in staffed if c and s / c <= STUDENTS_PER_COUNSELOR)
    return f"{within} / {len(staffed)}"


COMPUTATIONS: dict[str, Callable[[Report], Cell]] = {
    "people_reached": _people,
    "cases_opened": _opened,
    "closed_improved_share": _closed_improved,
    "median_hours_to_first_contact": _median_contact,
    "escalations": _escalations,
    "step_downs": _step_downs,
    "activities_done": _activities,
    "reliable_improvement_share": _reliable_improvement,
    "organisations_within_ratio": _within_ratio,
    "loneliness_change": _loneliness_change,
    "peer_felt_heard_rate": peer_figures.felt_heard_rate,
    "peer_talk_again_rate": peer_figures.talk_again_rate,
    "peer_competency_change": peer_figures.competency_change,
}

# Computations whose records do not exist yet: the indicator is listed, without a value.
NOT_COLLECTED: frozenset[str] = frozenset()


def value_of(indicator: Indicator, report: Report) -> Cell:
    if indicator.computation in NOT_COLLECTED:
        return _("not collected yet")
    compute = COMPUTATIONS.get(indicator.computation)
    if compute is None:
        return _("unknown computation")
    shown = compute(report)
    return "—" if shown is None else shown


def values(report: Report) -> Iterator[tuple[Indicator, Cell]]:
    from rangkul.reports.models import Indicator

    for row in Indicator.objects.filter(is_active=True):
        yield row, value_of(row, report)
