"""Matching on real SQLite files: normalisation, bands, namesakes, constraints, stable IDs."""

from __future__ import annotations

import json

import numpy as np

from db import open_db
from db.connection import transaction
from db.store import save_mentions, upsert_source
from matching.normalize import normalize_name, normalize_part, phonetic
from matching.run import resolve_person, run_match


def _db(tmp_path, name="m.db"):
    db = open_db(tmp_path / name)
    upsert_source(db, "s1", kind="import", name="s1")
    upsert_source(db, "s2", kind="import", name="s2")
    return db


def _add(db, source, rows):
    with transaction(db) as conn:
        return save_mentions(conn, source_id=source, scope=f"import:{source}", retract_missing=False,
                             mentions=[{"key": str(r.pop("ref")), **r} for r in rows]).new


def _persons(db):
    rows = db.conn.execute("SELECT mention_id, person_id FROM person_mentions ORDER BY mention_id").fetchall()
    return dict(rows)


def _partition(db):
    groups: dict[int, set[int]] = {}
    for mid, pid in _persons(db).items():
        groups.setdefault(pid, set()).add(mid)
    return sorted(sorted(g) for g in groups.values())


IVAN = {"surname": "Семёнов", "first_name": "Иван", "patronymic": "Петрович", "birth_date": "1990-04-02",
        "death_date": "2023-05-01", "region": "RU-BU"}


def test_normalisation_rules():
    assert normalize_part("Семёнов") == normalize_part("СЕМЕНОВ") == "семенов"
    assert normalize_part("Ceмeнов") == "семенов"  # Latin look-alikes c, e
    assert normalize_part("Semenov") == "семенов"
    assert normalize_part("Tsyrenov") == "цыренов"
    assert normalize_part("Dmitriy") == normalize_part("Дмитрий")
    assert normalize_part("Даши-Нима") == normalize_part("Даши Нима") == normalize_part("Дашинима")
    assert phonetic(normalize_part("Цыренов")) == phonetic(normalize_part("Tsirenov"))
    # patronymic in the first-name slot, and "First Patronymic Surname" prose order
    n = normalize_name("Сидоров", "Петрович", "Иван", None)
    assert (n.first, n.patronymic) == ("иван", "петрович")
    n = normalize_name(None, None, None, "Иван Петрович Сидоров")
    assert (n.surname, n.first, n.patronymic) == ("сидоров", "иван", "петрович")


def test_duplicates_merge_and_explanations(tmp_path):
    db = _db(tmp_path)
    _add(db, "s1", [{"ref": 1, **IVAN}])
    _add(db, "s2", [{"ref": 1, **IVAN, "surname": "Semenov", "first_name": "Ivan", "patronymic": None,
                     "full_name": "Ivan Semenov"}])
    result = run_match(db)
    assert result.persons_created == 1
    person = db.conn.execute("SELECT full_name, n_mentions, date, date_basis FROM persons").fetchone()
    assert person == ("Семёнов Иван Петрович", 2, "2023-05-01", "death")


def test_namesakes_and_anonymous_are_not_merged(tmp_path):
    db = _db(tmp_path)
    _add(db, "s1", [{"ref": 1, **IVAN}, {"ref": 2, "full_name": None, "death_date": "2023-05-01", "region": "RU-BU",
                                          "birth_date": "1990-04-02"}])
    # same full name, other birth date and a death a year later: another man
    _add(db, "s2", [{"ref": 1, **IVAN, "birth_date": "1985-01-09", "death_date": "2024-06-10"},
                    {"ref": 2, "full_name": None, "death_date": "2023-05-01", "region": "RU-BU",
                     "birth_date": "1990-04-02"}])
    run_match(db)
    assert len(_partition(db)) == 4


def test_shared_common_name_alone_goes_to_review_not_merged(tmp_path):
    db = _db(tmp_path)
    _add(db, "s1", [{"ref": 1, "surname": "Иванов", "first_name": "Сергей", "region": "RU-MOS"}])
    _add(db, "s2", [{"ref": 1, "surname": "Иванов", "first_name": "Сергей", "region": "RU-MOS"}])
    run_match(db)
    assert len(_partition(db)) == 2
    item = db.conn.execute("SELECT kind, item_key, state, reasons FROM review_items").fetchone()
    assert item[0] == "pair" and item[1] == "pair:1:2" and item[2] in ("open", "insufficient")
    reasons = json.loads(item[3])
    assert "surname" in reasons["agree"] and "birth" in reasons["missing"]
    run_match(db)  # a rerun does not duplicate the item
    assert db.conn.execute("SELECT COUNT(*) FROM review_items").fetchone()[0] == 1


