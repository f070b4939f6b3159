"""Confidence intervals for rates: the Wilson score interval with continuity
correction, exactly as R's ``prop.test(x, n)`` reports it.

Rates per 100,000 are proportions of a region's population, often a few dozen
deaths in a million people; the normal (Wald) interval misbehaves there, the
Wilson interval does not, and R's default is what reviewers of a publication
will check the numbers against.
"""

from __future__ import annotations

import math
from statistics import NormalDist

#: R's prop.test applies Yates' correction of at most one half, shrunk towards
#: zero when x is within 0.5 of n * p0 (p0 = 0.5, prop.test's default null).
_NULL_P = 0.5
_YATES = 0.5


def wilson_cc(x: int, n: int, conf_level: float = 0.95) -> tuple[float, float]:
    """Two-sided interval for the proportion x/n (R: ``prop.test(x, n)$conf.int``)."""
    if n <= 0:
        raise ValueError(f"n must be positive, got {n}")
    if not 0 <= x <= n:
        raise ValueError(f"x must be between 0 and n ({n}), got {x}")
    z = NormalDist().inv_cdf((1 + conf_level) / 2)
    estimate = x / n
    yates = min(_YATES, abs(x - n * _NULL_P))
    z22n = z * z / (2 * n)

    p_c = estimate + yates / n
    if p_c >= 1:
        upper = 1.0
    else:
        upper = (p_c + z22n + z * math.sqrt(p_c * (1 - p_c) / n + z22n / (2 * n))) / (1 + 2 * z22n)
    p_c = estimate - yates / n
    if p_c <= 0:
        lower = 0.0
    else:
        lower = (p_c + z22n - z * math.sqrt(p_c * (1 - p_c) / n + z22n / (2 * n))) / (1 + 2 * z22n)
    return max(lower, 0.0), min(upper, 1.0)
