"""docs/schema.md must describe exactly the tables and columns the migrations create."""

import re
from pathlib import Path

from db import open_db

DOC = Path(__file__).resolve().parent.parent / "docs" / "schema.md"


def documented_schema() -> dict[str, list[str]]:
    tables: dict[str, list[str]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^###\s+`(\w+)`", line)
        if heading:
            current = heading.group(1)
            tables[current] = []
            continue
        row = re.match(r"^\|\s*`(\w+)`\s*\|", line)
        if row and current:
            tables[current].append(row.group(1))
    return tables


def actual_schema(tmp_path) -> dict[str, list[str]]:
    db = open_db(tmp_path / "schema.db")
    names = [n for n in db.table_names() if not n.startswith("sqlite_") and "_fts" not in n]
    return {name: [c.name for c in db[name].columns] for name in names + db.view_names()}


def test_every_table_is_documented(tmp_path):
    assert sorted(documented_schema()) == sorted(actual_schema(tmp_path))


def test_every_column_is_documented_in_order(tmp_path):
    documented = documented_schema()
    for table, columns in actual_schema(tmp_path).items():
        assert documented[table] == columns, f"docs/schema.md disagrees with the schema of {table}"
