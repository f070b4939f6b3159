"""``nekrolog match``: mentions → persons, incrementally or from scratch.

One run: load active mentions → find the dirty ones (new, changed, or whose
name frequency doubled) → score candidate pairs touching them → update the
stored pairs → re-cluster every component the change reaches, under the human
decisions → map clusters onto existing person IDs (the oldest mention keeps
its person; merges keep the older ID) → write persons, links, events and
review items in one transaction. ``full`` treats every mention as dirty; the
ID mapping is the same, so IDs stay stable either way.
"""

from __future__ import annotations

import itertools
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import sqlite_utils

from db.connection import transaction
from db.decisions import effective_constraints
from db.store import utc_now
from matching import person_writes
from matching.arrays import in_sorted
from matching.blocking import candidate_pairs
from matching.cache import cache_path, drop_cache, load_rows, run_token_of, save_rows
from matching.cluster import cluster_component, components
from matching.config import MatchConfig, load_config
from matching.data import Mentions, derive
from matching.forked import cpu_seconds, fork_available, forked_candidate_pairs
from matching.graph import affected_closure, component_labels
from matching.person_writes import PersonWrites
from matching.review import ReviewPlan, plan_review, write_review
from matching.scoring import BAND_NAMES, INSUFFICIENT, MATCH, UNCERTAIN, StreamScorer, score_in_chunks

log = logging.getLogger("nekrolog.matching")

#: ``progress(stage, done, total)``: called as a run's stages advance, so a
#: terminal can show items done, rate and ETA for each.
ProgressCallback = Callable[[str, int, int], None]


@dataclass
class MatchResult:
    mode: str
    mentions: int = 0
    dirty: int = 0
    pairs_scored: int = 0
    persons_created: int = 0
    persons_merged: int = 0
    persons_split: int = 0
    persons_retired: int = 0
    persons_updated: int = 0
    review_open: int = 0
    review_insufficient: int = 0
    blocks_capped: int = 0
    pairs_cut: int = 0
    pairs_per_pass: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict)
    cpu_timings: dict = field(default_factory=dict)
    duration_s: float = 0.0
    from_cache: bool = False  # unchanged mentions came from the cache of the last run


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


