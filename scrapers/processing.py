"""Stored page → mentions: the step shared by the crawl pipeline and ``nekrolog extract``.

A page is extracted when it is new or its text changed; a page stored but never
extracted (``extracted_at IS NULL``: the crawl was killed between the two
transactions) is picked up by ``extract_pending`` at the start of the next crawl
of its source, or by ``nekrolog extract``. ``extract_all`` re-extracts every
stored page with the current extractor, without the network.

Memorial cards are not free text: their mentions come from the labelled fields
the source's configuration names (``scrapers.cards``), re-read from the stored HTML.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from db.store import MentionWrite, decompress_html, record_page_extraction


@dataclass
class ExtractCounts:
    pages: int = 0
    relevant: int = 0
    mentions_new: int = 0
    mentions_updated: int = 0
    mentions_retracted: int = 0
    errors: int = 0

    def add(self, write: MentionWrite | None, relevant: bool) -> None:
        self.pages += 1
        self.relevant += int(relevant)
        if write is not None:
            self.mentions_new += len(write.new)
            self.mentions_updated += len(write.updated)
            self.mentions_retracted += len(write.retracted)


class SourceInfo:
    """Per-source facts extraction needs (kind, default region, card fields), cached."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self._cache: dict[str, tuple[str, str | None, dict[str, Any]]] = {}

    def get(self, source_id: str) -> tuple[str, str | None, dict[str, Any]]:
        if source_id not in self._cache:
            row = self.db.conn.execute(
                "SELECT kind, default_region, settings FROM sources WHERE id = ?", (source_id,)
            ).fetchone()
            if row is None:
                self._cache[source_id] = ("news", None, {})
            else:
                self._cache[source_id] = (row[0], row[1], json.loads(row[2] or "{}"))
        return self._cache[source_id]


def published_date(published_at: str | None) -> str | None:
    """The calendar date of a publication time, as extraction's ``published`` takes it."""
    if not published_at:
        return None
    return published_at[:10] if len(published_at) >= 10 else published_at


def extract_text(text: str | None, published_at: str | None, default_region: str | None):
    from scrapers.extract import extract

    return extract(text or "", published_date(published_at), default_region=default_region)


def extractor_version() -> str:
    from scrapers.extract import EXTRACTOR_VERSION

    return EXTRACTOR_VERSION


def extract_page(
    db: sqlite_utils.Database,
    page_id: int,
    *,
    sources: SourceInfo | None = None,
    card_mentions: list[dict[str, Any]] | None = None,
) -> tuple[MentionWrite, bool]:
    """(Re-)extract one stored page and record the result in one transaction.

    ``card_mentions``: mentions a memorial card already gave (skips re-parsing).
    Returns the mention write and whether the page was judged relevant.
    """
    from scrapers.cards import CARDS_VERSION, card_mention

    sources = sources or SourceInfo(db)
    row = db.conn.execute(
        "SELECT source_id, text, published_at, html_gz FROM pages WHERE id = ?", (page_id,)
    ).fetchone()
    if row is None:
        raise LookupError(f"page {page_id} does not exist")
    source_id, text, published_at, html_gz = row
    kind, default_region, settings = sources.get(source_id)
    if kind == "memorial" and settings.get("fields"):
        if card_mentions is None:
            html = decompress_html(html_gz) or ""
            mention = card_mention(html, settings["fields"], default_region=default_region)
            card_mentions = [mention] if mention else []
        for mention in card_mentions:
            mention.setdefault("reported_date", None)
        relevant = bool(card_mentions)
        write = record_page_extraction(
            db, page_id, source_id=source_id, relevant=relevant,
            reason="memorial card" if relevant else "no name on card",
            unnamed=0, mentions=card_mentions, extractor_version=CARDS_VERSION,
        )
        return write, relevant
    result = extract_text(text, published_at, default_region)
    write = record_page_extraction(
        db, page_id, source_id=source_id, relevant=bool(result.relevant), reason=result.reason,
        unnamed=int(result.unnamed or 0), mentions=[m.to_record() for m in result.mentions],
        extractor_version=extractor_version(),
    )
    return write, bool(result.relevant)


def page_ids(db: sqlite_utils.Database, *, pending_only: bool, source_id: str | None) -> list[int]:
    clauses, params = [], []
    if pending_only:
        clauses.append("extracted_at IS NULL")
    if source_id:
        clauses.append("source_id = ?")
        params.append(source_id)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    # The WHERE clause is assembled from the constant fragments above only.
    return [r[0] for r in db.conn.execute(f"SELECT id FROM pages{where} ORDER BY id", params)]  # noqa: S608


def iter_extract(
    db: sqlite_utils.Database,
    *,
    pending_only: bool,
    source_id: str | None = None,
    on_error: Callable[[int, Exception], None] | None = None,
) -> Iterator[tuple[int, MentionWrite | None, bool]]:
    """Extract pages one by one (each in its own transaction), yielding as it goes."""
    sources = SourceInfo(db)
    for page_id in page_ids(db, pending_only=pending_only, source_id=source_id):
        try:
            write, relevant = extract_page(db, page_id, sources=sources)
        except Exception as exc:  # one bad page must not stop the rest; reported to the caller
            if on_error is None:
                raise
            on_error(page_id, exc)
            yield page_id, None, False
            continue
        yield page_id, write, relevant


def extract_pending(db: sqlite_utils.Database, source_id: str | None = None, on_error=None) -> ExtractCounts:
    counts = ExtractCounts()
    for _page_id, write, relevant in iter_extract(db, pending_only=True, source_id=source_id, on_error=on_error):
        if write is None:
            counts.errors += 1
        else:
            counts.add(write, relevant)
    return counts
