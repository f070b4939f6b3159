"""How fast the review queue hands out and records items as it grows.

Generates a queue of N pair items (deterministic, seed 7) with 5 volunteers
and a history of earlier votes, then times claim_next + decide round trips
(each its own BEGIN IMMEDIATE transaction, on a real file) and the
rendering data of one item. Prints milliseconds per operation.

    python bench/review_queue.py            # N = 20000
    python bench/review_queue.py 100000
    python bench/review_queue.py 20000 --http   # also through Datasette + uvicorn on 127.0.0.1
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from db import open_db
from db.review_queue import claim_next, decide, set_policy
from db.reviewers import add_reviewer
from nekrolog.review.view import build_view


def build(path: Path, n_items: int, seed: int = 7):
    rng = random.Random(seed)
    db = open_db(path)
    conn = db.conn
    now = "2024-01-01T00:00:00+00:00"
    with conn:
        conn.execute(
            "INSERT INTO sources (id, kind, name, settings, created_at, updated_at)"
            " VALUES ('bench', 'news', 'bench', '{}', ?, ?)", (now, now))
        for i in range(2 * n_items):
            conn.execute(
                "INSERT INTO mentions (key, source_id, full_name, surname, first_name, death_date, evidence,"
                " first_seen_at, updated_at) VALUES (?, 'bench', ?, ?, 'Иван', ?, '{}', ?, ?)",
                (f"bench:{i}", f"Фамилия{i // 2} Иван", f"Фамилия{i // 2}",
                 f"2023-{rng.randint(1, 12):02d}", now, now))
        for i in range(n_items):
            conn.execute(
                "INSERT INTO review_items (kind, item_key, mention_a, mention_b, score, priority, state,"
                " created_at, updated_at) VALUES ('pair', ?, ?, ?, ?, ?, 'open', ?, ?)",
                (f"pair:{2 * i + 1}:{2 * i + 2}", 2 * i + 1, 2 * i + 2, rng.random(), rng.random(), now, now))
        people = [add_reviewer(conn, f"v{k}", "bench-password", iterations=1_000) for k in range(5)]
    return db, people


def http_round_trips(path: Path, rounds: int = 100) -> None:
    """Log in as a volunteer and time page loads and decisions through a real server."""
    import re

    import httpx
    from datasette.app import Datasette

    from nekrolog.review.background import serve_in_thread

    with serve_in_thread(Datasette([str(path)]).app()) as url, httpx.Client(base_url=url, timeout=30) as client:
        token = re.search(r'name="csrftoken" value="([^"]+)"', client.get("/-/review/login").text).group(1)
        client.post("/-/review/login", data={"name": "v0", "password": "bench-password", "csrftoken": token})
        page_ms, post_ms = [], []
        for _ in range(rounds):
            t0 = time.perf_counter()
            page = client.get("/-/review")
            t1 = time.perf_counter()
            item_id = re.search(r'name="item_id" value="(\d+)"', page.text).group(1)
            token = re.search(r'name="csrftoken" value="([^"]+)"', page.text).group(1)
            client.post("/-/review/decide", data={"item_id": item_id, "verdict": "skip", "csrftoken": token})
            t2 = time.perf_counter()
            page_ms.append((t1 - t0) * 1000)
            post_ms.append((t2 - t1) * 1000)
    print(f"GET /-/review over HTTP ({rounds} calls): {summary(page_ms)}")
    print(f"POST /-/review/decide over HTTP ({rounds} calls): {summary(post_ms)}")


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    return f"median {ordered[len(ordered) // 2]:.2f} ms, p95 {ordered[int(len(ordered) * 0.95)]:.2f} ms"


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n_items = int(args[0]) if args else 20_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        start = time.perf_counter()
        db, people = build(path, n_items)
        print(f"queue of {n_items} items built in {time.perf_counter() - start:.1f} s")
        conn = db.conn
        set_policy(conn, required_agreements=2)
        rounds = 400
        claim_ms, decide_ms, view_ms = [], [], []
        for r in range(rounds):
            who = people[r % len(people)]
            t0 = time.perf_counter()
            item = claim_next(conn, who)
            t1 = time.perf_counter()
            build_view(conn, item)
            t2 = time.perf_counter()
            decide(conn, who, item.id, "same" if r % 7 else "different")
            t3 = time.perf_counter()
            claim_ms.append((t1 - t0) * 1000)
            view_ms.append((t2 - t1) * 1000)
            decide_ms.append((t3 - t2) * 1000)

        print(f"claim_next ({rounds} calls): {summary(claim_ms)}")
        print(f"build_view ({rounds} calls): {summary(view_ms)}")
        print(f"decide     ({rounds} calls): {summary(decide_ms)}")
        states = dict(conn.execute("SELECT state, COUNT(*) FROM review_items GROUP BY state"))
        print(f"after the run: {states.get('decided', 0)} decided by two agreeing votes, "
              f"{states.get('escalated', 0)} escalated, {states.get('open', 0)} open")
        conn.close()
        if "--http" in sys.argv:
            http_round_trips(path)


if __name__ == "__main__":
    main()
