"""Small-group protection: no published count may describe fewer than MIN_GROUP_SIZE young people.

Cells under the threshold are not shown one by one: they are added up into one combined cell, and if
that sum is itself under the threshold, the smallest shown cells join it until it is not. The combined
cell does not say which categories it holds (empty ones may be among them), so no hidden cell can be
worked out from the published total.
"""

from dataclasses import dataclass
from typing import Generic, Hashable, TypeVar

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
