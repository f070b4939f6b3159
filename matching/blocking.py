"""Candidate pairs: only mentions sharing a block key are ever compared.

Passes (each a key per mention; see docs/matching.md for what each one catches):

1. ``name``   — sound keys of surname and first name, order-free.
2. ``first_patronymic_year`` — first name, patronymic and birth-year bucket;
   the surname may differ (typo) — kept if its Jaro-Winkler ≥ 0.75.
3. ``surname_year`` — surname sound key and birth-year bucket; the first name
   may differ — kept if its Jaro-Winkler ≥ 0.70.
4. ``first_region_month`` — first name, region and month of death or funeral;
   surname kept if Jaro-Winkler ≥ 0.75.
5. ``neighbourhood`` — a sorted neighbourhood over the folded surname+first
   name string: each small group of spellings is paired with its neighbours.

Year and month buckets are emitted twice (``v // 2`` and ``(v + 1) // 2``) so
that values one apart always share a bucket. A block larger than the cap is cut
to a sorted neighbourhood inside it, and the cut is logged and counted.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from matching.arrays import in_sorted
from matching.data import Mentions
from matching.similarity import name_similarity

log = logging.getLogger("nekrolog.matching.blocking")
#: Pairs name-filtered at a time (bounds the memory of a pass at a million mentions).
FILTER_CHUNK = 4_000_000


@dataclass
class BlockReport:
    pairs_per_pass: dict[str, int] = field(default_factory=dict)
    capped_blocks: int = 0
    pairs_cut: int = 0
    largest_cut: list[tuple[str, int]] = field(default_factory=list)
    #: blocks over the cap split by shared evidence (``_sub_block_oversized``): (pass and name, size)
    sub_blocked: list[tuple[str, int]] = field(default_factory=list)


def _blocks_with_dirty(keys: np.ndarray, members: np.ndarray, dirty: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The entries of the blocks (same key) holding at least one dirty member."""
    dirty_keys = np.unique(keys[dirty[members]])
    if len(dirty_keys) == 0:
        return keys[:0], members[:0]
    in_dirty_block = in_sorted(dirty_keys, keys)
    return keys[in_dirty_block], members[in_dirty_block]


def _group_pairs(
    keys: np.ndarray, members: np.ndarray, order_key: np.ndarray, dirty: np.ndarray,
    cap: int, window: int, label: str, report: BlockReport, describe,
) -> np.ndarray:
    """All pairs of members sharing a key, for blocks holding at least one dirty
    member, as pair codes ``a * n + b`` (a < b mention indices; see ``pair_code``);
    blocks over ``cap`` keep a sorted neighbourhood of ``window`` by ``order_key``."""
    n = np.int64(len(order_key))
    if len(keys) == 0:
        return np.zeros(0, np.int64)
    sparse = not dirty.all()
    if sparse:
        # an incremental run: only blocks holding a dirty member give pairs, so keep
        # just their entries before the sort (a block is kept whole, cap and window
        # work as before); a binary search against the few dirty keys is far cheaper
        # than sorting a million mentions' keys
        keys, members = _blocks_with_dirty(keys, members, dirty)
        if len(keys) == 0:
            return np.zeros(0, np.int64)
    sort = np.lexsort((members, order_key[members], keys))
    keys, members = keys[sort], members[sort]
    # drop the same mention repeated under one key (two bucket keys coinciding)
    keep = np.ones(len(keys), bool)
    keep[1:] = (keys[1:] != keys[:-1]) | (members[1:] != members[:-1])
    keys, members = keys[keep], members[keep]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    has_dirty = np.maximum.reduceat(dirty[members].astype(np.int8), starts) > 0
    # blocks of one size at a time, written into one array sized up front (no list
    # of parts to concatenate: that would hold every pair twice)
    todo = []
    total = 0
    star = np.zeros(0, np.int64)
    if sparse:
        # an uncapped block gives only the pairs with a dirty side (the others are
        # stored from earlier runs): each dirty member against the rest of its block
        star = _dirty_star_pairs(members, starts, sizes, dirty, (sizes >= 2) & (sizes <= cap) & has_dirty, n)
        has_dirty = has_dirty & (sizes > cap)
    for size in np.unique(sizes[(sizes >= 2) & has_dirty]).tolist():
        sel = starts[(sizes == size) & has_dirty]
        per_block = size * (size - 1) // 2 if size <= cap else sum(max(size - d, 0) for d in range(1, window + 1))
        todo.append((size, sel))
        total += per_block * len(sel)
    out = np.empty(total, np.int64)
    pos = 0
    for size, sel in todo:
        grid = members[sel[:, None] + np.arange(size)[None, :]]
        if size <= cap:
            i, j = np.triu_indices(size, 1)
        else:
            i = np.concatenate([np.arange(size - d) for d in range(1, window + 1)])
            j = np.concatenate([np.arange(d, size) for d in range(1, window + 1)])
            cut = size * (size - 1) // 2 - len(i)
            report.capped_blocks += len(sel)
            report.pairs_cut += cut * len(sel)
            for s in sel[:3]:
                report.largest_cut.append((f"{label} {describe(members[s])}", int(size)))
            log.warning(
                "block cap: %d %s block(s) of %d mentions cut to a window of %d (%d pairs not compared), e.g. %s",
                len(sel), label, size, window, cut * len(sel), describe(members[sel[0]]),
            )
        a, b = grid[:, i].ravel(), grid[:, j].ravel()
        out[pos:pos + len(a)] = np.minimum(a, b) * n + np.maximum(a, b)
        pos += len(a)
        del a, b, grid
    return np.concatenate([out, star]) if len(star) else out


