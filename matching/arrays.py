"""Array helpers shared by the matching stages."""

from __future__ import annotations

import numpy as np

_HASH_BITS = 22  # a 4 MB bitmap: few false hits for up to ~100k sorted values
_FIBONACCI = np.uint64(0x9E3779B97F4A7C15)  # multiplicative hashing: spreads clustered keys


def in_sorted(sorted_values: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Whether each of ``values`` is in ``sorted_values`` (a sorted int array).

    Looking a million values up in a few thousand by binary search costs a
    cache miss per step; when the set is small it is put in an open-addressing
    hash table (a few times its size, so it stays in cache) and each value costs
    one or two probes. A dirty mention's block of a common name holds half of
    all mentions, so most values are real hits: a bitmap in front of the binary
    search saved little there."""
    if len(sorted_values) == 0 or len(values) == 0:
        return np.zeros(len(values), bool)
    if len(sorted_values) * 8 > len(values) or len(sorted_values) > (1 << (_HASH_BITS - 4)):
        pos = np.minimum(np.searchsorted(sorted_values, values), len(sorted_values) - 1)
        return sorted_values[pos] == values
    table, used, bits = _hash_table(np.asarray(sorted_values, np.int64))
    mask = np.int64((1 << bits) - 1)
    want = values.astype(np.int64, copy=False)
    slot = _slots(want, bits)
    occupied = used[slot]
    out = occupied & (table[slot] == want)
    # an empty slot ends the probe sequence; a slot holding another key goes on
    todo = np.flatnonzero(occupied & ~out)
    while len(todo):
        s = (slot[todo] + 1) & mask
        slot[todo] = s
        occupied = used[s]
        hit = occupied & (table[s] == want[todo])
        out[todo[hit]] = True
        todo = todo[occupied & ~hit]
    return out


def _slots(keys: np.ndarray, bits: int) -> np.ndarray:
    with np.errstate(over="ignore"):
        return ((keys.view(np.uint64) * _FIBONACCI) >> np.uint64(64 - bits)).astype(np.int64)


def _hash_table(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """Linear-probing table of distinct ``keys``, filled at most a quarter full."""
    keys = np.unique(keys)
    bits = max(int(len(keys) * 4 - 1).bit_length(), 4)
    size = 1 << bits
    table = np.zeros(size, np.int64)
    used = np.zeros(size, bool)
    slot = _slots(keys, bits)
    pending = np.arange(len(keys))
    while len(pending):
        s = slot[pending]
        free = ~used[s]
        # of the keys wanting one free slot, the first takes it; the rest move on
        _, first = np.unique(s, return_index=True)
        takes = np.zeros(len(pending), bool)
        takes[first] = True
        takes &= free
        table[s[takes]] = keys[pending[takes]]
        used[s[takes]] = True
        pending = pending[~takes]
        slot[pending] = (slot[pending] + 1) & (size - 1)
    return table, used, bits
