"""Small-group protection: no published count may describe fewer than MIN_GROUP_SIZE young people.

Cells under the threshold are not shown one by one: they are added up into one combined cell, and if
that sum is itself under the threshold, the smallest shown cells join it until it is not. The combined
cell does not say which categories it holds (empty ones may be among them), so no hidden cell can be
worked out from the published total.
"""

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


@dataclass
class Protected(Generic[K]):
    shown: dict[K, int]  # cells published as they are (each at least the threshold)
    combined: int  # everything else, added up: 0, or at least the threshold


def protect(counts: dict[K, int], minimum: int) -> Protected[K]:
    """Split counts into cells that may be shown and one combined rest that may be shown."""
    shown = {key: n for key, n in counts.items() if n >= minimum}
    combined = sum(n for key, n in counts.items() if key not in shown)
    while 0 < combined < minimum and shown:
        smallest = min(shown, key=lambda key: (shown[key], str(key)))
        combined += shown.pop(smallest)
    return Protected(shown, combined)


SMALL = "small"  # a cell under the threshold: shown as "< 5"
HIDDEN = "hidden"  # a larger cell hidden as well, so that small ones cannot be worked out


def hidden_sum_is_safe(values: dict[K, int], small: set[K], minimum: int) -> bool:
    """Whether the hidden cells' sum, known from a published total, pins down none of them.

    Each small cell lies between 1 and minimum - 1 and each other hidden cell is at least minimum,
    so the sum is safe when it is at least the threshold and strictly between its lowest and
    highest possible value (with one hidden cell it would simply be that cell).
    """
    if not values:
        return True
    total = sum(values.values())
    lowest = sum(1 if key in small else minimum for key in values)
    highest = float("inf") if set(values) - small else (minimum - 1) * len(values)
    return len(values) >= 2 and total >= minimum and lowest < total < highest


def mask(counts: dict[K, int], minimum: int) -> dict[K, int | str] | None:
    """Mark cells under the threshold SMALL, and more cells HIDDEN until the published total (the sum
    of all cells) no longer reveals any of them. None: no safe way exists, so withhold the whole table."""
    small = {key for key, n in counts.items() if 0 < n < minimum}
    hidden = set(small)
    while not hidden_sum_is_safe({k: counts[k] for k in hidden}, small, minimum):
        candidates = sorted((n, str(k), k) for k, n in counts.items() if k not in hidden and n > 0)
        if not candidates:
            return None
        hidden.add(candidates[0][2])
    return {key: SMALL if key in small else HIDDEN if key in hidden else n for key, n in counts.items()}
