"""The one rule for showing small numbers about people: nobody can be picked out.

Every figure that counts people for someone who may not see them (a principal, a district
analyst, a programme report) passes through these functions. The rule:

1. Primary suppression: a count of 1 to 4 is shown as "<5". Zero is shown as 0 (nobody can
   be picked out of nobody), and so is every count of 5 or more.
2. Secondary suppression, for tables: where a row or a column has exactly one suppressed cell,
   its next-smallest cell (the smallest count above zero that is still shown) is hidden too,
   shown as "*", so that the suppressed count cannot be worked out by subtraction from a
   total or from the other cells. This repeats until no row or column has exactly one
   suppressed cell (or no cell is left to hide in it).
3. Rates and means need at least 5 people behind them, effect sizes (such as a mean change
   with its reliable change index) at least 10; otherwise they are not shown (None).
4. Filters cannot narrow a view below 5 people: a view filtered (by tier, period, class,
   organisation...) to fewer than 5 people is refused as a whole (`filter_allowed`), so that
   two filtered views cannot be subtracted to single out a person.

The functions are pure: plain numbers in, display values out. Tests in
rangkul/lib/tests/test_suppression.py pin the behaviour on fixed tables.
"""

from collections.abc import Sequence

SMALL = "<5"
HIDDEN = "*"
MIN_COUNT = 5
MIN_FOR_RATE = 5
MIN_FOR_EFFECT = 10

Cell = int | str


def count(n: int) -> Cell:
    """One count on its own: 1–4 becomes "<5"."""
    if n < 0:
        raise ValueError("a count of people cannot be negative")
    return SMALL if 0 < n < MIN_COUNT else n


def table(rows: Sequence[Sequence[int]]) -> list[list[Cell]]:
    """A table of counts (rows × columns, all the same length) with both steps applied."""
    width = len(rows[0]) if rows else 0
    if any(len(row) != width for row in rows):
        raise ValueError("every row needs the same number of cells")
    values = [list(row) for row in rows]
    state = [[SMALL if 0 < v < MIN_COUNT else "" for v in row] for row in values]

    def lines() -> list[list[tuple[int, int]]]:
        by_row = [[(r, c) for c in range(width)] for r in range(len(values))]
        by_col = [[(r, c) for r in range(len(values))] for c in range(width)]
        return by_row + by_col

    changed = True
    while changed:
        changed = False
        for line in lines():
            hidden = [(r, c) for r, c in line if state[r][c]]
            if len(hidden) != 1:
                continue
            shown = [(values[r][c], r, c) for r, c in line if not state[r][c] and values[r][c] > 0]
            if not shown:
                continue
            _v, r, c = min(shown)
            state[r][c] = HIDDEN
            changed = True
    return [[state[r][c] or values[r][c] for c in range(width)] for r in range(len(values))]


def rate(numerator: int, denominator: int) -> float | None:
    """A share (0–1) of at least 5 people, else None."""
    if denominator < MIN_FOR_RATE:
        return None
    return numerator / denominator


def mean(values: Sequence[float]) -> float | None:
    """A mean of at least 5 people's values, else None."""
    if len(values) < MIN_FOR_RATE:
        return None
    return sum(values) / len(values)


def median(values: Sequence[float]) -> float | None:
    """A median of at least 5 people's values, else None."""
    if len(values) < MIN_FOR_RATE:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def filter_allowed(people: int) -> bool:
    """Whether a filtered view over this many people may be shown (at least 5; an empty
    view shows nobody and is allowed)."""
    return people == 0 or people >= MIN_COUNT


def effect_size_allowed(n: int) -> bool:
    """Whether an effect size over n people may be shown (at least 10)."""
    return n >= MIN_FOR_EFFECT
