"""Roll-ups up the region tree: reported figures win, missing levels are summed, disagreements noted."""

from payung.coverage.rollup import mismatches, roll_up


def test_a_missing_level_is_the_sum_of_the_level_below():
    rolled = roll_up({"13.02.07.2001": 40, "13.02.07.2002": 60, "13.02.10.2001": 5})
    assert rolled["13.02.07"].value == 100 and rolled["13.02.07"].derived
    assert rolled["13.02"].value == 105
    assert rolled["13"].value == 105
    assert not rolled["13.02.07.2001"].derived


def test_a_reported_figure_wins_and_a_disagreement_is_listed():
    rolled = roll_up({"13.02": 31_442, "13.02.07": 1_000, "13.02.10": 2_000})
    assert rolled["13.02"].value == 31_442
    assert rolled["13.02"].children_sum == 3_000
    assert mismatches(rolled) == [("13.02", 31_442, 3_000)]


def test_top_level_stops_the_walk():
    rolled = roll_up({"13.02.07": 10}, top_level=2)
    assert set(rolled) == {"13.02.07", "13.02"}
