"""What the review screen shows for an item: field comparison, snippets, links, reasons."""

from __future__ import annotations

from db import open_db
from db.review_queue import get_item
from nekrolog.review.sample import add_cluster_item, add_mention, add_pair_item
from nekrolog.review.view import build_view, safe_url

MATCHER_REASONS = {
    "agree": {"surname": {"level": "agree", "weight": 3.2, "values": {"surname": ["Иванов", "Иванов"]}}},
    "disagree": {"death": {"level": "far", "weight": -2.5, "values": {"death_date": ["2023-07-14", "2024-01"]}}},
    "missing": ["unit"],
    "logodds": 0.4,
    "band": "review",
}


def test_fields_are_compared_with_date_precision_and_name_order(tmp_path):
    conn = open_db(tmp_path / "v.db").conn
    with conn:
        a = add_mention(conn, url="https://example.org/a", text="Рядовой Иванов Пётр Сергеевич погиб 14 июля 2023.",
                        highlight="Иванов Пётр Сергеевич", full_name="Иванов Пётр Сергеевич", surname="Иванов",
                        first_name="Пётр", patronymic="Сергеевич", death_date="2023-07-14", birth_date="1990",
                        settlement="Уфа", reported_date="2023-07-20")
        b = add_mention(conn, url="ftp://example.org/b", text="Пётр Иванов, 33 года, погиб в июле 2023.",
                        full_name="Пётр Иванов", surname="Иванов", first_name="Пётр", death_date="2023-07", age=33,
                        settlement="Стерлитамак", reported_date="2023-07-22")
        item_id = add_pair_item(conn, a, b, reasons=MATCHER_REASONS)
    view = build_view(conn, get_item(conn, item_id))
    status = {row.key: row.status for row in view.rows}
    assert status["surname"] == "same"
    assert status["full_name"] == "partial"  # same person named with fewer parts, other order
    assert status["death_date"] == "partial"  # 2023-07 is compatible with 2023-07-14
    assert status["settlement"] == "differ"
    assert status["reported_date"] == "neutral"  # reported on different days is no conflict
    assert status["birth_year"] == "partial"  # 1990 stated vs 1989–1990 from age 33 in 2023
    assert status["unit"] == "missing"
    first, second = view.cards
    assert first.basis == "death" and first.values["best_date"] == "2023-07-14"
    assert first.snippet.match == "Иванов Пётр Сергеевич" and first.snippet.before == "Рядовой "
    assert first.url == "https://example.org/a"
    assert second.url is None and second.shown_url == "ftp://example.org/b"  # only http(s) becomes a link
    assert dict(view.reasons)["agree"] == "фамилия (совпадает, +3.2)"
    assert dict(view.reasons)["missing"] == "часть"
    assert dict(view.reasons)["disagree"] == "гибель/похороны (далеко, -2.5)"
    english = build_view(conn, get_item(conn, item_id), "en")
    assert dict(english.reasons)["disagree"] == "death/funeral (far, -2.5)"


def test_incompatible_dates_and_ages_differ_in_clusters(tmp_path):
    conn = open_db(tmp_path / "c.db").conn
    with conn:
        ids = [
            add_mention(conn, url="https://example.org/1", text="x", surname="Сидоров", full_name="Сидоров",
                        death_date="2024-03-02", age=41),
            add_mention(conn, url="https://example.org/2", text="x", surname="Сидоров", full_name="Сидоров",
                        death_date="2024-02", birth_date="1970"),
            add_mention(conn, url="https://example.org/3", text="x", surname="Сидоров", full_name="Сидоров",
                        death_date="2024-03"),
        ]
        item_id = add_cluster_item(conn, ids)
    view = build_view(conn, get_item(conn, item_id))
    status = {row.key: row.status for row in view.rows}
    assert [c.id for c in view.cards] == ids
    assert status["death_date"] == "differ"
    assert status["birth_year"] == "differ"  # 1982–1983 from the age vs 1970 stated


def test_safe_url_refuses_script_and_relative_links():
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("JaVaScRiPt:alert(1)") is None
    assert safe_url("data:text/html,<script>") is None
    assert safe_url("//evil.example/x") is None
    assert safe_url(" https://example.org/a?b=1 ") == "https://example.org/a?b=1"
