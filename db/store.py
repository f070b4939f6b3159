"""Writing sources, pages and mentions.

Every function that writes takes care of its own transaction, so a crash
between two calls leaves the database at one of the two states, never between.
Mentions are never deleted: one that a source no longer states is *retracted*
(``retracted_at``), so decisions and person IDs that point at it stay valid.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from db.connection import transaction

#: Columns of ``mentions`` that describe the dead person (what extraction and
#: import produce); everything else in the table is bookkeeping.
MENTION_FIELDS: tuple[str, ...] = (
    "full_name",
    "surname",
    "first_name",
    "patronymic",
    "birth_date",
    "age",
    "death_date",
    "funeral_date",
    "reported_date",
    "region",
    "region_raw",
    "settlement",
    "unit",
    "rank",
    "category",
    "category_raw",
)


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def name_key(*parts: str | None) -> str:
    """A comparison key for a name: case, ё/е, spaces and hyphens folded.

    Used to give a re-extracted page's mentions the same keys (and so the same
    IDs) as before; never shown to anyone.
    """
    text = " ".join(p for p in parts if p)
    text = unicodedata.normalize("NFC", text).lower().replace("ё", "е")
    return re.sub(r"[\s\-‐–—]+", " ", text).strip()


def content_hash(text: str | None) -> str:
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


def compress_html(html: str | bytes | None) -> bytes | None:
    if html is None:
        return None
    if isinstance(html, str):
        html = html.encode("utf-8")
    return gzip.compress(html, compresslevel=6)


def decompress_html(blob: bytes | None) -> str | None:
    if blob is None:
        return None
    return gzip.decompress(blob).decode("utf-8", errors="replace")


# --------------------------------------------------------------------------- sources


def upsert_source(
    db: sqlite_utils.Database,
    source_id: str,
    *,
    kind: str,
    name: str,
    default_region: str | None = None,
    settings: dict[str, Any] | None = None,
    every_seconds: int | None = None,
) -> None:
    """Create or update a source. ``settings`` must already be free of secrets."""
    now = utc_now()
    with transaction(db) as conn:
        conn.execute(
            """
            INSERT INTO sources (id, kind, name, default_region, settings, every_seconds, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET
                kind = excluded.kind, name = excluded.name,
                default_region = excluded.default_region, settings = excluded.settings,
                every_seconds = excluded.every_seconds, updated_at = excluded.updated_at
            """,
            (
                source_id,
                kind,
                name,
                default_region,
                json.dumps(settings or {}, ensure_ascii=False, sort_keys=True),
                every_seconds,
                now,
                now,
            ),
        )


# --------------------------------------------------------------------------- pages


@dataclass
class PageWrite:
    page_id: int
    status: str  # 'new', 'changed' or 'unchanged'


def store_page(
    db: sqlite_utils.Database,
    *,
    source_id: str,
    url: str,
    text: str | None,
    html: str | bytes | None = None,
    canonical_url: str | None = None,
    title: str | None = None,
    published_at: str | None = None,
    http_status: int | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    fetched_at: str | None = None,
) -> PageWrite:
    """Insert or update a page by URL; the content hash of its main text says
    whether it changed (a changed page must be re-extracted)."""
    fetched_at = fetched_at or utc_now()
    digest = content_hash(text)
    with transaction(db) as conn:
        row = conn.execute("SELECT id, content_hash FROM pages WHERE url = ?", (url,)).fetchone()
        if row is None:
            cur = conn.execute(
                """
                INSERT INTO pages (source_id, url, canonical_url, fetched_at, published_at, title,
                                   text, html_gz, content_hash, http_status, etag, last_modified)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                (
                    source_id,
                    url,
                    canonical_url,
                    fetched_at,
                    published_at,
                    title,
                    text,
                    compress_html(html),
                    digest,
                    http_status,
                    etag,
                    last_modified,
                ),
            )
            return PageWrite(int(cur.lastrowid), "new")
        page_id, old_hash = row
        if old_hash == digest:
            conn.execute(
                "UPDATE pages SET fetched_at = ?, etag = COALESCE(?, etag),"
                " last_modified = COALESCE(?, last_modified), http_status = ? WHERE id = ?",
                (fetched_at, etag, last_modified, http_status, page_id),
            )
            return PageWrite(page_id, "unchanged")
        conn.execute(
            """
            UPDATE pages SET canonical_url = ?, fetched_at = ?, published_at = COALESCE(?, published_at),
                title = ?, text = ?, html_gz = ?, content_hash = ?, http_status = ?, etag = ?,
                last_modified = ?, extracted_at = NULL
            WHERE id = ?
            """,
            (
                canonical_url,
                fetched_at,
                published_at,
                title,
                text,
                compress_html(html),
                digest,
                http_status,
                etag,
                last_modified,
                page_id,
            ),
        )
        return PageWrite(page_id, "changed")


