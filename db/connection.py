"""Opening the database: WAL, busy timeout, foreign keys, migrations."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from db.migrations import migrate

DEFAULT_DB_PATH = "nekrolog.db"
DB_ENV_VAR = "NEKROLOG_DB"
BUSY_TIMEOUT_MS = 30_000


def resolve_db_path(path: str | os.PathLike | None = None) -> Path:
    """``--db`` wins, then ``$NEKROLOG_DB``, then ``./nekrolog.db``."""
    if path:
        return Path(path)
    return Path(os.environ.get(DB_ENV_VAR) or DEFAULT_DB_PATH)


def open_db(
    path: str | os.PathLike | None = None,
    *,
    migrate_schema: bool = True,
    readonly: bool = False,
) -> sqlite_utils.Database:
    """Open (and by default create and migrate) a nekrolog database."""
    db_path = resolve_db_path(path)
    if readonly:
        if not db_path.exists():
            raise FileNotFoundError(f"database not found: {db_path}")
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    else:
        conn = sqlite3.connect(str(db_path), timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    db = sqlite_utils.Database(conn)
    if migrate_schema and not readonly:
        migrate(db)
    return db


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite3.Connection]:
    """One write transaction, taken with BEGIN IMMEDIATE so concurrent writers queue
    on the busy timeout instead of failing half-way with SQLITE_BUSY."""
    conn = db.conn
    if conn.in_transaction:
        # Nested use joins the outer transaction; savepoints keep it atomic.
        conn.execute("SAVEPOINT nested")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK TO nested")
            conn.execute("RELEASE nested")
            raise
        conn.execute("RELEASE nested")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
