"""Person fields built in bulk (``PersonFieldReader.many``) equal the per-person
builder (``fields``) on generated data: names chosen by completeness, surname
conflicts, single and conflicting dates, earliest report and first-seen times."""

from __future__ import annotations

import sys
from pathlib import Path

from db import open_db
from matching.data import load_mentions
from matching.persons import PERSON_FIELDS, PersonFieldReader
from matching.run import run_match

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from gen_persons import generate, write_db  # noqa: E402


def test_bulk_person_fields_equal_the_per_person_builder(tmp_path):
    mentions, truth = generate(3000, seed=5)
    path = tmp_path / "p.db"
    write_db(path, mentions, truth)
    db = open_db(path)
    run_match(db)
    m = load_mentions(db.conn)
    index = {mid: i for i, mid in enumerate(m.ids.tolist())}
    by_person: dict[int, list[int]] = {}
    for mid, pid in db.conn.execute("SELECT mention_id, person_id FROM person_mentions ORDER BY mention_id"):
        by_person.setdefault(pid, []).append(index[mid])
    # the matched persons, and the true persons (more of them disagree on a date or a place)
    true_groups: dict[int, list[int]] = {}
    for mid, person in db.conn.execute("SELECT mention_id, person FROM bench_truth ORDER BY mention_id"):
        true_groups.setdefault(person, []).append(index[mid])
    clusters = [g for g in list(by_person.values()) + list(true_groups.values()) if len(g) > 1]
    reader = PersonFieldReader(m)
    bulk = reader.many(clusters)
    one_by_one = [tuple(reader.fields(c)[f] for f in PERSON_FIELDS) for c in clusters]
    assert bulk == one_by_one
    # the data exercise both paths and the surname conflict
    assert len(clusters) > 500
    conflicts = [row[PERSON_FIELDS.index("conflicts")] for row in bulk]
    assert any('"surname"' in c and '"death_date"' not in c for c in conflicts)  # the bulk path's conflict
    # persons whose mentions give two death dates (one more precise) go through ``fields``
    death = m.raw["death_date"]
    assert sum(len({int(death[i]) for i in c} - {0}) > 1 for c in clusters) > 20
    assert any(row[PERSON_FIELDS.index("patronymic")] for row in bulk)
