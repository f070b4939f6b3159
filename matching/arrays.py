"""Array helpers shared by the matching stages."""

from __future__ import annotations

import numpy as np

_HASH_BITS = 22  # a 4 MB bitmap: few false hits for up to ~100k sorted values


def in_sorted(sorted_values: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Whether each of ``values`` is in ``sorted_values`` (a sorted int array).

    Looking a million values up in a few thousand by binary search costs a
    cache miss per step; when the set is small, the low bits of each value are
    looked up in a bitmap first and only the few hits are searched."""
    out = np.zeros(len(values), bool)
    if len(sorted_values) == 0 or len(values) == 0:
        return out
    if len(sorted_values) * 8 > len(values) or len(sorted_values) > (1 << (_HASH_BITS - 4)):
        pos = np.minimum(np.searchsorted(sorted_values, values), len(sorted_values) - 1)
        return sorted_values[pos] == values
    mask = np.int64((1 << _HASH_BITS) - 1)
    bitmap = np.zeros(1 << _HASH_BITS, bool)
    bitmap[sorted_values.astype(np.int64) & mask] = True
    maybe = np.flatnonzero(bitmap[values.astype(np.int64, copy=False) & mask])
    if len(maybe):
        got = values[maybe]
        pos = np.minimum(np.searchsorted(sorted_values, got), len(sorted_values) - 1)
        out[maybe] = sorted_values[pos] == got
    return out
