"""Counts for the school and the district: reports by kind and by step, and the time each
step took. No identities; small cells are suppressed."""

from collections import Counter
from collections.abc import Iterable
from typing import Any

from rangkul.violence.models import STEP_ORDER, Matter, MatterStatus, Step, StepRecord, ViolenceKind

SMALL = 5


def suppress(count: int) -> int | str:
    """A count of 1–4 is shown as "<5", so that nobody can be picked out of a small cell.

    One small local function on purpose: the shared `rangkul.lib.suppression` helper
    (built on another branch) can replace it in one place once it is merged.
    """
    return "<5" if 0 < count < SMALL else count


def suppress_column(counts: list[int]) -> list[int | str]:
    """A column of counts shown beside its total: small cells become "<5"; where exactly
    one cell is suppressed, the smallest cell still shown is hidden too ("*"), so that the
    small count cannot be worked out by subtracting the others from the total. Local for
    the same reason as `suppress`."""
    shown: list[int | str] = [suppress(n) for n in counts]
    while sum(1 for cell in shown if cell in ("<5", "*")) == 1:
        visible = [
            (n, i)
            for i, (n, cell) in enumerate(zip(counts, shown, strict=True))
            if isinstance(cell, int) and n > 0
        ]
        if not visible:
            break
        shown[min(visible)[1]] = "*"
    return shown


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
    """Median days a step took, shown only when at least SMALL steps are behind it."""
    if len(values) < SMALL:
        return "–"
    ordered = sorted(values)
    mid = len(ordered) // 2
    median = ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    return f"{median:.1f}"
