"""Counts for the school and the district: reports by kind and by step, and the time each
step took. No identities; small cells are suppressed."""

from collections import Counter
from collections.abc import Iterable
from typing import Any

from rangkul.lib import suppression
from rangkul.violence.models import STEP_ORDER, Matter, MatterStatus, Step, StepRecord, ViolenceKind

# The one suppression rule of rangkul.lib.suppression, for a single count and for a column
# of counts shown beside its total.
suppress = suppression.count


def suppress_column(counts: list[int]) -> list[int | str]:
    return [row[0] for row in suppression.table([[n] for n in counts])]


def summary(organisation_ids: Iterable[Any]) -> dict[str, Any]:
    ids = list(organisation_ids)
    matters = Matter.objects.filter(organisation_id__in=ids)
    kinds = Counter(matters.values_list("report__kind", flat=True))
    open_steps = Counter(matters.filter(status=MatterStatus.OPEN).values_list("step", flat=True))
    closed = matters.filter(status=MatterStatus.CLOSED).count()
    durations: dict[str, list[float]] = {code: [] for code in STEP_ORDER}
    done = StepRecord.objects.filter(
        matter__organisation_id__in=ids, completed_at__isnull=False
    ).values_list("step", "started_at", "completed_at")
    for code, started, completed in done:
        if completed is not None:
            durations[code].append((completed - started).total_seconds() / 86400)
    labels = dict(ViolenceKind.choices)
    return {
        "total": suppress(sum(kinds.values())),
        "by_kind": list(
            zip(
                [labels[code] for code in ViolenceKind.values],
                suppress_column([kinds.get(code, 0) for code in ViolenceKind.values]),
                strict=True,
            )
        ),
        "by_step": list(
            zip(
                [Step(code).label for code in STEP_ORDER],
                suppress_column([open_steps.get(code, 0) for code in STEP_ORDER]),
                [_days(durations[code]) for code in STEP_ORDER],
                strict=True,
            )
        ),
        "closed": suppress(closed),
    }


def _days(values: list[float]) -> str:
    """Median days a step took, shown only with enough steps behind it (the one rule)."""
    median = suppression.median(values)
    return "–" if median is None else f"{median:.1f}"
