from rangkul.lib import svgchart


def test_a_rising_trend_goes_up_the_box():
    points = svgchart.line_points([0, 10])
    first, last = (tuple(map(float, p.split(","))) for p in points.split())
    assert first == (8.0, 92.0)
    assert last == (292.0, 8.0)


def test_no_values_draw_nothing():
    assert svgchart.line_points([]) == ""


def test_bars_are_shares_of_the_largest_and_hidden_counts_draw_nothing():
    assert svgchart.shares([10, 5, None, 0]) == [100, 50, 0, 0]
    assert svgchart.shares([None, None]) == [0, 0]
