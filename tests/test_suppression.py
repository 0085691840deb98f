import itertools

import pytest

from participation.protection import HIDDEN, SMALL, mask, protect


@pytest.mark.parametrize(
    ("counts", "shown", "combined"),
    [
        ({"a": 10, "b": 8, "c": 6}, {"a": 10, "b": 8, "c": 6}, 0),  # nothing small
        ({"a": 10, "b": 8, "c": 0}, {"a": 10, "b": 8}, 0),  # empty cells are not listed either
        ({"a": 10, "b": 8, "c": 2}, {"a": 10}, 10),  # 2 alone is too small: the smallest shown cell joins it
        ({"a": 10, "b": 3, "c": 2}, {"a": 10}, 5),  # small cells together reach the threshold
        ({"a": 12, "b": 4, "c": 0}, {}, 16),  # the only other cell must go as well
        ({"a": 5, "b": 5}, {"a": 5, "b": 5}, 0),  # the threshold itself may be shown
        ({"a": 8, "b": 1, "c": 1, "d": 0, "e": 0}, {}, 10),  # the reviewer's case: 8/1/1/0/0
    ],
)
def test_small_cells_are_combined(counts, shown, combined):
    result = protect(counts, 5)
    assert result.shown == shown and result.combined == combined


def test_no_published_number_describes_a_small_group():
    """Exhaustively, for small tables: every shown cell and the combined rest are 0 or at least 5."""
    for values in itertools.product(range(0, 9), repeat=4):
        counts = dict(zip("abcd", values, strict=True))
        if sum(values) < 5:
            continue  # the whole table is withheld then (see public_results)
        result = protect(counts, 5)
        assert all(n >= 5 for n in result.shown.values())
        assert result.combined == 0 or result.combined >= 5
        assert sum(result.shown.values()) + result.combined == sum(values)


def test_the_threshold_is_configurable():
    result = protect({"a": 20, "b": 9, "c": 8}, 10)
    assert result.shown == {"a": 20} and result.combined == 17


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({"a": 10, "b": 8}, {"a": 10, "b": 8}),
        ({"a": 10, "b": 8, "c": 0}, {"a": 10, "b": 8, "c": 0}),  # zero is no group: shown
        ({"a": 10, "b": 8, "c": 2}, {"a": 10, "b": HIDDEN, "c": SMALL}),
        (
            {"a": 8, "b": 1, "c": 1, "d": 0},
            {"a": HIDDEN, "b": SMALL, "c": SMALL, "d": 0},
        ),  # 1+1 = 2 would be plain
        ({"a": 20, "b": 4, "c": 4}, {"a": HIDDEN, "b": SMALL, "c": SMALL}),  # 4+4 = 8 would pin both to 4
        ({"a": 20, "b": 3, "c": 4}, {"a": 20, "b": SMALL, "c": SMALL}),  # 7 = 3+4 or 4+3 or 2+5…: safe
        ({"a": 0, "b": 1, "c": 5}, None),  # 1 + 5 = 6 could only be split one way: withhold the table
    ],
)
def test_mask_for_planner_tables(counts, expected):
    assert mask(counts, 5) == expected


def test_mask_never_lets_a_hidden_cell_be_worked_out():
    """Exhaustively: for every table, each hidden cell has at least two possible values given the total."""
    for values in itertools.product(range(0, 8), repeat=4):
        counts = dict(zip("abcd", values, strict=True))
        masked = mask(counts, 5)
        if masked is None:
            assert 0 < sum(values)  # withheld whole: nothing to work out
            continue
        hidden = [k for k, v in masked.items() if isinstance(v, str)]
        if not hidden:
            continue
        total = sum(values) - sum(v for v in masked.values() if not isinstance(v, str))
        ranges = {k: range(1, 5) if masked[k] == SMALL else range(5, total + 1) for k in hidden}
        solutions = [combo for combo in itertools.product(*ranges.values()) if sum(combo) == total]
        if sum(values) < 5 or not solutions:
            continue  # the whole table is then withheld by the caller
        for position in range(len(hidden)):
            assert len({combo[position] for combo in solutions}) >= 2, (counts, masked)
