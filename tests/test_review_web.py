"""The review screen over HTTP: a real uvicorn server on 127.0.0.1 serving Datasette
with the plugin (loaded from its entry point), a real SQLite file."""

from __future__ import annotations

import re

import httpx
import pytest
from datasette.app import Datasette

from db import open_db
from db.review_queue import claim_next, decide, get_item
from db.reviewers import add_reviewer, find_reviewer
from nekrolog.review.background import serve_in_thread
from nekrolog.review.sample import add_mention, add_pair_item

FAST = 1_000
XSS_SCRIPT = "<script>alert('xss-script')</script>"
XSS_ATTR = '"><img src=x onerror=alert("xss-img")>'


def build_db(path) -> dict:
    db = open_db(path)
    conn = db.conn
    with conn:
        hostile = add_mention(
            conn,
            url="javascript:alert('xss-url')",
            title=XSS_SCRIPT,
            text=f"Погиб Петров Иван. {XSS_SCRIPT} {XSS_ATTR}",
            full_name="Петров Иван",
            surname="Петров",
            first_name="Иван",
            settlement=XSS_ATTR,
            unit=XSS_SCRIPT,
            death_date="2023-05",
        )
        other = add_mention(conn, url="https://example.org/b", text="Иван Петров, 1990 г. р., погиб в мае 2023.",
                            full_name="Иван Петров", surname="Петров", first_name="Иван", death_date="2023-05-10")
        quiet_a = add_mention(conn, url="https://example.org/c", text="Погиб Сидоров.", surname="Сидоров",
                              full_name="Сидоров")
        quiet_b = add_mention(conn, url="https://example.org/d", text="Погиб Сидоров.", surname="Сидоров",
                              full_name="Сидоров")
        items = [
            add_pair_item(conn, hostile, other, priority=2, reasons={"agree": ["surname"], "disagree": [XSS_ATTR]}),
            add_pair_item(conn, quiet_a, quiet_b, priority=1),
        ]
        for name, role in (("anna", "volunteer"), ("boris", "volunteer"), ("chief", "admin")):
            add_reviewer(conn, name, f"password-{name}", role=role, iterations=FAST)
    conn.close()
    return {"items": items}


@pytest.fixture
def site(tmp_path):
    path = tmp_path / "nekrolog.db"
    data = build_db(path)
    datasette = Datasette([str(path)])
    with serve_in_thread(datasette.app()) as url:
        yield {"url": url, "path": path, "db": path.stem, **data}


def login(url: str, name: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=url, follow_redirects=False, timeout=30)
    page = client.get("/-/review/login")
    token = re.search(r'name="csrftoken" value="([^"]+)"', page.text).group(1)
    response = client.post("/-/review/login", data={"name": name, "password": password, "csrftoken": token})
    client.login_response = response  # type: ignore[attr-defined]
    return client


def csrf(page: httpx.Response) -> str:
    return re.search(r'name="csrftoken" value="([^"]+)"', page.text).group(1)


def test_anonymous_visitors_cannot_reach_reviewers_or_decisions(site):
    with httpx.Client(base_url=site["url"], timeout=30) as client:
        assert client.get("/-/review").status_code == 302
        for table in ("reviewers", "decisions"):
            assert client.get(f"/{site['db']}/{table}").status_code == 403, table
            assert client.get(f"/{site['db']}/{table}.json").status_code == 403, table
        assert client.get(f"/{site['db']}/mentions").status_code == 200  # the public data stays public
        assert client.get(f"/{site['db']}").status_code == 200
        assert client.get(f"/{site['db']}/review_items").status_code == 200
        assert client.get(f"/{site['db']}.db").status_code == 403  # a copy of the file would hold the accounts


