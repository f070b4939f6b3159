"""Scoring candidate pairs: per-field agreement levels, weights, bands.

All comparisons are numpy expressions over the pair arrays. Each field gets a
level (what was found) and a weight (what it adds to the log-odds); the levels
are kept so that every score can be explained (``explain``).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from matching.config import MatchConfig
from matching.data import Mentions
from matching.similarity import name_similarity

# levels
MISSING, AGREE, CLOSE, NEAR, DIFFER, FAR = 0, 1, 2, 3, 4, 5
LEVEL_NAMES = {MISSING: "missing", AGREE: "agree", CLOSE: "close", NEAR: "near", DIFFER: "differ", FAR: "far"}
# bands
NONMATCH, UNCERTAIN, MATCH, INSUFFICIENT = 0, 1, 2, 3
BAND_NAMES = {NONMATCH: "nonmatch", UNCERTAIN: "uncertain", MATCH: "match", INSUFFICIENT: "insufficient"}
FIELDS = ("surname", "first_name", "patronymic", "birth", "death", "region", "settlement", "unit", "reported",
          "category")
#: Fields other than the name; a pair with none of these compared has "no other evidence".
EVIDENCE_FIELDS = ("birth", "death", "region", "settlement", "unit")


@dataclass
class Scores:
    a: np.ndarray
    b: np.ndarray
    logodds: np.ndarray
    band: np.ndarray
    levels: dict[str, np.ndarray]
    weights: dict[str, np.ndarray]
    conflict: np.ndarray
    name_exact: np.ndarray
    name_count: np.ndarray


#: log2 prior odds of a pair of mentions sharing a name being one person, before
#: the name's frequency is counted: mentions per person is about two.
PRIOR = 1.0


def _pow2_floor(values: np.ndarray) -> np.ndarray:
    """Counts rounded down to a power of two, so that a weight (and every stored
    score) only changes when a name's count doubles; such mentions are re-scored."""
    v = np.maximum(values, 1)
    return (2 ** np.floor(np.log2(v))).astype(np.int64)


