"""The suppression rule on fixed tables, with the output a reader would see."""

import pytest

from rangkul.lib import suppression as s


def test_a_single_count_of_one_to_four_reads_less_than_five():
    assert [s.count(n) for n in (0, 1, 4, 5, 37)] == [0, "<5", "<5", 5, 37]


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError):
        s.count(-1)


def test_a_table_without_small_counts_is_unchanged():
    assert s.table([[10, 20], [30, 40]]) == [[10, 20], [30, 40]]


def test_one_small_cell_in_a_row_takes_the_next_smallest_with_it():
    # Row 0 has one small cell (3): its smallest other cell (8) is hidden too. Column 0 then
    # has one suppressed cell: 12 goes; column 1 has one (8): 9 goes. Now every row and
    # column has two or none.
    assert s.table([[3, 8, 50], [12, 9, 11]]) == [["<5", "*", 50], ["*", "*", 11]]


def test_two_small_cells_in_a_line_protect_each_other():
    assert s.table([[2, 3, 40]]) == [["<5", "<5", 40]]


def test_zero_is_never_chosen_to_hide_a_small_count():
    # Nothing above zero is left in the row: the small count stays alone (the rule has no
    # cell to hide); the column has only one cell.
    assert s.table([[4, 0, 0]]) == [["<5", 0, 0]]


def test_a_cases_by_tier_table_of_two_schools():
    # peer, counseling, psychosocial, specialist. The small cells (1 and 3) each take the
    # next smallest of their row (6 and 9), which leaves single hidden cells in columns 0
    # and 1: 14 and 22 go too. Columns 2 and 3 have nothing above zero left to hide.
    assert s.table([[14, 6, 0, 1], [9, 22, 3, 0]]) == [
        ["*", "*", 0, "<5"],
        ["*", "*", "<5", 0],
    ]


def test_a_large_table_hides_only_what_it_must():
    rows = [[120, 80, 2], [95, 60, 40], [110, 70, 55]]
    # 2 takes 80 (its row), then 80 takes 60 and 2 takes 40 (their columns).
    assert s.table(rows) == [[120, "*", "<5"], [95, "*", "*"], [110, 70, 55]]


def test_rows_of_different_lengths_are_refused():
    with pytest.raises(ValueError):
        s.table([[1, 2], [3]])


def test_rates_and_means_need_five_people_effect_sizes_ten():
    assert s.rate(2, 4) is None
    assert s.rate(2, 5) == pytest.approx(0.4)
    assert s.mean([1, 2, 3, 4]) is None
    assert s.mean([1, 2, 3, 4, 5]) == 3
    assert s.median([5, 1, 3, 2, 4]) == 3
    assert s.median([1, 2, 3, 4, 5, 6]) == 3.5
    assert s.median([1, 2]) is None
    assert not s.effect_size_allowed(9)
    assert s.effect_size_allowed(10)


def test_at_the_boundary_four_is_hidden_five_is_shown():
    # 4 takes 50 in its row and 5 in its column; row 1 would then have one hidden cell.
    assert s.table([[4, 50], [5, 50]]) == [["<5", "*"], ["*", "*"]]
    assert s.table([[5, 50], [5, 50]]) == [[5, 50], [5, 50]]


def test_a_column_with_exactly_one_small_cell_takes_its_next_smallest():
    # Column 0: 1 is small; its next smallest is 6 (not 30, not 0). Row 1 then has one
    # hidden cell (6): its next smallest, 7, goes; column 1 then has one (7): 8 goes; row 0
    # then has 1 and 8 hidden, and so on until every line has two or none.
    assert s.table([[1, 8], [6, 7], [30, 40], [0, 9]]) == [
        ["<5", "*"],
        ["*", "*"],
        [30, 40],
        [0, 9],
    ]


def test_filters_cannot_narrow_a_view_below_five_people():
    assert [s.filter_allowed(n) for n in (0, 1, 4, 5, 6)] == [True, False, False, True, True]


def test_rates_at_the_boundary():
    assert s.rate(1, 4) is None
    assert s.rate(0, 5) == 0
    assert s.mean([0.5] * 4) is None
    assert s.mean([0.5] * 5) == 0.5