#: Sub-keys of an oversized block: evidence two mentions of one man nearly always
#: share. Per pass, the sub-keys its own key already fixes are left out.
_SUB_KEYS = ("birth_year", "event_month", "report_months", "patronymic", "settlement", "unit", "first_initial")
_SUB_KEYS_OF = {
    "name": ("birth_year", "event_month", "report_months", "patronymic", "settlement", "unit"),
    "first_patronymic_year": ("event_month", "report_months", "settlement", "unit"),
    "surname_year": ("first_initial", "event_month", "report_months", "patronymic", "settlement", "unit"),
    "first_region_month": ("birth_year", "report_months", "patronymic", "settlement", "unit"),
}
_SUB_VALUE_SPAN = np.int64(1) << 40


def _sub_key_values(m: Mentions, i: np.ndarray, which: tuple[str, ...]):
    """(sub-key tag, value, positions into ``i``) for the mentions ``i``; values two
    apart in time (birth years one apart, death/funeral months one apart, report
    dates within two months) share a bucket, as in the passes themselves."""
    for tag, name in enumerate(_SUB_KEYS):
        if name not in which:
            continue
        if name == "birth_year":
            has = np.flatnonzero(m.by_lo[i] > 0)
            for year in (m.by_lo[i[has]], m.by_hi[i[has]]):
                for bucket in _two_buckets(year):
                    yield tag, bucket, has
        elif name == "event_month":
            # death and funeral months in one key space: a death date on one report and
            # the funeral (days later) on another are the commonest pair of one man
            for lo in (m.death_lo, m.fun_lo):
                has = np.flatnonzero(lo[i] > 0)
                for bucket in _two_buckets(lo[i[has]] // 30):
                    yield tag, bucket, has
        elif name == "report_months":
            has = np.flatnonzero(m.reported[i] > 0)
            for bucket in _two_buckets(m.reported[i[has]] // 61):
                yield tag, bucket, has
        elif name == "first_initial":
            has = np.flatnonzero(m.first_phon[i] > 0)
            yield tag, _first_letters(m)[m.first_phon[i[has]]], has
        else:
            codes = {"patronymic": m.patr, "settlement": m.settlement, "unit": m.unit}[name][i]
            has = np.flatnonzero(codes > 0)
            yield tag, codes[has], has


def _sub_block_oversized(m: Mentions, keys: np.ndarray, members: np.ndarray, cap: int, label: str,
                         report: BlockReport, describe):
    """Split the blocks of a pass larger than ``cap`` by evidence their true pairs
    share (``_SUB_KEYS_OF``): a birth year, the month of death or funeral, report
    dates, the patronymic, the settlement or the unit. Cutting such a block to a
    window lost most of its true pairs (a name shared by 2,400 mentions is ~700
    men); pairs sharing none of these could never score above the non-match
    threshold with so common a name. Returns the entries of the other blocks and
    the sub-block entries (keys in their own space: a sub-block over the cap is
    still cut to a window by ``_group_pairs``)."""
    empty = np.zeros(0, np.int64)
    which = _SUB_KEYS_OF.get(label)
    if which is None or len(keys) <= cap:
        return keys, members, empty, empty
    order = np.lexsort((members, keys))
    keys, members = keys[order], members[order]
    keep = np.r_[True, (keys[1:] != keys[:-1]) | (members[1:] != members[:-1])]
    keys, members = keys[keep], members[keep]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    big = sizes > cap
    if not big.any():
        return keys, members, empty, empty
    block_of = np.repeat(np.arange(len(starts)), sizes)
    in_big = big[block_of]
    big_index = (np.cumsum(big) - 1)[block_of[in_big]]
    inside = members[in_big]
    sub_keys, sub_members = [], []
    for tag, value, pos in _sub_key_values(m, inside, which):
        sub_keys.append((big_index[pos] * len(_SUB_KEYS) + tag) * _SUB_VALUE_SPAN + value % _SUB_VALUE_SPAN)
        sub_members.append(inside[pos])
    largest = np.flatnonzero(big)[np.argsort(-sizes[big], kind="stable")]
    for blk in largest[:3].tolist():
        report.sub_blocked.append((f"{label} {describe(members[starts[blk]])}", int(sizes[blk])))
    log.info("block cap: %d %s block(s) over %d mentions split by shared evidence (%s); largest %d mentions, %s",
             len(largest), label, cap, ", ".join(which), int(sizes[largest[0]]), describe(members[starts[largest[0]]]))
    if not sub_keys:
        return keys[~in_big], members[~in_big], empty, empty
    return keys[~in_big], members[~in_big], np.concatenate(sub_keys), np.concatenate(sub_members)


def _dirty_star_pairs(members, starts, sizes, dirty, blocks: np.ndarray, n: np.int64) -> np.ndarray:
    """Pair codes of each dirty member of the selected ``blocks`` with every other
    member of its block (a pair of two dirty members comes twice; callers dedupe)."""
    block_of = np.repeat(np.arange(len(starts)), sizes)
    owner = np.flatnonzero(dirty[members] & blocks[block_of])
    if len(owner) == 0:
        return np.zeros(0, np.int64)
    size = sizes[block_of[owner]]
    offset = np.arange(int(size.sum())) - np.repeat(np.cumsum(size) - size, size)
    other = np.repeat(starts[block_of[owner]], size) + offset
    owner = np.repeat(owner, size)
    distinct = other != owner
    a, b = members[owner[distinct]], members[other[distinct]]
    return np.minimum(a, b) * n + np.maximum(a, b)


def _two_buckets(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return values // 2, (values + 1) // 2


def _similarity(items, codes_a: np.ndarray, codes_b: np.ndarray) -> np.ndarray:
    """``name_similarity`` with equal codes answered without a look-up (most pairs)."""
    out = ((codes_a == codes_b) & (codes_a > 0)).astype(np.float32)
    rows = np.flatnonzero(codes_a != codes_b)
    if len(rows):
        out[rows] = name_similarity(items, codes_a[rows], codes_b[rows])
    return out


def _filter_by_name(m: Mentions, a, b, which: str, threshold: float):
    if which == "either":
        items = m.names.items
        direct = (_similarity(items, m.sur[a], m.sur[b]) + _similarity(items, m.first[a], m.first[b])) / 2
        crossed = (_similarity(items, m.sur[a], m.first[b]) + _similarity(items, m.first[a], m.sur[b])) / 2
        ok = np.maximum(direct, crossed) >= threshold
        return a[ok], b[ok]
    codes = m.sur if which == "surname" else m.first
    sim = _similarity(m.names.items, codes[a], codes[b])
    ok = sim >= threshold
    return a[ok], b[ok]


def _pass_keys(m: Mentions, dirty: np.ndarray | None = None) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each key pass's (block keys, members). With ``dirty`` (an increment) a
    pass's entries may leave out mentions that can share no block with a dirty
    one: every bucketed key is a base key (the name parts) times the bucket range
    plus the bucket, so a mention whose base key no dirty mention has is in no
    block with a dirty member, and its bucketed entries are never built (the
    blocks holding a dirty member are the same, whole)."""
    idx = np.flatnonzero(m.usable)
    n_phon = np.int64(len(m.phons) + 1)
    n_name = np.int64(len(m.names) + 1)
    passes: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    sp, fp = m.sur_phon[idx], m.first_phon[idx]
    passes["name"] = (np.minimum(sp, fp) * n_phon + np.maximum(sp, fp), idx)

    def near_dirty(base: np.ndarray, members: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if dirty is None or dirty.all():
            return base, members
        keep = in_sorted(unique_sorted(base[dirty[members]]), base)
        return base[keep], members[keep]

    year_idx = idx[m.by_lo[idx] > 0]
    initial = _first_letters(m)
    # with the surname's first sound: "Алексей Сергеевич, born 1990" alone is
    # thousands of men in a million mentions; typos rarely hit the first letter
    base, fpy_idx = near_dirty((m.first_phon[year_idx] * n_name + m.patr[year_idx]) * 64
                               + initial[m.sur_phon[year_idx]], year_idx)
    keys, members = [], []
    for year in (m.by_lo[fpy_idx], m.by_hi[fpy_idx]):
        for bucket in _two_buckets(year):
            keys.append(base * 4096 + bucket % 4096)
            members.append(fpy_idx)
    passes["first_patronymic_year"] = (np.concatenate(keys), np.concatenate(members))

    base, sy_idx = near_dirty(m.sur_phon[year_idx], year_idx)
    keys, members = [], []
    for year in (m.by_lo[sy_idx], m.by_hi[sy_idx]):
        for bucket in _two_buckets(year):
            keys.append(base * 4096 + bucket % 4096)
            members.append(sy_idx)
    passes["surname_year"] = (np.concatenate(keys), np.concatenate(members))

    event = np.where(m.death_lo > 0, m.death_lo, m.fun_lo)
    ev_idx = idx[(event[idx] > 0) & (m.region[idx] > 0)]
    base, ev_idx = near_dirty((m.first_phon[ev_idx] * np.int64(len(m.regions) + 1) + m.region[ev_idx]) * 64
                              + initial[m.sur_phon[ev_idx]], ev_idx)
    month = (event[ev_idx] // 30).astype(np.int64)  # ~months since year 1; only closeness matters
    keys, members = [], []
    for bucket in _two_buckets(month):
        keys.append(base * 65536 + bucket % 65536)
        members.append(ev_idx)
    passes["first_region_month"] = (np.concatenate(keys), np.concatenate(members))

    # exact days: whatever the spelling, two records with one birth day, or one
    # death/funeral day and the same name initials, are worth comparing
    day_idx = idx[m.birth_prec[idx] == 3]
    passes["birth_day"] = (m.birth_lo[day_idx], day_idx)
    initials = _initials_key(m)
    keys, members = [], []
    for lo, prec, tag in ((m.death_lo, m.death_prec, 0), (m.fun_lo, m.fun_prec, 1)):
        sel = idx[prec[idx] == 3]
        keys.append((lo[sel] * 2 + tag) * 4096 + initials[sel])
        members.append(sel)
    passes["event_day"] = (np.concatenate(keys), np.concatenate(members))
    return passes


def _first_letters(m: Mentions) -> np.ndarray:
    """First letter (mod 64) of each sound key in the vocabulary (once per load:
    several passes ask, and at a million mentions each list costs ~0.08 s)."""
    stats = m.__dict__.setdefault("_stats_cache", {})
    got = stats.get("first_letters")
    if got is None or len(got) != len(m.phons):
        got = stats["first_letters"] = np.array([ord(p[0]) % 64 if p else 0 for p in m.phons.items], dtype=np.int64)
    return got


def _initials_key(m: Mentions) -> np.ndarray:
    """Order-free pair of the first letters of surname and first name sound keys."""
    first_letter = _first_letters(m)
    x, y = first_letter[m.sur_phon], first_letter[m.first_phon]
    return np.minimum(x, y) * 64 + np.maximum(x, y)


def candidate_pairs(m: Mentions, dirty: np.ndarray, cap: int, window: int, threads: int = 2,
                    sink: Callable[[np.ndarray], None] | None = None) -> tuple[np.ndarray, np.ndarray, BlockReport]:
    """Distinct candidate pairs (index arrays, a < b) with at least one dirty side.
    The passes run on ``threads`` threads (numpy and rapidfuzz release the GIL);
    the pairs are the same whatever the number.

    With ``sink`` and every mention dirty (a full run), each pass's pairs that no
    earlier pass found go to ``sink`` as soon as the pass is done, as sorted pair
    codes ``a * n + b`` (a < b), and empty arrays are returned: the caller scores
    one pass while the next is blocked, and a hundred million pairs are never
    gathered, sorted and decoded as one array. The union is the same pairs."""
    report = BlockReport()
    order_key = m.patr * 100000 + np.maximum(m.by_lo, 0)

    def describe(i: int) -> str:
        return f"({m.names.items[m.sur[i]]} {m.names.items[m.first[i]]})"

    filters = {
        "first_patronymic_year": ("surname", 0.75),
        "surname_year": ("first", 0.70),
        "first_region_month": ("surname", 0.75),
        "birth_day": ("either", 0.75),
        "event_day": ("either", 0.75),
    }
    n = np.int64(len(m))
    if not dirty.any():  # every pair kept needs a dirty side
        return np.zeros(0, np.int32), np.zeros(0, np.int32), report
    sparse = not dirty.all()
    # every pass's pairs as one int64 code each (a * n + b): a million mentions give
    # about a hundred million candidate pairs, deduplicated by one in-place sort

    def key_pass(label: str, keys: np.ndarray, members: np.ndarray, report: BlockReport) -> np.ndarray:
        # one pass over block keys (``_pass_keys``)
        if sparse:
            # an increment: the blocks without a dirty member give no pair, so they
            # are not split either (a block's sub-blocks depend on its members only)
            keys, members = _blocks_with_dirty(keys, members, dirty)
        keys, members, sub_keys, sub_members = _sub_block_oversized(m, keys, members, cap, label, report, describe)
        code = _group_pairs(keys, members, order_key, dirty, cap, window, label, report, describe)
        if len(sub_keys):
            sub = _group_pairs(sub_keys, sub_members, order_key, dirty, cap, window, label + " sub-block", report,
                               describe)
            code = np.concatenate([code, sub]) if len(code) else sub
        if label in filters and len(code):
            code = _unique_in_place(code)
            # filtered a few million pairs at a time: the name comparison's temporaries
            # for a whole pass (tens of millions of pairs at 1M mentions) cost gigabytes
            kept = []
            for start in range(0, len(code), FILTER_CHUNK):
                part = code[start:start + FILTER_CHUNK]
                a, b = _filter_by_name(m, part // n, part % n, *filters[label])
                kept.append(a * n + b)
            del code, part, a, b
            code = np.concatenate(kept)
            del kept
        return code

    def as_code(pair: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        return pair[0] * n + pair[1]

    def key_tasks() -> list[tuple[str, Pass]]:
        return [(label, functools.partial(key_pass, label, keys, members))
                for label, (keys, members) in _pass_keys(m, dirty).items()]

    others: list[tuple[str, Pass]] = [
        ("neighbourhood", lambda _: as_code(_neighbourhood(m, dirty, window))),
        ("surname_edit", lambda _: as_code(_edit_neighbours(m, m.sur, m.first_phon, dirty))),
        ("first_edit", lambda _: as_code(_edit_neighbours(m, m.first, m.sur_phon, dirty))),
        ("double_edit", lambda _: as_code(_double_edit_neighbours(m, dirty))),
    ]
    if sink is not None and not sparse:
        _stream_passes(key_tasks() + others, report, sink)
        return np.zeros(0, np.int32), np.zeros(0, np.int32), report
    codes = _run_passes(key_tasks, others, report, threads, low_memory=not sparse)
    code = np.concatenate(codes)
    codes.clear()
    if len(code) == 0:
        return np.zeros(0, np.int32), np.zeros(0, np.int32), report
    code = _unique_in_place(code)
    # mention indices fit in 32 bits: half the memory for the pair arrays; decoded
    # a slice at a time so no full-size int64 temporaries exist beside the codes
    a, b = np.empty(len(code), np.int32), np.empty(len(code), np.int32)
    for start in range(0, len(code), FILTER_CHUNK):
        part = code[start:start + FILTER_CHUNK]
        a[start:start + len(part)] = part // n
        b[start:start + len(part)] = part % n
    del code
    keep = dirty[a] | dirty[b]
    if not keep.all():
        a, b = a[keep], b[keep]
    return a, b, report


#: One blocking pass: fills the report it is given, returns its pair codes.
Pass = Callable[[BlockReport], np.ndarray]


def _run_passes(key_tasks: Callable[[], list[tuple[str, Pass]]], others: list[tuple[str, Pass]],
                report: BlockReport, threads: int, low_memory: bool) -> list[np.ndarray]:
    """Each pass's pair codes: the passes over block keys (``key_tasks()`` computes
    their keys, while the other passes start), then ``others``. Each pass fills a
    report of its own, merged into ``report`` in that order, so the report does not
    depend on which thread finished first. With ``low_memory`` (a full run) the
    passes run one after another: at 1M mentions a pass holds tens of millions of
    pairs and their temporaries; two block-key passes at once took the run's peak
    RSS from 3.7 to 4.8 GB, and even one beside the edit passes added 0.26 GB."""
    if threads > 1 and not low_memory:
        with ThreadPoolExecutor(threads) as pool:
            keyed = pool.submit(key_tasks)
            other_reports = [BlockReport() for _ in others]
            pending = [pool.submit(fn, own) for (_, fn), own in zip(others, other_reports)]
            tasks = keyed.result()
            key_reports = [BlockReport() for _ in tasks]
            pending = [pool.submit(fn, own) for (_, fn), own in zip(tasks, key_reports)] + pending
            codes = [future.result() for future in pending]
        tasks, reports = tasks + others, key_reports + other_reports
    else:
        tasks = key_tasks() + others
        reports = [BlockReport() for _ in tasks]
        codes = [fn(own) for (_, fn), own in zip(tasks, reports)]
    for (label, _), code, own in zip(tasks, codes, reports):
        _merge_report(report, label, len(code), own)
    return codes


def _stream_passes(tasks: list[tuple[str, Pass]], report: BlockReport, sink: Callable[[np.ndarray], None]) -> None:
    """The passes one after another (a full run: see ``_run_passes`` on memory),
    each one's new pairs handed to ``sink`` (``candidate_pairs``). A pair is new if
    no pass before it gave it: the codes handed over so far are kept merged in one
    sorted array and a pass's codes are looked up in it by binary search (one
    search in a merged array costs a quarter of one per earlier pass at 1M). The
    ``name`` pass (two thirds of all pairs at 1M) runs last, so its codes are never
    merged or held for a later look-up while the other passes build their
    temporaries; the union does not depend on the order, and the reports are
    merged in the passes' own order."""
    order = [k for k, (label, _) in enumerate(tasks) if label != "name"] + \
        [k for k, (label, _) in enumerate(tasks) if label == "name"]
    seen = np.zeros(0, np.int64)
    reports: dict[int, tuple[int, BlockReport]] = {}
    for position, k in enumerate(order):
        own = BlockReport()
        code = tasks[k][1](own)
        reports[k] = (len(code), own)
        if len(code) > 1 and not (code[1:] > code[:-1]).all():
            code = _unique_in_place(code)
        if len(seen) and len(code):
            code = code[~in_sorted(seen, code)]
        if len(code):
            if position < len(order) - 1:
                seen = np.concatenate([seen, code])
                seen.sort(kind="stable")  # two sorted runs: a linear merge
            sink(code)
        del code
    del seen
    for k, (label, _) in enumerate(tasks):
        _merge_report(report, label, *reports[k])


def _merge_report(report: BlockReport, label: str, n_pairs: int, own: BlockReport) -> None:
    report.pairs_per_pass[label] = int(n_pairs)
    report.capped_blocks += own.capped_blocks
    report.pairs_cut += own.pairs_cut
    report.largest_cut.extend(own.largest_cut)
    report.sub_blocked.extend(own.sub_blocked)


def _neighbourhood(m: Mentions, dirty: np.ndarray, window: int, max_group: int = 3):
    """Sorted neighbourhood over distinct folded names: each rare spelling (a group
    of at most ``max_group`` mentions, as typos are) is paired with the mentions of
    the ``window`` spellings either side, if their surnames are close."""
    idx = np.flatnonzero(m.usable)
    if len(idx) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    if not dirty.all():
        return _neighbourhood_sparse(m, idx, dirty, window, max_group)
    # rank of the "surname first" string, built once per distinct pair of names
    size = np.int64(len(m.names) + 1)
    pairs, inverse = np.unique(m.sur[idx] * size + m.first[idx], return_inverse=True)
    name_rank = _name_pair_ranks(m.names.items, pairs // size, pairs % size)[inverse.reshape(-1)]
    order = np.argsort(name_rank, kind="stable")
    ranks, members = name_rank[order], idx[order]
    starts = np.flatnonzero(np.r_[True, ranks[1:] != ranks[:-1]])
    sizes = np.diff(np.r_[starts, len(ranks)])
    out_a, out_b = [], []
    small = np.flatnonzero(sizes <= max_group)
    n_groups = len(starts)
    if not dirty.all():
        # only groups within the window of a group holding a dirty mention can give
        # a pair with a dirty side
        group_of = np.repeat(np.arange(n_groups), sizes)
        near = (np.unique(group_of[dirty[members]])[:, None] + np.arange(-window, window + 1)[None, :]).ravel()
        small = np.intersect1d(small, near[(near >= 0) & (near < n_groups)])
    for d in range(1, window + 1):
        for sign in (1, -1):
            g = small[(small + sign * d >= 0) & (small + sign * d < n_groups)]
            h = g + sign * d
            ok = sizes[h] <= 20  # never pair a typo with a whole common-name crowd here
            g, h = g[ok], h[ok]
            for gi in range(max_group):
                for hi in range(20):
                    sel = (sizes[g] > gi) & (sizes[h] > hi)
                    if not sel.any():
                        break
                    out_a.append(members[starts[g[sel]] + gi])
                    out_b.append(members[starts[h[sel]] + hi])
    if not out_a:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    a, b = np.concatenate(out_a), np.concatenate(out_b)
    a, b = np.minimum(a, b), np.maximum(a, b)
    keep = (dirty[a] | dirty[b]) & (a != b)
    a, b = _dedupe(a[keep], b[keep], len(m))
    return _filter_by_name(m, a, b, "surname", 0.80)


def _neighbourhood_sparse(m: Mentions, idx: np.ndarray, dirty: np.ndarray, window: int, max_group: int):
    """``_neighbourhood`` for an increment: the same pairs, but only the groups
    within the window of a dirty mention's group are gathered and sorted (not a
    million mentions by name). A group is one distinct name string; its members
    are in mention order, as in the full computation."""
    size = np.int64(len(m.names) + 1)
    pairs, inverse, counts = np.unique(m.sur[idx] * size + m.first[idx], return_inverse=True, return_counts=True)
    pair_rank = _name_pair_ranks(m.names.items, pairs // size, pairs % size)
    n_groups = int(pair_rank.max()) + 1
    sizes = np.bincount(pair_rank, weights=counts, minlength=n_groups).astype(np.int64)
    rank = pair_rank[inverse.reshape(-1)]  # each usable mention's group: groups are ranks
    offsets = np.arange(-window, window + 1)
    near = unique_sorted((unique_sorted(rank[dirty[idx]])[:, None] + offsets[None, :]).ravel())
    near = near[(near >= 0) & (near < n_groups)]
    small = near[sizes[near] <= max_group]
    empty = np.zeros(0, np.int64), np.zeros(0, np.int64)
    if len(small) == 0:
        return empty
    need = unique_sorted((small[:, None] + offsets[None, :]).ravel())
    need = need[(need >= 0) & (need < n_groups)]
    inside = in_sorted(need, rank)
    sub_rank = rank[inside]
    order = np.argsort(sub_rank, kind="stable")
    members, sub_rank = idx[inside][order], sub_rank[order]
    out_a, out_b = [], []
    for d in range(1, window + 1):
        for sign in (1, -1):
            g = small[(small + sign * d >= 0) & (small + sign * d < n_groups)]
            h = g + sign * d
            ok = sizes[h] <= 20  # never pair a typo with a whole common-name crowd here
            g, h = g[ok], h[ok]
            start_g, start_h = np.searchsorted(sub_rank, g), np.searchsorted(sub_rank, h)
            for gi in range(max_group):
                for hi in range(20):
                    sel = (sizes[g] > gi) & (sizes[h] > hi)
                    if not sel.any():
                        break
                    out_a.append(members[start_g[sel] + gi])
                    out_b.append(members[start_h[sel] + hi])
    if not out_a:
        return empty
    a, b = np.concatenate(out_a), np.concatenate(out_b)
    a, b = np.minimum(a, b), np.maximum(a, b)
    keep = (dirty[a] | dirty[b]) & (a != b)
    a, b = _dedupe(a[keep], b[keep], len(m))
    return _filter_by_name(m, a, b, "surname", 0.80)


def _deletion_keys(word: str) -> set[str]:
    keys = {word}
    if len(word) >= 4:
        keys.update(word[:i] + word[i + 1:] for i in range(len(word)))
    return keys


_HASH_P = np.uint64(0x100000001B3)  # odd, so it has an inverse modulo 2**64
_HASH_P_INV = np.uint64(pow(int(_HASH_P), -1, 1 << 64))
_HASH_LEN = np.uint64(0x9E3779B97F4A7C15)


def _deletion_key_hashes(words: list[str], dedupe: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """``_deletion_keys`` of every word as 64-bit hashes, all at once: (word index,
    key hash) rows, each key once per word (``dedupe=False``: unsorted, a key
    repeated when two deletions give it). A string hashes to the sum of its code
    points times powers of an odd number plus its length times a constant, so a
    deletion's hash is the prefix sum plus the suffix sum shifted down one power —
    no Python per word and character."""
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    width = max(int(lengths.max()), 1)
    chars = np.array(words, dtype=f"<U{width}").view(np.uint32).reshape(len(words), width).astype(np.uint64)
    powers = np.cumprod(np.r_[np.uint64(1), np.full(width - 1, _HASH_P, np.uint64)], dtype=np.uint64)
    with np.errstate(over="ignore"):
        weighted = chars * powers[None, :]
        prefix = np.cumsum(weighted, axis=1, dtype=np.uint64)  # sum of positions <= i
        whole = prefix[:, -1]
        own = whole + lengths.astype(np.uint64) * _HASH_LEN
        rows, cols = np.nonzero((np.arange(width)[None, :] < lengths[:, None]) & (lengths[:, None] >= 4))
        before = prefix[rows, cols] - weighted[rows, cols]
        after = (whole[rows] - prefix[rows, cols]) * _HASH_P_INV
        deleted = before + after + (lengths[rows] - 1).astype(np.uint64) * _HASH_LEN
    word = np.concatenate([np.arange(len(words)), rows])
    key = np.concatenate([own, deleted])
    if not dedupe:
        return word, key
    order = np.lexsort((word, key))
    word, key = word[order], key[order]
    first = np.r_[True, (key[1:] != key[:-1]) | (word[1:] != word[:-1])]
    return word[first], key[first]


def similar_codes(items: list[str], codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of distinct vocabulary entries within one edit (substitution,
    insertion, deletion, transposition) of each other, found through shared
    deletion keys over the distinct strings only (hashed: ``_deletion_key_hashes``)."""
    uniq = _distinct_codes(codes, len(items))
    uniq = uniq[uniq != 0]
    empty = np.zeros(0, np.int64), np.zeros(0, np.int64)
    if len(uniq) < 2:
        return empty
    word, key = _deletion_key_hashes([items[c] for c in uniq.tolist()])
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    sizes = np.diff(np.r_[starts, len(key)])
    end_of = np.repeat(starts + sizes, sizes)  # end of each row's group of one key
    # every pair within a group: row p with row p + d of the same group, d = 1, 2, ...
    rows = np.flatnonzero(end_of - np.arange(len(key)) > 1)
    left, right = [], []
    d = 1
    while len(rows):
        left.append(word[rows])
        right.append(word[rows + d])
        d += 1
        rows = rows[rows + d < end_of[rows]]
    if not left:
        return empty
    a, b = uniq[np.concatenate(left)], uniq[np.concatenate(right)]
    span = np.int64(len(items) + 1)
    code = unique_sorted(np.minimum(a, b) * span + np.maximum(a, b))
    return code // span, code % span


def _one_edit_of(items: list[str], wanted: np.ndarray, pool: np.ndarray) -> np.ndarray:
    """The codes of ``pool`` that ``similar_codes`` could pair with a code of
    ``wanted`` (they share a deletion-key hash), ``wanted`` among them, sorted. An
    increment needs only its dirty spellings' neighbours, not every pair of
    spellings one edit apart."""
    wanted, pool = _distinct_codes(wanted, len(items)), _distinct_codes(pool, len(items))
    wanted, pool = wanted[wanted != 0], pool[pool != 0]
    if len(wanted) == 0 or len(pool) == 0:
        return pool[:0]
    _, wanted_keys = _deletion_key_hashes([items[c] for c in wanted.tolist()])
    word, key = _deletion_key_hashes([items[c] for c in pool.tolist()], dedupe=False)
    shares = in_sorted(unique_sorted(wanted_keys.view(np.int64)), key.view(np.int64))
    return unique_sorted(pool[word[shares]])


def _edit_neighbours(m: Mentions, varied: np.ndarray, fixed: np.ndarray, dirty: np.ndarray):
    """Mentions whose ``varied`` name part is one edit apart and whose ``fixed``
    part has the same sound key: a typo in one part of an otherwise equal name."""
    idx = np.flatnonzero(m.usable)
    if not dirty.all():
        # a pair shares its fixed part with a dirty mention: only those mentions matter
        wanted = unique_sorted(fixed[idx[dirty[idx]]])
        if len(wanted) == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        idx = idx[in_sorted(wanted, fixed[idx])]
        # and its varied part is the dirty mention's spelling or one edit from it
        near = _one_edit_of(m.names.items, varied[idx[dirty[idx]]], varied[idx])
        idx = idx[in_sorted(near, varied[idx])]
    c1, c2 = similar_codes(m.names.items, varied[idx])  # c1 < c2, sorted by c1
    empty = np.zeros(0, np.int64), np.zeros(0, np.int64)
    if len(c1) == 0:
        return empty
    # groups of mentions sharing (varied, fixed)
    span = np.int64(max(int(fixed.max()), 0) + 1)
    key = varied[idx] * span + fixed[idx]
    order = np.argsort(key, kind="stable")
    key, members = key[order], idx[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    sizes = np.diff(np.r_[starts, len(key)])
    group_key = key[starts]
    group_v, group_f = group_key // span, group_key % span
    # each group (x, f) against the group (y, f) of every spelling y > x one edit away
    first = np.searchsorted(c1, group_v, "left")
    count = np.searchsorted(c1, group_v, "right") - first
    g1 = np.repeat(np.arange(len(starts)), count)
    offset = np.arange(len(g1)) - np.repeat(np.cumsum(count) - count, count)
    target = c2[first[g1] + offset] * span + group_f[g1]
    g2 = np.minimum(np.searchsorted(group_key, target), len(group_key) - 1)
    found = group_key[g2] == target
    g1, g2 = g1[found], g2[found]
    if not dirty.all():
        # only group pairs with a dirty member give pairs: expand just those
        group_dirty = np.maximum.reduceat(dirty[members].astype(np.int8), starts) > 0
        near = group_dirty[g1] | group_dirty[g2]
        g1, g2 = g1[near], g2[near]
    if len(g1) == 0:
        return empty
    return _cross_group_pairs(g1, g2, starts, sizes, members, dirty)


def _cross_group_pairs(g1: np.ndarray, g2: np.ndarray, starts: np.ndarray, sizes: np.ndarray,
                       members: np.ndarray, dirty: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every member of group ``g1[k]`` against every member of group ``g2[k]``,
    keeping pairs with a dirty side, as (smaller id, larger id)."""
    if dirty.all():
        n_pairs = sizes[g1] * sizes[g2]
        pair_of = np.repeat(np.arange(len(g1)), n_pairs)
        t = np.arange(len(pair_of)) - np.repeat(np.cumsum(n_pairs) - n_pairs, n_pairs)
        width = sizes[g2][pair_of]
        i = members[starts[g1][pair_of] + t // width]
        j = members[starts[g2][pair_of] + t % width]
    else:
        # an increment: a group of a common name holds hundreds of mentions and few
        # dirty ones, so only the pairs with a dirty side are built
        pi, pj = _flagged_cross(starts[g1], sizes[g1], starts[g2], sizes[g2], dirty[members])
        i, j = members[pi], members[pj]
    return np.minimum(i, j), np.maximum(i, j)


def _flagged_cross(start1: np.ndarray, count1: np.ndarray, start2: np.ndarray, count2: np.ndarray,
                   flag: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each k, the position pairs (x, y), x in ``start1[k] + range(count1[k])``
    and y in ``start2[k] + range(count2[k])``, of which at least one is ``flag``ged,
    each once: flagged x against every y, then unflagged x against flagged y."""
    flagged, plain = np.flatnonzero(flag), np.flatnonzero(~flag)

    def within(positions: np.ndarray, start: np.ndarray, count: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        first = np.searchsorted(positions, start)
        return first, np.searchsorted(positions, start + count) - first

    def expand(left, l_first, l_count, right, r_first, r_count):
        n_pairs = l_count * r_count
        pair_of = np.repeat(np.arange(len(n_pairs)), n_pairs)
        t = np.arange(len(pair_of)) - np.repeat(np.cumsum(n_pairs) - n_pairs, n_pairs)
        width = r_count[pair_of]
        return left[l_first[pair_of] + t // width], right[r_first[pair_of] + t % width]

    everything = np.arange(len(flag))
    x1, y1 = expand(flagged, *within(flagged, start1, count1), everything, start2, count2)
    x2, y2 = expand(plain, *within(plain, start1, count1), flagged, *within(flagged, start2, count2))
    return np.concatenate([x1, x2]), np.concatenate([y1, y2])


#: Pairs of name groups expanded at a time in ``_double_edit_neighbours`` (bounds its memory).
DOUBLE_EDIT_CHUNK = 2_000_000


def _double_edit_neighbours(m: Mentions, dirty: np.ndarray):
    """Mentions whose surname and first name each differ by one edit (a typo in both
    parts, or a typo in the surname on one report and in the first name on
    another): the edit passes hold one part fixed and the name pass needs equal
    sound keys, so these pairs were never compared unless they shared an exact
    date. Each distinct (surname, first name) group is paired with the groups
    whose surname is one edit away and whose first name is one edit away."""
    empty = np.zeros(0, np.int64), np.zeros(0, np.int64)
    idx = np.flatnonzero(m.usable)
    if not dirty.all() and len(idx) >= 2:
        # an increment: a pair with a dirty side has both surnames among the dirty
        # mentions' surnames and their one-edit neighbours, and both first names
        # likewise; the (surname, first name) groups outside are never paired, so
        # they are dropped before the million-mention sort (whole groups go)
        own = idx[dirty[idx]]
        near_sur = _one_edit_of(m.names.items, m.sur[own], m.sur[idx])
        near_first = _one_edit_of(m.names.items, m.first[own], m.first[idx])
        idx = idx[in_sorted(near_sur, m.sur[idx]) & in_sorted(near_first, m.first[idx])]
    if len(idx) < 2:
        return empty
    span = np.int64(len(m.names) + 1)
    combo = m.sur[idx] * span + m.first[idx]
    order = np.argsort(combo, kind="stable")
    combo, members = combo[order], idx[order]
    starts = np.flatnonzero(np.r_[True, combo[1:] != combo[:-1]])
    sizes = np.diff(np.r_[starts, len(combo)])
    group_key = combo[starts]
    group_sur, group_first = group_key // span, group_key % span
    group_dirty = np.maximum.reduceat(dirty[members].astype(np.int8), starts) > 0
    if dirty.all():
        s1, s2 = similar_codes(m.names.items, group_sur)
        f1, f2 = similar_codes(m.names.items, group_first)
    else:
        # a pair with a dirty side has that side's surname and first name: only
        # spellings one edit from a dirty mention's can take part
        s1, s2 = similar_codes(m.names.items, _one_edit_of(m.names.items, group_sur[group_dirty], group_sur))
        f1, f2 = similar_codes(m.names.items, _one_edit_of(m.names.items, group_first[group_dirty], group_first))
    if len(s1) == 0 or len(f1) == 0:
        return empty
    if not dirty.all():
        # a pair with a dirty side has that side's surname: only those surname pairs
        dirty_sur = unique_sorted(group_sur[group_dirty])
        near = _contains_sorted(dirty_sur, s1) | _contains_sorted(dirty_sur, s2)
        s1, s2 = s1[near], s2[near]
    first_pairs = unique_sorted(np.r_[f1 * span + f2, f2 * span + f1])
    # groups are sorted by surname, then first name: each surname's groups are one run
    surnames, sur_start, sur_count = np.unique(group_sur, return_index=True, return_counts=True)
    p1, p2 = np.searchsorted(surnames, s1), np.searchsorted(surnames, s2)
    if not dirty.all():
        # an increment: only the group pairs with a dirty group (a dirty surname has
        # hundreds of first-name groups, few of them dirty)
        g, h = _flagged_cross(sur_start[p1], sur_count[p1], sur_start[p2], sur_count[p2], group_dirty)
        wanted = group_first[g] * span + group_first[h]
        pos = np.minimum(np.searchsorted(first_pairs, wanted), len(first_pairs) - 1)
        ok = first_pairs[pos] == wanted
        return _cross_group_pairs(g[ok], h[ok], starts, sizes, members, dirty) if ok.any() else empty
    n_cross = sur_count[p1] * sur_count[p2]
    out_a, out_b = [], []
    cumulative = np.cumsum(n_cross)
    lo = 0
    while lo < len(s1):
        done_before = int(cumulative[lo] - n_cross[lo])
        hi = max(lo + 1, int(np.searchsorted(cumulative, done_before + DOUBLE_EDIT_CHUNK, "right")))
        q1, q2, cnt = p1[lo:hi], p2[lo:hi], n_cross[lo:hi]
        lo = hi
        pair_of = np.repeat(np.arange(len(q1)), cnt)
        t = np.arange(len(pair_of)) - np.repeat(np.cumsum(cnt) - cnt, cnt)
        width = sur_count[q2][pair_of]
        g = sur_start[q1][pair_of] + t // width
        h = sur_start[q2][pair_of] + t % width
        wanted = group_first[g] * span + group_first[h]
        pos = np.minimum(np.searchsorted(first_pairs, wanted), len(first_pairs) - 1)
        ok = (first_pairs[pos] == wanted) & (group_dirty[g] | group_dirty[h])
        g, h = g[ok], h[ok]
        if len(g) == 0:
            continue
        a, b = _cross_group_pairs(g, h, starts, sizes, members, dirty)
        out_a.append(a)
        out_b.append(b)
    if not out_a:
        return empty
    return np.concatenate(out_a), np.concatenate(out_b)


_contains_sorted = in_sorted


def _name_pair_ranks(items: list[str], sur: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Dense rank of ``items[s] + " " + items[f]`` for distinct code pairs. When no
    name holds a character at or below the space, that order is the order of
    (rank of the surname, rank of the first name): only the distinct names are
    sorted as strings (building and sorting half a million joined strings took
    about a second at 1M mentions)."""
    used = unique_sorted(np.concatenate([sur, first]))
    words = [items[c] for c in used.tolist()]
    if not words or min("".join(words) or "!") <= " ":
        return _rank_strings([items[s] + " " + items[f] for s, f in zip(sur.tolist(), first.tolist())])
    word_rank = np.zeros(len(items), np.int64)
    word_rank[used] = _rank_strings(words)
    key = word_rank[sur] * np.int64(len(used) + 1) + word_rank[first]
    return np.unique(key, return_inverse=True)[1].reshape(-1).astype(np.int64)


def _rank_strings(values: list[str]) -> np.ndarray:
    """Dense rank of each string in code-point order (numpy's string sort is that order)."""
    if not values:
        return np.zeros(0, np.int64)
    return np.unique(np.array(values), return_inverse=True)[1].reshape(-1).astype(np.int64)


def _dedupe(a: np.ndarray, b: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    if len(a) == 0:
        return a, b
    code = unique_sorted(a.astype(np.int64) * n + b)
    return code // n, code % n


def _unique_in_place(values: np.ndarray) -> np.ndarray:
    """``unique_sorted`` for an array the caller gives up: sorted in place, no copy."""
    values.sort()
    keep = np.empty(len(values), bool)
    keep[:1] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def _distinct_codes(codes: np.ndarray, size: int) -> np.ndarray:
    """``unique_sorted`` of vocabulary codes (0 <= code < ``size``): for many
    codes a count per code (one pass) instead of a sort of all of them."""
    if len(codes) < size // 4:
        return unique_sorted(codes)
    return np.flatnonzero(np.bincount(codes, minlength=size)).astype(codes.dtype, copy=False)


def unique_sorted(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (np.sort + mask: much faster here than np.unique's hash path)."""
    if len(values) == 0:
        return values
    v = np.sort(values)
    keep = np.r_[True, v[1:] != v[:-1]]
    return v[keep]