def test_public_sql_reads_no_reviewer_identity_or_password_hash(site):
    conn = open_db(site["path"]).conn
    anna = find_reviewer(conn, "anna")
    decide(conn, anna, claim_next(conn, anna).id, "same")
    claim_next(conn, find_reviewer(conn, "boris"))  # leaves an item leased by boris
    stored_hash = conn.execute("SELECT password_hash FROM reviewers WHERE name = 'anna'").fetchone()[0]
    conn.close()
    queries = {
        "select name, password_hash, role from reviewers": ["name", "password_hash", "role"],
        "select reviewer_id, verdict from decisions": ["reviewer_id", "verdict"],
        "select r.name from decisions d join reviewers r on r.id = d.reviewer_id": ["name"],
        "select leased_by from review_items where leased_by is not null or 1": ["leased_by"],
    }
    with httpx.Client(base_url=site["url"], timeout=30) as client:  # anonymous
        for sql, columns in queries.items():
            response = client.get(f"/{site['db']}.json", params={"sql": sql, "_shape": "array"})
            assert response.status_code == 200, (sql, response.text)
            rows = response.json()
            for column in columns:
                if column != "verdict":
                    assert all(row[column] is None for row in rows), (sql, rows)
            assert stored_hash not in response.text and "anna" not in response.text
        verdicts = client.get(f"/{site['db']}.json", params={"sql": "select verdict from decisions",
                                                              "_shape": "array"}).json()
        assert verdicts == [{"verdict": "same"}]  # the rest of the table stays readable
        items = client.get(f"/{site['db']}/review_items.json", params={"_shape": "array", "_labels": "on"}).text
        assert "boris" not in items


def test_volunteer_is_refused_private_tables_and_history_admin_is_not(site):
    anna = login(site["url"], "anna", "password-anna")
    assert anna.login_response.status_code == 302
    assert anna.get(f"/{site['db']}/reviewers").status_code == 403
    assert anna.get("/-/review/history").status_code == 403
    chief = login(site["url"], "chief", "password-chief")
    assert chief.get(f"/{site['db']}/reviewers").status_code == 200
    assert chief.get(f"/{site['db']}/decisions").status_code == 200
    assert chief.get("/-/review/history").status_code == 200


def test_login_is_rate_limited_per_name(site):
    client = httpx.Client(base_url=site["url"], timeout=30)
    token = csrf(client.get("/-/review/login"))
    statuses = [
        client.post("/-/review/login", data={"name": "boris", "password": "wrong-guess", "csrftoken": token}).status_code
        for _ in range(6)
    ]
    assert statuses[:5] == [403] * 5 and statuses[5] == 429
    # Even the right password is refused while the limit holds, and no session is issued.
    right = client.post("/-/review/login", data={"name": "boris", "password": "password-boris", "csrftoken": token})
    assert right.status_code == 429 and "ds_actor" not in right.cookies


def test_post_without_csrf_token_is_refused_and_writes_nothing(site):
    anna = login(site["url"], "anna", "password-anna")
    page = anna.get("/-/review")
    item_id = int(re.search(r'name="item_id" value="(\d+)"', page.text).group(1))
    refused = anna.post("/-/review/decide", data={"item_id": item_id, "verdict": "same"})
    assert refused.status_code == 403
    conn = open_db(site["path"]).conn
    assert conn.execute("SELECT COUNT(*) FROM decisions WHERE review_item_id = ?", (item_id,)).fetchone()[0] == 0
    conn.close()


def test_scraped_text_is_escaped_everywhere(site):
    chief = login(site["url"], "chief", "password-chief")
    html = chief.get("/-/review").text
    assert f'name="item_id" value="{site["items"][0]}"' in html  # the hostile item is on screen
    assert "Петров" in html
    assert XSS_SCRIPT not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#39;xss-script&#39;)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(&#34;xss-img&#34;)&gt;" in html
    assert 'href="javascript:' not in html  # the hostile URL is shown as text, never linked


def test_deciding_through_the_form_records_a_decision(site):
    volunteer = login(site["url"], "anna", "password-anna")
    page = volunteer.get("/-/review")
    item_id = int(re.search(r'name="item_id" value="(\d+)"', page.text).group(1))
    response = volunteer.post("/-/review/decide", data={"item_id": item_id, "verdict": "different",
                                                        "note": "разные даты", "csrftoken": csrf(page)})
    assert response.status_code == 302
    conn = open_db(site["path"]).conn
    row = conn.execute(
        "SELECT d.verdict, d.binding, r.name, d.note FROM decisions d JOIN reviewers r ON r.id = d.reviewer_id"
        " WHERE d.review_item_id = ?", (item_id,)).fetchone()
    assert row == ("different", 1, "anna", "разные даты")
    assert get_item(conn, item_id).state == "decided"
    conn.close()
    after = volunteer.get("/-/review").text
    assert "Решение записано." in after  # the flash message, in Russian by default


