"""`nekrolog import` and `nekrolog export` through the CLI, on real SQLite files."""

from __future__ import annotations

import csv
import json
import sqlite3

import pytest
from click.testing import CliRunner

from nekrolog.cli import cli

HEADER = "ref,surname,first_name,patronymic,birth_date,death_date,funeral_date,region,settlement,category,unit,rank\n"
ROWS = [
    "v-1,Баиров,Алдар,Баирович,12.05.1990,20 февраля 2024,2024-03-02,Бурятия,Улан-Удэ,мобилизованный,,рядовой\n",
    "v-2,Иванов,Сергей,,1985,2023-07,,Sverdlovsk Oblast,Нижний Тагил,Storm Z,,\n",
    "v-3,Кравченко,Олег,Петрович,,20.02.24,,RU-BA,Стерлитамак,по контракту,в/ч 12345,младший сержант\n",
]


def run(db, *args, input=None):
    return CliRunner().invoke(cli, ["--db", str(db), "-q", *args], input=input, catch_exceptions=False)


def table_counts(db_path) -> dict[str, int]:
    conn = sqlite3.connect(db_path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: conn.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        conn.close()


@pytest.fixture
def volunteer_csv(tmp_path):
    path = tmp_path / "volunteers.csv"
    path.write_text(HEADER + "".join(ROWS), encoding="utf-8")
    return path


def test_import_normalises_dates_regions_and_categories(tmp_path, volunteer_csv):
    db = tmp_path / "n.db"
    result = run(db, "import", str(volunteer_csv), "--source", "vol")
    assert result.exit_code == 0, result.output
    assert "3 new" in result.output
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    rows = {r["ref"]: dict(r) for r in conn.execute("SELECT * FROM mentions")}
    assert rows["v-1"]["birth_date"] == "1990-05-12"
    assert rows["v-1"]["death_date"] == "2024-02-20"
    assert rows["v-1"]["region"] == "RU-BU"
    assert rows["v-1"]["category"] == "mobilized"
    assert rows["v-1"]["full_name"] == "Баиров Алдар Баирович"
    # Precision is kept: a year stays a year and a month stays a month.
    assert rows["v-2"]["birth_date"] == "1985"
    assert rows["v-2"]["death_date"] == "2023-07"
    assert rows["v-2"]["region"] == "RU-SVE"
    assert rows["v-2"]["category"] == "prisoner"
    assert rows["v-3"]["death_date"] == "2024-02-20"
    assert rows["v-3"]["region"] == "RU-BA"
    assert rows["v-3"]["category"] == "contract"
    source = conn.execute("SELECT kind FROM sources WHERE id = 'vol'").fetchone()
    assert source["kind"] == "import"


def test_import_twice_adds_nothing(tmp_path, volunteer_csv):
    db = tmp_path / "n.db"
    run(db, "import", str(volunteer_csv), "--source", "vol")
    before = table_counts(db)
    result = run(db, "import", str(volunteer_csv), "--source", "vol")
    assert result.exit_code == 0
    assert "0 new" in result.output and "3 unchanged" in result.output
    assert table_counts(db) == before


def test_map_renames_columns(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("№;Фамилия;Имя;Дата гибели;Регион\n7;Петров;Иван;01.03.2023;Якутия\n", encoding="utf-8")
    db = tmp_path / "n.db"
    result = run(db, "import", str(path), "--map", "№=ref", "--map", "Фамилия=surname", "--map", "Имя=first_name",
                 "--map", "Дата гибели=death_date", "--map", "Регион=region")
    assert result.exit_code == 0, result.output
    row = sqlite3.connect(db).execute("SELECT ref, surname, death_date, region, source_id FROM mentions").fetchone()
    assert row == ("7", "Петров", "2023-03-01", "RU-SA", "list")


def test_map_to_unknown_field_is_a_usage_error(tmp_path, volunteer_csv):
    result = run(tmp_path / "n.db", "import", str(volunteer_csv), "--map", "surname=familiya")
    assert result.exit_code == 2
    assert "unknown field 'familiya'" in result.output


def test_row_number_is_the_ref_when_the_file_has_none(tmp_path):
    path = tmp_path / "noref.jsonl"
    path.write_text(
        json.dumps({"surname": "Сидоров", "first_name": "Пётр"}, ensure_ascii=False) + "\n"
        + json.dumps({"full_name": "Алдын-оол Начын", "death_date": "2022-10"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    db = tmp_path / "n.db"
    assert run(db, "import", str(path)).exit_code == 0
    refs = [r[0] for r in sqlite3.connect(db).execute("SELECT ref FROM mentions ORDER BY id")]
    assert refs == ["1", "2"]


def test_bad_date_row_is_reported_with_its_line_and_others_imported(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + ROWS[0] + "v-9,Смирнов,Антон,,,32.13.2023,,,,,,\n" + ROWS[1], encoding="utf-8")
    db = tmp_path / "n.db"
    result = run(db, "import", str(path))
    assert result.exit_code == 3
    assert f"{path}:3: death_date: '32.13.2023' is not a date" in result.output
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM mentions").fetchone()[0] == 2


def test_unknown_region_and_category_are_kept_raw_and_counted(tmp_path):
    path = tmp_path / "raw.csv"
    path.write_text(
        "surname,first_name,region,category\nОрлов,Илья,Атлантида,космонавт\nОрлов,Олег,Атлантида,\n",
        encoding="utf-8",
    )
    db = tmp_path / "n.db"
    result = run(db, "import", str(path))
    assert result.exit_code == 0
    assert "2 region values kept raw (not recognised): 'Атлантида' ×2" in result.output
    assert "1 category values kept raw" in result.output
    rows = sqlite3.connect(db).execute("SELECT region, region_raw, category, category_raw FROM mentions").fetchall()
    assert rows[0] == (None, "Атлантида", None, "космонавт")


@pytest.mark.parametrize(
    "content, message",
    [
        (b"first_name,death_date\n\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd,2024-01-01\n", ":1: missing column"),
        (b"", "the file is empty"),
        (b"   \n", "the file is empty"),
        (HEADER.encode() + "v-1,Баиров,Алдар\n".encode("cp1251"), ":2: not valid utf-8"),
        (HEADER.encode() + ROWS[0].encode() + b'v-2,"\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd', ":3: malformed or truncated CSV"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
    ],
    ids=["missing-column", "empty", "blank", "not-utf8", "truncated", "binary"],
)
def test_whole_file_errors_name_the_file_and_change_nothing(tmp_path, volunteer_csv, content, message):
    db = tmp_path / "n.db"
    run(db, "import", str(volunteer_csv), "--source", "vol")
    before = table_counts(db)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    result = run(db, "import", str(bad), "--source", "vol")
    assert result.exit_code == 1
    assert str(bad) in result.output and message in result.output
    assert table_counts(db) == before


def test_truncated_last_row_is_reported(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text(HEADER + ROWS[0] + "v-2,Иванов,Сергей", encoding="utf-8")
    result = run(tmp_path / "n.db", "import", str(path))
    assert result.exit_code == 3
    assert f"{path}:3: 3 fields where the header has 12 (truncated row?)" in result.output


def test_cp1251_file_imports_with_encoding_option(tmp_path):
    path = tmp_path / "win.csv"
    path.write_bytes((HEADER + ROWS[0]).encode("cp1251"))
    db = tmp_path / "n.db"
    assert run(db, "import", str(path), "--encoding", "cp1251").exit_code == 0
    assert sqlite3.connect(db).execute("SELECT surname FROM mentions").fetchone() == ("Баиров",)


def seed_persons(db_path):
    """Persons as matching would write them: one per imported mention."""
    conn = sqlite3.connect(db_path)
    now = "2024-03-01T00:00:00+00:00"
    for (mention_id, *fields) in conn.execute(
        "SELECT id, full_name, surname, first_name, patronymic, birth_date, death_date, region, category FROM mentions"
    ).fetchall():
        conn.execute(
            "INSERT INTO persons (id, full_name, surname, first_name, patronymic, birth_date, death_date,"
            " date, date_basis, region, category, n_mentions, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'death', ?, ?, 1, ?, ?)",
            (mention_id, *fields[:6], fields[5], *fields[6:], now, now),
        )
        conn.execute("INSERT INTO person_mentions VALUES (?, ?, ?)", (mention_id, mention_id, now))
    conn.commit()
    conn.close()


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_import_round_trip(tmp_path, volunteer_csv, fmt):
    db = tmp_path / "n.db"
    run(db, "import", str(volunteer_csv), "--source", "vol")
    seed_persons(db)
    out = tmp_path / f"persons.{fmt}"
    result = run(db, "export", "--what", "persons", "--format", fmt, "-o", str(out))
    assert result.exit_code == 0 and "3 persons" in result.output
    if fmt == "csv":
        exported = list(csv.DictReader(out.open(encoding="utf-8")))
    else:
        exported = [json.loads(line) for line in out.open(encoding="utf-8")]
    by_surname = {r["surname"]: r for r in exported}
    assert by_surname["Баиров"]["region_name"] == "Республика Бурятия"
    assert by_surname["Баиров"]["date_basis"] == "death"
    assert by_surname["Иванов"]["death_date"] == "2023-07"

    # The export goes back in as another source with the same facts.
    db2 = tmp_path / "other.db"
    assert run(db2, "import", str(out), "--source", "back").exit_code == 0
    conn1, conn2 = sqlite3.connect(db), sqlite3.connect(db2)
    facts = "SELECT surname, first_name, patronymic, birth_date, death_date, region, category FROM mentions ORDER BY surname"
    assert conn1.execute(facts).fetchall() == conn2.execute(facts).fetchall()


def test_export_mentions_lists_source_and_person(tmp_path, volunteer_csv):
    db = tmp_path / "n.db"
    run(db, "import", str(volunteer_csv), "--source", "vol")
    out = tmp_path / "m.jsonl"
    assert run(db, "export", "--what", "mentions", "--format", "jsonl", "-o", str(out)).exit_code == 0
    rows = [json.loads(line) for line in out.open(encoding="utf-8")]
    assert {r["ref"] for r in rows} == {"v-1", "v-2", "v-3"}
    assert all(r["source"] == "vol" and r["person_id"] is None for r in rows)


def test_export_refuses_to_overwrite_without_force(tmp_path, volunteer_csv):
    db = tmp_path / "n.db"
    run(db, "import", str(volunteer_csv))
    out = tmp_path / "p.csv"
    out.write_text("keep me", encoding="utf-8")
    result = run(db, "export", "-o", str(out))
    assert result.exit_code == 1 and "--force" in result.output
    assert out.read_text(encoding="utf-8") == "keep me"
    assert run(db, "export", "-o", str(out), "--force").exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("person_id,")


def test_sqlite_snapshot_has_no_reviewer_identities(tmp_path, volunteer_csv):
    db = tmp_path / "n.db"
    run(db, "import", str(volunteer_csv))
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(
        "INSERT INTO reviewers (id, name, password_hash, role, created_at) VALUES (1, 'masha-volunteer', 'x', 'volunteer', 'now')"
    )
    conn.execute(
        "INSERT INTO decisions (mention_a, mention_b, verdict, reviewer_id, decided_at) VALUES (1, 2, 'different', 1, 'now')"
    )
    conn.commit()
    out = tmp_path / "snap.db"
    # The snapshot is taken while another connection holds an open write transaction.
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO sources (id, kind, name, created_at, updated_at) VALUES ('late', 'news', 'x', 'now', 'now')")
    result = run(db, "export", "--format", "sqlite", "-o", str(out))
    conn.rollback()
    assert result.exit_code == 0, result.output
    snap = sqlite3.connect(out)
    tables = {r[0] for r in snap.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "reviewers" not in tables and "mentions" in tables
    assert snap.execute("SELECT COUNT(*) FROM mentions").fetchone()[0] == 3
    assert snap.execute("SELECT reviewer_id, verdict FROM decisions").fetchall() == [(None, "different")]
    assert snap.execute("SELECT COUNT(*) FROM sources WHERE id = 'late'").fetchone()[0] == 0
    assert b"masha-volunteer" not in out.read_bytes()


def test_text_rows_go_through_the_extractor(tmp_path):
    notice = (
        "В Улан-Удэ простились с мобилизованным Алдаром Баировым. Младший сержант погиб "
        "20 февраля 2024 года в зоне СВО. Ему было 33 года. Соболезнования семье выразил глава Бурятии."
    )
    path = tmp_path / "texts.jsonl"
    path.write_text(
        json.dumps({"ref": "t-1", "text": notice, "published": "2024-03-01"}, ensure_ascii=False) + "\n"
        + json.dumps({"ref": "t-2", "text": "В ДТП на трассе Р-258 пострадали два человека.",
                      "published": "2024-03-01"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    db = tmp_path / "n.db"
    result = run(db, "import", str(path), "--source", "pasted")
    assert result.exit_code == 0, result.output
    assert "1 text rows were not about a serviceman's death" in result.output
    rows = sqlite3.connect(db).execute(
        "SELECT ref, surname, first_name, death_date, reported_date, region, category FROM mentions"
    ).fetchall()
    assert rows == [("t-1", "Баиров", "Алдар", "2024-02-20", "2024-03-01", "RU-BU", "mobilized")]
    # Re-importing the same texts adds nothing.
    assert "0 new" in run(db, "import", str(path), "--source", "pasted").output
