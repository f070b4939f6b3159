"""Writing a run's persons, links and events: here, or built in a forked child.

``run._assign_ids`` decides which cluster keeps or gets which person ID, which
links change and which events are logged; what is left is the expensive part:
each person's fields (``persons.PersonFieldReader``) and a few million SQLite
rows. Bound from Python one row at a time, those rows cost most of a full
run's "persons" stage (at 300k mentions ~6.4 CPU-s of inserts beside ~3.8 of
fields; the cost is in binding the values, not in SQLite's B-trees: the same
rows into an in-memory table cost nearly as much).

In a full run ``start`` forks a child that computes the fields and binds the
rows into an in-memory SQLite database, task by task (``_Tasks``: 50k persons, the
links, the events), while this process stores the pairs, the match state and the
review items; ``Pending.finish`` then builds the tasks the child has not reached
(from the back, into an attached in-memory schema), takes the child's database
(``serialize`` → pipe → ``deserialize`` into another attached schema, no file)
and copies both into the real tables with ``INSERT … SELECT`` and
``UPDATE … FROM`` in C, inside the run's transaction: the rows, their order
(person_events ids) and the per-row triggers (stats_asof_dirty) are those of
the rows bound here, so the tables come out identical. Foreign keys stay
checked: the persons are copied before the links and events that reference them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

import numpy as np

from matching.data import Mentions
from matching.forked import Child, spawn
from matching.persons import PERSON_FIELDS, PersonFieldReader

_AUX = "match_person_writes"  # the attached schema holding the child's rows
_HERE = "match_person_writes_here"  # and the one holding the rows built by this process


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


#: persons built and bound as one task (``_Tasks``): the rows of a whole million
#: as Python tuples would cost more memory than the database they go into, and
#: small tasks let the two processes finish together
_CHUNK = 50_000


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


_TABLES = {
    "inserts": f"id, {', '.join(PERSON_FIELDS)}, created_at, updated_at",
    "updates": f"{', '.join(PERSON_FIELDS)}, updated_at, id",
    "link_updates": "person_id, linked_at, mention_id",
    "link_inserts": "mention_id, person_id, linked_at",
    "events": "person_id, event, other_person_id, detail, at",
}


class _Tasks:
    """The rows to build, cut into tasks (persons ``_CHUNK`` at a time, then the
    links, then the events) that the child takes from the front and this process
    from the back once its own work is done, so neither waits for the other
    longer than one task. The counters live in memory shared across the fork."""

    def __init__(self, m: Mentions, clusters: list[list[int]], writes: PersonWrites,
                 existing: dict[int, tuple]) -> None:
        import multiprocessing

        self.m, self.clusters, self.writes, self.existing = m, clusters, writes, existing
        self.n_chunks = -(-len(writes.persons) // _CHUNK)
        context = multiprocessing.get_context("fork")
        self._lock = context.Lock()
        self._ends = context.RawArray("q", [0, self.n_chunks + 2])
        self._reader: PersonFieldReader | None = None

    def claim(self, front: bool) -> int | None:
        with self._lock:
            if self._ends[0] >= self._ends[1]:
                return None
            if front:
                self._ends[0] += 1
                return self._ends[0] - 1
            self._ends[1] -= 1
            return self._ends[1]

    def run(self, execute, executemany, front: bool) -> int:
        """Bind the rows of every task this side claims into the tables of
        ``_TABLES`` (through ``executemany(sql, rows)``); the persons updated."""
        for table, columns in _TABLES.items():
            # no declared types: each value keeps the storage class it was bound with,
            # and the real columns' affinities apply when it is copied in
            execute(f"CREATE TABLE {table} ({columns})")
        n_updates = 0
        writes = self.writes
        while (task := self.claim(front)) is not None:
            if task < self.n_chunks:
                if self._reader is None:
                    self._reader = PersonFieldReader(self.m)
                inserts, updates = _rows(self._reader, self.clusters,
                                         writes.persons[task * _CHUNK:(task + 1) * _CHUNK], self.existing, writes.now)
                executemany(_insert_into("inserts"), inserts)
                executemany(_insert_into("updates"), updates)
                n_updates += len(updates)
                del inserts, updates
            elif task == self.n_chunks:
                executemany(_insert_into("link_updates"),
                            [(pid, at, mid) for mid, pid, at in writes.links if mid in writes.linked_before])
                executemany(_insert_into("link_inserts"),
                            [row for row in writes.links if row[0] not in writes.linked_before])
            else:
                executemany(_insert_into("events"), writes.events)
        return n_updates


def _insert_into(table: str, schema: str = "") -> str:
    marks = ",".join("?" * len(_TABLES[table].split(", ")))
    return f"INSERT INTO {schema}{table} VALUES ({marks})"  # noqa: S608 - constant names


class Pending:
    """Rows being built in a forked child (``start``): ``finish`` builds what is
    left here and copies them all in, ``cancel`` (on any failure before that)
    kills the child."""

    def __init__(self, child: Child, tasks: _Tasks) -> None:
        self._child, self._tasks = child, tasks

    def cancel(self) -> None:
        self._child.kill()

    def finish(self, conn) -> int:
        """Build the tasks the child has not taken, copy every row into the tables
        (inside the caller's transaction); the number of persons updated."""
        # attached until the run's transaction has ended (``detach``): SQLite
        # refuses to detach a database the open transaction has read
        conn.execute(f"ATTACH DATABASE ':memory:' AS {_HERE}")
        n_updates = self._tasks.run(lambda sql: conn.execute(sql.replace("TABLE ", f"TABLE {_HERE}.", 1)),
                                    lambda sql, rows: conn.executemany(sql.replace("INTO ", f"INTO {_HERE}.", 1),
                                                                       rows),
                                    front=False)
        received: list[np.ndarray] = []
        n_updates += self._child.collect(received.append)
        image = received.pop()
        conn.execute(f"ATTACH DATABASE ':memory:' AS {_AUX}")
        conn.deserialize(image, name=_AUX)
        del image
        fields = ", ".join(PERSON_FIELDS)
        # each table's rows in the order they were built: the child's tasks come
        # first, ours after (persons have explicit ids; the links and the events
        # are each one task, so their order is the order decided)
        for schema in (_AUX, _HERE):
            conn.execute(f"INSERT INTO persons (id, {fields}, created_at, updated_at)"  # noqa: S608 - constant names
                         f" SELECT id, {fields}, created_at, updated_at FROM {schema}.inserts ORDER BY rowid")
        if n_updates:
            for schema in (_AUX, _HERE):
                conn.execute(f"UPDATE persons SET {', '.join(f'{f} = u.{f}' for f in PERSON_FIELDS)},"  # noqa: S608 - constant names
                             f" updated_at = u.updated_at FROM {schema}.updates AS u WHERE persons.id = u.id")
        for schema in (_AUX, _HERE):
            conn.execute(f"UPDATE person_mentions SET person_id = u.person_id, linked_at = u.linked_at"  # noqa: S608 - constant names
                         f" FROM {schema}.link_updates AS u WHERE person_mentions.mention_id = u.mention_id")
        for schema in (_AUX, _HERE):
            conn.execute(f"INSERT INTO person_mentions (mention_id, person_id, linked_at)"  # noqa: S608 - constant names
                         f" SELECT mention_id, person_id, linked_at FROM {schema}.link_inserts ORDER BY rowid")
        for schema in (_AUX, _HERE):
            conn.execute(f"INSERT INTO person_events (person_id, event, other_person_id, detail, at)"  # noqa: S608 - constant names
                         f" SELECT person_id, event, other_person_id, detail, at FROM {schema}.events ORDER BY rowid")
        return n_updates


def detach(conn, quiet: bool = False) -> None:
    """Drop the rows built for the copy (``Pending.finish``), once the run's
    transaction has ended. ``quiet``: on a failed run's way out, a failure here
    is not raised over the run's own."""
    try:
        attached = {row[1] for row in conn.execute("PRAGMA database_list")}
        for schema in (_AUX, _HERE):
            if schema in attached:
                conn.execute(f"DETACH DATABASE {schema}")
    except sqlite3.Error:
        if not quiet:
            raise


def start(conn, m: Mentions, clusters: list[list[int]], writes: PersonWrites) -> Pending:
    """Fork a child that builds the rows while the caller goes on (see the module's
    docstring). The caller must ``finish`` or ``cancel`` the result; call from the
    thread that holds the connection, with no other thread in SQLite."""
    tasks = _Tasks(m, clusters, writes, _existing(conn, writes))  # read here: the child never uses the connection

    def build(channel) -> int:
        aux = sqlite3.connect(":memory:")
        n_updates = tasks.run(aux.execute, aux.executemany, front=True)
        aux.commit()
        image = aux.serialize()
        aux.close()  # the database's pages go before its image is sent
        channel.send_array(np.frombuffer(image, np.uint8))
        return n_updates

    return Pending(spawn(build), tasks)
