"""Importing a volunteer spreadsheet or another project's list as mentions.

The whole file is one transaction: a whole-file error (missing column, bad
encoding, empty or truncated file) leaves the database as it was. A bad row is
reported with its line number and skipped; the good rows are imported. Each
mention is keyed by the file's ``ref`` column (or its row number), so importing
the same file twice adds nothing.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from db.categories import lookup_category
from db.connection import transaction
from db.regions import lookup_region
from db.store import MENTION_FIELDS, name_key, save_mentions, upsert_source
from nekrolog.progress import Progress
from scrapers.extract import EXTRACTOR_VERSION, extract, parse_date_value

IMPORTER_VERSION = "import-1"

DATE_FIELDS = ("birth_date", "death_date", "funeral_date", "reported_date")
NAME_FIELDS = ("full_name", "surname", "first_name", "patronymic")
#: Fields a row may carry, by their export names.
IMPORT_FIELDS: tuple[str, ...] = (
    "ref",
    *(f for f in MENTION_FIELDS if not f.endswith("_raw")),
    "text",
    "published",
)
#: Columns of our own exports that carry no mention data; accepted and ignored
#: so an export can be imported back.
EXPORT_ONLY_COLUMNS = frozenset(
    {"person_id", "mention_id", "source", "url", "urls", "region_name", "date", "date_basis",
     "n_mentions", "first_seen_at"}
)


class ImportFileError(Exception):
    """The whole file is unusable; nothing was imported."""


@dataclass
class RowError:
    line: int
    message: str


@dataclass
class ImportSummary:
    path: str
    source: str
    rows: int = 0
    mentions_new: int = 0
    mentions_updated: int = 0
    mentions_unchanged: int = 0
    irrelevant_texts: int = 0
    errors: list[RowError] = field(default_factory=list)
    unnormalised: dict[str, Counter] = field(default_factory=lambda: {"region": Counter(), "category": Counter()})
    ignored_columns: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"{self.path}: {self.rows} rows → {self.mentions_new} new, {self.mentions_updated} updated, "
            f"{self.mentions_unchanged} unchanged mentions (source {self.source!r})"
        ]
        if self.irrelevant_texts:
            out.append(f"  {self.irrelevant_texts} text rows were not about a serviceman's death")
        if self.ignored_columns:
            out.append(f"  ignored columns: {', '.join(self.ignored_columns)}")
        for fieldname, counter in self.unnormalised.items():
            if counter:
                values = ", ".join(f"{v!r} ×{n}" for v, n in counter.most_common(10))
                out.append(f"  {sum(counter.values())} {fieldname} values kept raw (not recognised): {values}")
        if self.errors:
            out.append(f"  {len(self.errors)} bad rows skipped:")
            out.extend(f"  {self.path}:{e.line}: {e.message}" for e in self.errors)
        return out


def parse_mapping(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``["Фамилия=surname", ...]`` → ``{"Фамилия": "surname"}``, checking the fields."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        column, sep, target = pair.partition("=")
        if not sep or not column.strip() or not target.strip():
            raise ValueError(f"--map {pair!r}: expected COLUMN=FIELD")
        if target.strip() not in IMPORT_FIELDS:
            raise ValueError(f"--map {pair!r}: unknown field {target.strip()!r}; fields: {', '.join(IMPORT_FIELDS)}")
        mapping[column.strip()] = target.strip()
    return mapping


# ----------------------------------------------------------------------------- reading


def _decode(path: Path, encoding: str) -> str:
    data = path.read_bytes()
    if not data.strip():
        raise ImportFileError(f"{path}: the file is empty")
    if b"\x00" in data[:8192]:
        raise ImportFileError(f"{path}: this is a binary file, not CSV or JSONL text")
    try:
        return data.decode("utf-8-sig" if encoding.lower().replace("-", "") == "utf8" else encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFileError(
            f"{path}:{line}: not valid {encoding} (byte 0x{data[exc.start]:02x}); "
            "save the file as UTF-8 or pass --encoding (e.g. cp1251)"
        ) from None
    except LookupError:
        raise ImportFileError(f"unknown encoding {encoding!r}") from None


def _read_csv(path: Path, text: str) -> tuple[list[str], list[tuple[int, dict[str, str] | RowError]]]:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError(f"{path}: the file is empty") from None
    except csv.Error as exc:
        raise ImportFileError(f"{path}:1: unreadable header: {exc}") from None
    header = [h.strip() for h in header]
    if not any(header):
        raise ImportFileError(f"{path}:1: the header row is empty")
    duplicates = [h for h, n in Counter(header).items() if n > 1 and h]
    if duplicates:
        raise ImportFileError(f"{path}:1: duplicate columns: {', '.join(duplicates)}")
    rows: list[tuple[int, dict[str, str] | RowError]] = []
    while True:
        line = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            # An unterminated quote swallows the rest of the file: nothing after it can be trusted.
            raise ImportFileError(f"{path}:{line}: malformed or truncated CSV ({exc}); nothing was imported") from None
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            rows.append((line, RowError(line, f"{len(values)} fields where the header has {len(header)} (truncated row?)")))
            continue
        rows.append((line, dict(zip(header, values))))
    return header, rows


def _read_jsonl(path: Path, text: str) -> tuple[list[str], list[tuple[int, dict[str, Any] | RowError]]]:
    rows: list[tuple[int, dict[str, Any] | RowError]] = []
    columns: dict[str, None] = {}
    lines = text.splitlines()
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            if number == len(lines) and not text.endswith("\n"):
                raise ImportFileError(f"{path}:{number}: truncated JSON line ({exc.msg}); nothing was imported") from None
            rows.append((number, RowError(number, f"not valid JSON: {exc.msg}")))
            continue
        if not isinstance(obj, dict):
            rows.append((number, RowError(number, "expected a JSON object")))
            continue
        columns.update(dict.fromkeys(obj))
        rows.append((number, obj))
    if not rows:
        raise ImportFileError(f"{path}: the file has no rows")
    return list(columns), rows


# ----------------------------------------------------------------------------- rows


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _row_to_fields(row: dict[str, Any], mapping: dict[str, str]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for column, value in row.items():
        target = mapping.get(column, column)
        if target in IMPORT_FIELDS:
            fields[target] = _clean(value)
    return fields


def _normalise(fields: dict[str, Any], published: str | None, summary: ImportSummary) -> dict[str, Any]:
    """Validate and normalise one row's fields; raises ValueError naming the field."""
    mention: dict[str, Any] = {f: None for f in MENTION_FIELDS}
    for name in NAME_FIELDS + ("settlement", "unit", "rank"):
        mention[name] = fields.get(name)
    if not mention["full_name"]:
        parts = [mention["surname"], mention["first_name"], mention["patronymic"]]
        mention["full_name"] = " ".join(p for p in parts if p) or None
    for name in DATE_FIELDS:
        raw = fields.get(name)
        if raw:
            value = parse_date_value(raw, published=published)
            if value is None:
                raise ValueError(f"{name}: {raw!r} is not a date (use 2024-02-20, 20.02.2024 or 20 февраля 2024)")
            mention[name] = value
    if fields.get("age"):
        try:
            age = int(float(fields["age"].replace(",", ".")))
        except ValueError:
            raise ValueError(f"age: {fields['age']!r} is not a number") from None
        if not 14 <= age <= 100:
            raise ValueError(f"age: {age} is outside 14–100")
        mention["age"] = age
    if fields.get("region"):
        region = lookup_region(fields["region"])
        if region:
            mention["region"] = region.code
        else:
            mention["region_raw"] = fields["region"]
            summary.unnormalised["region"][fields["region"]] += 1
    if fields.get("category"):
        category = lookup_category(fields["category"])
        if category:
            mention["category"] = category
        else:
            mention["category_raw"] = fields["category"]
            summary.unnormalised["category"][fields["category"]] += 1
    return mention


