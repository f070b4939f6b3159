"""Schema migrations, applied in order and recorded in ``schema_migrations``.

A migration is never edited once released: a database written by an older
version is brought forward by the migrations it has not yet seen, never rebuilt.
To change the schema, append a new ``Migration`` and update ``docs/schema.md``
(``tests/test_schema_doc.py`` fails until both agree).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlite_utils


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[sqlite3.Connection], None]


def _initial(conn: sqlite3.Connection) -> None:
    conn.executescript(
        """
        CREATE TABLE sources (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('news', 'telegram', 'vk', 'memorial', 'import', 'custom')),
            name TEXT NOT NULL,
            default_region TEXT,
            settings TEXT NOT NULL DEFAULT '{}',
            every_seconds INTEGER,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE crawl_runs (
            id INTEGER PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES sources(id),
            started_at TEXT NOT NULL,
            finished_at TEXT,
            finish_reason TEXT,
            requests INTEGER NOT NULL DEFAULT 0,
            responses INTEGER NOT NULL DEFAULT 0,
            pages_new INTEGER NOT NULL DEFAULT 0,
            pages_changed INTEGER NOT NULL DEFAULT 0,
            pages_unchanged INTEGER NOT NULL DEFAULT 0,
            mentions_new INTEGER NOT NULL DEFAULT 0,
            errors INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            duration_s REAL
        );
        CREATE INDEX idx_crawl_runs_source ON crawl_runs(source_id, started_at);

        CREATE TABLE pages (
            id INTEGER PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES sources(id),
            url TEXT NOT NULL UNIQUE,
            canonical_url TEXT,
            fetched_at TEXT NOT NULL,
            published_at TEXT,
            title TEXT,
            text TEXT,
            html_gz BLOB,
            content_hash TEXT,
            http_status INTEGER,
            etag TEXT,
            last_modified TEXT,
            extracted_at TEXT,
            extractor_version TEXT,
            relevant INTEGER,
            relevance_reason TEXT,
            unnamed INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX idx_pages_source ON pages(source_id);
        CREATE INDEX idx_pages_canonical ON pages(canonical_url);
        CREATE INDEX idx_pages_hash ON pages(content_hash);

        CREATE TABLE mentions (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            source_id TEXT NOT NULL REFERENCES sources(id),
            page_id INTEGER REFERENCES pages(id),
            ref TEXT,
            full_name TEXT,
            surname TEXT,
            first_name TEXT,
            patronymic TEXT,
            birth_date TEXT,
            age INTEGER,
            death_date TEXT,
            funeral_date TEXT,
            reported_date TEXT,
            region TEXT,
            region_raw TEXT,
            settlement TEXT,
            unit TEXT,
            rank TEXT,
            category TEXT,
            category_raw TEXT,
            evidence TEXT NOT NULL DEFAULT '{}',
            extractor_version TEXT,
            first_seen_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            retracted_at TEXT
        );
        CREATE INDEX idx_mentions_page ON mentions(page_id);
        CREATE INDEX idx_mentions_source ON mentions(source_id);
        CREATE INDEX idx_mentions_surname ON mentions(surname);
        CREATE INDEX idx_mentions_first_seen ON mentions(first_seen_at);

        CREATE TABLE persons (
            id INTEGER PRIMARY KEY,
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'merged')),
            merged_into INTEGER REFERENCES persons(id),
            full_name TEXT,
            surname TEXT,
            first_name TEXT,
            patronymic TEXT,
            birth_date TEXT,
            age INTEGER,
            death_date TEXT,
            funeral_date TEXT,
            reported_date TEXT,
            date TEXT,
            date_basis TEXT CHECK (date_basis IN ('death', 'funeral', 'reported') OR date_basis IS NULL),
            region TEXT,
            settlement TEXT,
            unit TEXT,
            rank TEXT,
            category TEXT,
            n_mentions INTEGER NOT NULL DEFAULT 0,
            conflicts TEXT NOT NULL DEFAULT '{}',
            first_seen_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX idx_persons_status ON persons(status);
        CREATE INDEX idx_persons_date ON persons(date);
        CREATE INDEX idx_persons_region ON persons(region);
        CREATE INDEX idx_persons_category ON persons(category);
        -- Covering indexes for stats: each GROUP BY of the counted persons is read
        -- from the index alone, already in group order (see db/stats.py).
        CREATE INDEX idx_persons_stats_dates ON persons(status, date, date_basis, n_mentions);
        CREATE INDEX idx_persons_stats_cells ON persons(status, region, category, n_mentions);

        CREATE TABLE person_mentions (
            mention_id INTEGER PRIMARY KEY REFERENCES mentions(id),
            person_id INTEGER NOT NULL REFERENCES persons(id),
            linked_at TEXT NOT NULL
        );
        CREATE INDEX idx_person_mentions_person ON person_mentions(person_id);

        CREATE TABLE person_events (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES persons(id),
            event TEXT NOT NULL CHECK (event IN ('created', 'grown', 'merged', 'split', 'retired')),
            other_person_id INTEGER,
            detail TEXT NOT NULL DEFAULT '{}',
            at TEXT NOT NULL
        );
        CREATE INDEX idx_person_events_person ON person_events(person_id);

        CREATE TABLE reviewers (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('volunteer', 'admin')),
            created_at TEXT NOT NULL,
            disabled INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE review_items (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('pair', 'cluster')),
            item_key TEXT NOT NULL UNIQUE,
            mention_a INTEGER REFERENCES mentions(id),
            mention_b INTEGER REFERENCES mentions(id),
            mention_ids TEXT NOT NULL DEFAULT '[]',
            score REAL,
            reasons TEXT NOT NULL DEFAULT '{}',
            priority REAL NOT NULL DEFAULT 0,
            state TEXT NOT NULL DEFAULT 'open'
                CHECK (state IN ('open', 'decided', 'escalated', 'insufficient', 'obsolete')),
            leased_by INTEGER REFERENCES reviewers(id),
            lease_until TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX idx_review_items_queue ON review_items(state, priority);
        CREATE INDEX idx_review_items_leased ON review_items(leased_by) WHERE leased_by IS NOT NULL;

        CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            review_item_id INTEGER REFERENCES review_items(id),
            mention_a INTEGER NOT NULL REFERENCES mentions(id),
            mention_b INTEGER NOT NULL REFERENCES mentions(id),
            verdict TEXT NOT NULL CHECK (verdict IN ('same', 'different', 'unsure', 'skip', 'revert')),
            reverts_decision_id INTEGER REFERENCES decisions(id),
            binding INTEGER NOT NULL DEFAULT 1,
            reviewer_id INTEGER REFERENCES reviewers(id),
            note TEXT,
            decided_at TEXT NOT NULL
        );
        CREATE INDEX idx_decisions_pair ON decisions(mention_a, mention_b);
        CREATE INDEX idx_decisions_item ON decisions(review_item_id);

        CREATE TRIGGER decisions_append_only_update BEFORE UPDATE ON decisions
        BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
        CREATE TRIGGER decisions_append_only_delete BEFORE DELETE ON decisions
        BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;

        CREATE TABLE review_settings (
            key TEXT PRIMARY KEY CHECK (key IN ('required_agreements', 'lease_minutes')),
            value INTEGER NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE match_pairs (
            mention_a INTEGER NOT NULL,
            mention_b INTEGER NOT NULL,
            score REAL NOT NULL,
            band TEXT NOT NULL CHECK (band IN ('match', 'uncertain', 'insufficient')),
            PRIMARY KEY (mention_a, mention_b)
        ) WITHOUT ROWID;
        CREATE INDEX idx_match_pairs_b ON match_pairs(mention_b);

        CREATE TABLE match_state (
            mention_id INTEGER PRIMARY KEY,
            fingerprint INTEGER NOT NULL
        );

        CREATE TABLE match_runs (
            id INTEGER PRIMARY KEY,
            mode TEXT NOT NULL CHECK (mode IN ('incremental', 'full')),
            started_at TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            mentions INTEGER NOT NULL,
            dirty INTEGER NOT NULL,
            pairs_scored INTEGER NOT NULL,
            persons_created INTEGER NOT NULL,
            persons_merged INTEGER NOT NULL,
            persons_split INTEGER NOT NULL,
            persons_retired INTEGER NOT NULL,
            review_open INTEGER NOT NULL,
            review_insufficient INTEGER NOT NULL,
            blocks_capped INTEGER NOT NULL,
            pairs_cut INTEGER NOT NULL,
            settings TEXT NOT NULL,
            duration_s REAL NOT NULL
        );

        CREATE TABLE match_config (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        -- stats --as-of: each counted person's best date over time, derived from
        -- persons and mentions and rebuilt by db/stats_asof.py for the persons the
        -- triggers below list as stale. Covering indexes answer the two GROUP BYs.
        CREATE TABLE stats_asof_spans (
            person_id INTEGER NOT NULL,
            seen_from TEXT NOT NULL,
            seen_until TEXT,
            date TEXT,
            date_basis TEXT,
            region TEXT,
            category TEXT,
            PRIMARY KEY (person_id, seen_from)
        ) WITHOUT ROWID;
        CREATE INDEX idx_stats_asof_dates ON stats_asof_spans(date, date_basis, seen_from, seen_until);
        CREATE INDEX idx_stats_asof_cells ON stats_asof_spans(region, category, seen_from, seen_until);
        CREATE TABLE stats_asof_dirty (person_id INTEGER PRIMARY KEY);

        CREATE TRIGGER stats_asof_person_insert AFTER INSERT ON persons
        BEGIN INSERT OR IGNORE INTO stats_asof_dirty VALUES (NEW.id); END;
        CREATE TRIGGER stats_asof_person_update
        AFTER UPDATE OF id, status, n_mentions, date, date_basis, region, category ON persons
        BEGIN INSERT OR IGNORE INTO stats_asof_dirty VALUES (OLD.id), (NEW.id); END;
        CREATE TRIGGER stats_asof_person_delete AFTER DELETE ON persons
        BEGIN INSERT OR IGNORE INTO stats_asof_dirty VALUES (OLD.id); END;
        CREATE TRIGGER stats_asof_link_insert AFTER INSERT ON person_mentions
        BEGIN INSERT OR IGNORE INTO stats_asof_dirty VALUES (NEW.person_id); END;
        CREATE TRIGGER stats_asof_link_update AFTER UPDATE ON person_mentions
        BEGIN INSERT OR IGNORE INTO stats_asof_dirty VALUES (OLD.person_id), (NEW.person_id); END;
        CREATE TRIGGER stats_asof_link_delete AFTER DELETE ON person_mentions
        BEGIN INSERT OR IGNORE INTO stats_asof_dirty VALUES (OLD.person_id); END;
        CREATE TRIGGER stats_asof_mention_insert AFTER INSERT ON mentions
        BEGIN
            INSERT OR IGNORE INTO stats_asof_dirty SELECT person_id FROM person_mentions WHERE mention_id = NEW.id;
        END;
        CREATE TRIGGER stats_asof_mention_update
        AFTER UPDATE OF id, death_date, funeral_date, reported_date, first_seen_at, retracted_at ON mentions
        BEGIN
            INSERT OR IGNORE INTO stats_asof_dirty
            SELECT person_id FROM person_mentions WHERE mention_id IN (OLD.id, NEW.id);
        END;
        CREATE TRIGGER stats_asof_mention_delete AFTER DELETE ON mentions
        BEGIN
            INSERT OR IGNORE INTO stats_asof_dirty SELECT person_id FROM person_mentions WHERE mention_id = OLD.id;
        END;
        """
    )


def _counted_persons_view(conn: sqlite3.Connection) -> None:
    # One definition of "who is counted", shared by stats, exports and Datasette
    # (whose facets need a plain year column).
    conn.executescript(
        """
        CREATE VIEW counted_persons AS
        SELECT persons.*, CAST(substr(persons.date, 1, 4) AS INTEGER) AS year
        FROM persons
        WHERE persons.status = 'active' AND persons.n_mentions > 0;
        """
    )


def _match_changes_log(conn: sqlite3.Connection) -> None:
    # Which mentions changed since the last match run, whoever wrote them: an
    # incremental run re-reads just these and takes the rest from its cache file.
    conn.executescript(
        """
        CREATE TABLE match_changes (
            seq INTEGER PRIMARY KEY,
            mention_id INTEGER NOT NULL
        );
        CREATE TRIGGER match_changes_mention_insert AFTER INSERT ON mentions
        BEGIN
            INSERT INTO match_changes (mention_id) VALUES (NEW.id);
        END;
        CREATE TRIGGER match_changes_mention_update AFTER UPDATE ON mentions
        BEGIN
            INSERT INTO match_changes (mention_id) SELECT OLD.id UNION SELECT NEW.id;
        END;
        CREATE TRIGGER match_changes_mention_delete AFTER DELETE ON mentions
        BEGIN
            INSERT INTO match_changes (mention_id) VALUES (OLD.id);
        END;
        """
    )


MIGRATIONS: list[Migration] = [
    Migration(1, "initial schema", _initial),
    Migration(2, "counted_persons view", _counted_persons_view),
    Migration(3, "match_changes log", _match_changes_log),
]

LATEST_VERSION = MIGRATIONS[-1].version


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def current_version(conn: sqlite3.Connection) -> int:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    row = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
    return row[0] or 0


def migrate(db: sqlite_utils.Database) -> list[int]:
    """Apply every migration newer than the database, each in its own transaction.

    Returns the versions applied. A database newer than this code is refused
    rather than silently misread.
    """
    conn = db.conn
    applied: list[int] = []
    version = current_version(conn)
    if version > LATEST_VERSION:
        raise RuntimeError(
            f"database schema version {version} is newer than this nekrolog "
            f"(knows up to {LATEST_VERSION}); upgrade nekrolog"
        )
    for migration in MIGRATIONS:
        if migration.version <= version:
            continue
        # executescript() commits implicitly, so BEGIN IMMEDIATE is issued by the
        # script wrapper below to keep schema change and bookkeeping atomic.
        conn.execute("BEGIN IMMEDIATE")
        try:
            _run_in_transaction(conn, migration)
            conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.name, _now()),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(migration.version)
    return applied


def _run_in_transaction(conn: sqlite3.Connection, migration: Migration) -> None:
    """Run a migration's DDL statement by statement inside the open transaction.

    ``executescript`` would COMMIT first, so a failing migration would leave
    half a schema behind; splitting keeps the whole step atomic.
    """

    class _StatementRunner:
        def executescript(self, script: str) -> None:
            for statement in _split_statements(script):
                conn.execute(statement)

        def execute(self, *args, **kwargs):
            return conn.execute(*args, **kwargs)

    migration.apply(_StatementRunner())  # type: ignore[arg-type]


def _split_statements(script: str) -> list[str]:
    """Split at each semicolon that completes a statement (not those inside
    strings or trigger bodies: sqlite3.complete_statement knows the difference)."""
    statements: list[str] = []
    buffer = ""
    for piece in script.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \n\t;"):
                statements.append(buffer.strip())
            buffer = ""
    return statements
