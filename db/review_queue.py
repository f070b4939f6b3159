"""The review queue: leases, votes and decisions (pure SQL, no web or terminal code).

The review screen and ``nekrolog review`` both call this module, so both follow
one policy. The rules:

* ``claim_next`` reserves the next item for a reviewer for ``lease_minutes``
  (the item stays reserved across page reloads; an expired lease lets anyone
  else claim it). Volunteers see ``open`` items they have not voted on in the
  current round; admins see ``escalated`` items first, then ``open`` ones.
  Items a reviewer skipped come after the others, so "skip" means "later".
* ``decide`` checks, inside one ``BEGIN IMMEDIATE`` transaction, that the item
  is still reserved for the reviewer, then writes its ``decisions`` rows and the
  item's new state. A reviewer whose lease another reviewer has since taken
  gets ``LeaseLost`` and nothing is written.
* With ``required_agreements = 1`` a volunteer's same/different is binding.
  With ``N > 1`` votes are ``binding = 0`` until N volunteers agree; the vote
  that completes the agreement is written ``binding = 1`` and decides the item.
  Any disagreeing vote sends the item to the admins (``escalated``). Admins'
  decisions are binding at once.
* "Not sure" is recorded (``binding = 0``); after ``UNSURE_LIMIT`` of them in a
  round the item is escalated. An admin's "not sure" closes the item as
  ``insufficient``. "Skip" is recorded too, and only returns the item.
* ``revert`` (admins only) cancels every vote of the item's current round with
  one ``revert`` row each and reopens the item: a new round begins, in which
  earlier votes no longer count. Nothing is ever updated or deleted in
  ``decisions``.

A cluster item (several mentions that matching could not settle) takes either
"same" (all one person: must-link each mention to the smallest id) or
"different" with a grouping: mentions in one group are the same person
(must-link to the group's smallest id), the groups' smallest ids are pairwise
cannot-linked. Without a grouping, "different" means every mention is a
different person. Rows are generated canonically, so two volunteers agree
exactly when they chose the same grouping.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from db.decisions import ordered_pair
from db.reviewers import Reviewer

VERDICTS = ("same", "different", "unsure", "skip")
VOTE_VERDICTS = ("same", "different", "unsure")
DEFAULT_REQUIRED_AGREEMENTS = 1
DEFAULT_LEASE_MINUTES = 15
UNSURE_LIMIT = 2
MAX_NOTE_LENGTH = 2000


class QueueError(Exception):
    """A decision could not be recorded; nothing was written."""

    code = "error"


class ItemNotFound(QueueError):
    code = "not_found"


class LeaseLost(QueueError):
    code = "lease_lost"


class ItemClosed(QueueError):
    code = "closed"


class AlreadyVoted(QueueError):
    code = "already_voted"


class NotAllowed(QueueError):
    code = "not_allowed"


@dataclass(frozen=True)
class Policy:
    required_agreements: int = DEFAULT_REQUIRED_AGREEMENTS
    lease_minutes: int = DEFAULT_LEASE_MINUTES


@dataclass(frozen=True)
class Item:
    id: int
    kind: str
    item_key: str
    mention_ids: list[int]
    score: float | None
    reasons: dict
    priority: float
    state: str
    leased_by: int | None
    lease_until: str | None


@dataclass(frozen=True)
class Outcome:
    """What a decision did: ``result`` is one of ``decided``, ``vote_recorded``,
    ``escalated``, ``insufficient``, ``skipped`` or ``reopened``."""

    result: str
    state: str
    decision_ids: list[int] = field(default_factory=list)
    binding: bool = False


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


@contextmanager
def _immediate(conn: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE takes the write lock before the lease is read, so two
    reviewers' checks and writes can never interleave."""
    if conn.in_transaction:
        raise RuntimeError("review_queue needs a connection outside any transaction")
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


# --- policy ---------------------------------------------------------------


def get_policy(conn: sqlite3.Connection) -> Policy:
    values = dict(conn.execute("SELECT key, value FROM review_settings"))
    return Policy(
        required_agreements=int(values.get("required_agreements", DEFAULT_REQUIRED_AGREEMENTS)),
        lease_minutes=int(values.get("lease_minutes", DEFAULT_LEASE_MINUTES)),
    )