def run_match(db: sqlite_utils.Database, *, full: bool = False, config_path=None,
              progress: ProgressCallback | None = None) -> MatchResult:
    report = progress or _no_progress
    conn = db.conn
    # a bigger page cache for this connection: the run writes a million rows in one transaction
    conn.execute("PRAGMA cache_size = -262144")
    t0 = time.monotonic()
    started = utc_now()
    cfg = load_config(conn, config_path)
    result = MatchResult("full" if full else "incremental")
    timings = result.timings

    def lap(label: str, since: list[float] = [t0, cpu_seconds()]) -> None:  # noqa: B006 - a running clock
        now, cpu = time.monotonic(), cpu_seconds()
        timings[label] = round(now - since[0], 2)
        result.cpu_timings[label] = round(cpu - since[1], 2)  # all threads: wall time on a shared machine misleads
        since[0], since[1] = now, cpu

    # the cache gives the unchanged mentions' rows when the last run left one
    rows, change_mark, result.from_cache = load_rows(conn)
    m = derive(rows)
    n = len(m)
    result.mentions = n
    fingerprints = m.fingerprints()
    report("mentions loaded", n, n)
    lap("load")

    # the last run's fingerprints and pairs: from the cache when it is valid (the
    # same arrays the tables hold), else from match_state and match_pairs
    kept = rows.extra if result.from_cache else {}
    if "state_ids" in kept:
        stored_ids, stored_fp = kept["state_ids"], kept["state_fp"]
    else:
        state = _int_rows(conn, "SELECT mention_id, fingerprint FROM match_state ORDER BY mention_id", 2)
        stored_ids, stored_fp = state[:, 0], state[:, 1]
    removed = stored_ids[~_contains(m.ids, stored_ids)].tolist()
    if full or not len(stored_ids):
        dirty = np.ones(n, bool)
    else:
        # New or changed mentions only. Members of a capped block are not all re-scored
        # when one joins: the new one gets its window, the others keep their pairs.
        pos = np.minimum(np.searchsorted(stored_ids, m.ids), len(stored_ids) - 1)
        present = stored_ids[pos] == m.ids
        dirty = ~present | (stored_fp[pos] != fingerprints)
    result.dirty = int(dirty.sum())

    def scored(done: int, total: int) -> None:
        report("pairs scored", done, total)

    if dirty.all():
        # every pair is new: each blocking pass's pairs are scored on worker threads
        # while the next pass is blocked (blocking is single-threaded in a full run,
        # for memory). The "blocking" figures then include the scoring done meanwhile
        scorer = StreamScorer(m, cfg, on_chunk=scored)
        try:
            # blocked in a forked child: the scoring threads here no longer take turns with it on the GIL
            blocking = forked_candidate_pairs(m, dirty, cfg.block_cap, cfg.window, scorer.add)
            report("mentions blocked", n, n)
            lap("blocking")
            ka, kb, new_score, new_band = scorer.result()
        finally:
            scorer.close()
        result.pairs_scored = scorer.pairs
    else:
        a, b, blocking = candidate_pairs(m, dirty, cfg.block_cap, cfg.window)
        report("mentions blocked", int(dirty.sum()), int(dirty.sum()))
        lap("blocking")
        ka, kb, new_score, new_band = score_in_chunks(m, a, b, cfg, on_chunk=scored)
        result.pairs_scored = len(a)
        del a, b
    result.blocks_capped, result.pairs_cut = blocking.capped_blocks, blocking.pairs_cut
    result.pairs_per_pass = blocking.pairs_per_pass
    new_a, new_b = m.ids[ka], m.ids[kb]
    lap("scoring")

    # stored pairs not touched by this run stay valid: a score depends only on its two mentions
    dirty_sorted = np.union1d(m.ids[dirty], np.asarray(removed, dtype=np.int64))
    dirty_ids = set(dirty_sorted.tolist())
    if full:
        old_a = old_b = np.zeros(0, np.int64)
        old_score, old_band = np.zeros(0, np.float64), np.zeros(0, np.int8)
    elif "pair_a" in kept:
        old_a, old_b, old_score, old_band = kept["pair_a"], kept["pair_b"], kept["pair_score"], kept["pair_band"]
    else:
        old = _float_rows(conn, "SELECT mention_a, mention_b, score, CASE band WHEN 'match' THEN ? WHEN 'uncertain'"
                                " THEN ? ELSE ? END FROM match_pairs", (MATCH, UNCERTAIN, INSUFFICIENT), 4)
        old_a, old_b = old[:, 0].astype(np.int64), old[:, 1].astype(np.int64)
        old_score, old_band = old[:, 2], old[:, 3].astype(np.int8)
        del old
    clean_a, clean_b = _clean_positions(m.ids, dirty_sorted, old_a, old_b)
    clean = clean_a >= 0
    pa = np.concatenate([clean_a[clean], ka])
    pb = np.concatenate([clean_b[clean], kb])
    del clean_a, clean_b
    pscore = np.concatenate([old_score[clean], new_score.astype(np.float64)])
    pband = np.concatenate([old_band[clean], new_band])
    n_kept_pairs = int(clean.sum())
    del old_a, old_b, old_score, old_band, clean
    rows.extra = {}  # the last run's arrays are spent; this run's are saved at the end

    decided = effective_constraints(conn)
    # mention id → index for the decided mentions only (a dict of a million ids costs seconds)
    decided_ids = sorted({x for c in decided for x in (c.mention_a, c.mention_b)})
    index_of = {mid: int(i) for mid, i in zip(decided_ids, np.searchsorted(m.ids, decided_ids))
                if i < n and m.ids[i] == mid}
    constraints = [c for c in decided if c.mention_a in index_of and c.mention_b in index_of]
    must = [(index_of[c.mention_a], index_of[c.mention_b]) for c in constraints if c.verdict == "same"]
    cannot: dict[int, set[int]] = {}
    for c in constraints:
        if c.verdict == "different":
            i, j = index_of[c.mention_a], index_of[c.mention_b]
            cannot.setdefault(i, set()).add(j)
            cannot.setdefault(j, set()).add(i)
    decided_pairs = {(c.mention_a, c.mention_b) for c in constraints}

    # --- components and the part of the graph this run must re-cluster
    is_match = pband == MATCH
    ea = np.concatenate([pa[is_match], np.array([x for x, _ in must], np.int64)])
    eb = np.concatenate([pb[is_match], np.array([y for _, y in must], np.int64)])
    old_person_idx, removed_person, any_links = _old_persons(conn, m, kept, stored_ids, removed)
    if full or not any_links:
        affected = np.ones(n, bool)
        labels = components(n, ea, eb) if n else np.zeros(0, np.int64)
    else:
        seed = dirty.copy()
        for i in list(cannot) + [x for pair in must for x in pair]:
            seed[i] = True
        # a reverted decision's pair is free again: its persons are re-clustered and re-planned
        seed[_reverted_mentions(conn, m)] = True
        touched_persons = set(removed_person.values())
        if touched_persons:
            seed |= np.isin(old_person_idx, list(touched_persons))
        # closure over components and old persons, grown from the seeds: only the
        # reached components are labelled (not a million mentions' components)
        affected, closed = affected_closure(seed, ea, eb, old_person_idx)
        if closed:
            labels = np.zeros(n, np.int64)
            labels[affected] = component_labels(np.flatnonzero(affected), ea, eb)
        else:  # the rounds ran out: components as a full labelling gives them
            labels = components(n, ea, eb)
    # old person of each re-clustered or removed mention (the only ones looked up)
    aff = np.flatnonzero(affected & (old_person_idx > 0))
    old_person = dict(zip(m.ids[aff].tolist(), old_person_idx[aff].tolist()))
    old_person.update(removed_person)
    del aff
    lap("graph")

    # --- cluster the affected components
    aff_idx = np.flatnonzero(affected)
    comp_edges: dict[int, list[tuple[float, int, int]]] = {}
    sel = affected[ea] if len(ea) else np.zeros(0, bool)
    edge_scores = np.concatenate([pscore[is_match], np.full(len(must), np.inf)])
    for s_, i, j in zip(edge_scores[sel].tolist(), ea[sel].tolist(), eb[sel].tolist()):
        comp_edges.setdefault(int(labels[i]), []).append((s_, i, j))
    comp_nodes: dict[int, list[int]] = {}
    for i in aff_idx.tolist():
        comp_nodes.setdefault(int(labels[i]), []).append(i)
    clusters: list[list[int]] = []
    refused: list[tuple[int, int]] = []
    n_components = len(comp_nodes)
    for done, (comp, nodes) in enumerate(comp_nodes.items(), 1):
        if done % 50_000 == 0 or done == n_components:
            report("components clustered", done, n_components)
        edges = comp_edges.get(comp, [])
        if len(nodes) <= 2 and not any(i in cannot for i in nodes):
            clusters.append(sorted(nodes))
            continue
        got, bad = cluster_component(m, nodes, edges, cannot, cfg.death_far_days)
        clusters.extend(got)
        refused.extend(bad)
    clusters.sort(key=lambda c: c[0])
    lap("clustering")

    writers: list[threading.Thread] = []
    try:
        with transaction(db) as conn, _bulk_load(conn, full, BULK_TABLES):
            _write(conn, m, cfg, rows, result, fingerprints, full, dirty, removed, dirty_ids, stored_ids,
                   change_mark, started, t0, lap, report, clusters, old_person, old_person_idx, pa, pb, pscore,
                   pband, n_kept_pairs, new_a, new_b, new_score, new_band, refused, affected, decided_pairs,
                   writers)
    except BaseException:
        for writer in writers:
            writer.join()
        drop_cache(db.conn)  # written for a run that did not commit: never valid, but not left behind
        person_writes.detach(db.conn, quiet=True)
        raise
    for writer in writers:
        writer.join()  # the cache of an increment, written while the review was stored
    person_writes.detach(db.conn)  # the child's rows stay attached until the transaction ends
    lap("commit")
    return result


