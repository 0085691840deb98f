"""Small-group protection: no published count may describe fewer than MIN_GROUP_SIZE young people."""

from typing import Hashable, TypeVar

K = TypeVar("K", bound=Hashable)


def suppress(counts: dict[K, int], minimum: int) -> dict[K, int | None]:
    """Hide (None) every cell from 1 to minimum - 1, plus a second cell where one hidden cell alone
    could be worked out by subtracting the shown cells from the published total."""
    hidden = {key for key, n in counts.items() if 0 < n < minimum}
    if len(hidden) == 1:
        # Complementary suppression: hide the smallest other non-empty cell as well.
        others = sorted((n, str(key), key) for key, n in counts.items() if key not in hidden and n > 0)
        if others:
            hidden.add(others[0][2])
    return {key: (None if key in hidden else n) for key, n in counts.items()}
