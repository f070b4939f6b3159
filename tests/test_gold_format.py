"""Format checks for the labelled gold sets under tests/gold/ (dev and heldout).

Independent of the extractor: only the JSONL format and labelling conventions
described in tests/gold/README.md are checked.  Set GOLD_DIRS (comma-separated
sub-directory names, e.g. ``GOLD_DIRS=dev``) to restrict the check.
"""

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest

GOLD = Path(__file__).resolve().parent / "gold"

CATEGORIES = {"mobilized", "volunteer", "contract", "conscript", "prisoner", "pmc", "security", "unknown"}
REASONS = {
    "road accident", "fire", "ww2", "anniversary", "ukrainian soldier", "award to living",
    "aggregate without names", "unrelated", "missing", "wounded",
}
MENTION_KEYS = {
    "surname", "first_name", "patronymic", "birth_date", "age", "death_date", "funeral_date",
    "region", "settlement", "unit", "rank", "category",
}
TOP_KEYS = {"id", "genre", "published", "text", "expected"}
OPTIONAL_TOP_KEYS = {"notes"}
REGION_RE = re.compile(r"^(RU-[A-Z]{2,3}|UA-\d{2})$")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
LATIN_RE = re.compile(r"[A-Za-z]")
NAME_RE = re.compile(r"^[А-ЯЁа-яё][А-ЯЁа-яё'’\- ]*$")


def _dirs():
    wanted = os.environ.get("GOLD_DIRS")
    if wanted:
        return [GOLD / d.strip() for d in wanted.split(",") if d.strip()]
    return [p for p in sorted(GOLD.iterdir()) if p.is_dir()] if GOLD.exists() else []


def _files():
    return [f for d in _dirs() if d.exists() for f in sorted(d.rglob("*.jsonl"))]


def _records():
    out = []
    for f in _files():
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                out.append((f, n, line))
    return out


def parse_partial_date(s):
    """Return (date lower bound, precision) for YYYY / YYYY-MM / YYYY-MM-DD, or raise ValueError."""
    if not isinstance(s, str) or not DATE_RE.match(s):
        raise ValueError(f"not an ISO date at a precision: {s!r}")
    parts = [int(x) for x in s.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), 1
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], 1), 2
    return dt.date(*parts), 3


def _le(a, b):
    """a <= b, compared at the coarser of the two precisions."""
    (da, pa), (db, pb) = parse_partial_date(a), parse_partial_date(b)
    p = min(pa, pb)
    key = lambda d: (d.year, d.month if p >= 2 else 0, d.day if p >= 3 else 0)  # noqa: E731
    return key(da) <= key(db)


def test_gold_files_exist():
    assert _files(), "no gold JSONL files found"


def test_lines_are_valid_json():
    for f, n, line in _records():
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:  # pragma: no cover - failure path
            pytest.fail(f"{f.name}:{n}: invalid JSON: {e}")
        assert isinstance(obj, dict), f"{f.name}:{n}: not an object"


def test_ids_unique():
    seen = {}
    for f, n, line in _records():
        rid = json.loads(line).get("id")
        assert isinstance(rid, str) and rid, f"{f.name}:{n}: missing id"
        assert rid not in seen, f"{f.name}:{n}: duplicate id {rid} (first in {seen[rid]})"
        seen[rid] = f"{f.name}:{n}"