def set_policy(
    conn: sqlite3.Connection,
    *,
    required_agreements: int | None = None,
    lease_minutes: int | None = None,
) -> Policy:
    if required_agreements is not None and not 1 <= required_agreements <= 5:
        raise ValueError("required agreements must be between 1 and 5")
    if lease_minutes is not None and not 1 <= lease_minutes <= 24 * 60:
        raise ValueError("lease minutes must be between 1 and 1440")
    stamp = iso(datetime.now(UTC))
    with _immediate(conn):
        for key, value in (("required_agreements", required_agreements), ("lease_minutes", lease_minutes)):
            if value is not None:
                conn.execute(
                    "INSERT INTO review_settings (key, value, updated_at) VALUES (?, ?, ?)"
                    " ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                    (key, value, stamp),
                )
    return get_policy(conn)


# --- reading items ----------------------------------------------------------

_ITEM_COLUMNS = (
    "id, kind, item_key, mention_a, mention_b, mention_ids, score, reasons, priority, state,"
    " leased_by, lease_until"
)

# Votes of the item's current round: rows after its latest revert.
_ROUND = (
    "d.id > COALESCE((SELECT MAX(r.id) FROM decisions r"
    " WHERE r.review_item_id = d.review_item_id AND r.verdict = 'revert'), 0)"
)


def _item_from_row(row: tuple) -> Item:
    item_id, kind, key, a, b, ids_json, score, reasons_json, priority, state, leased_by, lease_until = row
    if kind == "pair":
        mention_ids = [a, b]
    else:
        mention_ids = [int(x) for x in json.loads(ids_json or "[]")]
    try:
        reasons = json.loads(reasons_json or "{}")
    except json.JSONDecodeError:
        reasons = {"raw": reasons_json}
    return Item(
        id=item_id,
        kind=kind,
        item_key=key,
        mention_ids=mention_ids,
        score=score,
        reasons=reasons if isinstance(reasons, dict) else {"reasons": reasons},
        priority=priority,
        state=state,
        leased_by=leased_by,
        lease_until=lease_until,
    )


def get_item(conn: sqlite3.Connection, item_id: int) -> Item | None:
    row = conn.execute(
        f"SELECT {_ITEM_COLUMNS} FROM review_items WHERE id = ?",  # noqa: S608 - constant column list
        (item_id,),
    ).fetchone()
    return _item_from_row(row) if row else None


def _states_for(reviewer: Reviewer) -> tuple[str, ...]:
    return ("escalated", "open") if reviewer.is_admin else ("open",)


def claim_next(conn: sqlite3.Connection, reviewer: Reviewer, *, now: datetime | None = None) -> Item | None:
    """Reserve and return the reviewer's next item (the one already reserved, if any)."""
    if reviewer.disabled:
        raise NotAllowed("this account is disabled")
    moment = _now(now)
    now_iso = iso(moment)
    until = iso(moment + timedelta(minutes=get_policy(conn).lease_minutes))
    states = _states_for(reviewer)
    with _immediate(conn):
        row = conn.execute(
            f"SELECT id FROM review_items WHERE leased_by = ? AND state IN ({_marks(states)})"  # noqa: S608 - placeholders only
            " ORDER BY lease_until DESC LIMIT 1",
            (reviewer.id, *states),
        ).fetchone()
        if row is None:
            row = _pick(conn, reviewer, now_iso)
        if row is None:
            return None
        conn.execute(
            "UPDATE review_items SET leased_by = ?, lease_until = ? WHERE id = ?", (reviewer.id, until, row[0])
        )
    return get_item(conn, row[0])


_NOT_VOTED = (
    " AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.review_item_id = ri.id AND d.reviewer_id = :me"  # noqa: S608 - constant SQL fragments
    " AND d.verdict IN ('same', 'different', 'unsure') AND " + _ROUND + ")"
)
_SKIPPED = (
    "EXISTS (SELECT 1 FROM decisions d WHERE d.review_item_id = ri.id AND d.reviewer_id = :me"  # noqa: S608 - constant SQL fragments
    " AND d.verdict = 'skip' AND " + _ROUND + ")"
)