def _write(conn, m, cfg, rows, result, fingerprints, full, dirty, removed, dirty_ids, stored_ids, change_mark,
           started, t0, lap, report, clusters, old_person, old_person_idx, pa, pb, pscore, pband, n_kept_pairs,
           new_a, new_b, new_score, new_band, refused, affected, decided_pairs,
           writers: list[threading.Thread]) -> None:
    """The write phase of ``run_match``, inside its transaction. An increment
    writes the mention cache on a thread of its own, added to ``writers``."""
    n = len(m)
    drop_cache(conn)  # no cache is valid until this run commits
    conn.execute("DELETE FROM match_changes WHERE seq <= ?", (change_mark,))
    # the run's row first (its counts are filled in at the end): its id names
    # the cache, which an increment writes while it stores pairs and review items
    run_id = conn.execute(
        "INSERT INTO match_runs (mode, started_at, finished_at, mentions, dirty, pairs_scored,"
        " persons_created, persons_merged, persons_split, persons_retired, review_open,"
        " review_insufficient, blocks_capped, pairs_cut, settings, duration_s)"
        " VALUES (?,?,?,?,?,?,0,0,0,0,0,0,?,?,?,0)",
        (result.mode, started, started, n, result.dirty, result.pairs_scored, result.blocks_capped,
         result.pairs_cut, cfg.to_json()),
    ).lastrowid
    now = utc_now()
    assignment, person_rows = _assign_ids(conn, m, clusters, old_person, removed, now, result)
    if full and fork_available():
        # a full run's person rows are built in a forked child while the pairs,
        # state and review items are stored here, then copied in (person_writes)
        pending = person_writes.start(conn, m, clusters, person_rows)
    else:
        pending = None
        result.persons_updated = person_writes.write_here(conn, m, clusters, person_rows)
    del person_rows
    report("clusters written", len(clusters), len(clusters))
    lap("persons")
    try:
        _write_rest(conn, m, cfg, rows, result, fingerprints, full, dirty, removed, dirty_ids, stored_ids, run_id,
                    started, t0, lap, report, old_person_idx, pa, pb, pscore, pband, n_kept_pairs, new_a, new_b,
                    new_score, new_band, refused, affected, decided_pairs, writers, now, assignment, pending)
    except BaseException:
        if pending is not None:
            pending.cancel()
        raise


