"""``--as-of``: each counted person's best date over time, kept in an indexed table.

A person's as-of state (counted or not, best date and basis) changes only when
one of his mentions is first seen. ``stats_asof_spans`` holds one row per state
that lasted: from ``seen_from`` (exclusive: the state holds for a cut-off after
it) to ``seen_until`` (inclusive; NULL = still today's). For a cut-off ``C`` (the
first instant *not* included) the person stood as the row with
``seen_from < C AND (seen_until IS NULL OR seen_until >= C)``; he did not count
if there is none. The figures as of a day are then one scan of a covering index,
like the live ones.

The rows follow the rule of docs/stats.md ("As of a date"): the last state is
matching's stored best date; earlier ones are recomputed from the mentions seen
by then exactly as matching combines them (matching/persons.py). A counted
person with no active mention left counts at every cut-off on his stored date.

Freshness: triggers (db/migrations.py) list in ``stats_asof_dirty`` every person
whose row, links or mentions changed. ``refresh_spans`` rebuilds those persons'
rows; when it cannot write (read-only connection, a writer holds the lock, an
open transaction) the stale persons are rebuilt into a temporary table instead
and read from there, so the figures are never stale — only slower.
"""

from __future__ import annotations

import sqlite3

SPANS = "stats_asof_spans"
DIRTY = "stats_asof_dirty"
_COLUMNS = "person_id, seen_from, seen_until, date, date_basis, region, category"

# A person's dates among the mentions seen by an epoch, chosen as matching chooses
# them (matching/persons.py, _best_date): for death and funeral the value compatible
# with most of the others (partial dates are compatible when one is a prefix of the
# other), then the most precise, then the most frequent, then the latest; for the
# report date the smallest.
_BEST_CTE = """
{name} AS (
    SELECT pid, ep, v FROM (
        SELECT d.pid AS pid, d.ep AS ep, d.v AS v, ROW_NUMBER() OVER (
            PARTITION BY d.pid, d.ep ORDER BY
                SUM(b.{col} = substr(d.v, 1, length(b.{col})) OR d.v = substr(b.{col}, 1, length(d.v))) DESC,
                length(d.v) DESC, SUM(b.{col} = d.v) DESC, d.v DESC) AS rank
        FROM (SELECT DISTINCT pid, ep, {col} AS v FROM {seen} WHERE {col} IS NOT NULL) d
        JOIN {seen} b ON b.pid = d.pid AND b.ep = d.ep AND b.{col} IS NOT NULL
        GROUP BY d.pid, d.ep, d.v
    ) WHERE rank = 1
)"""