def _pick(conn: sqlite3.Connection, reviewer: Reviewer, now_iso: str) -> tuple | None:
    """The next free item, in passes that each walk the (state, priority) index
    and stop at the first fit: admins' escalated items, then items this
    reviewer has not skipped, then the skipped ones."""
    passes = [("escalated", "")] if reviewer.is_admin else []
    passes += [("open", " AND NOT " + _SKIPPED), ("open", " AND " + _SKIPPED)]
    voted = "" if reviewer.is_admin else _NOT_VOTED
    for state, skip_filter in passes:
        row = conn.execute(
            "SELECT ri.id FROM review_items ri WHERE ri.state = :state"  # noqa: S608 - constant SQL fragments, values bound
            " AND (ri.leased_by IS NULL OR ri.lease_until IS NULL OR ri.lease_until < :now)"
            + voted
            + skip_filter
            + " ORDER BY ri.priority DESC, ri.id LIMIT 1",
            {"state": state, "me": reviewer.id, "now": now_iso},
        ).fetchone()
        if row is not None:
            return row
    return None


def _marks(values: Iterable) -> str:
    return ", ".join("?" for _ in values)


# --- deciding ---------------------------------------------------------------


def vote_rows(item: Item, verdict: str, groups: Mapping[int, int] | None = None) -> list[tuple[int, int, str]]:
    """The (mention_a, mention_b, verdict) rows a verdict on this item stands for."""
    ids = sorted(set(item.mention_ids))
    if len(ids) < 2:
        raise QueueError(f"item {item.id} names fewer than two mentions")
    if item.kind == "pair" or verdict in ("unsure", "skip"):
        return [(*ordered_pair(ids[0], ids[1]), verdict)]
    anchor = ids[0]
    if verdict == "same":
        return [(anchor, other, "same") for other in ids[1:]]
    if groups is None:
        partition = [[m] for m in ids]
    else:
        if set(groups) != set(ids):
            raise QueueError("a split must put every mention of the cluster in a group")
        by_label: dict[int, list[int]] = {}
        for mention, label in groups.items():
            by_label.setdefault(label, []).append(mention)
        partition = sorted(sorted(members) for members in by_label.values())
        if len(partition) < 2:
            raise QueueError("a split needs at least two groups; choose 'same' for one person")
    rows = [(group[0], other, "same") for group in partition for other in group[1:]]
    anchors = [group[0] for group in partition]
    rows += [(a, b, "different") for i, a in enumerate(anchors) for b in anchors[i + 1 :]]
    return rows


def _round_votes(conn: sqlite3.Connection, item_id: int) -> list[tuple[int, int, int, str, int]]:
    return conn.execute(
        "SELECT d.reviewer_id, d.mention_a, d.mention_b, d.verdict, d.binding FROM decisions d"  # noqa: S608 - constant SQL fragments, values bound
        " WHERE d.review_item_id = ? AND d.verdict IN ('same', 'different', 'unsure') AND " + _ROUND
        + " ORDER BY d.id",
        (item_id,),
    ).fetchall()


def decide(
    conn: sqlite3.Connection,
    reviewer: Reviewer,
    item_id: int,
    verdict: str,
    *,
    note: str | None = None,
    groups: Mapping[int, int] | None = None,
    now: datetime | None = None,
) -> Outcome:
    """Record the reviewer's verdict on an item reserved for them (see module doc)."""
    if verdict not in VERDICTS:
        raise QueueError(f"unknown verdict {verdict!r}: one of {', '.join(VERDICTS)}")
    note = (note or "").strip()[:MAX_NOTE_LENGTH] or None
    stamp = iso(_now(now))
    with _immediate(conn):
        current = conn.execute(
            "SELECT disabled, role FROM reviewers WHERE id = ?", (reviewer.id,)
        ).fetchone()
        if current is None or current[0]:
            raise NotAllowed("this account is disabled")
        is_admin = current[1] == "admin"
        item = get_item(conn, item_id)
        if item is None:
            raise ItemNotFound(f"no review item {item_id}")
        if item.state not in (("escalated", "open") if is_admin else ("open",)):
            raise ItemClosed(f"item {item_id} is {item.state}, no longer open")
        if item.leased_by != reviewer.id:
            raise LeaseLost(f"item {item_id} is no longer reserved for you")
        votes = _round_votes(conn, item_id)
        if not is_admin and any(v[0] == reviewer.id for v in votes):
            raise AlreadyVoted(f"you have already voted on item {item_id}")
        rows = vote_rows(item, verdict, groups)
        state, result, binding = _resolve(conn, item, verdict, rows, votes, reviewer.id, is_admin)
        ids = [
            conn.execute(
                "INSERT INTO decisions (review_item_id, mention_a, mention_b, verdict, binding, reviewer_id,"
                " note, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (item_id, a, b, v, int(binding), reviewer.id, note, stamp),
            ).lastrowid
            for a, b, v in rows
        ]
        conn.execute(
            "UPDATE review_items SET state = ?, leased_by = NULL, lease_until = NULL, updated_at = ? WHERE id = ?",
            (state, stamp, item_id),
        )
    return Outcome(result=result, state=state, decision_ids=ids, binding=binding)