def import_file(
    db: sqlite_utils.Database,
    path: str | Path,
    *,
    source: str | None = None,
    fmt: str | None = None,
    mapping: dict[str, str] | None = None,
    encoding: str = "utf-8",
    progress: bool = True,
) -> ImportSummary:
    """Import one CSV or JSONL file as the mentions of an ``import`` source."""
    path = Path(path)
    mapping = mapping or {}
    if not path.is_file():
        raise ImportFileError(f"{path}: no such file")
    fmt = fmt or ("jsonl" if path.suffix.lower() in (".jsonl", ".ndjson", ".json") else "csv")
    text = _decode(path, encoding)
    if fmt == "csv":
        columns, rows = _read_csv(path, text)
    elif fmt == "jsonl":
        columns, rows = _read_jsonl(path, text)
    else:
        raise ImportFileError(f"unknown format {fmt!r}: choose csv or jsonl")

    missing_maps = [c for c in mapping if c not in columns]
    if missing_maps:
        raise ImportFileError(f"{path}:1: --map names columns the file lacks: {', '.join(missing_maps)}")
    targets = {mapping.get(c, c) for c in columns}
    if not targets & {"full_name", "surname", "text"}:
        raise ImportFileError(
            f"{path}:1: missing column: a file needs full_name or surname (or text); "
            f"it has {', '.join(columns)}. Map yours with --map COLUMN=FIELD"
        )
    source_id = source or re.sub(r"[^\w.-]+", "-", path.stem).strip("-") or "import"
    summary = ImportSummary(path=str(path), source=source_id)
    summary.ignored_columns = [
        c for c in columns if mapping.get(c, c) not in IMPORT_FIELDS and c not in EXPORT_ONLY_COLUMNS
    ]

    records: list[dict[str, Any]] = []
    with Progress(f"import {path.name}", len(rows), enabled=progress) as bar:
        for row_number, (line, row) in enumerate(rows, start=1):
            bar.advance()
            summary.rows += 1
            if isinstance(row, RowError):
                summary.errors.append(row)
                continue
            fields = _row_to_fields(row, mapping)
            ref = fields.get("ref") or str(row_number)
            try:
                published = parse_date_value(fields["published"]) if fields.get("published") else None
                if fields.get("published") and published is None:
                    raise ValueError(f"published: {fields['published']!r} is not a date")
                if fields.get("text") and not any(fields.get(n) for n in ("full_name", "surname")):
                    records.extend(_text_row(fields, ref, published, summary))
                    continue
                if not any(fields.get(n) for n in ("full_name", "surname")):
                    raise ValueError("no name: full_name or surname is empty")
                mention = _normalise(fields, published, summary)
                if not mention["reported_date"] and published:
                    mention["reported_date"] = published
            except ValueError as exc:
                summary.errors.append(RowError(line, str(exc)))
                continue
            mention["ref"] = ref
            mention["key"] = ref
            records.append(mention)

    with transaction(db) as conn:
        upsert_source(db, source_id, kind="import", name=source_id, settings={"file": path.name})
        result = save_mentions(
            conn,
            source_id=source_id,
            scope=f"import:{source_id}",
            mentions=records,
            extractor_version=f"{IMPORTER_VERSION}+{EXTRACTOR_VERSION}",
            retract_missing=False,
        )
    summary.mentions_new = len(result.new)
    summary.mentions_updated = len(result.updated)
    summary.mentions_unchanged = len(result.unchanged)
    return summary


def _text_row(fields: dict[str, Any], ref: str, published: str | None, summary: ImportSummary) -> list[dict]:
    """A row carrying a notice's text: the extractor finds its dead."""
    default_region = None
    if fields.get("region"):
        region = lookup_region(fields["region"])
        default_region = region.code if region else None
    result = extract(fields["text"], published, default_region=default_region)
    if not result.relevant:
        summary.irrelevant_texts += 1
        return []
    out = []
    for mention in result.mentions:
        record = mention.to_record()
        record["ref"] = ref
        record["key"] = f"{ref}:{name_key(record.get('surname'), record.get('first_name'), record.get('patronymic'))}"
        record["reported_date"] = record.get("reported_date") or published
        out.append(record)
    return out
