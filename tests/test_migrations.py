"""A database written by an older nekrolog is migrated in place, never rebuilt."""

import sqlite3

import pytest
import sqlite_utils

from db import open_db
from db.migrations import LATEST_VERSION, MIGRATIONS, migrate


def test_fresh_database_gets_every_migration(tmp_path):
    db = open_db(tmp_path / "n.db")
    versions = [r[0] for r in db.conn.execute("SELECT version FROM schema_migrations ORDER BY version")]
    assert versions == [m.version for m in MIGRATIONS]
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_version_1_database_is_upgraded_keeping_its_data(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    import db.migrations as migrations

    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS[:1])
    monkeypatch.setattr(migrations, "LATEST_VERSION", 1)
    old = sqlite_utils.Database(sqlite3.connect(path))
    migrations.migrate(old)
    old.conn.execute(
        "INSERT INTO persons (id, full_name, date, date_basis, n_mentions, created_at, updated_at)"
        " VALUES (7, 'Баиров Алдар', '2024-02-20', 'death', 1, 'then', 'then')"
    )
    old.conn.commit()
    assert "counted_persons" not in old.view_names()
    old.conn.close()
    monkeypatch.undo()

    db = open_db(path)
    assert db.conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0] == LATEST_VERSION
    assert db.conn.execute("SELECT id, year FROM counted_persons").fetchall() == [(7, 2024)]
    assert migrate(db) == []  # idempotent


def test_database_from_a_newer_nekrolog_is_refused(tmp_path):
    path = tmp_path / "new.db"
    conn = open_db(path).conn
    conn.execute("INSERT INTO schema_migrations VALUES (?, 'from the future', 'later')", (LATEST_VERSION + 1,))
    conn.commit()
    with pytest.raises(RuntimeError, match="newer than this nekrolog"):
        open_db(path)


def test_failed_migration_leaves_nothing_half_applied(tmp_path, monkeypatch):
    import db.migrations as migrations

    def broken(conn):
        conn.executescript("CREATE TABLE half_done (x INTEGER); CREATE TABLE half_done (x INTEGER);")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*MIGRATIONS, migrations.Migration(99, "broken", broken)])
    monkeypatch.setattr(migrations, "LATEST_VERSION", 99)
    with pytest.raises(sqlite3.OperationalError):
        open_db(tmp_path / "n.db")
    conn = sqlite3.connect(tmp_path / "n.db")
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'").fetchone() is None
    assert conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0] == MIGRATIONS[-1].version
