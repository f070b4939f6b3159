"""A small review queue made of invented records, for demos, screenshots and tests.

The names and places are invented; the texts imitate the obituaries the
spiders collect. ``add_mention`` and ``add_pair_item`` are also the building
blocks the review tests use to set up exactly the items they need.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from typing import Any

SAMPLE_SOURCE = "sample-news"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def ensure_source(conn: sqlite3.Connection, source_id: str = SAMPLE_SOURCE, name: str = "Пример: новости") -> str:
    now = _now()
    conn.execute(
        "INSERT OR IGNORE INTO sources (id, kind, name, settings, created_at, updated_at)"
        " VALUES (?, 'news', ?, '{}', ?, ?)",
        (source_id, name, now, now),
    )
    return source_id


def add_mention(
    conn: sqlite3.Connection,
    *,
    url: str,
    text: str,
    title: str | None = None,
    source_id: str = SAMPLE_SOURCE,
    highlight: str | None = None,
    **fields: Any,
) -> int:
    """A page with ``text`` and one mention on it; evidence points at ``highlight``
    (default: the name) where the text contains it."""
    ensure_source(conn, source_id)
    now = _now()
    page_id = conn.execute(
        "INSERT INTO pages (source_id, url, fetched_at, title, text, http_status, relevant)"
        " VALUES (?, ?, ?, ?, ?, 200, 1)",
        (source_id, url, now, title, text),
    ).lastrowid
    evidence = {}
    name = fields.get("full_name") or fields.get("surname")
    span_text = highlight or name
    if span_text and span_text in text:
        start = text.index(span_text)
        evidence["full_name"] = {"start": start, "end": start + len(span_text), "text": span_text}
    columns = [
        "key", "source_id", "page_id", *fields, "evidence", "first_seen_at", "updated_at",
    ]
    values = [f"page:{page_id}:{name or page_id}", source_id, page_id, *fields.values(),
              json.dumps(evidence, ensure_ascii=False), now, now]
    # Column names come from the caller's keyword names (code, not data); SQLite
    # rejects unknown ones.
    return conn.execute(
        f"INSERT INTO mentions ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",  # noqa: S608
        values,
    ).lastrowid


def add_pair_item(
    conn: sqlite3.Connection,
    mention_a: int,
    mention_b: int,
    *,
    score: float = 0.7,
    reasons: dict | None = None,
    priority: float = 1.0,
) -> int:
    a, b = sorted((mention_a, mention_b))
    now = _now()
    return conn.execute(
        "INSERT INTO review_items (kind, item_key, mention_a, mention_b, mention_ids, score, reasons, priority,"
        " state, created_at, updated_at) VALUES ('pair', ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)",
        (f"pair:{a}:{b}", a, b, json.dumps([a, b]), score, json.dumps(reasons or {}, ensure_ascii=False),
         priority, now, now),
    ).lastrowid


def add_cluster_item(
    conn: sqlite3.Connection,
    mention_ids: list[int],
    *,
    score: float = 0.6,
    reasons: dict | None = None,
    priority: float = 1.0,
) -> int:
    ids = sorted(mention_ids)
    now = _now()
    return conn.execute(
        "INSERT INTO review_items (kind, item_key, mention_ids, score, reasons, priority, state, created_at,"
        " updated_at) VALUES ('cluster', ?, ?, ?, ?, ?, 'open', ?, ?)",
        ("cluster:" + ",".join(map(str, ids)), json.dumps(ids), score,
         json.dumps(reasons or {}, ensure_ascii=False), priority, now, now),
    ).lastrowid


def _reasons(*, agree: dict, disagree: dict, missing: list, logodds: float) -> dict:
    """Reasons in the shape ``matching.scoring.explain`` writes them."""
    def fields(levels: dict) -> dict:
        return {name: {"level": level, "weight": weight, "values": {}} for name, (level, weight) in levels.items()}

    return {"agree": fields(agree), "disagree": fields(disagree), "missing": missing, "logodds": logodds,
            "band": "uncertain"}


def create_sample_queue(conn: sqlite3.Connection) -> list[int]:
    """Two pairs and one cluster; returns the item ids, highest priority first."""
    with conn:
        a = add_mention(
            conn,
            url="https://example.org/news/1",
            title="В Уфе простились с земляком",
            text="В Уфе простились с Ивановым Петром Сергеевичем. Рядовой Пётр Сергеевич Иванов, 1990 года "
            "рождения, погиб 14 июля 2023 года в ходе СВО. Он был мобилизован осенью 2022 года.",
            highlight="Пётр Сергеевич Иванов",
            full_name="Иванов Пётр Сергеевич", surname="Иванов", first_name="Пётр", patronymic="Сергеевич",
            birth_date="1990", death_date="2023-07-14", reported_date="2023-07-20", region="RU-BA",
            settlement="Уфа", rank="рядовой", category="mobilized",
        )
        b = add_mention(
            conn,
            url="https://example.org/vk/2",
            title="Память",
            text="Сегодня похоронили Петра Иванова, 33 года. Погиб в июле 2023 года. Похороны прошли "
            "22 июля в Стерлитамаке. Служил в в/ч 12345.",
            highlight="Петра Иванова",
            full_name="Пётр Иванов", surname="Иванов", first_name="Пётр", age=33, death_date="2023-07",
            funeral_date="2023-07-22", reported_date="2023-07-22", region="RU-BA", settlement="Стерлитамак",
            unit="в/ч 12345", category="mobilized",
        )
        c = add_mention(
            conn,
            url="https://example.org/news/3",
            title="Погиб контрактник",
            text="Контрактник Сидоров Алексей Николаевич погиб 2 марта 2024 года. Ему было 41 год.",
            full_name="Сидоров Алексей Николаевич", surname="Сидоров", first_name="Алексей",
            patronymic="Николаевич", age=41, death_date="2024-03-02", region="RU-SVE", category="contract",
        )
        d = add_mention(
            conn,
            url="https://example.org/news/4",
            title="Прощание",
            text="Простились с Алексеем Сидоровым (1983 г. р.), погибшим в феврале 2024 года.",
            highlight="Алексеем Сидоровым",
            full_name="Алексей Сидоров", surname="Сидоров", first_name="Алексей", birth_date="1983",
            death_date="2024-02", region="RU-SVE", category="contract",
        )
        e = add_mention(
            conn,
            url="https://example.org/news/5",
            title="Ещё одна потеря",
            text="Сидоров Алексей Николаевич, заключённый, завербованный в «Шторм Z», погиб в марте 2024 года.",
            full_name="Сидоров Алексей Николаевич", surname="Сидоров", first_name="Алексей",
            patronymic="Николаевич", death_date="2024-03", region="RU-SVE", category="prisoner",
        )
        items = [
            add_pair_item(conn, a, b, score=0.78, priority=3, reasons=_reasons(
                agree={"surname": ("agree", 3.1), "first_name": ("agree", 2.4), "region": ("agree", 0.8)},
                disagree={"settlement": ("differ", -0.6)}, missing=["unit"], logodds=0.9)),
            add_pair_item(conn, c, d, score=0.64, priority=2, reasons=_reasons(
                agree={"surname": ("agree", 3.0), "first_name": ("agree", 2.2), "birth": ("close", 0.7)},
                disagree={"death": ("far", -1.9)}, missing=["patronymic"], logodds=0.4)),
            add_cluster_item(conn, [c, d, e], score=0.55, priority=1, reasons={
                "conflict": "joining these mentions would give one person two different death dates",
                "pair": [d, e]}),
        ]
    return items