def _check_mention(where, m, published):
    assert isinstance(m, dict), f"{where}: mention is not an object"
    assert set(m) == MENTION_KEYS, f"{where}: mention keys {sorted(set(m) ^ MENTION_KEYS)}"
    assert isinstance(m["surname"], str) and m["surname"].strip(), f"{where}: empty surname"
    for k in ("surname", "first_name", "patronymic"):
        v = m[k]
        if v is None:
            continue
        assert isinstance(v, str) and v == v.strip(), f"{where}: bad {k} {v!r}"
        assert not LATIN_RE.search(v), f"{where}: Latin letters in {k} {v!r}"
        assert NAME_RE.match(v), f"{where}: {k} {v!r} is not a Cyrillic name"
        assert v[0].isupper(), f"{where}: {k} {v!r} not capitalised"
    for k in ("birth_date", "death_date", "funeral_date"):
        if m[k] is not None:
            try:
                parse_partial_date(m[k])
            except ValueError as e:
                pytest.fail(f"{where}: {k}: {e}")
    if m["age"] is not None:
        assert isinstance(m["age"], int) and not isinstance(m["age"], bool), f"{where}: age not int"
        assert 14 <= m["age"] <= 90, f"{where}: implausible age {m['age']}"
    if m["birth_date"] and m["death_date"]:
        assert _le(m["birth_date"], m["death_date"]), f"{where}: birth after death"
    if m["death_date"] and m["funeral_date"]:
        assert _le(m["death_date"], m["funeral_date"]), f"{where}: funeral before death"
    if m["death_date"]:
        assert _le(m["death_date"], published), f"{where}: death after publication"
    if m["region"] is not None:
        assert isinstance(m["region"], str) and REGION_RE.match(m["region"]), f"{where}: region {m['region']!r}"
    for k in ("settlement", "unit", "rank"):
        v = m[k]
        assert v is None or (isinstance(v, str) and v.strip() == v and v), f"{where}: bad {k} {v!r}"
    if m["settlement"]:
        assert not re.match(r"^(г|с|пос|пгт|д|ст|п|улус|аул)\.\s", m["settlement"]), f"{where}: settlement prefix"
    if m["rank"]:
        assert m["rank"] == m["rank"].lower(), f"{where}: rank not lowercase"
    assert m["category"] in CATEGORIES, f"{where}: category {m['category']!r}"


def test_records_follow_format():
    for f, n, line in _records():
        obj = json.loads(line)
        where = f"{f.name}:{n} ({obj.get('id')})"
        keys = set(obj)
        assert TOP_KEYS <= keys, f"{where}: missing {sorted(TOP_KEYS - keys)}"
        assert keys <= TOP_KEYS | OPTIONAL_TOP_KEYS, f"{where}: unknown keys {sorted(keys - TOP_KEYS - OPTIONAL_TOP_KEYS)}"
        assert isinstance(obj["genre"], str) and obj["genre"], f"{where}: genre"
        assert isinstance(obj["text"], str) and obj["text"].strip(), f"{where}: empty text"
        try:
            pub = dt.datetime.fromisoformat(obj["published"])
        except (TypeError, ValueError):
            pytest.fail(f"{where}: published is not ISO datetime: {obj['published']!r}")
        assert pub.tzinfo is not None, f"{where}: published has no timezone"
        published = pub.date().isoformat()
        exp = obj["expected"]
        assert isinstance(exp, dict), f"{where}: expected not an object"
        assert isinstance(exp.get("relevant"), bool), f"{where}: relevant must be bool"
        assert isinstance(exp.get("unnamed"), int) and exp["unnamed"] >= 0, f"{where}: unnamed"
        assert isinstance(exp.get("mentions"), list), f"{where}: mentions must be a list"
        if exp["relevant"]:
            assert exp["mentions"] or exp["unnamed"], f"{where}: relevant but nobody dead"
            assert "reason" not in exp or exp["reason"] is None, f"{where}: reason on a relevant text"
        else:
            assert exp["mentions"] == [], f"{where}: negative with mentions"
            assert exp["unnamed"] == 0, f"{where}: negative with unnamed dead"
            assert exp.get("reason") in REASONS, f"{where}: reason {exp.get('reason')!r}"
        for i, m in enumerate(exp["mentions"]):
            _check_mention(f"{where} mention {i}", m, published)


def test_dev_ids_prefixed():
    for f, n, line in _records():
        if f.parent.name == "dev":
            assert json.loads(line)["id"].startswith("dev-"), f"{f.name}:{n}: dev id must start with dev-"
