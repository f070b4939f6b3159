"""End to end in Debian's headless Chromium (driven by Playwright, no browser
download): log in, decide an item with the keyboard, find the decision in the
database; and hostile page text stays text in a real browser."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from datasette.app import Datasette

from db import open_db
from db.reviewers import add_reviewer
from nekrolog.review.background import serve_in_thread
from nekrolog.review.sample import add_mention, add_pair_item

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (/usr/bin/chromium); ./scripts/test.sh installs it"
)


@pytest.fixture
def site(tmp_path):
    path = tmp_path / "nekrolog.db"
    db = open_db(path)
    conn = db.conn
    with conn:
        hostile = add_mention(
            conn,
            url="https://example.org/a",
            title="<script>alert('title')</script>",
            text="Погиб Петров Иван. <script>alert('text')</script> \"><img src=x onerror=alert('img')>",
            full_name="Петров Иван",
            surname="Петров",
            first_name="Иван",
            settlement="\"><img src=x onerror=alert('field')>",
        )
        other = add_mention(conn, url="https://example.org/b", text="Иван Петров погиб в мае 2023 года.",
                            full_name="Иван Петров", surname="Петров", first_name="Иван", death_date="2023-05")
        item_id = add_pair_item(conn, hostile, other, priority=5)
        add_reviewer(conn, "anna", "password-anna", iterations=1_000)
    conn.close()
    with serve_in_thread(Datasette([str(path)]).app()) as url:
        yield {"url": url, "path": path, "item_id": item_id}


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def test_login_decide_with_keyboard_and_find_decision_in_database(site, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto(site["url"] + "/-/review")
    assert page.url.endswith("/-/review/login")  # anonymous visitors are sent to the login page
    page.fill("input[name=name]", "anna")
    page.fill("input[name=password]", "password-anna")
    page.keyboard.press("Enter")
    page.wait_for_url("**/-/review")
    assert page.locator("input[name=item_id]").input_value() == str(site["item_id"])

    # The hostile title and text are on screen as text; nothing ran.
    assert "<script>alert('text')</script>" in page.locator(".nk-snippet").first.inner_text()
    assert page.locator("img").count() == 0
    shot = Path(os.environ.get("NEKROLOG_SCREENSHOT_DIR", tmp_path)) / "review-screen.png"
    page.screenshot(path=str(shot), full_page=False)

    # A note typed into the box, then the decision by keyboard alone: N focuses the note,
    # Escape leaves it, 2 means "different".
    page.keyboard.press("n")
    page.keyboard.type("разные люди: 1 и 2")
    page.keyboard.press("Escape")
    with page.expect_navigation():
        page.keyboard.press("2")
    assert "Решение записано." in page.content()
    assert dialogs == []

    conn = open_db(site["path"]).conn
    rows = conn.execute(
        "SELECT d.verdict, d.binding, r.name, d.note FROM decisions d JOIN reviewers r ON r.id = d.reviewer_id"
        " WHERE d.review_item_id = ?",
        (site["item_id"],),
    ).fetchall()
    state = conn.execute("SELECT state FROM review_items WHERE id = ?", (site["item_id"],)).fetchone()[0]
    conn.close()
    assert rows == [("different", 1, "anna", "разные люди: 1 и 2")]
    assert state == "decided"
