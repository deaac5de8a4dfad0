"""The needs questionnaire (AKPD) and its results by domain, topic and class.

The questionnaire is an ordinary screening definition (`data/akpd.yaml`, key
`instrument`), stored for a school as its own questionnaire and given through screening
campaigns, one per class. The same file's `topics` give each item its domain and topic;
the domain is checked against the item's domain subscale when the file is read.
"""

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.db.models import Count

from rangkul.lib import suppression
from rangkul.screenings.models import Assignment, ResponseStatus, ScreeningResponse

AKPD_FILE = Path(__file__).parent / "data" / "akpd.yaml"
DOMAINS = ("personal", "social", "learning", "career")


@dataclass(frozen=True)
class Topic:
    item: str
    domain: str
    label: dict[str, str]

    def text(self, lang: str) -> str:
        return self.label.get(lang) or self.label["id"]


@cache
def _data() -> dict[str, Any]:
    data = yaml.safe_load(AKPD_FILE.read_text(encoding="utf-8"))
    definition = data["instrument"]
    domain_of = {
        item: scale["code"]
        for scale in definition["scoring"]["subscales"]
        for item in scale["items"]
    }
    problems = []
    for item in definition["items"]:
        topic = data["topics"].get(item["id"])
        if topic is None:
            problems.append(f"{item['id']}: no topic")
        elif topic["domain"] != domain_of.get(item["id"]) or topic["domain"] not in DOMAINS:
            problems.append(f"{item['id']}: domain {topic['domain']} is not its subscale's")
    if problems:
        raise ValueError(f"{AKPD_FILE.name}: " + "; ".join(problems))
    return data  # type: ignore[no-any-return]


def definition() -> dict[str, Any]:
    return dict(_data()["instrument"])


def definition_text() -> str:
    return yaml.safe_dump(definition(), allow_unicode=True, sort_keys=False)


def topics() -> list[Topic]:
    """The items in questionnaire order, each with its domain and topic."""
    raw = _data()["topics"]
    return [
        Topic(item["id"], raw[item["id"]]["domain"], raw[item["id"]]["topic"])
        for item in _data()["instrument"]["items"]
    ]


def topic_of(item: str) -> Topic | None:
    return next((t for t in topics() if t.item == item), None)


@dataclass
class ClassColumn:
    cohort_id: Any
    name: str
    respondents: int
    asked: int


@dataclass
class TopicRow:
    topic: Topic
    counts: list[int]
    # What is shown: a count (or "<5" / "*") and a share in whole percent (or None).
    shown: list[suppression.Cell] = field(default_factory=list)
    percents: list[int | None] = field(default_factory=list)
    total: int = 0
    total_percent: int | None = None

    @property
    def cells(self) -> list[tuple[suppression.Cell, int | None]]:
        return list(zip(self.shown, self.percents, strict=True))


@dataclass
class DomainRow:
    """Students of each class who marked at least one need of a domain."""

    domain: str
    counts: list[int]
    cells: list[tuple[suppression.Cell, int | None]]


@dataclass
class NeedsResults:
    classes: list[ClassColumn]
    rows: list[TopicRow]
    respondents: int
    suppressed: bool
    domains: list[DomainRow] = field(default_factory=list)

    def by_domain(self) -> list[tuple[str, list[TopicRow]]]:
        return [(d, [r for r in self.rows if r.topic.domain == d]) for d in DOMAINS]


def _percent(numerator: int, denominator: int) -> int | None:
    share = suppression.rate(numerator, denominator)
    return None if share is None else round(share * 100)


def results(campaigns: list[Any], *, exact: bool) -> NeedsResults:
    """Per class: how many students answered and how many marked each need. `exact` is
    for counselors; everyone else gets the table through the one suppression rule."""
    all_topics = topics()
    classes: list[ClassColumn] = []
    counts: dict[str, list[int]] = {t.item: [] for t in all_topics}
    by_domain: dict[str, list[int]] = {d: [] for d in DOMAINS}
    ordered = sorted(campaigns, key=lambda c: c.cohort.name if c.cohort else "")
    # Two reads for the whole survey, whatever the number of classes.
    ids = [c.pk for c in ordered]
    answers_of: dict[Any, list[dict[str, Any]]] = {pk: [] for pk in ids}
    submitted = ScreeningResponse.objects.filter(
        campaign_id__in=ids, status=ResponseStatus.SUBMITTED
    ).values_list("campaign_id", "answers")
    for campaign_id, given in submitted:
        answers_of[campaign_id].append(given)
    asked = dict(
        Assignment.objects.filter(campaign_id__in=ids)
        .values("campaign_id")
        .annotate(n=Count("*"))
        .values_list("campaign_id", "n")
    )
    for campaign in ordered:
        answers = answers_of[campaign.pk]
        classes.append(
            ClassColumn(
                campaign.cohort_id,
                campaign.cohort.name if campaign.cohort else campaign.title,
                len(answers),
                asked.get(campaign.pk, 0),
            )
        )
        for t in all_topics:
            counts[t.item].append(sum(1 for a in answers if a.get(t.item) == 1))
        for d in DOMAINS:
            items = [t.item for t in all_topics if t.domain == d]
            by_domain[d].append(sum(1 for a in answers if any(a.get(i) == 1 for i in items)))
    matrix = [counts[t.item] for t in all_topics]
    shown = [list(row) for row in matrix] if exact else suppression.table(matrix) if classes else []
    respondents = sum(c.respondents for c in classes)
    rows = []
    for i, t in enumerate(all_topics):
        cells: list[suppression.Cell] = list(shown[i]) if shown else []
        percents = [
            _percent(n, c.respondents) if isinstance(cells[j], int) else None
            for j, (n, c) in enumerate(zip(counts[t.item], classes, strict=True))
        ]
        total = sum(counts[t.item])
        rows.append(
            TopicRow(t, counts[t.item], cells, percents, total, _percent(total, respondents))
        )
    domain_matrix = [by_domain[d] for d in DOMAINS]
    domain_shown = (
        [list(row) for row in domain_matrix]
        if exact
        else suppression.table(domain_matrix)
        if classes
        else [[] for _d in DOMAINS]
    )
    domain_rows = [
        DomainRow(
            d,
            by_domain[d],
            [
                (cell, _percent(n, c.respondents) if isinstance(cell, int) else None)
                for cell, n, c in zip(domain_shown[k], by_domain[d], classes, strict=True)
            ],
        )
        for k, d in enumerate(DOMAINS)
    ]
    return NeedsResults(classes, rows, respondents, not exact, domain_rows)


def needs_above(result: NeedsResults, threshold_percent: int) -> list[tuple[TopicRow, list[Any]]]:
    """Each need marked by at least `threshold_percent` of a class, with the classes."""
    found = []
    for row in result.rows:
        cohorts = [
            c.cohort_id
            for c, n in zip(result.classes, row.counts, strict=True)
            if c.respondents and n * 100 >= threshold_percent * c.respondents
        ]
        if cohorts:
            found.append((row, cohorts))
    return found
