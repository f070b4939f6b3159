"""Datasette metadata for a nekrolog database: titles, descriptions of every
table and column (read from docs/schema.md, the one place they are written),
facets and the canned stats queries; and, as a Datasette plugin registered by
``make_datasette``, the SQL functions ``region_name`` and ``category_label`` those
queries use.

Reviewer accounts stay out of it: ``reviewers`` is hidden, and no facet or
canned query touches it or ``decisions.reviewer_id`` (the review plugin's
permissions keep them from non-admins altogether).
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

from datasette import hookimpl

from db.regions import region_name
from db.stats import category_display
from db.stats_sql import CANNED_QUERIES

SCHEMA_DOC = Path(__file__).resolve().parent.parent / "docs" / "schema.md"

TABLES: dict[str, dict[str, Any]] = {
    "counted_persons": {
        "title": "Counted persons",
        "description": "The persons the totals count: active and still stated by at least one source, one row per "
        "person, with the year of the best date. Start here.",
        "facets": ["region", "category", "year", "date_basis"],
        "sort_desc": "date",
        "label_column": "full_name",
    },
    "persons": {
        "title": "Persons (all, including merged)",
        "description": "Every person ID ever issued. A merged person points to the one it was merged into; "
        "cited IDs stay valid.",
        "facets": ["status", "region", "category"],
        "label_column": "full_name",
    },
    "mentions": {
        "title": "Mentions",
        "description": "One dead person as one source states him: a name on a page or a row of an imported file.",
        "facets": ["source_id", "region", "category"],
        "label_column": "full_name",
    },
    "person_mentions": {"title": "Person ↔ mention links", "description": "Which person each mention belongs to."},
    "person_events": {"title": "Person history", "description": "Creation, growth, merges and splits of person IDs."},
    "sources": {"title": "Sources", "description": "Sites, channels, walls, memorial sites and imported files.",
                "label_column": "name"},
    "pages": {"title": "Pages", "description": "Every fetched URL and its main text.", "facets": ["source_id"],
              "label_column": "url"},
    "crawl_runs": {"title": "Crawl runs", "description": "One row per source per crawl run."},
    "review_items": {"title": "Review queue", "description": "Uncertain pairs and conflicting clusters for volunteers."},
    "decisions": {"title": "Decisions", "description": "Volunteers' verdicts on pairs (append-only)."},
    "review_settings": {"title": "Review settings", "description": "The review policy."},
    "schema_migrations": {"title": "Schema migrations", "description": "Schema versions applied to this database."},
}

#: Tables no one browses: reviewer accounts (and anything named like them).
HIDDEN_PREFIX = "reviewer"


def column_descriptions(doc: Path = SCHEMA_DOC) -> dict[str, dict[str, str]]:
    """table → column → meaning, from the tables in docs/schema.md ({} if it is not installed)."""
    if not doc.exists():
        return {}
    tables: dict[str, dict[str, str]] = {}
    current = None
    for line in doc.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^###\s+`(\w+)`", line)
        if heading:
            current = tables.setdefault(heading.group(1), {})
            continue
        row = re.match(r"^\|\s*`(\w+)`\s*\|[^|]*\|\s*(.*?)\s*\|\s*$", line)
        if row and current is not None:
            current[row.group(1)] = row.group(2).replace("`", "")
    return tables


def build_metadata(database: str, table_names: list[str] | None = None) -> dict[str, Any]:
    """Metadata for the database Datasette calls ``database`` (the file's stem)."""
    columns = column_descriptions()
    tables: dict[str, Any] = {}
    for name, meta in TABLES.items():
        tables[name] = {**meta, "columns": columns.get(name, {})}
    for name in table_names or []:
        if name.startswith(HIDDEN_PREFIX):
            tables[name] = {"hidden": True}
    return {
        "title": "nekrolog",
        "description": "Russian war dead named in open sources: persons merged from mentions, the sources and pages "
        "they come from, and the stats as canned queries. Read-only. The rules behind every figure: docs/stats.md.",
        "databases": {
            database: {
                "title": "nekrolog",
                "description": "Start with counted_persons (facets on region, category and year) or the canned "
                "queries below.",
                "tables": tables,
                "queries": {name: dict(query) for name, query in CANNED_QUERIES.items()},
            }
        },
    }


def _region_name(code: str | None) -> str | None:
    return (region_name(code) or code) if code else None


def _category_label(code: str | None) -> str | None:
    return category_display(code, "ru")


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("region_name", 1, _region_name, deterministic=True)
    conn.create_function("category_label", 1, _category_label, deterministic=True)
