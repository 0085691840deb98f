import itertools

import pytest

from participation.results.suppression import protect


@pytest.mark.parametrize(("counts", "shown", "combined"), [
    ({"a": 10, "b": 8, "c": 6}, {"a": 10, "b": 8, "c": 6}, 0),  # nothing small
    ({"a": 10, "b": 8, "c": 0}, {"a": 10, "b": 8}, 0),  # empty cells are not listed either
    ({"a": 10, "b": 8, "c": 2}, {"a": 10}, 10),  # 2 alone is too small: the smallest shown cell joins it
    ({"a": 10, "b": 3, "c": 2}, {"a": 10}, 5),  # small cells together reach the threshold
    ({"a": 12, "b": 4, "c": 0}, {}, 16),  # the only other cell must go as well
    ({"a": 5, "b": 5}, {"a": 5, "b": 5}, 0),  # the threshold itself may be shown
    ({"a": 8, "b": 1, "c": 1, "d": 0, "e": 0}, {}, 10),  # the reviewer's case: 8/1/1/0/0
])
def test_small_cells_are_combined(counts, shown, combined):
    result = protect(counts, 5)
    assert result.shown == shown and result.combined == combined


def test_no_published_number_describes_a_small_group():
    """Exhaustively, for small tables: every shown cell and the combined rest are 0 or at least 5."""
    for values in itertools.product(range(0, 9), repeat=4):
        counts = dict(zip("abcd", values))
        if sum(values) < 5:
            continue  # the whole table is withheld then (see public_results)
        result = protect(counts, 5)
        assert all(n >= 5 for n in result.shown.values())
        assert result.combined == 0 or result.combined >= 5
        assert sum(result.shown.values()) + result.combined == sum(values)


def test_the_threshold_is_configurable():
    result = protect({"a": 20, "b": 9, "c": 8}, 10)
    assert result.shown == {"a": 20} and result.combined == 17
