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


def _generated(tmp_path, n, seed=5):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from gen_persons import generate, write_db

    mentions, truth = generate(n, seed=seed)
    path = tmp_path / f"gen{n}.db"
    write_db(path, mentions, truth)
    return open_db(path)


def test_blocking_completeness_on_generated_set(tmp_path):
    from matching.blocking import candidate_pairs
    from matching.data import load_mentions

    db = _generated(tmp_path, 3000)
    m = load_mentions(db.conn)
    truth = dict(db.conn.execute("SELECT mention_id, person FROM bench_truth"))
    tr = np.array([truth[int(i)] for i in m.ids])
    a, b, report = candidate_pairs(m, np.ones(len(m), bool), cap=1500, window=6)
    _, counts = np.unique(tr[m.usable], return_counts=True)
    true_pairs = int((counts * (counts - 1) // 2).sum())
    assert true_pairs > 500
    assert (tr[a] == tr[b]).sum() / true_pairs >= 0.98
    assert set(report.pairs_per_pass) >= {"name", "surname_edit", "neighbourhood"}


def test_oversized_block_is_split_by_shared_evidence(tmp_path, caplog):
    from matching.blocking import candidate_pairs
    from matching.data import load_mentions

    db = _db(tmp_path)
    _add(db, "s1", [{"ref": i, "surname": "Иванов", "first_name": "Иван", "birth_date": str(1960 + i % 40)}
                    for i in range(60)])
    m = load_mentions(db.conn)
    with caplog.at_level("INFO", logger="nekrolog.matching.blocking"):
        a, b, report = candidate_pairs(m, np.ones(len(m), bool), cap=20, window=3)
    assert "block cap" in caplog.text and "иванов иван" in caplog.text
    assert report.sub_blocked and report.sub_blocked[0][1] == 60
    # the 60-mention name block (over the cap of 20) is compared within birth years
    # one apart only: every such pair, and no pair further apart (no window needed)
    years = m.by_lo
    near = {(i, j) for i in range(60) for j in range(i + 1, 60) if abs(years[i] - years[j]) <= 1}
    got = set(zip(a.tolist(), b.tolist()))
    assert near <= got
    assert all(abs(years[i] - years[j]) <= 2 for i, j in got)
    assert report.capped_blocks == 0


def test_sub_block_over_the_cap_is_cut_to_a_window(tmp_path, caplog):
    from matching.blocking import candidate_pairs
    from matching.data import load_mentions

    db = _db(tmp_path)
    # one name, one birth year, nothing else: the only sub-block is as large as the block
    _add(db, "s1", [{"ref": i, "surname": "Иванов", "first_name": "Иван", "birth_date": "1970"} for i in range(60)])
    m = load_mentions(db.conn)
    with caplog.at_level("WARNING", logger="nekrolog.matching.blocking"):
        a, b, report = candidate_pairs(m, np.ones(len(m), bool), cap=20, window=3)
    assert report.capped_blocks >= 1 and report.pairs_cut > 0
    assert "block cap" in caplog.text and "иванов иван" in caplog.text
    assert len(a) < 60 * 59 // 2


def test_a_typo_in_each_name_part_is_still_compared(tmp_path):
    from matching.blocking import candidate_pairs
    from matching.data import load_mentions

    db = _db(tmp_path)
    _add(db, "s1", [
        {"ref": 1, "surname": "Смирнов", "first_name": "Анрдей", "birth_date": "1977"},
        {"ref": 2, "surname": "Смирнв", "first_name": "Андрей", "birth_date": "1979"},
        {"ref": 3, "surname": "Смирнов", "first_name": "Пётр", "birth_date": "1977"},
        {"ref": 4, "surname": "Kuznetsov", "first_name": "Ivan"},
    ])
    m = load_mentions(db.conn)
    dirty = np.ones(len(m), bool)
    a, b, report = candidate_pairs(m, dirty, cap=1500, window=6)
    # no shared date, no equal name part: only the two-edit pass finds the pair
    assert (0, 1) in set(zip(a.tolist(), b.tolist()))
    assert report.pairs_per_pass["double_edit"] >= 1
    # an incremental run with mention 2 dirty finds the same pair
    dirty = np.zeros(len(m), bool)
    dirty[1] = True
    a, b, _ = candidate_pairs(m, dirty, cap=1500, window=6)
    assert (0, 1) in set(zip(a.tolist(), b.tolist()))


def test_scoring_bands_and_explanations(tmp_path):
    from matching.config import MatchConfig
    from matching.data import load_mentions
    from matching.scoring import BAND_NAMES, explain, score_pairs

    db = _db(tmp_path)
    _add(db, "s1", [
        {"ref": 1, **IVAN},
        {"ref": 2, **IVAN, "patronymic": None},                         # same man, patronymic dropped
        {"ref": 3, **IVAN, "birth_date": "1979-11-30"},                 # namesake: birth dates conflict
        {"ref": 4, "surname": "Семенов", "first_name": "Иван"},         # name only
    ])
    m = load_mentions(db.conn)
    a, b = np.array([0, 0, 0]), np.array([1, 2, 3])
    s = score_pairs(m, a, b, MatchConfig())
    bands = [BAND_NAMES[int(x)] for x in s.band]
    assert bands[0] == "match" and bands[1] == "nonmatch" and bands[2] in ("uncertain", "insufficient")
    why = explain(m, s, 0)
    assert why["agree"]["birth"]["values"]["birth_date"] == ["1990-04-02", "1990-04-02"]
    assert "death" in why["agree"]
    why = explain(m, s, 1)
    assert why["disagree"]["birth"]["level"] == "far" and why.get("conflict")


def test_calibration_reports_expected_precision_and_recall(tmp_path):
    from matching.calibrate import calibrate
    from matching.config import MatchConfig

    db = _generated(tmp_path, 1500, seed=11)
    truth = dict(db.conn.execute("SELECT mention_id, person FROM bench_truth"))
    run_match(db)
    rows = db.conn.execute("SELECT mention_a, mention_b FROM match_pairs").fetchall()
    assert len(rows) > 40
    with transaction(db) as conn:
        conn.executemany(
            "INSERT INTO decisions (mention_a, mention_b, verdict, decided_at) VALUES (?, ?, ?, '2026-01-01')",
            [(x, y, "same" if truth[x] == truth[y] else "different") for x, y in rows])
    cal = calibrate(db.conn, MatchConfig(), target_precision=0.99)
    assert cal.decisions == len(rows) and cal.same + cal.different == len(rows)
    assert cal.expected_precision is not None and cal.expected_precision >= 0.99
    assert 0 < cal.expected_recall <= 1
    assert cal.nonmatch_threshold <= cal.match_threshold


def test_common_name_alone_is_insufficient_and_cli_reports(tmp_path):
    from click.testing import CliRunner

    from nekrolog.cli import cli

    db = _db(tmp_path)
    _add(db, "s1", [{"ref": i, "surname": "Иванов", "first_name": "Сергей"} for i in range(8)])
    path = str(tmp_path / "m.db")
    db.conn.close()
    out = CliRunner().invoke(cli, ["--db", path, "match"])
    assert out.exit_code == 0, out.output
    assert "8 active mentions" in out.output and "insufficient" in out.output
    db = open_db(path)
    assert len(_partition(db)) == 8  # counted separately
    states = {s for (s,) in db.conn.execute("SELECT state FROM review_items")}
    assert states == {"insufficient"}
    out = CliRunner().invoke(cli, ["--db", path, "calibrate", "--dry-run"])
    assert out.exit_code != 0 and "decisions" in out.output
    # without decisions only the (label-free) name table is estimated and stored
    out = CliRunner().invoke(cli, ["--db", path, "calibrate"])
    assert out.exit_code == 0 and "thresholds unchanged" in out.output, out.output