def _resolve(
    conn: sqlite3.Connection,
    item: Item,
    verdict: str,
    rows: list[tuple[int, int, str]],
    votes: list[tuple[int, int, int, str, int]],
    reviewer_id: int,
    is_admin: bool,
) -> tuple[str, str, bool]:
    """(new state, result, binding) for this vote given the round's earlier votes."""
    if verdict == "skip":
        return item.state, "skipped", False
    if verdict == "unsure":
        if is_admin:
            return "insufficient", "insufficient", False
        unsure_voters = {v[0] for v in votes if v[3] == "unsure"} | {reviewer_id}
        if len(unsure_voters) >= UNSURE_LIMIT:
            return "escalated", "escalated", False
        return item.state, "vote_recorded", False
    required = get_policy(conn).required_agreements
    if is_admin or required <= 1:
        return "decided", "decided", True
    mine = frozenset(rows)
    others: dict[int, set[tuple[int, int, str]]] = {}
    for voter, a, b, v, _binding in votes:
        if v != "unsure" and voter != reviewer_id:
            others.setdefault(voter, set()).add((a, b, v))
    if any(frozenset(theirs) != mine for theirs in others.values()):
        return "escalated", "escalated", False
    if len(others) + 1 >= required:
        return "decided", "decided", True
    return item.state, "vote_recorded", False


def release(conn: sqlite3.Connection, reviewer: Reviewer, item_id: int) -> None:
    """Give an item back to the queue without a verdict (e.g. on logout)."""
    with _immediate(conn):
        conn.execute(
            "UPDATE review_items SET leased_by = NULL, lease_until = NULL WHERE id = ? AND leased_by = ?",
            (item_id, reviewer.id),
        )


def revert(
    conn: sqlite3.Connection,
    admin: Reviewer,
    item_id: int,
    *,
    note: str | None = None,
    now: datetime | None = None,
) -> Outcome:
    """Cancel the current round's votes on an item (admins only) and reopen it."""
    stamp = iso(_now(now))
    note = (note or "").strip()[:MAX_NOTE_LENGTH] or None
    with _immediate(conn):
        current = conn.execute("SELECT disabled, role FROM reviewers WHERE id = ?", (admin.id,)).fetchone()
        if current is None or current[0] or current[1] != "admin":
            raise NotAllowed("only an admin can revert decisions")
        if conn.execute("SELECT 1 FROM review_items WHERE id = ?", (item_id,)).fetchone() is None:
            raise ItemNotFound(f"no review item {item_id}")
        cancelled = conn.execute(
            "SELECT d.id, d.mention_a, d.mention_b FROM decisions d WHERE d.review_item_id = ?"  # noqa: S608 - constant SQL fragments, values bound
            " AND d.verdict IN ('same', 'different', 'unsure') AND " + _ROUND + " ORDER BY d.id",
            (item_id,),
        ).fetchall()
        if not cancelled:
            raise QueueError(f"item {item_id} has no decision to revert")
        ids = [
            conn.execute(
                "INSERT INTO decisions (review_item_id, mention_a, mention_b, verdict, reverts_decision_id,"
                " binding, reviewer_id, note, decided_at) VALUES (?, ?, ?, 'revert', ?, 1, ?, ?, ?)",
                (item_id, a, b, decision_id, admin.id, note, stamp),
            ).lastrowid
            for decision_id, a, b in cancelled
        ]
        conn.execute(
            "UPDATE review_items SET state = 'open', leased_by = NULL, lease_until = NULL, updated_at = ?"
            " WHERE id = ?",
            (stamp, item_id),
        )
    return Outcome(result="reopened", state="open", decision_ids=ids, binding=True)


