"""Small-cell suppression of the violence summary."""

from rangkul.violence.aggregates import suppress, suppress_column


def test_counts_of_one_to_four_are_shown_as_less_than_five():
    assert [suppress(n) for n in (0, 1, 4, 5, 12)] == [0, "<5", "<5", 5, 12]


def test_a_lone_small_cell_cannot_be_worked_out_from_the_total():
    # Total 14 = 2 + 5 + 7: with only "2" hidden, 14 - 5 - 7 would give it away.
    assert suppress_column([2, 5, 7, 0]) == ["<5", "*", 7, 0]


def test_two_small_cells_need_no_more_hiding():
    assert suppress_column([2, 3, 9]) == ["<5", "<5", 9]


def test_nothing_small_nothing_hidden():
    assert suppress_column([0, 6, 9]) == [0, 6, 9]
