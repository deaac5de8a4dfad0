"""The scope and period a report page reads, and the figures computed once for it.

`Report` is what every table (`tables.py`) and every indicator computation
(`indicators.py`, `peer_figures.py`) takes: an organisation scope, the filters, and the
figures read lazily from the effectiveness queries and the rollups. A `Table` is a title,
headers and rows of display values (`Cell`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from django.db.models import Count
from django.utils import timezone

from rangkul.accounts.models import Membership
from rangkul.accounts.roles import Role
from rangkul.lib import suppression
from rangkul.people.models import Person
from rangkul.reports import effectiveness as eff
from rangkul.reports import rollups
from rangkul.reports.filters import Filters
from rangkul.reports.permissions import Scope

Cell = int | float | str | None
# The ratio the Indonesian counseling profession recommends: one counselor for 150 students
# (the norm of 150 students for each counselor in Permendikbud 111/2014).
STUDENTS_PER_COUNSELOR = 150


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list[Cell]]
    note: str = ""
    identifiable: bool = False


@dataclass
class Report:
    """The figures of one scope and one set of filters, computed on first use."""

    scope: Scope
    filters: Filters

    @cached_property
    def programmes_by_org(self) -> dict[Any, list[eff.Programme]]:
        f = self.filters
        return eff.programmes_by_org(
            self.scope.org_ids, f.start, f.end, f.tier or None, marks=self.marks
        )

    @cached_property
    def programmes(self) -> list[eff.Programme]:
        """All the organisations together. Where the per-organisation figures were read
        already (the district table comes first on its page), they are added up, so that
        the page reads the cases and activities once."""
        f = self.filters
        if "programmes_by_org" in self.__dict__:
            return eff.combine(
                self.programmes_by_org, self.scope.org_ids, f.start, f.end, f.tier or None
            )
        return eff.programmes(self.scope.org_ids, f.start, f.end, f.tier or None, self.marks)

    @cached_property
    def marks(self) -> dict[str, datetime]:
        """How far each rollup has read, once for the page."""
        return rollups.read_marks()

    @cached_property
    def rolled_up(self) -> bool:
        """Whether the rollups answer for the period (a semester, read up to its end)."""
        f = self.filters
        return rollups.covers(f.since, f.until, timezone.localdate()) and rollups.has_read_up_to(
            f.end, self.marks
        )

    @cached_property
    def pairs(self) -> list[eff.Pair]:
        f = self.filters
        people = eff.people_in_tier(self.scope.org_ids, f.start, f.end, f.tier) if f.tier else None
        if self.rolled_up:
            return eff.pairs_from_rollup(self.scope.org_ids, f.since, people)
        return eff.pairs(self.scope.org_ids, f.start, f.end, people)

    @cached_property
    def outcomes(self) -> list[eff.InstrumentOutcome]:
        if self.rolled_up and not self.filters.tier:
            return eff.outcomes_from_rollup(self.scope.org_ids, self.filters.since)
        return eff.outcomes(self.pairs)

    @cached_property
    def people_reached(self) -> int:
        f = self.filters
        cases = eff.cases_in_period(self.scope.org_ids, f.start, f.end)
        if f.tier:
            cases = cases.filter(tier=f.tier)
        return cases.values("person_id").distinct().count()

    @property
    def too_narrow(self) -> bool:
        """A filter may not narrow the view to 1-4 people (the page shows nothing then)."""
        return self.filters.narrowed and not suppression.filter_allowed(self.people_reached)

    @cached_property
    def staffing(self) -> dict[Any, tuple[int, int]]:
        """Students (person records) and counselors (counselor or coordinator) per
        organisation of the scope."""
        ids = self.scope.org_ids
        students = dict(
            Person.objects.filter(organisation_id__in=ids)
            .values("organisation_id")
            .annotate(n=Count("id"))
            .values_list("organisation_id", "n")
        )
        counselors = dict(
            Membership.objects.filter(
                organisation_id__in=ids, role__in=[Role.COUNSELOR, Role.COORDINATOR]
            )
            .values("organisation_id")
            .annotate(n=Count("user_id", distinct=True))
            .values_list("organisation_id", "n")
        )
        return {i: (students.get(i, 0), counselors.get(i, 0)) for i in ids}
