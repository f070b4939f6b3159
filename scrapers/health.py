"""Source health from ``crawl_runs``: last success, last error, and warnings.

A site's redesign rarely fails loudly: the feed still answers 200, but the
selectors find nothing, or every article now errors. So ``sources status``
warns when a source yielded nothing new for N finished runs in a row, and when
its error rate jumps above its own recent baseline.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

#: Finished runs in a row without a new or changed page before we warn.
DEFAULT_STALE_RUNS = 5
#: Runs that form the error-rate baseline.
BASELINE_RUNS = 10
#: An error rate is a jump when it is at least this high ...
MIN_JUMP_RATE = 0.2
#: ... and exceeds the baseline rate by this much.
JUMP_MARGIN = 0.15


@dataclass
class SourceHealth:
    source_id: str
    name: str | None = None
    kind: str | None = None
    runs: int = 0
    last_run_at: str | None = None
    last_finish_reason: str | None = None
    last_success_at: str | None = None
    last_error_at: str | None = None
    last_error: str | None = None
    pages: int = 0
    mentions: int = 0
    warnings: list[str] = field(default_factory=list)


def _rate(run: dict) -> float:
    return run["errors"] / max(run["requests"], 1)


def source_health(
    db: sqlite_utils.Database,
    source_ids: list[str] | None = None,
    names: dict[str, tuple[str, str]] | None = None,
    *,
    stale_runs: int = DEFAULT_STALE_RUNS,
) -> list[SourceHealth]:
    """Health of each source (those in the database, plus ``source_ids``)."""
    known = {r[0]: (r[1], r[2]) for r in db.conn.execute("SELECT id, name, kind FROM sources")}
    names = {**known, **(names or {})}
    ids = list(dict.fromkeys([*(source_ids or []), *([] if source_ids else [k for k in known if known[k][1] != "import"])]))
    result = []
    for source_id in ids:
        health = SourceHealth(source_id, *names.get(source_id, (None, None)))
        cursor = db.conn.execute(
            "SELECT * FROM crawl_runs WHERE source_id = ? ORDER BY id DESC LIMIT 200", (source_id,)
        )
        columns = [c[0] for c in cursor.description]
        runs = [dict(zip(columns, row)) for row in cursor.fetchall()]
        health.runs = len(runs)
        health.pages = db.conn.execute("SELECT COUNT(*) FROM pages WHERE source_id = ?", (source_id,)).fetchone()[0]
        health.mentions = db.conn.execute(
            "SELECT COUNT(*) FROM mentions WHERE source_id = ? AND retracted_at IS NULL", (source_id,)
        ).fetchone()[0]
        if not runs:
            health.warnings.append("never crawled")
            result.append(health)
            continue
        latest = runs[0]
        health.last_run_at = latest["started_at"]
        health.last_finish_reason = latest["finish_reason"] if latest["finished_at"] else "did not finish"
        for run in runs:
            if run["finished_at"] and run["finish_reason"] == "finished":
                health.last_success_at = run["started_at"]
                break
        for run in runs:
            if run["errors"] or (run["finished_at"] and run["finish_reason"] != "finished"):
                health.last_error_at = run["started_at"]
                health.last_error = run["last_error"] or run["finish_reason"]
                break
        if latest["finished_at"] is None:
            health.warnings.append(f"last run (started {latest['started_at']}) did not finish: killed, or still running")
        finished = [r for r in runs if r["finished_at"]]
        if finished and finished[0]["finish_reason"] not in ("finished",):
            health.warnings.append(f"last run failed ({finished[0]['finish_reason']}): {finished[0]['last_error'] or '-'}")
        recent = finished[:stale_runs]
        if len(recent) >= stale_runs and all(r["pages_new"] + r["pages_changed"] == 0 for r in recent):
            health.warnings.append(
                f"nothing new in the last {stale_runs} runs: check the site (redesign? feed moved? selectors?)"
            )
        if len(finished) >= 2:
            rate = _rate(finished[0])
            baseline_runs = finished[1: 1 + BASELINE_RUNS]
            baseline = sum(_rate(r) for r in baseline_runs) / len(baseline_runs)
            if rate >= MIN_JUMP_RATE and rate >= baseline + JUMP_MARGIN:
                health.warnings.append(
                    f"error rate jumped to {rate:.0%} of requests (baseline {baseline:.0%} over "
                    f"{len(baseline_runs)} runs); last error: {finished[0]['last_error'] or '-'}"
                )
        result.append(health)
    return result
