"""Person-level evidence for review items: two persons compared as wholes.

A review item names the best mention pair of two persons, but each person may
hold other mentions: one states the birth year, another the unit. Scoring the
two persons' *profiles* (each field taken from whichever member states it most
precisely) sees what no single mention pair shows — most often that another
member of one person contradicts the other (a birth year five years off), which
makes the item a question nobody needs to answer. The name is always the item
pair's own, and the name's frequency is that of the profile's name key among
all mentions, so the name is counted once, as in ``scoring.score_pairs``.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from matching.config import MatchConfig
from matching.data import Mentions
from matching.scoring import NONMATCH, _cached, _pow2_floor, category_codes, name_key_stats, score_pairs

#: fields filled from the member that states them most precisely
_BY_PRECISION = (("birth_prec", ("birth_lo", "birth_hi", "birth_prec", "age")),
                 ("death_prec", ("death_lo", "death_hi", "death_prec")),
                 ("fun_prec", ("fun_lo", "fun_hi", "fun_prec")))
#: fields kept from the item's own mention when stated, else the first member stating them
_FIRST_STATED = ("patr", "region", "settlement", "unit")


def _first_in_group(order: np.ndarray, starts: np.ndarray, has: np.ndarray, n_groups: int) -> np.ndarray:
    """Per group (members sorted by group in ``order``, groups starting at
    ``starts``): the first member with ``has``, or -1."""
    group = np.repeat(np.arange(n_groups), np.diff(np.r_[starts, len(order)]))
    got = np.full(n_groups, -1, np.int64)
    hit = np.flatnonzero(has[order])
    # the first hit of each group: assign in reverse so the earliest wins
    got[group[hit[::-1]]] = order[hit[::-1]]
    return got


def profile_mentions(m: Mentions, person: np.ndarray, rows: np.ndarray) -> Mentions:
    """One row per entry of ``rows`` (mention indices): that mention's names, with
    every other field filled from its person (``person[i]``, 0 = none) where
    another member states it more precisely."""
    needed = np.unique(person[rows])
    members = np.flatnonzero(np.isin(person, needed[needed > 0]))
    order = members[np.lexsort((members, person[members]))]
    groups, starts = np.unique(person[order], return_index=True)
    n_groups = len(groups)
    row_group = np.searchsorted(groups, person[rows])
    in_group = (person[rows] > 0) & (row_group < n_groups)
    row_group = np.where(in_group, np.minimum(row_group, n_groups - 1), 0)
    in_group &= groups[row_group] == person[rows] if n_groups else False

    out = {f.name: getattr(m, f.name) for f in dataclasses.fields(m)}
    for name, value in out.items():
        if isinstance(value, np.ndarray) and value.shape[:1] == (len(m),):
            out[name] = value[rows].copy()
    out["raw"] = {col: codes[rows] for col, codes in m.raw.items()}
    out["page"][:] = -1  # persons, not page rows: the same-page rule was applied to their members

    def fill(group_pick: np.ndarray, fields: tuple[str, ...], when: np.ndarray) -> None:
        src = np.where(in_group, group_pick[row_group], -1)
        use = when & (src >= 0)
        for fld in fields:
            out[fld][use] = getattr(m, fld)[src[use]]

    for prec_name, fields in _BY_PRECISION:
        prec = getattr(m, prec_name)
        best_first = order[np.lexsort((order, -prec[order], person[order]))]
        pick = _first_in_group(best_first, starts, prec > 0, n_groups)
        fill(pick, fields, prec[np.where(in_group, pick[row_group], rows)] > out[prec_name])
    for fld in _FIRST_STATED:
        codes = getattr(m, fld)
        fill(_first_in_group(order, starts, codes > 0, n_groups), (fld,), out[fld] <= 0)
    # birth years: the interval every member allows (clusters never hold conflicting ones)
    if n_groups:
        has_y = m.by_lo[order] > 0
        lo = np.maximum.reduceat(np.where(has_y, m.by_lo[order], -1), starts)
        hi = np.minimum.reduceat(np.where(has_y, m.by_hi[order], np.iinfo(np.int64).max), starts)
        got = in_group & (lo[row_group] > 0)
        out["by_lo"][got] = lo[row_group][got]
        out["by_hi"][got] = hi[row_group][got]
        rep = m.reported[order]
        first_report = np.minimum.reduceat(np.where(rep > 0, rep, np.iinfo(np.int64).max), starts)
        got = in_group & (first_report[row_group] < np.iinfo(np.int64).max)
        out["reported"][got] = first_report[row_group][got]
    profile = Mentions(**out)
    profile.usable[:] = m.usable[rows]

    # statistics the scorer caches per load: looked up for the profile's own keys
    counts = _name_key_counts_for(m, profile)
    cat, family = _cached(m, "category_codes", lambda: category_codes(m))
    cat_p, fam_p = cat[rows].copy(), family[rows].copy()
    cat_pick = np.where(in_group, _first_in_group(order, starts, cat > 0, n_groups)[row_group], -1)
    use = (cat_p == 0) & (cat_pick >= 0)
    cat_p[use], fam_p[use] = cat[cat_pick[use]], family[cat_pick[use]]
    profile.__dict__["_stats_cache"] = {
        "name_key_counts": counts, "category_codes": (cat_p, fam_p),
        "spelling_counts": _cached(m, "spelling_counts",
                                   lambda: np.bincount(np.r_[m.sur, m.first], minlength=len(m.names))),
    }
    return profile


def _keys(x: Mentions, size: np.int64, regions: np.int64) -> dict[str, np.ndarray]:
    k1 = x.sur * size + x.first
    return {
        "name": k1,
        "name_patr": np.where(x.patr > 0, k1 * size + x.patr, -1),
        "name_region": np.where(x.region > 0, k1 * regions + x.region, -1),
        "name_patr_region": np.where((x.patr > 0) & (x.region > 0), (k1 * size + x.patr) * regions + x.region, -1),
    }


def _name_key_counts_for(m: Mentions, profile: Mentions) -> dict[str, np.ndarray]:
    """How many of ``m``'s mentions share each profile row's name keys (power-of-two
    floors, as ``scoring.name_key_counts``; a key no mention holds counts 1)."""
    size, regions = np.int64(len(m.names) + 1), np.int64(len(m.regions) + 1)
    stats = name_key_stats(m)
    out = {}
    for label, key in _keys(profile, size, regions).items():
        uniq, counts, _ = stats[label]
        if len(uniq) == 0:
            out[label] = np.ones(len(key), np.int64)
            continue
        pos = np.minimum(np.searchsorted(uniq, key), len(uniq) - 1)
        out[label] = _pow2_floor(np.where(uniq[pos] == key, counts[pos], 1))
    return out


def persons_differ(m: Mentions, cfg: MatchConfig, person: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Mask of the mention pairs (a, b) whose two persons, compared as wholes,
    score in the non-match band: an answer to such a pair would change nothing."""
    if len(a) == 0:
        return np.zeros(0, bool)
    profile = profile_mentions(m, person, np.r_[a, b])
    k = np.arange(len(a))
    return score_pairs(profile, k, k + len(a), cfg).band == NONMATCH