def _cached(m: Mentions, key: str, compute):
    """Per-load statistics, computed once however many chunks are scored."""
    cache = m.__dict__.setdefault("_stats_cache", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


#: Pairs in the first chunk ``score_in_chunks`` scores alone (see there).
_FIRST_CHUNK = 50_000


def score_in_chunks(m: Mentions, a: np.ndarray, b: np.ndarray, cfg: MatchConfig, chunk: int = 500_000,
                    on_chunk: Callable[[int, int], None] | None = None, threads: int = 2):
    """Score pairs chunk by chunk (bounded memory) and keep those not in the
    non-match band: (a, b, logodds, band) arrays. ``on_chunk(done, total)`` is
    called after each chunk, for progress reports. Chunks after the first are
    scored by ``threads`` threads (numpy and rapidfuzz release the GIL); the
    result is the same, in the same order."""

    def one(bounds: tuple[int, int]):
        start, end = bounds
        # index arrays as intp once per chunk (int32 pairs would be converted at every gather)
        return _score_kept(m, a[start:end].astype(np.intp), b[start:end].astype(np.intp), cfg)

    # a small first chunk fills the per-load statistics cache before threads share
    # it; the rest is cut so that every thread has work even when an increment
    # scores only a few hundred thousand pairs
    first = min(len(a), chunk, _FIRST_CHUNK)
    step = max(1, min(chunk, max(_FIRST_CHUNK, -(-(len(a) - first) // (4 * max(1, threads))))))
    cuts = [0, *range(first, len(a), step), len(a)] if len(a) else []
    bounds = list(zip(cuts[:-1], cuts[1:]))
    parts = []

    def collect(results) -> None:
        for (_, end), part in zip(bounds[len(parts):], results):
            parts.append(part)
            if on_chunk is not None:
                on_chunk(end, len(a))

    if bounds:
        collect([one(bounds[0])])
    if len(bounds) > 1:
        with ThreadPoolExecutor(max(1, threads)) as pool:
            collect(pool.map(one, bounds[1:]))
    if not parts:
        return (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32), np.zeros(0, np.int8))
    return tuple(np.concatenate([p[i] for p in parts]) for i in range(4))


def _score_kept(m: Mentions, a: np.ndarray, b: np.ndarray, cfg: MatchConfig):
    """(a, b, logodds, band) of the pairs not in the non-match band, in input order."""
    # hard conflicts are non-matches whatever the score: not worth scoring (~30% of pairs)
    viable = ~hard_conflict(m, a, b, cfg)
    s = score_pairs(m, a[viable], b[viable], cfg, viable=True)
    keep = s.band != NONMATCH
    return s.a[keep], s.b[keep], s.logodds[keep], s.band[keep]


class StreamScorer:
    """Scores pairs handed over while blocking goes on (``candidate_pairs(sink=…)``):
    each batch of sorted pair codes ``a * n + b`` is cut into chunks scored on
    ``threads`` worker threads, so a full run's scoring uses the core that its
    single-threaded blocking leaves idle. ``result()`` gives what
    ``score_in_chunks`` gives for all the pairs in code order: the same pairs,
    scores and bands in the same order (a pair's score depends on its two mentions
    only). The batches are kept by the caller until scored (views, no copies);
    chunks are half ``score_in_chunks``'s, as blocking's temporaries share the memory.
    ``on_chunk(done, total)`` is called from the calling thread only."""

    def __init__(self, m: Mentions, cfg: MatchConfig, chunk: int = 250_000, threads: int = 2,
                 on_chunk: Callable[[int, int], None] | None = None) -> None:
        self.m, self.cfg, self.chunk, self.on_chunk = m, cfg, chunk, on_chunk
        self.n = np.int64(len(m))
        self.pairs = 0  # handed over so far
        self._pool: ThreadPoolExecutor | None = None
        self._threads = max(1, threads)
        self._futures: list[tuple[object, int]] = []

    def _score(self, codes: np.ndarray):
        return _score_kept(self.m, (codes // self.n).astype(np.intp), (codes % self.n).astype(np.intp), self.cfg)

    def add(self, codes: np.ndarray) -> None:
        if len(codes) == 0:
            return
        self.pairs += len(codes)
        start = 0
        if self._pool is None:
            # the first chunk alone, in this thread: it fills the per-load statistics
            # cache (``_cached``) before worker threads share it
            start = min(len(codes), _FIRST_CHUNK)
            self._futures.append((_Done(self._score(codes[:start])), start))
            self._pool = ThreadPoolExecutor(self._threads, thread_name_prefix="match-score")
        for lo in range(start, len(codes), self.chunk):
            part = codes[lo:lo + self.chunk]
            self._futures.append((self._pool.submit(self._score, part), len(part)))
        if self.on_chunk is not None:
            self.on_chunk(sum(size for f, size in self._futures if f.done()), self.pairs)

    def result(self):
        """(a, b, logodds, band) of every pair handed over not in the non-match band, by code."""
        parts = []
        done = 0
        try:
            for future, size in self._futures:
                parts.append(future.result())
                done += size
                if self.on_chunk is not None:
                    self.on_chunk(done, self.pairs)
        finally:
            self.close()
        self._futures = []
        if not parts:
            return (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32), np.zeros(0, np.int8))
        a, b, score, band = (np.concatenate([p[i] for p in parts]) for i in range(4))
        del parts
        order = np.argsort(a.astype(np.int64) * self.n + b, kind="stable")
        return a[order], b[order], score[order], band[order]

    def close(self) -> None:
        """Stop the workers (after a failure, chunks not yet started are dropped)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


class _Done:
    """A result computed in the calling thread, shaped like a future's."""

    def __init__(self, value) -> None:
        self.value = value

    def result(self):
        return self.value

    def done(self) -> bool:
        return True


def name_keys(m: Mentions) -> dict[str, np.ndarray]:
    """Per mention: its name key (surname + first name), with the patronymic, with
    the region, and with both (-1 where the part is missing)."""
    size = np.int64(len(m.names) + 1)
    regions = np.int64(len(m.regions) + 1)
    k1 = m.sur * size + m.first
    return {
        "name": k1,
        "name_patr": np.where(m.patr > 0, k1 * size + m.patr, -1),
        "name_region": np.where(m.region > 0, k1 * regions + m.region, -1),
        "name_patr_region": np.where((m.patr > 0) & (m.region > 0), (k1 * size + m.patr) * regions + m.region, -1),
    }


def name_key_stats(m: Mentions) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per ``name_keys`` label: the distinct keys, how many mentions hold each, and
    each mention's position among them. Computed once per load (``_cached``):
    scoring, the person profiles and the review's scope all count the same keys,
    four sorts of a million keys each."""
    def compute() -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
        out = {}
        for label, key in name_keys(m).items():
            uniq, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
            out[label] = (uniq, counts, inverse.reshape(-1))
        return out
    return _cached(m, "name_key_stats", compute)


def name_key_counts(m: Mentions) -> dict[str, np.ndarray]:
    """Per mention: how many mentions share its name key (surname + first name),
    with the patronymic, with the region, and with both (power-of-two floors)."""
    return {label: _pow2_floor(counts[inverse]) if len(inverse) else np.zeros(0, np.int64)
            for label, (_, counts, inverse) in name_key_stats(m).items()}


def name_logodds(cfg: MatchConfig, kind: str, counts: np.ndarray) -> np.ndarray:
    """Posterior log2-odds that two mentions sharing a name key of ``kind`` held
    by ``counts`` mentions are one person (``cfg.name_prior``, by power of two)."""
    return _logodds_at(cfg, kind, _log2_floor(counts))


def _log2_floor(counts: np.ndarray) -> np.ndarray:
    return np.floor(np.log2(np.maximum(counts, 1))).astype(np.int64)


def _logodds_at(cfg: MatchConfig, kind: str, k: np.ndarray) -> np.ndarray:
    """``name_logodds`` from ``k = _log2_floor(counts)``, computed once for several kinds."""
    table = np.asarray(cfg.name_prior[kind], dtype=np.float64)
    inside = np.minimum(k, len(table) - 1)
    return table[inside] - cfg.weights["name_count_slope"] * (k - inside)


def nonmatch_thresholds(cfg: MatchConfig, counts: np.ndarray) -> np.ndarray:
    """Per pair: the score below which it is a non-match, given how many mentions
    share its name (``cfg.nonmatch_offsets`` by power of two, the last entry for
    every larger count)."""
    offsets = np.asarray(cfg.nonmatch_offsets or [0.0], dtype=np.float64)
    if not offsets.any():
        # the default: one edge for every pair, without a log2 over ~100 M pairs at 1M
        return np.full(len(counts), cfg.nonmatch_threshold)
    k = np.floor(np.log2(np.maximum(counts, 1))).astype(np.int64)
    return cfg.nonmatch_threshold + offsets[np.minimum(k, len(offsets) - 1)]


#: categories that sources give interchangeably for one man: a volunteer signs a
#: short contract; a prison recruit serves in a private military company
_CATEGORY_FAMILY = {"volunteer": "contract", "contract": "contract", "prisoner": "pmc", "pmc": "pmc"}


def category_codes(m: Mentions) -> tuple[np.ndarray, np.ndarray]:
    """Per mention: its service category as a code (0 = not stated or ``unknown``)
    and the code of the category's family (``_CATEGORY_FAMILY``)."""
    vocab = m.raw_vocab.get("category")
    raw = m.raw.get("category")
    if vocab is None or raw is None:
        zeros = np.zeros(len(m), np.int64)
        return zeros, zeros
    items = [(value or "").strip().lower() for value in vocab.items]
    known = {value: k for k, value in enumerate(sorted({v for v in items if v and v != "unknown"}), 1)}
    code = np.array([known.get(v, 0) for v in items], np.int64)
    family = np.array([known.get(_CATEGORY_FAMILY.get(v, v), 0) for v in items], np.int64)
    return code[raw], family[raw]


def hard_conflict(m: Mentions, a: np.ndarray, b: np.ndarray, cfg: MatchConfig) -> np.ndarray:
    """Pairs that are a non-match whatever else agrees: an anonymous side, two
    mentions from one page, two different exact birth days, or exact death days
    more than ``death_far_days`` apart (the birth level ``FAR`` and the
    exact-day death level ``FAR`` of ``score_pairs``). Cheap integer tests, so
    ``score_in_chunks`` drops these pairs before the expensive scoring."""
    same_page = (m.page[a] >= 0) & (m.page[a] == m.page[b])
    birth_days = (m.birth_prec[a] == 3) & (m.birth_prec[b] == 3) & (m.birth_lo[a] != m.birth_lo[b])
    death_days = (m.death_prec[a] == 3) & (m.death_prec[b] == 3) & (
        np.abs(m.death_lo[a] - m.death_lo[b]) > max(cfg.death_far_days, 3))  # gaps ≤ 3 days are CLOSE
    return (~m.usable[a]) | (~m.usable[b]) | same_page | birth_days | death_days


def _similarity(items, codes_a: np.ndarray, codes_b: np.ndarray, where: np.ndarray | None = None) -> np.ndarray:
    """``name_similarity``, computed only where it is needed (``where``; 0 elsewhere)
    and where the codes differ: an equal pair of names is 1 without a look-up.
    Most candidate pairs share their surname, so this skips most of the work."""
    out = ((codes_a == codes_b) & (codes_a > 0)).astype(np.float32)
    todo = codes_a != codes_b
    if where is not None:
        todo &= where
        out[~where] = 0.0
    rows = np.flatnonzero(todo)
    if len(rows):
        out[rows] = name_similarity(items, codes_a[rows], codes_b[rows])
    return out


def _name_part(sim, exact_w, close, near, close_w, near_w, differ_w, present):
    level = np.where(~present, MISSING, np.where(sim >= 0.9999, AGREE, np.where(
        sim >= close, CLOSE, np.where(sim >= near, NEAR, DIFFER))))
    weight = np.select(
        [level == AGREE, level == CLOSE, level == NEAR, level == DIFFER],
        [exact_w, close_w, near_w, differ_w], 0.0)
    return level.astype(np.int8), weight


class _Side:
    """One side of the scored pairs: ``side.birth_lo`` is ``m.birth_lo[idx]``,
    gathered on first use and kept (most columns are read several times)."""

    def __init__(self, m: Mentions, idx: np.ndarray) -> None:
        self._m, self._idx = m, idx

    def __getattr__(self, name: str) -> np.ndarray:
        value = getattr(self._m, name)[self._idx]
        setattr(self, name, value)
        return value


def score_pairs(m: Mentions, a: np.ndarray, b: np.ndarray, cfg: MatchConfig, viable: bool = False) -> Scores:
    """Levels, weights, log-odds and band of each pair (a[k], b[k]). ``viable``: the
    caller already dropped the hard conflicts (``hard_conflict``), so none is left."""
    w = cfg.weights
    A, B = _Side(m, a), _Side(m, b)  # each column gathered once per side, not at every use
    levels: dict[str, np.ndarray] = {}
    weights: dict[str, np.ndarray] = {}

    # --- names; also compared crosswise in case a swapped order went undetected
    items = m.names.items
    s_sim = _similarity(items, A.sur, B.sur)
    f_sim = _similarity(items, A.first, B.first)
    # the crosswise reading can only win where a direct part is below 0.8 (x ≤ 1)
    maybe_crossed = np.minimum(s_sim, f_sim) + 0.2 < 1.0
    x_sim = np.minimum(_similarity(items, A.sur, B.first, maybe_crossed),
                       _similarity(items, A.first, B.sur, maybe_crossed))
    crossed = (x_sim > np.minimum(s_sim, f_sim) + 0.2) & (x_sim >= cfg.name_close)
    s_sim = np.where(crossed, x_sim, s_sim)
    f_sim = np.where(crossed, x_sim, f_sim)
    present = np.ones(len(a), bool)
    # Two spellings one edit apart are a typo only if one of them is rare: Валиев
    # and Галиев, both common, are two surnames.
    spelling_counts = _cached(m, "spelling_counts", lambda: np.bincount(np.r_[m.sur, m.first], minlength=len(items)))
    for name_sim, codes_a, codes_b in ((s_sim, A.sur, B.sur), (f_sim, A.first, B.first)):
        # ... but a frequent typo of a very common name (Алесей for Алексей, one
        # in hundreds) is still a typo: "rare" is also relative to the neighbour
        count_a, count_b = spelling_counts[codes_a], spelling_counts[codes_b]
        lo = np.minimum(count_a, count_b)
        hi = np.maximum(count_a, count_b)
        both_common = (lo >= cfg.typo_max_count) & (lo > cfg.typo_ratio * hi)
        name_sim[both_common & (name_sim < 0.9999) & ~crossed] = 0.0
    levels["surname"], _ = _name_part(s_sim, 0.0, cfg.name_close, cfg.name_near, 0, 0, 0, present)
    levels["first_name"], _ = _name_part(f_sim, 0.0, cfg.name_close, cfg.name_near, 0, 0, 0, present)
    has_p = (A.patr > 0) & (B.patr > 0)
    p_sim = _similarity(items, A.patr, B.patr, has_p)
    levels["patronymic"], _ = _name_part(p_sim, 0.0, cfg.name_close, cfg.name_close, 0, 0, 0, has_p)
    has_r = (A.region > 0) & (B.region > 0)
    r_agree = has_r & (A.region == B.region)
    levels["region"] = np.select([r_agree, has_r], [AGREE, DIFFER], MISSING).astype(np.int8)
    s_lv, f_lv, p_lv = levels["surname"], levels["first_name"], levels["patronymic"]
    name_exact = (s_lv == AGREE) & (f_lv == AGREE) & ((p_lv == MISSING) | (p_lv == AGREE))

    # How many mentions share the name (with the patronymic and region when both
    # agree): a name shared by 2^k mentions costs k bits. This is the
    # term-frequency adjustment, taken jointly so that a Tuvan name in Tuva is
    # not counted twice as evidence.
    counts = _cached(m, "name_key_counts", lambda: name_key_counts(m))
    p_agree = p_lv == AGREE
    key_count = np.select(
        [p_agree & r_agree, p_agree, r_agree],
        [counts["name_patr_region"][a], counts["name_patr"][a], counts["name_region"][a]],
        name_count_a := counts["name"][a])
    shared = np.maximum(np.maximum(name_count_a, counts["name"][b]), 1)
    # the name's posterior log-odds replaces the prior (it already holds it)
    prior = w["prior"]
    key_k, shared_k = _log2_floor(key_count), _log2_floor(shared)  # once, not once per table
    exact_w = np.select(
        [p_agree & r_agree, p_agree, r_agree],
        [_logodds_at(cfg, "name_patr_region", key_k), _logodds_at(cfg, "name_patr", key_k),
         _logodds_at(cfg, "name_region", key_k)],
        _logodds_at(cfg, "name", key_k)) - prior
    typo_w = _logodds_at(cfg, "typo", shared_k) - prior + w["surname_close"]
    near_w = _logodds_at(cfg, "near", shared_k) - prior + w["surname_near"]
    name_w = np.select(
        [(s_lv == AGREE) & (f_lv == AGREE), (s_lv <= CLOSE) & (f_lv <= CLOSE), (s_lv <= NEAR) & (f_lv <= NEAR)],
        [exact_w, typo_w, near_w], w["surname_differ"])
    name_w = np.where(s_lv == DIFFER, w["surname_differ"], name_w)
    name_w = np.where((s_lv != DIFFER) & (f_lv == DIFFER), w["first_differ"], name_w)
    name_count = np.where((s_lv == AGREE) & (f_lv == AGREE), key_count, shared)
    weights["surname"] = name_w
    weights["first_name"] = np.zeros(len(a))
    # An agreeing patronymic is inside the name key's count when the names are equal;
    # for a typo or a near spelling the count is the name's alone, so the patronymic
    # is evidence of its own: log2 of 1 / its share among stated patronymics (a
    # Сергеевич is one in eight), capped at ``patronymic_typo_agree``
    exact_names = (s_lv == AGREE) & (f_lv == AGREE)
    patr_counts = _cached(m, "patronymic_counts", lambda: np.bincount(m.patr, minlength=len(items)))
    patr_share = patr_counts[A.patr] / max(1, int((m.patr > 0).sum()))
    patr_typo_w = np.clip(-np.log2(np.maximum(patr_share, 1e-9)) - 0.5, 0.0, w["patronymic_typo_agree"])
    weights["patronymic"] = np.select([p_lv == DIFFER, p_agree & ~exact_names],
                                      [w["patronymic_differ"], patr_typo_w], 0.0)
    weights["region"] = np.select(
        [r_agree & ~((s_lv == AGREE) & (f_lv == AGREE)), has_r & ~r_agree], [w["region_agree_max"] / 3, w["region_differ"]], 0.0)

    # --- birth: exact days, else birth-year intervals (from a date or from an age)
    both_day = (A.birth_prec == 3) & (B.birth_prec == 3)
    has_y = (A.by_lo > 0) & (B.by_lo > 0)
    gap = np.maximum(A.by_lo - B.by_hi, B.by_lo - A.by_hi)
    from_age = (A.birth_prec == 0) | (B.birth_prec == 0)
    birth_level = np.select(
        [both_day & (A.birth_lo == B.birth_lo), both_day, has_y & (gap <= 0), has_y & (gap == 1), has_y],
        [AGREE, FAR, CLOSE, NEAR, DIFFER], MISSING)
    birth_w = np.select(
        [birth_level == AGREE, birth_level == FAR, (birth_level == CLOSE) & from_age, birth_level == CLOSE,
         birth_level == NEAR, birth_level == DIFFER],
        [w["birth_day_agree"], w["birth_day_differ"], w["age_agree"], w["birth_year_agree"],
         w["birth_year_near"], w["birth_year_differ"]], 0.0)
    levels["birth"], weights["birth"] = birth_level.astype(np.int8), birth_w

    # --- death and funeral
    far = cfg.death_far_days
    both_death = (A.death_prec > 0) & (B.death_prec > 0)
    d_gap = np.maximum(A.death_lo - B.death_hi, B.death_lo - A.death_hi)
    both_fun = (A.fun_prec > 0) & (B.fun_prec > 0)
    f_gap = np.maximum(A.fun_lo - B.fun_hi, B.fun_lo - A.fun_hi)
    # death on one side, funeral on the other: funeral minus death, in days
    da_fb = (A.death_prec > 0) & (B.fun_prec > 0)
    lag = np.where(da_fb, B.fun_lo - A.death_hi, A.fun_lo - B.death_hi)
    lag_hi = np.where(da_fb, B.fun_hi - A.death_lo, A.fun_hi - B.death_lo)
    cross = ~both_death & ~both_fun & (da_fb | ((B.death_prec > 0) & (A.fun_prec > 0)))
    death_level = np.select(
        [both_death & (d_gap <= 0), both_death & (d_gap <= 3), both_death & (d_gap > far), both_death,
         both_fun & (f_gap <= 0), both_fun & (f_gap <= 7), both_fun & (f_gap > far), both_fun,
         cross & (lag_hi >= 0) & (lag <= 30), cross & (lag_hi >= -2) & (lag <= 400), cross],
        [AGREE, CLOSE, FAR, DIFFER, AGREE, CLOSE, FAR, DIFFER, AGREE, NEAR, FAR], MISSING)
    exact_day = (both_death & (A.death_prec == 3) & (B.death_prec == 3)) | \
        (~both_death & both_fun & (A.fun_prec == 3) & (B.fun_prec == 3))
    death_w = np.select(
        [both_death & (death_level == AGREE) & exact_day, both_death & (death_level == AGREE),
         both_death & (death_level == CLOSE), both_death & (death_level == FAR), both_death & (death_level == DIFFER),
         both_fun & (death_level == AGREE) & exact_day, both_fun & (death_level == AGREE),
         both_fun & (death_level == CLOSE), both_fun & (death_level == FAR), both_fun & (death_level == DIFFER),
         cross & (death_level == AGREE), cross & (death_level == NEAR), cross & (death_level == FAR)],
        [w["death_day_agree"], w["death_partial_agree"], w["death_close"], w["death_far"], w["death_differ"],
         w["funeral_day_agree"], w["death_partial_agree"], w["funeral_close"], w["funeral_far"], w["death_differ"],
         w["death_funeral_agree"], w["death_funeral_late"], w["death_funeral_differ"]], 0.0)
    levels["death"], weights["death"] = death_level.astype(np.int8), death_w

    # --- report dates: weak, only when no death/funeral comparison exists
    has_rep = (A.reported > 0) & (B.reported > 0) & (death_level == MISSING)
    r_gap = np.abs(A.reported - B.reported)
    # news of one death spreads within days, then weeks; two reports of one death
    # seldom lie months apart: 2 months to 2 years is evidence too
    rep_level = np.select(
        [has_rep & (r_gap <= 7), has_rep & (r_gap <= 30), has_rep & (r_gap <= 60), has_rep & (r_gap > 730), has_rep],
        [AGREE, CLOSE, NEAR, FAR, DIFFER], MISSING)
    levels["reported"] = rep_level.astype(np.int8)
    weights["reported"] = np.select(
        [rep_level == AGREE, rep_level == CLOSE, rep_level == NEAR, rep_level == FAR, rep_level == DIFFER],
        [w["reported_week"], w["reported_close"], w["reported_late"], w["reported_far"], w["reported_months"]], 0.0)

    # --- place and unit
    for fld, codes_a, codes_b in (("settlement", A.settlement, B.settlement), ("unit", A.unit, B.unit)):
        has = (codes_a > 0) & (codes_b > 0)
        agree = has & (codes_a == codes_b)
        levels[fld] = np.select([agree, has], [AGREE, DIFFER], MISSING).astype(np.int8)
        weights[fld] = np.select([agree, has], [w[f"{fld}_agree"], w[f"{fld}_differ"]], 0.0)

    # --- service category: weak (one of a handful of values), "unknown" says nothing,
    # and the pairs sources mix up for one man (volunteer/contract, prisoner/PMC) are neutral
    cat, family = _cached(m, "category_codes", lambda: category_codes(m))
    cat_a, cat_b = cat[a], cat[b]
    has_c = (cat_a > 0) & (cat_b > 0)
    c_agree = has_c & (cat_a == cat_b)
    c_related = has_c & ~c_agree & (family[a] == family[b])
    levels["category"] = np.select([c_agree, c_related, has_c], [AGREE, NEAR, DIFFER], MISSING).astype(np.int8)
    weights["category"] = np.select([c_agree, has_c & ~c_related], [w["category_agree"], w["category_differ"]], 0.0)

    total = w["prior"] + sum(weights[f] for f in FIELDS)
    conflict = np.zeros(len(a), bool) if viable else hard_conflict(m, a, b, cfg)
    # region alone is no evidence for a shared name (names cluster by region)
    other = np.zeros(len(a), bool)
    for fld in ("birth", "death", "settlement", "unit"):
        other |= levels[fld] != MISSING
    other_agree = np.zeros(len(a), bool)
    for fld in ("birth", "death", "settlement", "unit"):
        other_agree |= (levels[fld] == AGREE) | (levels[fld] == CLOSE)
    # two reports within a month, where no death or funeral date is compared, agree
    # on when the man died: with a name rare enough to clear the threshold, that is
    # agreement besides the name (99% one man on the benchmark at 7+ bits)
    other_agree |= (levels["reported"] == AGREE) | (levels["reported"] == CLOSE)
    band = np.full(len(a), NONMATCH, dtype=np.int8)
    nonmatch_below = nonmatch_thresholds(cfg, name_count)
    band[total >= nonmatch_below] = UNCERTAIN
    # a merge needs some agreement besides the name: a shared name alone is never enough
    band[(total >= cfg.match_threshold) & other_agree] = MATCH
    # the same (common) name and nothing else stated: no human could tell either.
    # A region, category or report date that disagrees is something stated: below
    # the threshold such a pair is a non-match, not a pair nobody could decide.
    against = (levels["region"] == DIFFER) | (levels["category"] == DIFFER) | \
        (levels["reported"] == DIFFER) | (levels["reported"] == FAR)
    band[name_exact & ~other & ~against & (total < nonmatch_below)] = INSUFFICIENT
    band[conflict] = NONMATCH
    return Scores(a, b, total.astype(np.float32), band, levels, weights, conflict, name_exact,
                  name_count.astype(np.int64))


_SHOWN = {
    "surname": ("surname",), "first_name": ("first_name",), "patronymic": ("patronymic",),
    "birth": ("birth_date",), "death": ("death_date", "funeral_date"), "reported": ("reported_date",),
    "region": ("region", "region_raw"), "settlement": ("settlement",), "unit": ("unit",),
    "category": ("category",),
}


def explain_many(m: Mentions, s: Scores, rows: list[int] | None = None) -> list[dict]:
    """Which fields agreed and which disagreed, with both mentions' values, for
    each scored pair in ``rows`` (all by default). Columns are pulled out once
    with numpy, so explaining the whole review queue stays cheap."""
    rows = list(range(len(s.a))) if rows is None else rows
    idx = np.asarray(rows, dtype=np.int64)
    ia, ib = s.a[idx], s.b[idx]
    raw_a = {c: [m.raw_vocab[c].items[x] or None for x in m.raw[c][ia].tolist()] for c in
             {c for cols in _SHOWN.values() for c in cols}}
    raw_b = {c: [m.raw_vocab[c].items[x] or None for x in m.raw[c][ib].tolist()] for c in raw_a}
    age_a, age_b = m.age[ia].tolist(), m.age[ib].tolist()
    levels = {f: s.levels[f][idx].tolist() for f in FIELDS}
    weights = {f: np.round(s.weights[f][idx].astype(np.float64), 2).tolist() for f in FIELDS}
    logodds = np.round(s.logodds[idx].astype(np.float64), 2).tolist()
    bands = s.band[idx].tolist()
    shared = s.name_count[idx].tolist()
    conflict = s.conflict[idx].tolist()
    out_all = []
    for r in range(len(rows)):
        out: dict = {"agree": {}, "disagree": {}, "missing": [], "logodds": logodds[r], "band": BAND_NAMES[bands[r]]}
        for fld in FIELDS:
            level = levels[fld][r]
            if level == MISSING:
                out["missing"].append(fld)
                continue
            values = {}
            for col in _SHOWN[fld]:
                va, vb = raw_a[col][r], raw_b[col][r]
                if va or vb:
                    values[col] = [va, vb]
            if fld == "birth" and (age_a[r] > 0 or age_b[r] > 0):
                values["age"] = [age_a[r] if age_a[r] > 0 else None, age_b[r] if age_b[r] > 0 else None]
            entry = {"level": LEVEL_NAMES[level], "weight": weights[fld][r], "values": values}
            (out["agree"] if level in (AGREE, CLOSE) or weights[fld][r] > 0 else out["disagree"])[fld] = entry
        out["name_shared_by"] = shared[r]
        if conflict[r]:
            out["conflict"] = True
        out_all.append(out)
    return out_all


def explain(m: Mentions, s: Scores, k: int) -> dict:
    """Which fields agreed and which disagreed for pair ``k``, with both values."""
    return explain_many(m, s, [k])[0]
