"""Queue, lease and decision logic of the review screen, on a real SQLite file."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from db import open_db
from db.decisions import effective_constraints
from db.review_queue import (
    AlreadyVoted,
    ItemClosed,
    LeaseLost,
    NotAllowed,
    QueueError,
    claim_next,
    decide,
    get_item,
    get_policy,
    history,
    progress,
    revert,
    set_policy,
)
from db.reviewers import add_reviewer, authenticate, hash_password, set_disabled, verify_password
from nekrolog.review.sample import add_cluster_item, add_mention, add_pair_item

FAST = 1_000  # hash iterations for test accounts; the stored format is unchanged
T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def db(tmp_path):
    return open_db(tmp_path / "review.db")


def _mention(conn, n: int, **fields) -> int:
    return add_mention(conn, url=f"https://example.org/{n}", text=f"Погиб Иванов {n}.", surname="Иванов",
                       full_name=f"Иванов {n}", **fields)


@pytest.fixture
def queue(db):
    """Three pair items with priorities 3, 2, 1 and one three-mention cluster (priority 0)."""
    conn = db.conn
    with conn:
        ids = [_mention(conn, n) for n in range(9)]
        items = [
            add_pair_item(conn, ids[0], ids[1], priority=3),
            add_pair_item(conn, ids[2], ids[3], priority=2),
            add_pair_item(conn, ids[4], ids[5], priority=1),
            add_cluster_item(conn, ids[6:9], priority=0),
        ]
        people = {
            name: add_reviewer(conn, name, "password-" + name, role=role, iterations=FAST)
            for name, role in (("anna", "volunteer"), ("boris", "volunteer"), ("vera", "volunteer"),
                               ("admin", "admin"))
        }
    return {"items": items, "mentions": ids, "people": people}


def test_password_hash_is_salted_and_verifies(db):
    first, second = hash_password("секрет-123", iterations=FAST), hash_password("секрет-123", iterations=FAST)
    assert first != second  # per-account salt
    assert verify_password("секрет-123", first) and not verify_password("секрет-124", first)
    assert not verify_password("x", "garbage") and not verify_password("x", None)


def test_authenticate_refuses_wrong_password_and_disabled_accounts(db, queue):
    conn = db.conn
    assert authenticate(conn, "anna", "password-anna").name == "anna"
    assert authenticate(conn, "anna", "wrong-password") is None
    assert authenticate(conn, "nobody", "password-anna") is None
    with conn:
        set_disabled(conn, "anna")
    assert authenticate(conn, "anna", "password-anna") is None


def test_claim_takes_highest_priority_and_keeps_it_on_reload(db, queue):
    anna, boris = queue["people"]["anna"], queue["people"]["boris"]
    first = claim_next(db.conn, anna, now=T0)
    assert first.id == queue["items"][0]
    assert claim_next(db.conn, anna, now=T0 + timedelta(minutes=1)).id == first.id  # same item on reload
    assert claim_next(db.conn, boris, now=T0).id == queue["items"][1]  # leased items are not handed out


def test_expired_lease_returns_item_to_queue_and_old_holder_cannot_decide(db, queue):
    anna, boris = queue["people"]["anna"], queue["people"]["boris"]
    item = claim_next(db.conn, anna, now=T0)
    later = T0 + timedelta(minutes=get_policy(db.conn).lease_minutes + 1)
    assert claim_next(db.conn, boris, now=later).id == item.id
    with pytest.raises(LeaseLost):
        decide(db.conn, anna, item.id, "same", now=later)
    assert db.conn.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == 0
    outcome = decide(db.conn, boris, item.id, "different", note="разные отчества", now=later)
    assert outcome.result == "decided" and outcome.binding
    row = db.conn.execute("SELECT verdict, binding, reviewer_id, note FROM decisions").fetchone()
    assert row == ("different", 1, boris.id, "разные отчества")
    assert get_item(db.conn, item.id).state == "decided"


def test_two_volunteers_racing_for_one_item_one_fails_cleanly(tmp_path, queue, db):
    """Two processes' connections, both sure they hold the item: exactly one decision lands."""
    anna, boris = queue["people"]["anna"], queue["people"]["boris"]
    item_id = queue["items"][0]
    path = tmp_path / "review.db"
    # anna was shown the item, her lease ran out, boris was shown it: both submit at once.
    claim_next(db.conn, anna, now=T0)
    claim_next(db.conn, boris, now=T0 + timedelta(hours=1))
    results: dict[str, object] = {}
    barrier = threading.Barrier(2)

    def submit(who):
        conn = open_db(path).conn
        barrier.wait()
        try:
            results[who.name] = decide(conn, who, item_id, "same", now=T0 + timedelta(hours=1)).result
        except QueueError as exc:
            results[who.name] = exc
        finally:
            conn.close()

    threads = [threading.Thread(target=submit, args=(who,)) for who in (anna, boris)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results["boris"] == "decided"
    # Depending on who got the write lock first, anna finds the item taken or already closed.
    assert isinstance(results["anna"], LeaseLost | ItemClosed), results["anna"]
    rows = db.conn.execute("SELECT reviewer_id FROM decisions WHERE review_item_id = ?", (item_id,)).fetchall()
    assert rows == [(boris.id,)]


def test_concurrent_claims_never_hand_out_one_item_twice(tmp_path, queue, db):
    people = [queue["people"][n] for n in ("anna", "boris", "vera", "admin")]
    claimed: dict[str, int | None] = {}
    barrier = threading.Barrier(len(people))

    def claim(who):
        conn = open_db(tmp_path / "review.db").conn
        barrier.wait()
        item = claim_next(conn, who, now=T0)
        claimed[who.name] = item.id if item else None
        conn.close()

    threads = [threading.Thread(target=claim, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(claimed.values()) == sorted(queue["items"])


def test_two_agreeing_votes_settle_the_pair(db, queue):
    set_policy(db.conn, required_agreements=2)
    anna, boris = queue["people"]["anna"], queue["people"]["boris"]
    item = claim_next(db.conn, anna, now=T0)
    first = decide(db.conn, anna, item.id, "same", now=T0)
    assert (first.result, first.binding, first.state) == ("vote_recorded", False, "open")
    assert effective_constraints(db.conn) == []  # one vote is not yet a constraint
    # anna never gets the item she voted on again; boris does.
    assert claim_next(db.conn, anna, now=T0).id != item.id
    assert claim_next(db.conn, boris, now=T0).id == item.id
    second = decide(db.conn, boris, item.id, "same", now=T0)
    assert (second.result, second.binding, second.state) == ("decided", True, "decided")
    a, b = item.mention_ids
    constraints = effective_constraints(db.conn)
    assert [(c.mention_a, c.mention_b, c.verdict) for c in constraints] == [(min(a, b), max(a, b), "same")]


def test_disagreeing_votes_escalate_to_admin_whose_decision_is_binding(db, queue):
    set_policy(db.conn, required_agreements=2)
    anna, boris, admin = (queue["people"][n] for n in ("anna", "boris", "admin"))
    item = claim_next(db.conn, anna, now=T0)
    decide(db.conn, anna, item.id, "same", now=T0)
    claim_next(db.conn, boris, now=T0)
    outcome = decide(db.conn, boris, item.id, "different", now=T0)
    assert outcome.state == "escalated" and not outcome.binding
    assert effective_constraints(db.conn) == []
    # Volunteers no longer see it; the admin sees escalated items before open ones.
    vera = queue["people"]["vera"]
    assert claim_next(db.conn, vera, now=T0).id != item.id
    assert claim_next(db.conn, admin, now=T0).id == item.id
    final = decide(db.conn, admin, item.id, "different", now=T0)
    assert final.binding and final.state == "decided"
    assert [c.verdict for c in effective_constraints(db.conn)] == ["different"]


def test_a_volunteer_cannot_vote_twice_or_decide_closed_items(db, queue):
    set_policy(db.conn, required_agreements=2)
    anna = queue["people"]["anna"]
    item = claim_next(db.conn, anna, now=T0)
    decide(db.conn, anna, item.id, "same", now=T0)
    # Force the lease back to her, as a stale browser tab would claim it still has it.
    with db.conn:
        db.conn.execute("UPDATE review_items SET leased_by = ? WHERE id = ?", (anna.id, item.id))
    with pytest.raises(AlreadyVoted):
        decide(db.conn, anna, item.id, "same", now=T0)
    with db.conn:
        db.conn.execute("UPDATE review_items SET state = 'decided' WHERE id = ?", (item.id,))
    with pytest.raises(ItemClosed):
        decide(db.conn, anna, item.id, "different", now=T0)


def test_skip_returns_the_item_and_puts_it_last_for_that_volunteer(db, queue):
    anna = queue["people"]["anna"]
    item = claim_next(db.conn, anna, now=T0)
    outcome = decide(db.conn, anna, item.id, "skip", now=T0)
    assert outcome.result == "skipped" and get_item(db.conn, item.id).state == "open"
    assert get_item(db.conn, item.id).leased_by is None
    order = []
    for _ in range(4):
        nxt = claim_next(db.conn, anna, now=T0)
        order.append(nxt.id)
        decide(db.conn, anna, nxt.id, "unsure", now=T0)
    assert order[-1] == item.id  # skipped one comes back only after the rest


def test_unsure_votes_escalate_and_admin_unsure_closes_as_insufficient(db, queue):
    anna, boris, admin = (queue["people"][n] for n in ("anna", "boris", "admin"))
    item = claim_next(db.conn, anna, now=T0)
    assert decide(db.conn, anna, item.id, "unsure", now=T0).state == "open"
    claim_next(db.conn, boris, now=T0)
    assert decide(db.conn, boris, item.id, "unsure", now=T0).state == "escalated"
    assert claim_next(db.conn, admin, now=T0).id == item.id
    assert decide(db.conn, admin, item.id, "unsure", now=T0).state == "insufficient"
    assert effective_constraints(db.conn) == []


def test_admin_revert_is_a_new_decision_and_reopens_the_item(db, queue):
    anna, boris, admin = (queue["people"][n] for n in ("anna", "boris", "admin"))
    item = claim_next(db.conn, anna, now=T0)
    decide(db.conn, anna, item.id, "same", now=T0)
    assert len(effective_constraints(db.conn)) == 1
    with pytest.raises(NotAllowed):
        revert(db.conn, boris, item.id)
    outcome = revert(db.conn, admin, item.id, note="ошибка", now=T0)
    assert outcome.state == "open"
    assert effective_constraints(db.conn) == []
    rows = db.conn.execute("SELECT id, verdict, reverts_decision_id, reviewer_id FROM decisions ORDER BY id").fetchall()
    assert [r[1] for r in rows] == ["same", "revert"] and rows[1][2] == rows[0][0] and rows[1][3] == admin.id
    # A new round: anna may vote again, and the old vote does not count towards agreement.
    assert claim_next(db.conn, anna, now=T0).id == item.id
    assert decide(db.conn, anna, item.id, "different", now=T0).binding
    assert [c.verdict for c in effective_constraints(db.conn)] == ["different"]
    names = {h.reviewer for h in history(db.conn, item_id=item.id)}
    assert names == {"anna", "admin"}


def test_decisions_stay_append_only(db, queue):
    anna = queue["people"]["anna"]
    item = claim_next(db.conn, anna, now=T0)
    decide(db.conn, anna, item.id, "same", now=T0)
    import sqlite3

    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        with db.conn:
            db.conn.execute("UPDATE decisions SET verdict = 'different'")


def test_cluster_split_writes_must_and_cannot_links_and_agreement_compares_groupings(db, queue):
    set_policy(db.conn, required_agreements=2)
    anna, boris, vera = (queue["people"][n] for n in ("anna", "boris", "vera"))
    cluster_id = queue["items"][3]
    m6, m7, m8 = queue["mentions"][6:9]
    with db.conn:  # leave only the cluster open
        db.conn.execute("UPDATE review_items SET state = 'obsolete' WHERE kind = 'pair'")
    assert claim_next(db.conn, anna, now=T0).id == cluster_id
    decide(db.conn, anna, cluster_id, "different", groups={m6: 1, m7: 1, m8: 2}, now=T0)
    claim_next(db.conn, boris, now=T0)
    # Same grouping, other labels: agreement.
    outcome = decide(db.conn, boris, cluster_id, "different", groups={m6: 5, m7: 5, m8: 9}, now=T0)
    assert outcome.result == "decided"
    got = {(c.mention_a, c.mention_b, c.verdict) for c in effective_constraints(db.conn)}
    assert got == {(m6, m7, "same"), (m6, m8, "different")}
    # A split that leaves a mention out is refused, nothing written.
    assert claim_next(db.conn, vera, now=T0) is None
    with pytest.raises(QueueError):
        from db.review_queue import vote_rows

        vote_rows(get_item(db.conn, cluster_id), "different", {m6: 1, m7: 2})


def test_cluster_same_is_all_one_person(db, queue):
    anna = queue["people"]["anna"]
    cluster_id = queue["items"][3]
    m6, m7, m8 = queue["mentions"][6:9]
    with db.conn:
        db.conn.execute("UPDATE review_items SET state = 'obsolete' WHERE kind = 'pair'")
    claim_next(db.conn, anna, now=T0)
    decide(db.conn, anna, cluster_id, "same", now=T0)
    got = {(c.mention_a, c.mention_b, c.verdict) for c in effective_constraints(db.conn)}
    assert got == {(m6, m7, "same"), (m6, m8, "same")}


def test_disabled_account_loses_its_lease_and_cannot_decide(db, queue):
    anna, boris = queue["people"]["anna"], queue["people"]["boris"]
    item = claim_next(db.conn, anna, now=T0)
    with db.conn:
        set_disabled(db.conn, "anna")
    with pytest.raises(NotAllowed):
        decide(db.conn, anna, item.id, "same", now=T0)
    assert claim_next(db.conn, boris, now=T0).id == item.id


def test_progress_shows_own_counts_and_names_only_to_admins(db, queue):
    anna, boris, admin = (queue["people"][n] for n in ("anna", "boris", "admin"))
    for who in (anna, anna, boris):
        item = claim_next(db.conn, who, now=T0)
        decide(db.conn, who, item.id, "same", now=T0)
    mine = progress(db.conn, anna, now=T0)
    assert (mine.my_votes, mine.my_votes_today, mine.decided_today) == (2, 2, 3)
    assert mine.open_items == 1 and mine.per_reviewer is None
    tomorrow = progress(db.conn, anna, now=T0 + timedelta(days=1))
    assert (tomorrow.my_votes, tomorrow.my_votes_today, tomorrow.decided_today) == (2, 0, 0)
    overview = dict((name, total) for name, total, _ in progress(db.conn, admin, now=T0).per_reviewer)
    assert overview == {"admin": 0, "anna": 2, "boris": 1, "vera": 0}


def test_policy_is_validated_and_shared(db):
    assert get_policy(db.conn).required_agreements == 1
    set_policy(db.conn, required_agreements=2, lease_minutes=30)
    assert (get_policy(db.conn).required_agreements, get_policy(db.conn).lease_minutes) == (2, 30)
    with pytest.raises(ValueError):
        set_policy(db.conn, required_agreements=0)