def _write_rest(conn, m, cfg, rows, result, fingerprints, full, dirty, removed, dirty_ids, stored_ids, run_id,
                started, t0, lap, report, old_person_idx, pa, pb, pscore, pband, n_kept_pairs, new_a, new_b,
                new_score, new_band, refused, affected, decided_pairs, writers, now, assignment,
                pending: person_writes.Pending | None) -> None:
    """``_write`` after the persons are mapped: pairs, state, review items (the
    persons' rows copied in from ``pending`` when a child built them), the run's
    row and the cache."""
    person_now = old_person_idx  # every mention's person after this run
    if assignment:
        person_now[np.searchsorted(m.ids, np.fromiter(assignment, np.int64, len(assignment)))] = \
            np.fromiter(assignment.values(), np.int64, len(assignment))

    def save_cache() -> None:
        # what the tables now hold, for the next run: every current mention's
        # fingerprint, and the pairs (scores rounded as stored), in key order
        saved_score = pscore.copy()
        saved_score[n_kept_pairs:] = np.round(new_score.astype(np.float64), 3)
        ida, idb = m.ids[pa], m.ids[pb]
        order = np.lexsort((idb, ida))
        rows.extra = {"state_ids": m.ids, "state_fp": fingerprints, "pair_a": ida[order], "pair_b": idb[order],
                      "pair_score": saved_score[order], "pair_band": pband[order], "person": saved_person}
        del ida, idb, saved_score, order
        save_rows(conn, rows, run_token_of(run_id, started), path)

    saved_person = person_now.copy()
    path = cache_path(conn)
    if not full and path is not None:
        # an increment's review stage is mostly SQLite and Python; writing the
        # cache (numpy and file I/O, which release the GIL) beside it hides most
        # of its time. A full run writes it last: its pair arrays are too large
        # to hold twice beside the review's (peak memory)
        writers.append(threading.Thread(target=save_cache, name="match-cache", daemon=True))
        writers[-1].start()
    _store_pairs(conn, full, dirty_ids, new_a, new_b, new_score, new_band)
    _store_state(conn, m, fingerprints, removed, dirty if not full else None, full)
    plan: ReviewPlan = plan_review(conn, m, cfg, pa, pb, pscore, pband, person_now, assignment, refused,
                                   affected, dirty, ~_contains(stored_ids, m.ids), removed, decided_pairs,
                                   full)
    write_review(conn, plan, now)
    report("review items planned", len(plan.items), len(plan.items))
    result.review_open, result.review_insufficient = conn.execute(
        "SELECT SUM(state = 'open'), SUM(state = 'insufficient') FROM review_items").fetchone()
    result.review_open = result.review_open or 0
    result.review_insufficient = result.review_insufficient or 0
    lap("review")
    if pending is not None:
        result.persons_updated = pending.finish(conn)
        lap("persons_copy")
    result.duration_s = round(time.monotonic() - t0, 2)
    conn.execute(
        "UPDATE match_runs SET finished_at = ?, persons_created = ?, persons_merged = ?, persons_split = ?,"
        " persons_retired = ?, review_open = ?, review_insufficient = ?, duration_s = ? WHERE id = ?",
        (utc_now(), result.persons_created, result.persons_merged, result.persons_split, result.persons_retired,
         result.review_open, result.review_insufficient, result.duration_s, run_id))
    if not writers and path is not None:
        save_cache()
    lap("cache")