def test_decisions_are_obeyed_and_never_undone(tmp_path):
    db = _db(tmp_path)
    _add(db, "s1", [{"ref": 1, **IVAN}])
    _add(db, "s2", [{"ref": 1, **IVAN}, {"ref": 2, "surname": "Петров", "first_name": "Олег", "region": "RU-TY"}])
    run_match(db)
    assert _partition(db) == [[1, 2], [3]]
    now = "2026-01-01T00:00:00+00:00"
    with transaction(db) as conn:
        conn.execute("INSERT INTO decisions (mention_a, mention_b, verdict, decided_at) VALUES (1, 2, 'different', ?)", (now,))
        conn.execute("INSERT INTO decisions (mention_a, mention_b, verdict, decided_at) VALUES (1, 3, 'same', ?)", (now,))
    run_match(db)
    assert _partition(db) == [[1, 3], [2]]
    run_match(db, full=True)
    assert _partition(db) == [[1, 3], [2]]


def test_stable_ids_growth_merge_split(tmp_path):
    db = _db(tmp_path)
    _add(db, "s1", [{"ref": 1, **IVAN}, {"ref": 2, "surname": "Дугаржапов", "first_name": "Баир",
                                          "birth_date": "1988-03-03", "death_date": "2022-10-10"}])
    run_match(db)
    first = _persons(db)
    run_match(db)
    run_match(db, full=True)
    assert _persons(db) == first  # same data, same IDs
    _add(db, "s2", [{"ref": 1, **IVAN, "funeral_date": "2023-05-12"}])
    run_match(db)
    grown = _persons(db)
    assert grown[1] == first[1] and grown[3] == first[1]  # growth keeps the ID
    # a cannot-link splits: the older mention keeps the ID, the other gets a new one
    with transaction(db) as conn:
        conn.execute("INSERT INTO decisions (mention_a, mention_b, verdict, decided_at)"
                     " VALUES (1, 3, 'different', '2026-01-01T00:00:00+00:00')")
    run_match(db)
    split = _persons(db)
    assert split[1] == first[1] and split[3] not in (first[1], first[2])
    events = {e for (e,) in db.conn.execute("SELECT event FROM person_events")}
    assert {"created", "grown", "split"} <= events
    # a must-link between the two persons merges them into the older ID; the other resolves to it
    with transaction(db) as conn:
        conn.execute("INSERT INTO decisions (mention_a, mention_b, verdict, decided_at)"
                     " VALUES (2, 3, 'same', '2026-01-01T00:00:00+00:00')")
    run_match(db)
    merged = _persons(db)
    older = min(first[2], split[3])
    assert merged[2] == merged[3] == older
    assert resolve_person(db.conn, split[3]) == older


def test_retracted_mentions_retire_person(tmp_path):
    db = _db(tmp_path)
    _add(db, "s1", [{"ref": 1, **IVAN}])
    run_match(db)
    with transaction(db) as conn:
        conn.execute("UPDATE mentions SET retracted_at = '2026-01-01T00:00:00+00:00'")
    run_match(db)
    row = db.conn.execute("SELECT status, n_mentions FROM persons").fetchone()
    assert row == ("active", 0)
    assert db.conn.execute("SELECT COUNT(*) FROM person_events WHERE event = 'retired'").fetchone()[0] == 1


def test_transitivity_conflict_is_queued(tmp_path):
    db = _db(tmp_path)
    base = {"surname": "Ооржак", "first_name": "Айдыс", "patronymic": "Саянович", "region": "RU-TY",
            "unit": "в/ч 12345", "settlement": "Кызыл"}
    _add(db, "s1", [{"ref": 1, **base, "birth_date": "1990-01-01", "death_date": "2023-05-01"}])
    _add(db, "s2", [{"ref": 1, **base, "death_date": "2023-05-01"},
                    {"ref": 2, **base, "birth_date": "1991-02-02", "death_date": "2023-05-01"}])
    run_match(db)
    assert len(_partition(db)) == 2  # never one person with two birth dates
    kinds = [k for (k,) in db.conn.execute("SELECT kind FROM review_items WHERE state = 'open'")]
    assert "cluster" in kinds


def test_incremental_equals_full(tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from gen_persons import generate, write_db

    mentions, truth = generate(1500, seed=3)
    inc, full = tmp_path / "inc.db", tmp_path / "full.db"
    write_db(inc, mentions[:1000], truth[:1000])
    db = open_db(inc)
    run_match(db)
    write_db(inc, mentions[1000:], truth[1000:], start=1000)
    run_match(db)
    write_db(full, mentions, truth)
    db_full = open_db(full)
    run_match(db_full, full=True)
    assert _partition(db) == _partition(db_full)
    # and the clusters are good: automatic merges are precise
    tr = dict(db_full.conn.execute("SELECT mention_id, person FROM bench_truth"))
    wrong = sum(1 for group in _partition(db_full) for x in group for y in group if x < y and tr[x] != tr[y])
    right = sum(1 for group in _partition(db_full) for x in group for y in group if x < y and tr[x] == tr[y])
    assert right > 200 and wrong / (right + wrong) < 0.02
    assert np.all(np.array([len(g) for g in _partition(db_full)]) <= 6)