def test_volunteer_never_sees_other_reviewers_names_admin_does(site):
    conn = open_db(site["path"]).conn
    boris = find_reviewer(conn, "boris")
    decide(conn, boris, claim_next(conn, boris).id, "unsure", note="boris-note")
    conn.close()
    anna = login(site["url"], "anna", "password-anna")
    page = anna.get("/-/review").text
    assert "boris" not in page and "chief" not in page
    chief = login(site["url"], "chief", "password-chief")
    history = chief.get("/-/review/history").text
    assert "boris" in history and "anna" in history


def test_admin_reverts_a_decision_from_the_history_page(site):
    conn = open_db(site["path"]).conn
    anna = find_reviewer(conn, "anna")
    decide(conn, anna, claim_next(conn, anna).id, "same")
    conn.close()
    chief = login(site["url"], "chief", "password-chief")
    page = chief.get("/-/review/history")
    match = re.search(r'action="/-/review/revert".*?name="item_id" value="(\d+)"', page.text, re.S)
    assert match, "history offers a revert button"
    item_id = int(match.group(1))
    response = chief.post("/-/review/revert", data={"item_id": item_id, "note": "проверка", "csrftoken": csrf(page)})
    assert response.status_code == 302
    conn = open_db(site["path"]).conn
    assert get_item(conn, item_id).state == "open"
    reverts = conn.execute("SELECT COUNT(*) FROM decisions WHERE verdict = 'revert' AND review_item_id = ?",
                           (item_id,)).fetchone()[0]
    conn.close()
    assert reverts == 1


def test_english_labels_by_plugin_setting(tmp_path):
    path = tmp_path / "en.db"
    build_db(path)
    datasette = Datasette([str(path)], metadata={"plugins": {"nekrolog-review": {"language": "en"}}})
    with serve_in_thread(datasette.app()) as url:
        anna = login(url, "anna", "password-anna")
        page = anna.get("/-/review").text
        assert "Is this the same person?" in page and "Different" in page
        assert "Разные люди" not in page


def test_download_of_an_immutable_database_is_refused_to_non_admins(tmp_path):
    path = tmp_path / "frozen.db"
    build_db(path)
    datasette = Datasette(immutables=[str(path)])
    with serve_in_thread(datasette.app()) as url:
        with httpx.Client(base_url=url, timeout=30) as anonymous:
            assert anonymous.get("/frozen.db").status_code == 403
        chief = login(url, "chief", "password-chief")
        assert chief.get("/frozen.db").status_code == 200


def _item_on(page: httpx.Response) -> int:
    return int(re.search(r'name="item_id" value="(\d+)"', page.text).group(1))


def test_a_stale_tab_cannot_decide_an_item_another_volunteer_took(site):
    anna = login(site["url"], "anna", "password-anna")
    page = anna.get("/-/review")
    item_id = _item_on(page)
    conn = open_db(site["path"]).conn
    with conn:  # anna went for coffee: her lease ran out
        conn.execute("UPDATE review_items SET lease_until = '2000-01-01T00:00:00+00:00' WHERE id = ?", (item_id,))
    conn.close()
    boris = login(site["url"], "boris", "password-boris")
    assert _item_on(boris.get("/-/review")) == item_id
    stale = anna.post("/-/review/decide", data={"item_id": item_id, "verdict": "same", "csrftoken": csrf(page)})
    assert stale.status_code == 302
    assert "взял другой проверяющий" in anna.get("/-/review").text
    conn = open_db(site["path"]).conn
    assert conn.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == 0
    assert get_item(conn, item_id).leased_by == find_reviewer(conn, "boris").id
    conn.close()


