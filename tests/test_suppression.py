import pytest

from participation.results.suppression import suppress


@pytest.mark.parametrize(("counts", "hidden"), [
    ({"a": 10, "b": 8, "c": 6}, set()),  # nothing small
    ({"a": 10, "b": 8, "c": 0}, set()),  # an empty cell is no group
    ({"a": 10, "b": 8, "c": 2}, {"c", "b"}),  # one small cell: the smallest other cell goes too
    ({"a": 10, "b": 3, "c": 2}, {"b", "c"}),  # two small cells protect each other
    ({"a": 12, "b": 4, "c": 0}, {"a", "b"}),  # the only other non-empty cell must go
    ({"a": 5, "b": 5}, set()),  # the threshold itself may be shown
    ({"a": 7, "b": 1, "c": 1, "d": 9}, {"b", "c"}),
])
def test_small_cells_are_hidden(counts, hidden):
    shown = suppress(counts, 5)
    assert {k for k, v in shown.items() if v is None} == hidden
    assert all(shown[k] == counts[k] for k in counts if k not in hidden)


@pytest.mark.parametrize("counts", [
    {"a": 10, "b": 8, "c": 2}, {"a": 12, "b": 4, "c": 0}, {"a": 7, "b": 1, "c": 1, "d": 9},
    {"x": 20, "y": 6, "z": 1, "w": 0}, {"x": 5, "y": 4},
])
def test_no_hidden_cell_can_be_worked_out_from_the_total(counts):
    """With the total published, the hidden cells' sum is known: there must never be just one of them."""
    shown = suppress(counts, 5)
    hidden = [k for k, v in shown.items() if v is None]
    assert len(hidden) != 1
    if hidden:
        assert sum(counts[k] for k in hidden) == sum(counts.values()) - sum(v for v in shown.values() if v)


def test_the_threshold_is_configurable():
    assert suppress({"a": 20, "b": 9, "c": 8}, 10) == {"a": 20, "b": None, "c": None}
