"""Writing a run's persons, links and events: here, or built in a forked child.

``run._assign_ids`` decides which cluster keeps or gets which person ID, which
links change and which events are logged; what is left is the expensive part:
each person's fields (``persons.PersonFieldReader``) and a few million SQLite
rows. Bound from Python one row at a time, those rows cost most of a full
run's "persons" stage (at 300k mentions ~6.4 CPU-s of inserts beside ~3.8 of
fields; the cost is in binding the values, not in SQLite's B-trees: the same
rows into an in-memory table cost nearly as much).

In a full run ``start`` forks a child that computes the fields and binds every
row into an in-memory SQLite database, while this process stores the pairs, the
match state and the review items. ``Pending.finish`` then takes the child's
database (``serialize`` → pipe → ``deserialize`` into an attached schema, no file)
and copies it into the real tables with ``INSERT … SELECT`` and ``UPDATE … FROM``
in C, inside the run's transaction: the rows, their order (person_events ids)
and the per-row triggers (stats_asof_dirty) are those of the rows bound here, so
the tables come out identical. Foreign keys stay checked: the persons are copied
before the links and events that reference them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

import numpy as np

from matching.data import Mentions
from matching.forked import Child, spawn
from matching.persons import PERSON_FIELDS, PersonFieldReader

_AUX = "match_person_writes"  # the attached schema holding the child's rows


@dataclass
class PersonWrites:
    """What a run writes about persons, decided by ``run._assign_ids``; the
    fields of each person are computed only when the rows are built."""

    now: str
    #: (person id, cluster index, whether the person is new), in cluster order
    persons: list[tuple[int, int, bool]] = field(default_factory=list)
    #: (mention id, person id, linked at) of links that change, by mention id
    links: list[tuple[int, int, str]] = field(default_factory=list)
    #: mention ids that had a link before this run (their link is updated, the others inserted)
    linked_before: set[int] = field(default_factory=set)
    #: (person id, event, other person id, detail, at), in the order they happened
    events: list[tuple] = field(default_factory=list)


def _existing(conn, writes: PersonWrites) -> dict[int, tuple]:
    """The stored fields of the persons this run keeps (updated only if they differ)."""
    columns = ", ".join(PERSON_FIELDS)
    existing: dict[int, tuple] = {}
    update_ids = [pid for pid, _, new in writes.persons if not new]
    for start in range(0, len(update_ids), 500):
        chunk = update_ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(f"SELECT id, {columns} FROM persons WHERE id IN ({marks})", chunk):  # noqa: S608 - constant columns
            existing[row[0]] = row[1:]
    return existing


def _rows(reader: PersonFieldReader, clusters: list[list[int]], persons: list[tuple[int, int, bool]],
          existing: dict[int, tuple], now: str) -> tuple[list[tuple], list[tuple]]:
    """(inserts, updates) rows of the persons table for ``persons`` (a slice of
    ``PersonWrites.persons``), in that order."""
    wanted = [c for _, c, _ in persons]
    values: dict[int, tuple] = {}
    # one-mention persons (most of them) are built column-wise in one go, the others in bulk too
    single = [c for c in wanted if len(clusters[c]) == 1]
    values.update(zip(single, reader.singles(np.array([clusters[c][0] for c in single], dtype=np.int64))))
    multi = [c for c in wanted if len(clusters[c]) > 1]
    values.update(zip(multi, reader.many([clusters[c] for c in multi])))
    del single, multi
    inserts, updates = [], []
    for pid, c, new in persons:
        row = values.pop(c)
        if new:
            inserts.append((pid, *row, now, now))
        elif existing.get(pid) != row:
            updates.append((*row, now, pid))
    return inserts, updates


#: persons built and bound at a time in the child: the rows of a whole million
#: as Python tuples would cost more memory than the database they go into
_CHUNK = 100_000


_INSERT_PERSON = (f"INSERT INTO persons (id, {', '.join(PERSON_FIELDS)}, created_at, updated_at)"  # noqa: S608
                  f" VALUES ({','.join('?' * (len(PERSON_FIELDS) + 3))})")
_UPDATE_PERSON = f"UPDATE persons SET {', '.join(f'{f} = ?' for f in PERSON_FIELDS)}, updated_at = ? WHERE id = ?"  # noqa: S608, E501
_UPDATE_LINK = "UPDATE person_mentions SET person_id = ?, linked_at = ? WHERE mention_id = ?"
_INSERT_LINK = "INSERT INTO person_mentions (mention_id, person_id, linked_at) VALUES (?, ?, ?)"
_INSERT_EVENT = "INSERT INTO person_events (person_id, event, other_person_id, detail, at) VALUES (?, ?, ?, ?, ?)"


def write_here(conn, m: Mentions, clusters: list[list[int]], writes: PersonWrites) -> int:
    """Write the persons, links and events from this process; the number of persons updated."""
    inserts, updates = _rows(PersonFieldReader(m), clusters, writes.persons, _existing(conn, writes), writes.now)
    conn.executemany(_INSERT_PERSON, inserts)
    conn.executemany(_UPDATE_PERSON, updates)
    # plain UPDATE and INSERT, no upsert: an upsert's conflict policy would override
    # the OR IGNORE of the stats triggers on this table
    conn.executemany(_UPDATE_LINK, [(pid, at, mid) for mid, pid, at in writes.links if mid in writes.linked_before])
    conn.executemany(_INSERT_LINK, [row for row in writes.links if row[0] not in writes.linked_before])
    conn.executemany(_INSERT_EVENT, writes.events)
    return len(updates)


class Pending:
    """Rows being built in a forked child (``start``): ``finish`` copies them in,
    ``cancel`` (on any failure before that) kills the child."""

    def __init__(self, child: Child) -> None:
        self._child = child

    def cancel(self) -> None:
        self._child.kill()

    def finish(self, conn) -> int:
        """Copy the child's rows into the tables (inside the caller's transaction);
        the number of persons updated."""
        received: list[np.ndarray] = []
        n_updates = self._child.collect(received.append)
        image = received.pop()
        # attached until the run's transaction has ended (``detach``): SQLite
        # refuses to detach a database the open transaction has read
        conn.execute(f"ATTACH DATABASE ':memory:' AS {_AUX}")
        conn.deserialize(image, name=_AUX)
        del image
        fields = ", ".join(PERSON_FIELDS)
        conn.execute(f"INSERT INTO persons (id, {fields}, created_at, updated_at)"  # noqa: S608 - constant names
                     f" SELECT id, {fields}, created_at, updated_at FROM {_AUX}.inserts ORDER BY rowid")
        if n_updates:
            conn.execute(f"UPDATE persons SET {', '.join(f'{f} = u.{f}' for f in PERSON_FIELDS)},"  # noqa: S608 - constant names
                         f" updated_at = u.updated_at FROM {_AUX}.updates AS u WHERE persons.id = u.id")
        conn.execute(f"UPDATE person_mentions SET person_id = u.person_id, linked_at = u.linked_at"  # noqa: S608 - constant names
                     f" FROM {_AUX}.link_updates AS u WHERE person_mentions.mention_id = u.mention_id")
        conn.execute(f"INSERT INTO person_mentions (mention_id, person_id, linked_at)"  # noqa: S608 - constant names
                     f" SELECT mention_id, person_id, linked_at FROM {_AUX}.link_inserts ORDER BY rowid")
        conn.execute(f"INSERT INTO person_events (person_id, event, other_person_id, detail, at)"  # noqa: S608 - constant names
                     f" SELECT person_id, event, other_person_id, detail, at FROM {_AUX}.events ORDER BY rowid")
        return n_updates


def detach(conn, quiet: bool = False) -> None:
    """Drop the child's rows (``Pending.finish``), once the run's transaction has
    ended. ``quiet``: on a failed run's way out, a failure here is not raised
    over the run's own."""
    try:
        if any(row[1] == _AUX for row in conn.execute("PRAGMA database_list")):
            conn.execute(f"DETACH DATABASE {_AUX}")
    except sqlite3.Error:
        if not quiet:
            raise


