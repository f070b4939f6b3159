"""What the review screen (and ``nekrolog review``) shows for one item.

Everything here is plain data; escaping is the renderer's job (Jinja's
autoescape on the web, plain text in the terminal). URLs are the exception:
an ``href`` is only ever an http(s) URL, because autoescaping does not stop a
``javascript:`` link.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from db.dates import best_date, compatible, year_of
from db.review_queue import Item
from db.store import MENTION_FIELDS, name_key
from nekrolog.review.i18n import has_label, translator

SNIPPET_CONTEXT = 160
_NAME_FIELDS = ("full_name", "surname", "first_name", "patronymic")
_DATE_FIELDS = ("best_date", "death_date", "funeral_date", "reported_date", "birth_date")
FIELDS = (
    "full_name",
    "surname",
    "first_name",
    "patronymic",
    "best_date",
    "death_date",
    "funeral_date",
    "reported_date",
    "birth_date",
    "age",
    "birth_year",
    "region",
    "settlement",
    "unit",
    "rank",
    "category",
)
_MENTION_COLUMNS = ("id", "page_id", "source_id", *MENTION_FIELDS, "evidence", "retracted_at")


@dataclass
class Snippet:
    before: str
    match: str
    after: str


@dataclass
class MentionCard:
    id: int
    values: dict[str, str | None]
    basis: str | None
    source_name: str | None
    url: str | None  # safe to put in href: http(s) only
    shown_url: str | None  # the stored URL as text, whatever its scheme
    title: str | None
    published_at: str | None
    snippet: Snippet | None
    retracted: bool


@dataclass
class FieldRow:
    key: str
    values: list[str | None]
    status: str  # 'same', 'partial', 'differ', 'neutral' or 'missing'


@dataclass
class ItemView:
    item: Item
    cards: list[MentionCard]
    rows: list[FieldRow] = field(default_factory=list)
    reasons: list[tuple[str, str]] = field(default_factory=list)


def safe_url(url: str | None) -> str | None:
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


def _labelled(kind: str, value: str | None, lang: str) -> str | None:
    """Region and category codes as names, via the reference tables when present."""
    if not value:
        return value
    try:
        if kind == "region":
            from db.regions import region_name

            return f"{region_name(value, lang) or value} ({value})"
        from db.categories import category_label

        return category_label(value, lang) or value
    except (ImportError, AttributeError, KeyError, TypeError, ValueError):
        return value


def _snippet(text: str | None, evidence_json: str | None, fallback_name: str | None) -> Snippet | None:
    if not text:
        return None
    try:
        evidence = json.loads(evidence_json or "{}")
    except json.JSONDecodeError:
        evidence = {}
    span = None
    for key in ("full_name", "surname", *sorted(evidence)):
        value = evidence.get(key) if isinstance(evidence, dict) else None
        if isinstance(value, dict) and isinstance(value.get("start"), int) and isinstance(value.get("end"), int):
            span = (value["start"], value["end"])
            break
    if span is None and fallback_name:
        at = text.find(fallback_name)
        if at >= 0:
            span = (at, at + len(fallback_name))
    if span is None or not (0 <= span[0] <= span[1] <= len(text)):
        return Snippet("", text[: SNIPPET_CONTEXT * 2], "…" if len(text) > SNIPPET_CONTEXT * 2 else "")
    start, end = span
    lo, hi = max(0, start - SNIPPET_CONTEXT), min(len(text), end + SNIPPET_CONTEXT)
    return Snippet(
        ("…" if lo > 0 else "") + text[lo:start],
        text[start:end],
        text[end:hi] + ("…" if hi < len(text) else ""),
    )


def load_cards(conn: sqlite3.Connection, mention_ids: list[int], lang: str = "ru") -> list[MentionCard]:
    cards = []
    for mention_id in mention_ids:
        row = conn.execute(
            "SELECT " + ", ".join(f"m.{c}" for c in _MENTION_COLUMNS) + ","  # noqa: S608 - constant column names
            " p.url, p.canonical_url, p.title, p.published_at, p.text, s.name"
            " FROM mentions m LEFT JOIN pages p ON p.id = m.page_id LEFT JOIN sources s ON s.id = m.source_id"
            " WHERE m.id = ?",
            (mention_id,),
        ).fetchone()
        if row is None:
            continue
        m = dict(zip(_MENTION_COLUMNS, row[: len(_MENTION_COLUMNS)]))
        url, canonical, title, published, text, source_name = row[len(_MENTION_COLUMNS) :]
        date, basis = best_date(m["death_date"], m["funeral_date"], m["reported_date"])
        values: dict[str, str | None] = {f: (None if m.get(f) is None else str(m[f])) for f in FIELDS if f in m}
        values["best_date"] = date
        values["birth_year"] = _birth_years(m["birth_date"], m["age"], date)
        values["region"] = _labelled("region", m["region"], lang) or m["region_raw"]
        values["category"] = _labelled("category", m["category"], lang) or m["category_raw"]
        link = canonical or url
        cards.append(
            MentionCard(
                id=m["id"],
                values=values,
                basis=basis,
                source_name=source_name or m["source_id"],
                url=safe_url(link),
                shown_url=link,
                title=title,
                published_at=published,
                snippet=_snippet(text, m["evidence"], m["full_name"] or m["surname"]),
                retracted=m["retracted_at"] is not None,
            )
        )
    return cards


def _birth_years(birth_date: str | None, age: int | None, date: str | None) -> str | None:
    """Birth year as stated, or as the age at death implies (two candidate years)."""
    if birth_date:
        return birth_date[:4]
    year = year_of(date)
    if age is None or year is None:
        return None
    return f"{year - int(age) - 1}–{year - int(age)}"


def _year_range(value: str) -> tuple[int, int]:
    low, _, high = value.partition("–")
    return int(low), int(high or low)


def _name_tokens(value: str) -> frozenset[str]:
    return frozenset(name_key(value).split())


def _compare(key: str, values: list[str | None]) -> str:
    present = [v for v in values if v not in (None, "")]
    if len(present) < 2:
        return "missing"
    if key == "reported_date":
        return "neutral"  # sources report on different days; that is no conflict
    if key == "birth_year":
        ranges = [_year_range(v) for v in present]
        if max(r[0] for r in ranges) > min(r[1] for r in ranges):
            return "differ"
        return "same" if len(set(present)) == 1 and len(present) == len(values) else "partial"
    if key in _NAME_FIELDS:
        tokens = [_name_tokens(v) for v in present]
        if len(set(tokens)) == 1:
            return "same" if len(present) == len(values) else "partial"
        smallest = min(tokens, key=len)
        return "partial" if all(smallest <= t for t in tokens) else "differ"
    if key in _DATE_FIELDS:
        if any(compatible(a, b) is False for i, a in enumerate(present) for b in present[i + 1 :]):
            return "differ"
        return "same" if len(set(present)) == 1 and len(present) == len(values) else "partial"
    folded = {v.strip().lower() for v in present}
    if len(folded) > 1:
        return "differ"
    return "same" if len(present) == len(values) else "partial"


def _reason_text(value: object, word: Callable[[str, str], str]) -> str:
    """One reason as a line of text. The matcher's per-field entries
    (``{"level": "agree", "weight": 2.3, "values": ...}``) become ``field (level, +2.3)``."""
    if isinstance(value, dict):
        parts = []
        for key, entry in value.items():
            if isinstance(entry, dict) and "level" in entry:
                level = word("level", str(entry["level"]))
                weight = entry.get("weight")
                shown = f"{level}, {weight:+.1f}" if isinstance(weight, int | float) else level
                parts.append(f"{word('field', str(key))} ({shown})")
            else:
                parts.append(f"{word('field', str(key))}: {_reason_text(entry, word)}")
        return ", ".join(parts)
    if isinstance(value, list | tuple):
        return ", ".join(_reason_text(v, word) for v in value)
    if value is True:
        return "✓"
    return "" if value is None else str(value)


def _reasons(reasons: dict, lang: str = "ru") -> list[tuple[str, str]]:
    t = translator(lang)

    def word(kind: str, code: str) -> str:
        # A field may be one of the screen's own rows (surname) or a matcher group (death).
        for key in (f"{kind}_{code}", code if kind == "field" else ""):
            if key and has_label(key):
                return t(key).lower() if kind == "field" else t(key)
        return code

    shown = []
    for key, value in reasons.items():
        if value in (None, [], {}, ""):
            continue
        if key == "band" and isinstance(value, str):
            text = word("band", value)
        elif key == "missing" and isinstance(value, list):
            text = ", ".join(word("field", str(v)) for v in value)
        else:
            text = _reason_text(value, word)
        shown.append((str(key), text))
    return shown


def build_view(conn: sqlite3.Connection, item: Item, lang: str = "ru") -> ItemView:
    cards = load_cards(conn, item.mention_ids, lang)
    rows = [FieldRow(key, [c.values.get(key) for c in cards], "") for key in FIELDS]
    for row in rows:
        row.status = _compare(row.key, row.values)
    return ItemView(item=item, cards=cards, rows=rows, reasons=_reasons(item.reasons, lang))


def basis_label(t: Callable[..., str], basis: str | None) -> str:
    return t(f"basis_{basis}") if basis else ""