# --------------------------------------------------------------------------- mentions


@dataclass
class MentionWrite:
    new: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    retracted: list[int] = field(default_factory=list)


def _clean_mention(mention: dict[str, Any]) -> dict[str, Any]:
    unknown = set(mention) - set(MENTION_FIELDS) - {"evidence", "ref", "key"}
    if unknown:
        raise ValueError(f"unknown mention fields: {sorted(unknown)}")
    clean = {f: mention.get(f) for f in MENTION_FIELDS}
    clean["evidence"] = json.dumps(mention.get("evidence") or {}, ensure_ascii=False, sort_keys=True)
    return clean


def save_mentions(
    conn,
    *,
    source_id: str,
    scope: str,
    mentions: Iterable[dict[str, Any]],
    page_id: int | None = None,
    extractor_version: str | None = None,
    retract_missing: bool = True,
) -> MentionWrite:
    """Upsert the mentions one page (or one import row set) states, inside the
    caller's open transaction.

    ``scope`` is the prefix of their keys (``page:<id>`` or ``import:<source>``);
    each mention's key is ``scope`` plus its ``key`` if given (an import ref) or
    its folded name. With ``retract_missing`` the scope's earlier mentions that
    are not restated are retracted, not deleted.
    """
    now = utc_now()
    result = MentionWrite()
    seen_keys: set[str] = set()
    for mention in mentions:
        own = mention.get("key") or name_key(
            mention.get("surname"), mention.get("first_name"), mention.get("patronymic")
        ) or name_key(mention.get("full_name"))
        key = f"{scope}:{own}"
        if key in seen_keys:
            continue  # the same person twice on one page is one mention
        seen_keys.add(key)
        clean = _clean_mention(mention)
        ref = mention.get("ref")
        row = conn.execute(
            # Column names come from MENTION_FIELDS, never from input.
            "SELECT id, " + ", ".join(MENTION_FIELDS) + ", evidence, retracted_at FROM mentions WHERE key = ?",  # noqa: S608
            (key,),
        ).fetchone()
        if row is None:
            cols = ["key", "source_id", "page_id", "ref", *clean, "extractor_version", "first_seen_at", "updated_at"]
            values = [key, source_id, page_id, ref, *clean.values(), extractor_version, now, now]
            cur = conn.execute(
                f"INSERT INTO mentions ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",  # noqa: S608
                values,
            )
            result.new.append(int(cur.lastrowid))
            continue
        mention_id = row[0]
        old = dict(zip([*MENTION_FIELDS, "evidence"], row[1:-1]))
        if old == clean and row[-1] is None:
            result.unchanged.append(mention_id)
            continue
        assignments = ", ".join(f"{c} = ?" for c in clean)
        conn.execute(
            f"UPDATE mentions SET {assignments}, ref = ?, extractor_version = ?, updated_at = ?,"  # noqa: S608
            " retracted_at = NULL WHERE id = ?",
            [*clean.values(), ref, extractor_version, now, mention_id],
        )
        result.updated.append(mention_id)
    if retract_missing:
        like = scope.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ":%"
        rows = conn.execute(
            "SELECT id, key FROM mentions WHERE key LIKE ? ESCAPE '\\' AND retracted_at IS NULL",
            (like,),
        ).fetchall()
        for mention_id, key in rows:
            if key not in seen_keys:
                conn.execute(
                    "UPDATE mentions SET retracted_at = ?, updated_at = ? WHERE id = ?",
                    (now, now, mention_id),
                )
                result.retracted.append(mention_id)
    return result


def record_page_extraction(
    db: sqlite_utils.Database,
    page_id: int,
    *,
    source_id: str,
    relevant: bool,
    reason: str | None,
    unnamed: int,
    mentions: list[dict[str, Any]],
    extractor_version: str,
) -> MentionWrite:
    """Store one page's extraction result and its mentions in one transaction."""
    with transaction(db) as conn:
        conn.execute(
            "UPDATE pages SET extracted_at = ?, extractor_version = ?, relevant = ?,"
            " relevance_reason = ?, unnamed = ? WHERE id = ?",
            (utc_now(), extractor_version, int(relevant), reason, unnamed, page_id),
        )
        return save_mentions(
            conn,
            source_id=source_id,
            scope=f"page:{page_id}",
            mentions=mentions if relevant else [],
            page_id=page_id,
            extractor_version=extractor_version,
        )