def start(conn, m: Mentions, clusters: list[list[int]], writes: PersonWrites) -> Pending:
    """Fork a child that builds the rows while the caller goes on (see the module's
    docstring). The caller must ``finish`` or ``cancel`` the result; call from the
    thread that holds the connection, with no other thread in SQLite."""
    existing = _existing(conn, writes)  # read here: the child never uses this connection

    def build(channel) -> int:
        aux = sqlite3.connect(":memory:")
        fields = ", ".join(PERSON_FIELDS)
        # no declared types: each value keeps the storage class it was bound with,
        # and the real columns' affinities apply when it is copied in
        aux.execute(f"CREATE TABLE inserts (id, {fields}, created_at, updated_at)")
        aux.execute(f"CREATE TABLE updates ({fields}, updated_at, id)")
        aux.execute("CREATE TABLE link_updates (person_id, linked_at, mention_id)")
        aux.execute("CREATE TABLE link_inserts (mention_id, person_id, linked_at)")
        aux.execute("CREATE TABLE events (person_id, event, other_person_id, detail, at)")
        marks = ",".join("?" * (len(PERSON_FIELDS) + 3))
        reader = PersonFieldReader(m)
        n_updates = 0
        for start in range(0, len(writes.persons), _CHUNK):
            inserts, updates = _rows(reader, clusters, writes.persons[start:start + _CHUNK], existing, writes.now)
            aux.executemany(f"INSERT INTO inserts VALUES ({marks})", inserts)  # noqa: S608 - placeholders only
            aux.executemany(f"INSERT INTO updates VALUES ({marks[2:]})", updates)  # noqa: S608 - placeholders only
            n_updates += len(updates)
            del inserts, updates
        aux.executemany("INSERT INTO link_updates VALUES (?, ?, ?)",
                        [(pid, at, mid) for mid, pid, at in writes.links if mid in writes.linked_before])
        aux.executemany("INSERT INTO link_inserts VALUES (?, ?, ?)",
                        [row for row in writes.links if row[0] not in writes.linked_before])
        aux.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?)", writes.events)
        aux.commit()
        image = aux.serialize()
        aux.close()  # the database's pages go before its image is sent
        channel.send_array(np.frombuffer(image, np.uint8))
        return n_updates

    return Pending(spawn(build))