def spans_ctes(targets: str) -> str:
    """CTEs ending in ``spans_new`` (columns as ``stats_asof_spans``) for the persons
    whose ids are in relation ``targets`` (column ``id``; a constant name)."""
    return f"""
nk_first AS MATERIALIZED (
    SELECT x.id AS pid, MIN(m.first_seen_at) AS t_min, MAX(m.first_seen_at) AS t_max
    FROM {targets} x CROSS JOIN persons p ON p.id = x.id CROSS JOIN person_mentions pm ON pm.person_id = p.id
    CROSS JOIN mentions m ON m.id = pm.mention_id
    WHERE p.status = 'active' AND p.n_mentions > 0 AND m.retracted_at IS NULL
    GROUP BY x.id
),
nk_m AS MATERIALIZED (
    SELECT pm.person_id AS pid, m.first_seen_at AS t, NULLIF(m.death_date, '') AS death,
           NULLIF(m.funeral_date, '') AS funeral, NULLIF(m.reported_date, '') AS reported
    FROM nk_first x CROSS JOIN person_mentions pm ON pm.person_id = x.pid CROSS JOIN mentions m ON m.id = pm.mention_id
    WHERE x.t_min < x.t_max AND m.retracted_at IS NULL
),
nk_epochs AS MATERIALIZED (
    SELECT pid, t, LEAD(t) OVER (PARTITION BY pid ORDER BY t) AS next_t FROM (SELECT DISTINCT pid, t FROM nk_m)
),
nk_seen AS MATERIALIZED (
    SELECT e.pid AS pid, e.t AS ep, m.death AS death, m.funeral AS funeral, m.reported AS reported
    FROM nk_m m CROSS JOIN nk_epochs e ON e.pid = m.pid AND m.t <= e.t WHERE e.next_t IS NOT NULL
),
nk_reported AS (SELECT pid, ep, MIN(reported) AS v FROM nk_seen GROUP BY pid, ep),{_BEST_CTE.format(
        name="nk_death", col="death", seen="nk_seen")},{_BEST_CTE.format(name="nk_funeral", col="funeral", seen="nk_seen")},
nk_states AS (
    SELECT r.pid AS pid, r.ep AS seen_from, COALESCE(d.v, f.v, r.v) AS date,
           CASE WHEN d.v IS NOT NULL THEN 'death' WHEN f.v IS NOT NULL THEN 'funeral'
                WHEN r.v IS NOT NULL THEN 'reported' END AS date_basis
    FROM nk_reported r LEFT JOIN nk_death d ON d.pid = r.pid AND d.ep = r.ep
    LEFT JOIN nk_funeral f ON f.pid = r.pid AND f.ep = r.ep
    UNION ALL
    SELECT e.pid, e.t, p.date, p.date_basis FROM nk_epochs e JOIN persons p ON p.id = e.pid WHERE e.next_t IS NULL
),
nk_marked AS (
    SELECT pid, seen_from, date, date_basis,
           ROW_NUMBER() OVER w AS k, LAG(date) OVER w AS prev_date, LAG(date_basis) OVER w AS prev_basis
    FROM nk_states WINDOW w AS (PARTITION BY pid ORDER BY seen_from)
),
nk_kept AS (
    SELECT pid, seen_from, date, date_basis FROM nk_marked
    WHERE k = 1 OR date IS NOT prev_date OR date_basis IS NOT prev_basis
),
spans_new AS (
    SELECT k.pid AS person_id, k.seen_from AS seen_from,
           LEAD(k.seen_from) OVER (PARTITION BY k.pid ORDER BY k.seen_from) AS seen_until,
           k.date AS date, k.date_basis AS date_basis, p.region AS region, p.category AS category
    FROM nk_kept k JOIN persons p ON p.id = k.pid
    UNION ALL
    -- Mentions all first seen at once (most persons): today's state from then on.
    SELECT x.pid, x.t_min, NULL, p.date, p.date_basis, p.region, p.category
    FROM nk_first x CROSS JOIN persons p ON p.id = x.pid WHERE x.t_min = x.t_max
    UNION ALL
    -- No active mention left (not re-matched yet): counted at every cut-off, as before.
    SELECT p.id, '', NULL, p.date, p.date_basis, p.region, p.category
    FROM {targets} x CROSS JOIN persons p ON p.id = x.id
    WHERE p.status = 'active' AND p.n_mentions > 0 AND p.id NOT IN (SELECT pid FROM nk_first)
)"""  # noqa: S608 - targets is a constant relation name


def at(cutoff: str, alias: str = "") -> str:
    """SQL condition: the span row (optionally ``alias.``-qualified) holds at ``cutoff``
    (an SQL expression for the first instant not included)."""
    return f"{alias}seen_from < {cutoff} AND ({alias}seen_until IS NULL OR {alias}seen_until >= {cutoff})"


def tables_exist(conn: sqlite3.Connection) -> bool:
    found = conn.execute(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN (?, ?)", (SPANS, DIRTY)
    ).fetchone()[0]
    return found == 2


#: From this many stale persons on, the secondary indexes are dropped and built
#: again after the insert: a sort is far cheaper than a million random index
#: insertions (1M persons: minutes otherwise).
_BULK = 20_000


def _drop_indexes(conn: sqlite3.Connection) -> list[str]:
    """Drop the secondary indexes of the spans table; their CREATE statements, as
    the schema defines them, to run afterwards."""
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", (SPANS,)
    ).fetchall()
    for name, _sql in indexes:
        conn.execute(f'DROP INDEX "{name}"')  # a name read from sqlite_master, not input
    return [sql for _name, sql in indexes]


