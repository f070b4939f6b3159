"""Matching quality rules on real SQLite files and the real scorer: the name
term-frequency table, typos of common names, label-free estimation of the table."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from db import open_db
from db.connection import transaction
from db.store import save_mentions, upsert_source
from matching.calibrate import estimate_name_prior
from matching.config import MatchConfig, load_config, save_name_prior
from matching.data import load_mentions
from matching.run import run_match
from matching.scoring import (
    AGREE,
    CLOSE,
    DIFFER,
    NONMATCH,
    UNCERTAIN,
    name_logodds,
    nonmatch_thresholds,
    score_pairs,
)


def _db(tmp_path):
    db = open_db(tmp_path / "q.db")
    upsert_source(db, "s1", kind="import", name="s1")
    return db


def _add(db, rows):
    with transaction(db) as conn:
        save_mentions(conn, source_id="s1", scope="import:s1", retract_missing=False,
                      mentions=[{"key": str(i), **r} for i, r in enumerate(rows)])


def _index(m, surname, first):
    names = m.names.items
    return [i for i in range(len(m)) if names[m.sur[i]] == surname and names[m.first[i]] == first]


def test_name_table_lookup_and_extrapolation():
    cfg = MatchConfig()
    table = cfg.name_prior["name"]
    got = name_logodds(cfg, "name", np.array([1, 2, 3, 4, 2 ** (len(table) + 1)]))
    assert got[:4].tolist() == [table[0], table[1], table[1], table[2]]
    # past the table: name_count_slope bits per doubling
    assert got[4] == pytest.approx(table[-1] - 2 * cfg.weights["name_count_slope"])


def test_rare_full_name_alone_is_reviewed_common_one_insufficient(tmp_path):
    db = _db(tmp_path)
    rare = {"surname": "Жукчерский", "first_name": "Алексей", "patronymic": "Владимирович", "region": "RU-MOS"}
    common = {"surname": "Иванов", "first_name": "Сергей", "patronymic": "Петрович", "region": "RU-MOS"}
    _add(db, [rare, rare] + [common] * 16)
    run_match(db)
    persons = db.conn.execute("SELECT COUNT(*) FROM persons WHERE n_mentions > 0").fetchone()[0]
    assert persons == 18  # a shared name with nothing else never merges
    states = dict(db.conn.execute(
        "SELECT m.surname, r.state FROM review_items r JOIN mentions m ON m.id = r.mention_a"))
    # two mentions alone sharing a full name and region: a human can decide (uncertain);
    # sixteen sharing it: nobody can (insufficient)
    assert states == {"Жукчерский": "open", "Иванов": "insufficient"}


def test_frequent_typo_of_a_common_name_is_still_a_typo(tmp_path):
    db = _db(tmp_path)
    rows = [{"surname": f"Фамилия{i:03d}ов", "first_name": "Алексей"} for i in range(200)]
    rows += [{"surname": f"Другой{i}ин", "first_name": "Алесей"} for i in range(7)]
    tatar = ["Марат", "Ринат", "Азат", "Ильнур", "Рамиль", "Динар", "Айрат", "Фарит", "Раиль", "Тимур"]
    rows += [{"surname": "Валиев", "first_name": x} for x in tatar]
    rows += [{"surname": "Галиев", "first_name": x} for x in tatar]
    pair = {"surname": "Жукчерский", "birth_date": "1990-04-02", "region": "RU-MOS"}
    rows += [{**pair, "first_name": "Алексей"}, {**pair, "first_name": "Алесей"}]
    _add(db, rows)
    m = load_mentions(db.conn)
    a, b = _index(m, "жукчерский", "алексей"), _index(m, "жукчерский", "алесей")
    valiev, galiev = _index(m, "валиев", "марат"), _index(m, "галиев", "марат")
    s = score_pairs(m, np.array(a + valiev), np.array(b + galiev), MatchConfig())
    # Алесей is seen 8 times but Алексей 201: a typo, not a name of its own
    assert s.levels["surname"][0] == AGREE and s.levels["first_name"][0] == CLOSE
    assert s.logodds[0] >= MatchConfig().match_threshold
    # Валиев and Галиев, equally common: two surnames
    assert s.levels["surname"][1] == DIFFER


def test_name_table_is_estimated_from_death_day_agreement(tmp_path):
    db = _db(tmp_path)
    rows = []
    # 8 mentions share "Иванов Сергей Петрович" in one region: 4 men, two mentions each,
    # each man's mentions agreeing on his death day -> 4 of 28 pairs are one person
    for man in range(4):
        rows += [{"surname": "Иванов", "first_name": "Сергей", "patronymic": "Петрович", "region": "RU-MOS",
                  "death_date": f"2023-0{man + 1}-1{man}"}] * 2
    # other men, each dying on a day of his own
    rows += [{"surname": f"Петров{i}", "first_name": "Иван", "death_date": f"2022-{i % 12 + 1:02d}-{i // 12 + 1:02d}"}
             for i in range(100)]
    _add(db, rows)
    m = load_mentions(db.conn)
    cfg = MatchConfig()
    est = estimate_name_prior(m, cfg, min_pairs=10)
    chance = (4 * 2 ** 2 + 100) / 108 ** 2  # two different men dying on one day by chance
    p = (4 - chance * 28 + 0.5) / ((1 - chance) * 28 + 1)
    assert est["name_patr_region"][3] == pytest.approx(math.log2(p / (1 - p)), abs=0.01)
    # the same pairs are not counted again under the less specific kinds: those keep their values
    assert est["name"][3] == cfg.name_prior["name"][3]
    assert est["name_patr_region"][:3] == cfg.name_prior["name_patr_region"][:3]
    with transaction(db) as conn:
        save_name_prior(conn, est, "2026-01-01T00:00:00+00:00")
    assert load_config(db.conn).name_prior == est


def test_name_table_leaves_out_pairs_whose_region_differs(tmp_path):
    db = _db(tmp_path)
    rows = []
    # 4 men named "Петров Олег", two reports each: one names his region (each man
    # another), one names none; a man's two reports agree on his death day
    for man, region in enumerate(("RU-MOS", "RU-SVE", "RU-KDA", "RU-ROS")):
        day = f"2023-0{man + 1}-1{man}"
        rows += [{"surname": "Петров", "first_name": "Олег", "region": region, "death_date": day},
                 {"surname": "Петров", "first_name": "Олег", "death_date": day}]
    rows += [{"surname": f"Сидоров{i}", "first_name": "Иван", "death_date": f"2022-{i % 12 + 1:02d}-{i // 12 + 1:02d}"}
             for i in range(100)]
    _add(db, rows)
    cfg = MatchConfig()
    cfg.name_prior["name"] = [8.0] * 6  # high, so that keeping the table non-increasing changes nothing
    est = estimate_name_prior(load_mentions(db.conn), cfg, min_pairs=10)
    chance = (4 * 2 ** 2 + 100) / 108 ** 2
    # 28 pairs share the name; the 6 between two stated, differing regions are scored by
    # the region weight and are not counted again here: 4 of the other 22 are one man
    p = (4 - chance * 22 + 0.5) / ((1 - chance) * 22 + 1)
    assert est["name"][3] == pytest.approx(math.log2(p / (1 - p)), abs=0.01)


def test_name_prior_override_is_validated(tmp_path):
    db = _db(tmp_path)
    bad = tmp_path / "bad.toml"
    bad.write_text('[name_prior]\nsurname = [1.0]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="unknown name_prior"):
        load_config(db.conn, bad)
    good = tmp_path / "good.toml"
    good.write_text('[name_prior]\nname = [2.0, 1.0]\n', encoding="utf-8")
    cfg = load_config(db.conn, good)
    assert cfg.name_prior["name"] == [2.0, 1.0] and cfg.name_prior["typo"] == MatchConfig().name_prior["typo"]


def test_chain_through_a_mention_without_birth_is_refused_when_birth_years_conflict(tmp_path):
    db = _db(tmp_path)
    man = {"surname": "Жукчерский", "first_name": "Алексей", "patronymic": "Владимирович", "region": "RU-MOS",
           "death_date": "2023-05-01"}
    _add(db, [{**man, "birth_date": "1980"}, man, {**man, "birth_date": "1990"}])
    run_match(db)
    groups = {}
    for mid, pid in db.conn.execute("SELECT mention_id, person_id FROM person_mentions"):
        groups.setdefault(pid, []).append(mid)
    # the mention without a birth year joins one of them, never both
    assert sorted(len(g) for g in groups.values()) == [1, 2]
    items = db.conn.execute("SELECT kind, state, mention_ids FROM review_items WHERE kind = 'cluster'").fetchall()
    assert len(items) == 1 and items[0][1] == "open" and sorted(json.loads(items[0][2])) == [1, 2, 3]


def test_report_dates_months_apart_count_against(tmp_path):
    from matching.scoring import explain

    db = _db(tmp_path)
    man = {"surname": "Жукчерский", "first_name": "Алексей", "region": "RU-MOS"}
    _add(db, [{**man, "reported_date": "2023-05-01"}, {**man, "reported_date": "2023-05-20"},
              {**man, "reported_date": "2023-11-01"}])
    m = load_mentions(db.conn)
    cfg = MatchConfig()
    s = score_pairs(m, np.array([0, 0]), np.array([1, 2]), cfg)
    assert s.weights["reported"].tolist() == [cfg.weights["reported_close"], cfg.weights["reported_months"]]
    assert s.logodds[1] < s.logodds[0]
    why = explain(m, s, 1)
    assert why["disagree"]["reported"]["values"]["reported_date"] == ["2023-05-01", "2023-11-01"]


def test_service_category_is_weak_evidence_and_related_categories_are_neutral(tmp_path):
    from matching.scoring import MISSING, NEAR, explain

    db = _db(tmp_path)
    man = {"surname": "Жукчерский", "first_name": "Алексей", "region": "RU-MOS", "death_date": "2023-05-01"}
    _add(db, [{**man, "category": "mobilized"}, {**man, "category": "mobilized"}, {**man, "category": "prisoner"},
              {**man, "category": "unknown"}, {**man, "category": "volunteer"}, {**man, "category": "contract"}])
    m = load_mentions(db.conn)
    cfg = MatchConfig()
    s = score_pairs(m, np.array([0, 0, 0, 4]), np.array([1, 2, 3, 5]), cfg)
    assert s.levels["category"].tolist() == [AGREE, DIFFER, MISSING, NEAR]
    assert s.weights["category"].tolist() == [cfg.weights["category_agree"], cfg.weights["category_differ"], 0.0, 0.0]
    # everything else is equal, so the category alone moves the score
    assert s.logodds[0] > s.logodds[2] > s.logodds[1]
    why = explain(m, s, 1)
    assert why["disagree"]["category"]["values"]["category"] == ["mobilized", "prisoner"]


def test_report_dates_within_a_week_say_more_than_within_a_month(tmp_path):
    db = _db(tmp_path)
    man = {"surname": "Жукчерский", "first_name": "Алексей", "region": "RU-MOS"}
    _add(db, [{**man, "reported_date": "2023-05-01"}, {**man, "reported_date": "2023-05-05"},
              {**man, "reported_date": "2023-05-25"}, {**man, "reported_date": "2023-06-20"}])
    m = load_mentions(db.conn)
    cfg = MatchConfig()
    s = score_pairs(m, np.array([0, 0, 0]), np.array([1, 2, 3]), cfg)
    w = cfg.weights
    assert s.weights["reported"].tolist() == [w["reported_week"], w["reported_close"], w["reported_late"]]
    assert s.logodds[0] > s.logodds[1] > s.logodds[2]


def test_common_name_with_a_disagreeing_region_is_a_nonmatch_not_insufficient(tmp_path):
    from matching.scoring import INSUFFICIENT, NONMATCH

    db = _db(tmp_path)
    common = {"surname": "Иванов", "first_name": "Сергей", "patronymic": "Петрович"}
    rows = [{**common, "region": "RU-MOS", "reported_date": "2023-05-01"},
            {**common, "region": "RU-MOS", "reported_date": "2023-05-03"},
            {**common, "region": "RU-TA", "reported_date": "2023-05-02"},
            {**common, "region": "RU-MOS", "reported_date": "2024-01-10"}]
    _add(db, rows + [{**common, "region": "RU-MOS"}] * 40)
    m = load_mentions(db.conn)
    s = score_pairs(m, np.array([0, 0, 0]), np.array([1, 2, 3]), MatchConfig())
    # the same common name and nothing else stated: nobody can tell (insufficient);
    # another region, or report dates eight months apart, is a stated difference
    assert s.band.tolist() == [INSUFFICIENT, NONMATCH, NONMATCH]


def test_a_changed_category_makes_the_mention_dirty(tmp_path):
    db = _db(tmp_path)
    man = {"surname": "Жукчерский", "first_name": "Алексей", "region": "RU-MOS", "death_date": "2023-05-01"}
    _add(db, [{**man, "category": "mobilized"}, {**man, "category": "mobilized"}])
    run_match(db)
    assert run_match(db).dirty == 0
    _add(db, [{**man, "category": "mobilized"}, {**man, "category": "prisoner"}])
    result = run_match(db)
    assert result.dirty == 1
    cfg = MatchConfig()
    score = db.conn.execute("SELECT score FROM match_pairs").fetchone()[0]
    m = load_mentions(db.conn)
    assert score == pytest.approx(float(score_pairs(m, np.array([0]), np.array([1]), cfg).logodds[0]), abs=1e-3)


def test_rare_name_reported_within_days_in_one_region_merges(tmp_path):
    db = _db(tmp_path)
    man = {"surname": "Жукчерский", "first_name": "Алексей", "patronymic": "Владимирович", "region": "RU-MOS"}
    _add(db, [{**man, "reported_date": "2023-05-01"}, {**man, "reported_date": "2023-05-04"},
              {**man, "region": "RU-TA", "surname": "Валиев", "reported_date": "2023-05-02"}])
    run_match(db)
    persons = dict(db.conn.execute("SELECT mention_id, person_id FROM person_mentions"))
    # two reports three days apart of a full name nobody else in the region holds: one man
    assert persons[1] == persons[2] != persons[3]


def test_review_item_is_dropped_when_the_persons_other_mentions_contradict(tmp_path):
    db = _db(tmp_path)
    man = {"surname": "Жукчерский", "first_name": "Алексей", "region": "RU-MOS"}
    # mentions 1 and 2 are one man (one unit); mention 3 shares only the name and a
    # report date six weeks off with mention 2 - but mention 1 says he was born in
    # 1980 and died in May, and mention 3 that he was 33 and died in November
    _add(db, [{**man, "birth_date": "1980-03-02", "death_date": "2023-05-01", "unit": "в/ч 12345"},
              {**man, "unit": "в/ч 12345", "reported_date": "2023-10-01"},
              {**man, "age": 33, "death_date": "2023-11-10", "reported_date": "2023-11-15"}])
    m = load_mentions(db.conn)
    cfg = MatchConfig()
    s = score_pairs(m, np.array([1, 0]), np.array([2, 2]), cfg)
    from matching.scoring import NONMATCH, UNCERTAIN
    assert s.band.tolist() == [UNCERTAIN, NONMATCH]  # the pair alone is a question; the person answers it
    run_match(db)
    persons = dict(db.conn.execute("SELECT mention_id, person_id FROM person_mentions"))
    assert persons[1] == persons[2] != persons[3]
    assert db.conn.execute("SELECT COUNT(*) FROM review_items WHERE state = 'open'").fetchone()[0] == 0

    from matching.profiles import persons_differ
    person = np.array([persons[int(x)] for x in m.ids], np.int64)
    assert persons_differ(m, cfg, person, np.array([1]), np.array([2])).tolist() == [True]
    alone = np.array([1, 2, 3], np.int64)  # each mention a person of its own: the pair is uncertain again
    assert persons_differ(m, cfg, alone, np.array([1]), np.array([2])).tolist() == [False]


def test_patronymic_counts_beside_a_typo_of_the_name(tmp_path):
    db = _db(tmp_path)
    base = {"region": "RU-MOS", "death_date": "2023-05-01"}
    rows = [{"surname": "Жукчерский", "first_name": "Алексей", "patronymic": "Тимурович", **base},
            {"surname": "Жукчерскии", "first_name": "Алексей", "patronymic": "Тимурович", **base},
            {"surname": "Жукчерскии", "first_name": "Алексей", **base}]
    rows += [{"surname": f"Фамилия{i:03d}ов", "first_name": "Иван", "patronymic": "Сергеевич"} for i in range(30)]
    _add(db, rows)
    m = load_mentions(db.conn)
    cfg = MatchConfig()
    s = score_pairs(m, np.array([0, 0]), np.array([1, 2]), cfg)
    assert s.levels["surname"].tolist() == [CLOSE, CLOSE] and s.levels["patronymic"][0] == AGREE
    # a rare patronymic: the cap; a missing one: nothing
    assert s.weights["patronymic"].tolist() == [cfg.weights["patronymic_typo_agree"], 0.0]
    assert s.logodds[0] - s.logodds[1] == pytest.approx(cfg.weights["patronymic_typo_agree"])
    # with equal names the patronymic is inside the name key's count, not added again
    same = score_pairs(m, np.array([1]), np.array([1]), cfg)
    assert same.weights["patronymic"][0] == 0.0


def test_nonmatch_threshold_depends_on_how_common_the_name_is(tmp_path):
    """The uncertain band's lower edge moves by the name's frequency (``nonmatch_offsets``):
    a pair of a rare name and a pair of a common one at comparable scores can fall on
    different sides, and the run's review items follow the bands."""
    db = _db(tmp_path)
    rare = {"surname": "Жукчерский", "first_name": "Алексей", "region": "RU-MOS", "death_date": "2023-05-01"}
    rare_funeral = {**rare, "death_date": None, "funeral_date": "2023-12-01"}  # remains brought home: neutral
    common = {"surname": "Иванов", "first_name": "Сергей", "region": "RU-TVE"}
    commons = [{**common, "death_date": f"2023-{1 + i % 12:02d}-{1 + i // 12:02d}"} for i in range(30)]
    commons.append({**common, "funeral_date": "2023-01-09"})  # 8 days after the first one's death
    _add(db, [rare, rare_funeral] + commons)
    m = load_mentions(db.conn)
    rare_pair = _index(m, "жукчерский", "алексей")
    common_ids = _index(m, "иванов", "сергей")
    funeral = [i for i in common_ids if m.fun_prec[i] > 0][0]
    first_death = [i for i in common_ids if m.death_lo[i] == min(m.death_lo[j] for j in common_ids)][0]
    a, b = np.array([rare_pair[0], first_death]), np.array([rare_pair[1], funeral])
    flat = MatchConfig(nonmatch_offsets=[0.0])
    s = score_pairs(m, a, b, flat)
    k = np.floor(np.log2(s.name_count)).astype(int)
    assert k[0] <= 1 and k[1] >= 4
    # a threshold just below both scores: both uncertain without offsets ...
    flat.nonmatch_threshold = float(s.logodds.min()) - 0.25
    assert score_pairs(m, a, b, flat).band.tolist() == [UNCERTAIN, UNCERTAIN]
    # ... raising the edge for rare names only turns the rare pair into a non-match
    shifted = MatchConfig(nonmatch_threshold=flat.nonmatch_threshold,
                          nonmatch_offsets=[float(s.logodds[0] - flat.nonmatch_threshold) + 0.5] * 2 + [0.0])
    assert score_pairs(m, a, b, shifted).band.tolist() == [NONMATCH, UNCERTAIN]
    assert (nonmatch_thresholds(shifted, s.name_count) == [s.logodds[0] + 0.5, flat.nonmatch_threshold]).all()


def test_nonmatch_offsets_from_toml_are_validated(tmp_path):
    db = _db(tmp_path)
    bad = tmp_path / "bad.toml"
    bad.write_text('nonmatch_offsets = ["high"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="nonmatch_offsets"):
        load_config(db.conn, bad)
    good = tmp_path / "good.toml"
    good.write_text("nonmatch_offsets = [0.5, 0]\n", encoding="utf-8")
    assert load_config(db.conn, good).nonmatch_offsets == [0.5, 0.0]
