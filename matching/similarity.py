"""String similarity of name keys with rapidfuzz, computed once per distinct pair.

A million candidate pairs hold far fewer distinct (name, name) pairs — most
share the surname exactly — so pairs are reduced to unique code pairs and
scored in one ``process.cpdist`` call (C++, all cores), then mapped back.
``process.cdist`` is used where a whole block is compared against itself
(``block_similarity``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import JaroWinkler


def name_similarity(items: Sequence[str], codes_a: np.ndarray, codes_b: np.ndarray) -> np.ndarray:
    """Jaro-Winkler similarity (0–1) of name keys; 0 where either side is empty."""
    out = np.zeros(len(codes_a), dtype=np.float32)
    if len(codes_a) == 0:
        return out
    lo, hi = np.minimum(codes_a, codes_b), np.maximum(codes_a, codes_b)
    size = np.int64(len(items) + 1)
    uniq, inverse = np.unique(lo * size + hi, return_inverse=True)
    ua, ub = uniq // size, uniq % size
    sims = np.ones(len(uniq), dtype=np.float32)
    differ = ua != ub
    if differ.any():
        arr = np.asarray(items, dtype=object)
        sims[differ] = process.cpdist(
            list(arr[ua[differ]]), list(arr[ub[differ]]),
            scorer=JaroWinkler.normalized_similarity, workers=-1, dtype=np.float32,
        )
    sims[(ua == 0) | (ub == 0)] = 0.0
    out[:] = sims[inverse.reshape(-1)]
    return out


def block_similarity(names: Sequence[str]) -> np.ndarray:
    """All-against-all similarity inside one block: the best of Jaro-Winkler and
    token-set ratio (word order and compound-name spacing), as a matrix."""
    jw = process.cdist(names, names, scorer=JaroWinkler.normalized_similarity, workers=-1, dtype=np.float32)
    tokens = process.cdist(names, names, scorer=fuzz.token_set_ratio, workers=-1, dtype=np.float32) / 100
    return np.maximum(jw, tokens)