def refresh_spans(conn: sqlite3.Connection) -> int | None:
    """Rebuild the rows of every person listed as stale; the number rebuilt, or None
    when this connection cannot write now (then nothing is changed)."""
    if conn.in_transaction or not tables_exist(conn):
        return None  # never commit a caller's transaction
    if conn.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {DIRTY})").fetchone()[0]:  # noqa: S608 - constant
        return 0
    (timeout,) = conn.execute("PRAGMA busy_timeout").fetchone()
    try:
        # A running match holds the write lock for long: rather than wait, read the
        # stale persons from a temporary rebuild this time.
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return None
        try:
            conn.execute("PRAGMA temp_store = MEMORY")
            conn.execute("DROP TABLE IF EXISTS temp.nk_asof_refresh")
            conn.execute("CREATE TEMP TABLE nk_asof_refresh (id INTEGER PRIMARY KEY)")
            conn.execute(f"INSERT INTO temp.nk_asof_refresh SELECT person_id FROM {DIRTY}")  # noqa: S608 - constant
            (n,) = conn.execute("SELECT COUNT(*) FROM temp.nk_asof_refresh").fetchone()
            rebuild = _drop_indexes(conn) if n >= _BULK else []
            conn.execute(f"DELETE FROM {SPANS} WHERE person_id IN (SELECT id FROM temp.nk_asof_refresh)")  # noqa: S608
            conn.execute(
                f"INSERT INTO {SPANS} ({_COLUMNS}) WITH"  # noqa: S608 - constant SQL
                + spans_ctes("temp.nk_asof_refresh")
                + f" SELECT {_COLUMNS} FROM spans_new"  # noqa: S608
            )
            for create in rebuild:
                conn.execute(create)
            conn.execute(f"DELETE FROM {DIRTY} WHERE person_id IN (SELECT id FROM temp.nk_asof_refresh)")  # noqa: S608
            conn.execute("DROP TABLE temp.nk_asof_refresh")
            conn.execute("COMMIT")
        except sqlite3.OperationalError:
            conn.execute("ROLLBACK")  # e.g. "attempt to write a readonly database"
            return None
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return n
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")


def open_spans(conn: sqlite3.Connection) -> tuple[list[tuple[str, str]], bool]:
    """Refresh if possible and return the (relation, condition) pairs whose rows are
    every counted person's spans, disjoint; and whether filling the temporary
    tables began a transaction (sqlite3 opens one before any INSERT) that
    close_spans must end."""
    began = not conn.in_transaction
    if refresh_spans(conn) == 0:
        return [(SPANS, "1")], False
    conn.execute("PRAGMA temp_store = MEMORY")
    close_spans(conn, False)
    conn.execute("CREATE TEMP TABLE nk_asof_stale (id INTEGER PRIMARY KEY)")
    if tables_exist(conn):
        conn.execute(f"INSERT INTO temp.nk_asof_stale SELECT person_id FROM {DIRTY}")  # noqa: S608 - constant
        kept = [(SPANS, "person_id NOT IN (SELECT id FROM temp.nk_asof_stale)")]
    else:  # a database from before these tables: every person is rebuilt here
        conn.execute("INSERT INTO temp.nk_asof_stale SELECT id FROM persons")
        kept = []
    conn.execute(f"CREATE TEMP TABLE nk_asof_spans ({_COLUMNS})")  # noqa: S608 - constant
    conn.execute(
        f"INSERT INTO temp.nk_asof_spans ({_COLUMNS}) WITH"  # noqa: S608 - constant SQL
        + spans_ctes("temp.nk_asof_stale")
        + f" SELECT {_COLUMNS} FROM spans_new"  # noqa: S608
    )
    conn.execute("CREATE INDEX temp.nk_asof_spans_person ON nk_asof_spans(person_id)")
    return [*kept, ("temp.nk_asof_spans", "1")], began


def close_spans(conn: sqlite3.Connection, began: bool) -> None:
    conn.execute("DROP TABLE IF EXISTS temp.nk_asof_stale")
    conn.execute("DROP TABLE IF EXISTS temp.nk_asof_spans")
    if began and conn.in_transaction:
        conn.commit()  # only temporary tables were written in it


def asof_ctes(cutoff: str) -> str:
    """CTEs ending in ``asof(id, region, category, date, date_basis)``: the counted
    persons as of a cut-off (an SQL expression for the first instant *not*
    included), in one read-only statement (Datasette's canned queries): stored
    spans, and stale persons rebuilt on the fly."""
    return (
        f"\nnk_stale AS (SELECT person_id AS id FROM {DIRTY}),"  # noqa: S608 - constant SQL fragments only
        + spans_ctes("nk_stale")
        + f""",
asof AS (
    SELECT person_id AS id, region, category, date, date_basis FROM {SPANS}
    WHERE person_id NOT IN (SELECT id FROM nk_stale) AND {at(cutoff)}
    UNION ALL
    SELECT person_id, region, category, date, date_basis FROM spans_new WHERE {at(cutoff)}
)"""  # noqa: S608
    )