#: Tables a run fills; when one is empty at the start of the write (a first run,
#: or match_pairs/match_state of a full run) it is bulk-loaded without its indexes.
BULK_TABLES = ("persons", "person_mentions", "person_events", "match_pairs", "match_state", "review_items")


@contextmanager
def _bulk_load(conn, full: bool, tables: tuple[str, ...]) -> Iterator[None]:
    """Drop the secondary indexes of the empty ``tables`` for the duration of the
    block and rebuild them after: inserting a million rows into an unindexed table
    and indexing once is several times faster than updating six B-trees row by row.
    Runs inside the caller's transaction, so a failure restores the indexes too."""
    if full:
        # a full run replaces these wholesale
        conn.execute("DELETE FROM match_pairs")
        conn.execute("DELETE FROM match_state")
    empty = [t for t in tables
             if conn.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {t})").fetchone()[0]]  # noqa: S608 - constant names
    marks = ",".join("?" * len(empty))
    indexes = conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({marks})"  # noqa: S608 - placeholders only
        " ORDER BY name", empty).fetchall() if empty else []
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    yield
    for _, sql in indexes:
        conn.execute(sql)


def _reverted_mentions(conn, m: Mentions) -> list[int]:
    """Indices of the loaded mentions named by a reverted decision."""
    ids = [x for row in conn.execute(
        "SELECT d.mention_a, d.mention_b FROM decisions d JOIN decisions r ON r.reverts_decision_id = d.id"
        " WHERE r.verdict = 'revert'") for x in row]
    if not ids:
        return []
    pos = np.searchsorted(m.ids, ids)
    return [int(i) for i, x in zip(pos.tolist(), ids) if i < len(m.ids) and m.ids[i] == x]


