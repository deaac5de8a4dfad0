"""Small charts drawn on the server as SVG coordinates: no chart library in the browser.

The page draws `<polyline points="...">` (a trend) or bars whose widths are shares of the
largest value; every chart sits next to a table with the same figures.
"""

from collections.abc import Sequence

WIDTH = 300
HEIGHT = 100
PAD = 8


def line_points(values: Sequence[float], lowest: float | None = None) -> str:
    """SVG polyline points for values drawn left to right in a WIDTH × HEIGHT box, the
    y axis from `lowest` (default 0) to the largest value."""
    if not values:
        return ""
    low = 0.0 if lowest is None else lowest
    high = max(max(values), low + 1)
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    points = []
    for i, value in enumerate(values):
        x = PAD + i * step
        y = HEIGHT - PAD - (value - low) / (high - low) * (HEIGHT - 2 * PAD)
        points.append(f"{x:.1f},{y:.1f}")
    return " ".join(points)


def shares(values: Sequence[int | None]) -> list[int]:
    """Each value as a whole percentage of the largest (None and 0 draw nothing)."""
    largest = max((v for v in values if v), default=0)
    return [round((v or 0) * 100 / largest) if largest else 0 for v in values]
