"""The change figures against scipy on fixed data."""

import math

import pytest
from scipy import stats as scipy_stats
from scipy.special import gammaln

from rangkul.reports.stats import hedges_correction, paired_change

FIRST = [14, 12, 9, 17, 11, 15, 8, 13, 16, 10, 12, 19]
LAST = [9, 10, 9, 11, 8, 12, 9, 7, 12, 10, 6, 13]


def exact_j(df: int) -> float:
    """Hedges' exact correction: Gamma(df/2) / (sqrt(df/2) Gamma((df-1)/2))."""
    return math.exp(gammaln(df / 2) - gammaln((df - 1) / 2)) / math.sqrt(df / 2)


def test_mean_change_and_its_confidence_interval_match_scipy():
    c = paired_change(FIRST, LAST)
    test = scipy_stats.ttest_rel(LAST, FIRST)
    low, high = test.confidence_interval(0.95)
    changes = [b - a for a, b in zip(FIRST, LAST, strict=True)]
    assert c.mean_change == pytest.approx(sum(changes) / len(changes))
    assert c.ci_low == pytest.approx(low)
    assert c.ci_high == pytest.approx(high)
    assert c.sd_change == pytest.approx(scipy_stats.tstd(changes))


def test_d_z_is_the_paired_t_over_root_n():
    c = paired_change(FIRST, LAST)
    t = scipy_stats.ttest_rel(LAST, FIRST).statistic
    assert c.d_z == pytest.approx(t / math.sqrt(len(FIRST)))


def test_g_av_uses_the_average_sd_and_the_small_sample_correction():
    c = paired_change(FIRST, LAST)
    n = len(FIRST)
    average_sd = (scipy_stats.tstd(FIRST) + scipy_stats.tstd(LAST)) / 2
    d_av = (scipy_stats.tmean(LAST) - scipy_stats.tmean(FIRST)) / average_sd
    # The approximate correction is within 0.1 % of the exact one at n = 12.
    assert c.g_av == pytest.approx(d_av * exact_j(n - 1), rel=1e-3)
    assert c.g_av == pytest.approx(d_av * (1 - 3 / (4 * (n - 1) - 1)))
    assert abs(c.g_av) < abs(d_av)


def test_the_correction_approaches_one_for_large_samples():
    assert hedges_correction(11) == pytest.approx(exact_j(11), rel=1e-3)
    assert hedges_correction(1000) == pytest.approx(1, abs=1e-3)


def test_no_change_at_all_has_no_effect_size_instead_of_a_division_by_zero():
    c = paired_change([5, 5, 5], [5, 5, 5])
    assert c.mean_change == 0 and c.d_z is None and c.g_av is None


def test_one_pair_is_not_enough_and_unequal_lists_are_refused():
    assert paired_change([3], [1]) is None
    with pytest.raises(ValueError):
        paired_change([1, 2], [1])