def _old_persons(conn, m: Mentions, kept: dict, stored_ids: np.ndarray,
                 removed: list[int]) -> tuple[np.ndarray, dict[int, int], bool]:
    """Each loaded mention's person before this run (0: none), the removed
    mentions' persons, and whether any mention had one. From the cache's person
    array (aligned with ``stored_ids``) when it holds one, the new mentions' links
    read from the table: no million-row link array to build and sort."""
    person = kept.get("person")
    if person is None or len(person) != len(stored_ids) or not (person > 0).any():
        links = _links(conn, m, kept, stored_ids)
        old_person_idx = np.zeros(len(m), np.int64)
        if len(links):
            pos = np.minimum(np.searchsorted(links[:, 0], m.ids), len(links) - 1)
            linked = links[pos, 0] == m.ids
            old_person_idx[linked] = links[pos[linked], 1]
        removed_arr = np.asarray(removed, dtype=np.int64)
        removed_linked = _contains(links[:, 0], removed_arr)
        removed_person = dict(zip(removed_arr[removed_linked].tolist(),
                                  links[np.searchsorted(links[:, 0], removed_arr[removed_linked]), 1].tolist()))
        return old_person_idx, removed_person, len(links) > 0
    person = person.astype(np.int64)
    pos = np.minimum(np.searchsorted(stored_ids, m.ids), len(stored_ids) - 1)
    present = stored_ids[pos] == m.ids
    old_person_idx = np.where(present, person[pos], 0)
    # a mention not in the last run (new, or retracted and restored) may have a link
    new_idx = np.flatnonzero(~present)
    new_ids = m.ids[new_idx].tolist()
    found: dict[int, int] = {}
    for start in range(0, len(new_ids), 500):
        chunk = new_ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(conn.execute(f"SELECT mention_id, person_id FROM person_mentions WHERE mention_id IN ({marks})",  # noqa: S608 - placeholders only
                                  chunk))
    if found:
        old_person_idx[new_idx] = [found.get(x, 0) for x in new_ids]
    removed_arr = np.asarray(removed, dtype=np.int64)
    removed_of = person[np.searchsorted(stored_ids, removed_arr)] if len(removed_arr) else removed_arr
    removed_person = {x: p for x, p in zip(removed_arr.tolist(), removed_of.tolist()) if p > 0}
    return old_person_idx, removed_person, True


def _links(conn, m: Mentions, kept: dict, stored_ids: np.ndarray) -> np.ndarray:
    """(mention id, person id) rows, by mention id, for the mentions of this load and
    of the last run: from the cache when it holds the last run's persons (the
    matcher is the only writer of person_mentions) and the new mentions' links
    from the table (a mention retracted, then restored, keeps its old link)."""
    person = kept.get("person")
    if person is None or len(person) != len(stored_ids) or not (person > 0).any():
        return _int_rows(conn, "SELECT mention_id, person_id FROM person_mentions ORDER BY mention_id", 2)
    linked = person > 0
    rows = [np.column_stack([stored_ids[linked], person[linked].astype(np.int64)])]
    new_ids = m.ids[~_contains(stored_ids, m.ids)].tolist()
    for start in range(0, len(new_ids), 500):
        chunk = new_ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        rows.append(_int_rows(conn, f"SELECT mention_id, person_id FROM person_mentions WHERE mention_id IN ({marks})",  # noqa: S608 - placeholders only
                              2, tuple(chunk)))
    links = np.concatenate(rows)
    return links[np.argsort(links[:, 0], kind="stable")]


_contains = in_sorted  # whether each of ``values`` is in ``sorted_values``