# --- history and progress ---------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    id: int
    review_item_id: int | None
    mention_a: int
    mention_b: int
    verdict: str
    reverts_decision_id: int | None
    binding: bool
    reviewer: str | None
    note: str | None
    decided_at: str


def history(conn: sqlite3.Connection, *, item_id: int | None = None, limit: int = 200) -> list[HistoryRow]:
    """Decisions newest first, with reviewer names: for admins' eyes only."""
    where = "WHERE d.review_item_id = ?" if item_id is not None else ""
    params: tuple = (item_id, limit) if item_id is not None else (limit,)
    rows = conn.execute(
        "SELECT d.id, d.review_item_id, d.mention_a, d.mention_b, d.verdict, d.reverts_decision_id,"  # noqa: S608 - constant SQL fragments, values bound
        " d.binding, r.name, d.note, d.decided_at FROM decisions d"
        f" LEFT JOIN reviewers r ON r.id = d.reviewer_id {where} ORDER BY d.id DESC LIMIT ?",
        params,
    )
    return [HistoryRow(*row[:6], bool(row[6]), *row[7:]) for row in rows]


@dataclass(frozen=True)
class Progress:
    open_items: int
    escalated_items: int
    decided_today: int
    my_votes: int
    my_votes_today: int
    per_reviewer: list[tuple[str, int, int]] | None  # admins only: (name, votes, today)


def progress(conn: sqlite3.Connection, reviewer: Reviewer, *, now: datetime | None = None) -> Progress:
    today = _now(now).astimezone(UTC).date().isoformat()
    counts = dict(conn.execute("SELECT state, COUNT(*) FROM review_items GROUP BY state"))
    decided_today = conn.execute(
        "SELECT COUNT(DISTINCT review_item_id) FROM decisions"
        " WHERE binding = 1 AND verdict IN ('same', 'different') AND decided_at >= ?",
        (today,),
    ).fetchone()[0]
    # One vote may write several rows (a cluster split): count distinct items.
    mine = conn.execute(
        "SELECT COUNT(DISTINCT review_item_id || ':' || decided_at),"
        " COUNT(DISTINCT CASE WHEN decided_at >= ? THEN review_item_id || ':' || decided_at END)"
        " FROM decisions WHERE reviewer_id = ? AND verdict IN ('same', 'different', 'unsure')",
        (today, reviewer.id),
    ).fetchone()
    per_reviewer = None
    if reviewer.is_admin:
        per_reviewer = [
            (name, total, today_count)
            for name, total, today_count in conn.execute(
                "SELECT r.name, COUNT(DISTINCT d.review_item_id || ':' || d.decided_at),"
                " COUNT(DISTINCT CASE WHEN d.decided_at >= ? THEN d.review_item_id || ':' || d.decided_at END)"
                " FROM reviewers r LEFT JOIN decisions d ON d.reviewer_id = r.id"
                " AND d.verdict IN ('same', 'different', 'unsure') GROUP BY r.id ORDER BY r.name",
                (today,),
            )
        ]
    return Progress(
        open_items=counts.get("open", 0),
        escalated_items=counts.get("escalated", 0),
        decided_today=decided_today,
        my_votes=mine[0],
        my_votes_today=mine[1],
        per_reviewer=per_reviewer,
    )


def items_with_round_votes(conn: sqlite3.Connection, item_ids: Iterable[int]) -> set[int]:
    """Which of these items have votes in their current round, i.e. something to revert."""
    found = set()
    for item_id in item_ids:
        row = conn.execute(
            "SELECT 1 FROM decisions d WHERE d.review_item_id = ?"  # noqa: S608 - constant SQL fragments, values bound
            " AND d.verdict IN ('same', 'different', 'unsure') AND " + _ROUND + " LIMIT 1",
            (item_id,),
        ).fetchone()
        if row:
            found.add(item_id)
    return found
