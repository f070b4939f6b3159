"""Exports for analysts: persons or mentions as CSV/JSONL, or a SQLite snapshot.

Reviewer accounts never leave the building: the snapshot drops ``reviewers``
and blanks every column that would say who decided what.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from db.regions import region_name

#: What a source states about the dead person, in export order.
_FACTS: tuple[str, ...] = (
    "full_name", "surname", "first_name", "patronymic", "birth_date", "age",
    "death_date", "funeral_date", "reported_date",
)
_PLACE_AND_SERVICE: tuple[str, ...] = ("region", "region_name", "settlement", "unit", "rank", "category")

PERSON_COLUMNS: tuple[str, ...] = (
    "person_id", *_FACTS, "date", "date_basis", *_PLACE_AND_SERVICE, "n_mentions", "urls",
)
MENTION_COLUMNS: tuple[str, ...] = (
    "mention_id", "ref", "person_id", "source", "url", *_FACTS, *_PLACE_AND_SERVICE, "first_seen_at",
)

#: Persons that count: active and still stated by at least one source.
COUNTED_PERSONS = "persons.status = 'active' AND persons.n_mentions > 0"

_PERSONS_SQL = f"""
SELECT persons.id AS person_id, persons.full_name, persons.surname, persons.first_name,
       persons.patronymic, persons.birth_date, persons.age, persons.death_date,
       persons.funeral_date, persons.reported_date, persons.date, persons.date_basis,
       persons.region, persons.settlement, persons.unit, persons.rank, persons.category,
       persons.n_mentions,
       (SELECT json_group_array(url) FROM (
            SELECT DISTINCT pages.url FROM person_mentions pm
            JOIN mentions m ON m.id = pm.mention_id AND m.retracted_at IS NULL
            JOIN pages ON pages.id = m.page_id
            WHERE pm.person_id = persons.id ORDER BY pages.url)) AS urls
FROM persons
WHERE {COUNTED_PERSONS}
ORDER BY persons.id
"""  # noqa: S608 - COUNTED_PERSONS is a constant

_MENTIONS_SQL = """
SELECT m.id AS mention_id, m.ref, pm.person_id, m.source_id AS source, pages.url,
       m.full_name, m.surname, m.first_name, m.patronymic, m.birth_date, m.age, m.death_date,
       m.funeral_date, m.reported_date, m.region, m.settlement, m.unit, m.rank, m.category,
       m.first_seen_at
FROM mentions m
LEFT JOIN person_mentions pm ON pm.mention_id = m.id
LEFT JOIN pages ON pages.id = m.page_id
WHERE m.retracted_at IS NULL
ORDER BY m.id
"""


class OutputExists(FileExistsError):
    pass


def iter_rows(conn: sqlite3.Connection, what: str) -> Iterator[dict[str, Any]]:
    """Rows of the ``persons`` or ``mentions`` export, in the documented column order."""
    if what == "persons":
        sql, columns = _PERSONS_SQL, PERSON_COLUMNS
    elif what == "mentions":
        sql, columns = _MENTIONS_SQL, MENTION_COLUMNS
    else:
        raise ValueError(f"cannot export {what!r}: choose persons or mentions")
    cursor = conn.execute(sql)
    names = [d[0] for d in cursor.description]
    for values in cursor:
        row = dict(zip(names, values))
        row["region_name"] = region_name(row["region"], "ru") if row["region"] else None
        if "urls" in row:
            row["urls"] = json.loads(row["urls"]) if row["urls"] else []
        yield {c: row.get(c) for c in columns}


def _check_output(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise OutputExists(f"{path} exists; use --force to overwrite it")


def _atomic_target(path: Path) -> tuple[int, str]:
    """A temporary file beside ``path``, renamed over it only once complete, so an
    interrupted export never leaves a half-written file under the real name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)


def export_rows(conn: sqlite3.Connection, what: str, fmt: str, path: Path, *, force: bool = False) -> int:
    """Write persons or mentions as ``csv`` or ``jsonl``; returns the row count."""
    _check_output(path, force)
    fd, tmp = _atomic_target(path)
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            rows = iter_rows(conn, what)
            if fmt == "csv":
                columns = PERSON_COLUMNS if what == "persons" else MENTION_COLUMNS
                writer = csv.DictWriter(out, fieldnames=columns)
                writer.writeheader()
                for row in rows:
                    if "urls" in row:
                        row["urls"] = " ".join(row["urls"])
                    writer.writerow(row)
                    count += 1
            elif fmt == "jsonl":
                for row in rows:
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
                    count += 1
            else:
                raise ValueError(f"unknown format {fmt!r}: choose csv, jsonl or sqlite")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


def export_sqlite(conn: sqlite3.Connection, path: Path, *, force: bool = False) -> None:
    """A consistent snapshot (``VACUUM INTO`` reads one transaction's view while
    other processes keep writing), scrubbed of reviewer identities."""
    _check_output(path, force)
    fd, tmp = _atomic_target(path)
    os.close(fd)
    Path(tmp).unlink()  # VACUUM INTO refuses an existing file
    try:
        conn.execute("VACUUM INTO ?", (tmp,))
        snap = sqlite3.connect(tmp)
        try:
            snap.execute("PRAGMA secure_delete = ON")
            for (trigger,) in snap.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
                if trigger.startswith("decisions_append_only"):
                    snap.execute(f'DROP TRIGGER "{trigger}"')
            snap.execute("PRAGMA foreign_keys = OFF")
            snap.execute("UPDATE decisions SET reviewer_id = NULL")
            snap.execute("UPDATE review_items SET leased_by = NULL, lease_until = NULL")
            private = [
                r[0]
                for r in snap.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'reviewer%'"
                )
            ]
            for table in private:  # accounts, sessions, login attempts: all name reviewers
                snap.execute(f'DROP TABLE "{table}"')
            snap.commit()
            # Without VACUUM the deleted rows would linger in free pages of the file.
            snap.execute("VACUUM")
        finally:
            snap.close()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