def _clean_positions(ids: np.ndarray, dirty_sorted: np.ndarray, old_a: np.ndarray,
                     old_b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions in ``ids`` (sorted) of the stored pairs' mentions, -1 on both
    sides where either is in ``dirty_sorted``. A million random binary searches
    cost ~0.4 s at a million mentions; when the ids are dense enough, an array
    indexed by id answers each with one read."""
    top = int(max(ids[-1] if len(ids) else 0, old_a.max(initial=0), old_b.max(initial=0))) + 1
    if top <= 4 * len(ids) + 1_000_000:
        where = np.full(top, -1, np.int64)
        where[ids] = np.arange(len(ids))
        where[dirty_sorted[dirty_sorted < top]] = -1
        pos_a, pos_b = where[old_a], where[old_b]
    else:
        pos_a, pos_b = np.searchsorted(ids, old_a), np.searchsorted(ids, old_b)
        pos_a[_contains(dirty_sorted, old_a)] = -1
        pos_b[_contains(dirty_sorted, old_b)] = -1
    unclean = (pos_a < 0) | (pos_b < 0)
    pos_a[unclean] = -1
    pos_b[unclean] = -1
    return pos_a, pos_b


def _int_rows(conn, sql: str, width: int, params: tuple = ()) -> np.ndarray:
    """An integer query's rows as an (n, width) int64 array, without a tuple list."""
    cursor = conn.execute(sql, params)
    flat = np.fromiter(itertools.chain.from_iterable(cursor), dtype=np.int64)
    return flat.reshape(-1, width)


def _float_rows(conn, sql: str, params: tuple, width: int) -> np.ndarray:
    cursor = conn.execute(sql, params)
    flat = np.fromiter(itertools.chain.from_iterable(cursor), dtype=np.float64)
    return flat.reshape(-1, width)


def _store_pairs(conn, full, dirty_ids, new_a, new_b, new_score, new_band) -> None:
    if not full:
        ids = sorted(dirty_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            conn.execute(f"DELETE FROM match_pairs WHERE mention_a IN ({marks})", chunk)  # noqa: S608 - placeholders only
            conn.execute(f"DELETE FROM match_pairs WHERE mention_b IN ({marks})", chunk)  # noqa: S608 - placeholders only
    conn.executemany(
        "INSERT OR REPLACE INTO match_pairs (mention_a, mention_b, score, band) VALUES (?, ?, ?, ?)",
        zip(new_a.tolist(), new_b.tolist(), np.round(new_score.astype(np.float64), 3).tolist(),
            [BAND_NAMES[int(x)] for x in new_band]),
    )


def _person_status(conn, person_ids: list[int]) -> dict[int, tuple[str, int]]:
    """(status, n_mentions) of the given persons: only the touched ones are read."""
    out = {}
    for start in range(0, len(person_ids), 500):
        chunk = person_ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for pid, status, nm in conn.execute(f"SELECT id, status, n_mentions FROM persons WHERE id IN ({marks})", chunk):  # noqa: S608 - placeholders only
            out[pid] = (status, nm)
    return out


def _store_state(conn, m: Mentions, fingerprints, removed, dirty, full) -> None:
    if full:
        rows = zip(m.ids.tolist(), fingerprints.tolist())
    else:
        rows = zip(m.ids[dirty].tolist(), fingerprints[dirty].tolist())
        conn.executemany("DELETE FROM match_state WHERE mention_id = ?", [(r,) for r in removed])
    conn.executemany("INSERT OR REPLACE INTO match_state (mention_id, fingerprint) VALUES (?, ?)", rows)


def _assign_ids(conn, m: Mentions, clusters, old_person, removed, now, result) -> tuple[dict[int, int], PersonWrites]:
    """Map clusters onto person IDs; the persons, links and events to write.

    The person of each old person's oldest still-active mention keeps its ID; a
    cluster reached by several old persons keeps the oldest (lowest) ID and the
    others are marked merged into it; a cluster reached by none gets a new ID
    (a split when its mentions had a person before). Returns mention id → person id
    for the re-clustered mentions, and what ``person_writes`` is to write.
    """
    ids = m.ids.tolist()
    cluster_of: dict[int, int] = {}
    for c, members in enumerate(clusters):
        for i in members:
            cluster_of[ids[i]] = c
    # old persons touched by this run, with their active mentions
    touched: dict[int, list[int]] = {}
    for mid in list(cluster_of):
        pid = old_person.get(mid)
        if pid is not None:
            touched.setdefault(pid, []).append(mid)
    for mid in removed:
        pid = old_person.get(mid)
        if pid is not None:
            touched.setdefault(pid, [])
    person_status = _person_status(conn, list(touched))
    candidates: dict[int, list[int]] = {}
    for pid, mids in touched.items():
        if person_status.get(pid, ("active", 0))[0] != "active" or not mids:
            continue
        candidates.setdefault(cluster_of[min(mids)], []).append(pid)
    next_id = (conn.execute("SELECT MAX(id) FROM persons").fetchone()[0] or 0) + 1
    assignment: dict[int, int] = {}
    events: list[tuple] = []
    person_rows: list[tuple[int, int, bool]] = []  # (person id, cluster, new): fields come later
    kept_ids: set[int] = set()
    for c, members in enumerate(clusters):
        mids = [ids[i] for i in members]
        owners = sorted(candidates.get(c, []))
        if owners:
            pid = owners[0]
            for other in owners[1:]:
                conn.execute(
                    "UPDATE persons SET status = 'merged', merged_into = ?, n_mentions = 0, updated_at = ? WHERE id = ?",
                    (pid, now, other))
                detail = json.dumps({"reason": "mentions matched"})
                events.append((other, "merged", pid, detail, now))
                events.append((pid, "merged", other, detail, now))
                result.persons_merged += 1
            before = set(touched.get(pid, []))
            added = sorted(set(mids) - before)
            if added:
                sources = sorted({old_person[x] for x in added if x in old_person and old_person[x] != pid})
                events.append((pid, "grown", None, json.dumps({"added": added, "from": sources}), now))
            person_rows.append((pid, c, False))
        else:
            pid = next_id
            next_id += 1
            previous = sorted({old_person[x] for x in mids if x in old_person})
            if previous:
                for old in previous:
                    events.append((old, "split", pid, json.dumps({"moved": [x for x in mids if old_person.get(x) == old]}), now))
                result.persons_split += 1
            events.append((pid, "created", previous[0] if previous else None,
                           json.dumps({"split_from": previous}) if previous else "{}", now))
            result.persons_created += 1
            person_rows.append((pid, c, True))
        kept_ids.add(pid)
        for x in mids:
            assignment[x] = pid
    # old persons left without any active mention: retired (kept, counted nowhere)
    for pid in touched:
        status, n_before = person_status.get(pid, ("active", 0))
        if status == "active" and pid not in kept_ids:
            merged = conn.execute("SELECT status FROM persons WHERE id = ?", (pid,)).fetchone()[0]
            if merged != "active":
                continue
            conn.execute("UPDATE persons SET n_mentions = 0, updated_at = ? WHERE id = ?", (now, pid))
            if n_before > 0:
                events.append((pid, "retired", None, json.dumps({"reason": "no active mention"}), now))
                result.persons_retired += 1
    changed_links = sorted((mid, pid, now) for mid, pid in assignment.items() if old_person.get(mid) != pid)
    return assignment, PersonWrites(now, person_rows, changed_links, old_person, events)


def resolve_person(conn, person_id: int) -> int | None:
    """The active person a (possibly merged) cited ID stands for today."""
    seen = set()
    while person_id is not None and person_id not in seen:
        seen.add(person_id)
        row = conn.execute("SELECT status, merged_into FROM persons WHERE id = ?", (person_id,)).fetchone()
        if row is None:
            return None
        if row[0] == "active":
            return person_id
        person_id = row[1]
    return None


__all__ = ["MatchConfig", "MatchResult", "resolve_person", "run_match"]