def test_logout_returns_the_item_and_a_disabled_account_is_logged_out(site):
    from db.reviewers import set_disabled

    anna = login(site["url"], "anna", "password-anna")
    page = anna.get("/-/review")
    item_id = _item_on(page)
    assert anna.post("/-/review/logout", data={"csrftoken": csrf(page)}).status_code == 302
    conn = open_db(site["path"]).conn
    assert get_item(conn, item_id).leased_by is None
    conn.close()

    boris = login(site["url"], "boris", "password-boris")
    assert boris.get("/-/review").status_code == 200
    conn = open_db(site["path"]).conn
    with conn:
        set_disabled(conn, "boris")
    conn.close()
    # The signed cookie is still valid, but the account is not.
    assert boris.get("/-/review").headers["location"].endswith("/-/review/login")


def test_admin_sees_the_disagreeing_votes_of_an_escalated_item(site):
    from db.review_queue import set_policy

    conn = open_db(site["path"]).conn
    set_policy(conn, required_agreements=2)
    anna, boris = find_reviewer(conn, "anna"), find_reviewer(conn, "boris")
    item_id = claim_next(conn, anna).id
    decide(conn, anna, item_id, "same", note="совпадает всё")
    assert claim_next(conn, boris).id == item_id
    assert decide(conn, boris, item_id, "different").state == "escalated"
    conn.close()
    page = login(site["url"], "chief", "password-chief").get("/-/review").text
    assert _item_on(httpx.Response(200, text=page)) == item_id
    assert "Проверяющие разошлись во мнениях" in page
    assert "anna" in page and "boris" in page and "совпадает всё" in page


def test_plugin_works_in_nekrolog_serve(tmp_path):
    """The same screen inside the server `nekrolog serve` builds (metadata, canned queries)."""
    from nekrolog.commands.serve import make_datasette

    path = tmp_path / "served.db"
    build_db(path)
    with serve_in_thread(make_datasette(path, secret="test-secret").app()) as url:
        with httpx.Client(base_url=url, timeout=30) as anonymous:
            assert anonymous.get("/served/reviewers").status_code == 403
            public = anonymous.get("/served.json", params={"sql": "select count(*) as n from mentions",
                                                            "_shape": "array"})
            assert public.status_code == 200 and public.json() == [{"n": 4}]
            hashes = anonymous.get("/served.json", params={"sql": "select password_hash from reviewers",
                                                            "_shape": "array"})
            assert "pbkdf2" not in hashes.text
        anna = login(url, "anna", "password-anna")
        page = anna.get("/-/review")
        item_id = _item_on(page)
        anna.post("/-/review/decide", data={"item_id": item_id, "verdict": "same", "csrftoken": csrf(page)})
    conn = open_db(path).conn
    assert conn.execute("SELECT verdict FROM decisions WHERE review_item_id = ?", (item_id,)).fetchall() == [("same",)]
    conn.close()


def test_cluster_split_through_the_form(tmp_path):
    from db.decisions import effective_constraints
    from nekrolog.review.sample import add_cluster_item

    path = tmp_path / "cluster.db"
    conn = open_db(path).conn
    with conn:
        ids = [add_mention(conn, url=f"https://example.org/{n}", text=f"Погиб Сидоров {n}.", surname="Сидоров",
                           full_name=f"Сидоров {n}") for n in range(3)]
        item_id = add_cluster_item(conn, ids)
        add_reviewer(conn, "anna", "password-anna", iterations=FAST)
    conn.close()
    with serve_in_thread(Datasette([str(path)]).app()) as url:
        anna = login(url, "anna", "password-anna")
        page = anna.get("/-/review")
        # one group selector per record, each record in its own group to begin with
        assert [int(m) for m in re.findall(r'name="group_(\d+)"', page.text)] == ids
        form = {"item_id": item_id, "verdict": "different", "csrftoken": csrf(page),
                f"group_{ids[0]}": 1, f"group_{ids[1]}": 1, f"group_{ids[2]}": 3}
        assert anna.post("/-/review/decide", data=form).status_code == 302
    conn = open_db(path).conn
    got = {(c.mention_a, c.mention_b, c.verdict) for c in effective_constraints(conn)}
    conn.close()
    assert got == {(ids[0], ids[1], "same"), (ids[0], ids[2], "different")}
