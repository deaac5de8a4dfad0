"""Change between two measurements of the same people: plain numbers in, figures out.

For n people with a first score x and a last score y, the change is d = y - x.

- mean change with a 95 % confidence interval from Student's t with n - 1 degrees of freedom;
- d_z = mean(d) / SD(d): the standardised mean change of the paired design (Cohen 1988;
  Lakens 2013, eq. 5);
- Hedges' g_av = mean(d) / ((SD(x) + SD(y)) / 2) * J, with the small-sample correction
  J = 1 - 3 / (4 * df - 1), df = n - 1 (Hedges & Olkin 1985; Lakens 2013, eq. 9-10; Cumming
  2012 uses the same df for paired designs).

SDs are sample SDs (n - 1). The function says nothing about suppression: callers decide with
rangkul.lib.suppression whether a figure may be shown (means >= 5 people, effect sizes >= 10).

Lakens D. Calculating and reporting effect sizes to facilitate cumulative science: a practical
primer for t-tests and ANOVAs. Front Psychol 2013;4:863. doi:10.3389/fpsyg.2013.00863
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy.stats import t as student_t


@dataclass(frozen=True)
class Change:
    n: int
    mean_first: float
    mean_last: float
    mean_change: float
    sd_change: float
    ci_low: float
    ci_high: float
    d_z: float | None
    g_av: float | None


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def _sd(values: Sequence[float]) -> float:
    m = _mean(values)
    return math.sqrt(sum((v - m) ** 2 for v in values) / (len(values) - 1))


def hedges_correction(df: int) -> float:
    """The approximate small-sample correction J of Hedges (1981)."""
    return 1 - 3 / (4 * df - 1)


def paired_change(first: Sequence[float], last: Sequence[float]) -> Change | None:
    """Figures of the change from `first` to `last` (same people, same order); None for
    fewer than two pairs. An effect size is None when its denominator is zero."""
    if len(first) != len(last):
        raise ValueError("every person needs a first and a last score")
    n = len(first)
    if n < 2:
        return None
    changes = [b - a for a, b in zip(first, last, strict=True)]
    mean_change = _mean(changes)
    sd_change = _sd(changes)
    half_width = float(student_t.ppf(0.975, n - 1)) * sd_change / math.sqrt(n)
    average_sd = (_sd(first) + _sd(last)) / 2
    return Change(
        n=n,
        mean_first=_mean(first),
        mean_last=_mean(last),
        mean_change=mean_change,
        sd_change=sd_change,
        ci_low=mean_change - half_width,
        ci_high=mean_change + half_width,
        d_z=mean_change / sd_change if sd_change else None,
        g_av=mean_change / average_sd * hedges_correction(n - 1) if average_sd else None,
    )
