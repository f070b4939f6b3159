"""``nekrolog reviewers`` and ``nekrolog review`` (terminal review) on a real database file."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from db import open_db
from db.decisions import effective_constraints
from db.reviewers import add_reviewer, authenticate
from nekrolog.cli import cli
from nekrolog.review.sample import add_cluster_item, add_mention, add_pair_item


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "nekrolog.db"


def run(db_path, *args, input=None, env=None):
    return CliRunner().invoke(cli, ["--db", str(db_path), *args], input=input, env=env)


def test_add_with_prompted_password_then_list_and_disable(db_path):
    result = run(db_path, "reviewers", "add", "anna", input="correct-horse\ncorrect-horse\n")
    assert result.exit_code == 0, result.output
    assert "created volunteer 'anna'" in result.output and "correct-horse" not in result.output
    conn = open_db(db_path).conn
    assert authenticate(conn, "anna", "correct-horse").role == "volunteer"
    stored = conn.execute("SELECT password_hash FROM reviewers WHERE name = 'anna'").fetchone()[0]
    assert stored.startswith("pbkdf2_sha256$") and "correct-horse" not in stored
    conn.close()

    listed = run(db_path, "reviewers", "list")
    assert re.search(r"anna\s+volunteer\s+active\s+0", listed.output)
    assert run(db_path, "reviewers", "disable", "anna").exit_code == 0
    assert re.search(r"anna\s+volunteer\s+disabled", run(db_path, "reviewers", "list").output)
    conn = open_db(db_path).conn
    assert authenticate(conn, "anna", "correct-horse") is None
    conn.close()


def test_add_admin_with_generated_password_shown_once(db_path):
    result = run(db_path, "reviewers", "add", "chief", "--admin", "--generate")
    assert result.exit_code == 0, result.output
    password = re.search(r"shown once, pass it on privately\): (\S+)", result.output).group(1)
    conn = open_db(db_path).conn
    assert authenticate(conn, "chief", password).is_admin
    conn.close()


def test_bad_accounts_are_refused_with_a_clear_error(db_path):
    assert run(db_path, "reviewers", "add", "anna", input="short\nshort\n").exit_code == 1
    assert "too short" in run(db_path, "reviewers", "add", "anna", input="short\nshort\n").output
    assert run(db_path, "reviewers", "add", "anna", "--generate").exit_code == 0
    duplicate = run(db_path, "reviewers", "add", "anna", "--generate")
    assert duplicate.exit_code == 1 and "already exists" in duplicate.output
    assert "no reviewer named 'nobody'" in run(db_path, "reviewers", "disable", "nobody").output


def test_policy_shows_and_sets(db_path):
    assert "required agreements: 1" in run(db_path, "reviewers", "policy").output
    result = run(db_path, "reviewers", "policy", "--agreements", "2", "--lease-minutes", "30")
    assert "required agreements: 2" in result.output and "lease minutes: 30" in result.output
    assert run(db_path, "reviewers", "policy", "--agreements", "9").exit_code == 2


@pytest.fixture
def queue(db_path):
    conn = open_db(db_path).conn
    with conn:
        a = add_mention(conn, url="https://example.org/a", text="Погиб Иванов Пётр.\x1b[2J\x1b]0;owned\x07",
                        full_name="Иванов Пётр", surname="Иванов", first_name="Пётр", death_date="2023-07-14",
                        settlement="Уфа\x1b[31m")
        b = add_mention(conn, url="https://example.org/b", text="Пётр Иванов погиб в июле 2023.",
                        full_name="Пётр Иванов", surname="Иванов", first_name="Пётр", death_date="2023-07")
        c, d, e = (add_mention(conn, url=f"https://example.org/{n}", text=f"Сидоров {n}", surname="Сидоров",
                               full_name="Сидоров") for n in "cde")
        pair = add_pair_item(conn, a, b, priority=2)
        cluster = add_cluster_item(conn, [c, d, e], priority=1)
        add_reviewer(conn, "anna", "password-anna", iterations=1_000)
    conn.close()
    return {"pair": pair, "cluster": cluster, "mentions": (a, b, c, d, e)}


def test_terminal_review_decides_items_with_notes_and_groups(db_path, queue):
    a, b, c, d, e = queue["mentions"]
    # password, then: note + "different" on the pair, then split the cluster into {c, d} and {e}
    keys = "password-anna\nn\nразные отчества\n2\n2\n1 1 2\n"
    result = run(db_path, "review", "--as", "anna", input=keys)
    assert result.exit_code == 0, result.output
    assert "Иванов" in result.output and "Очередь пуста" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output  # scraped escapes never reach the terminal
    conn = open_db(db_path).conn
    rows = conn.execute("SELECT verdict, note FROM decisions WHERE review_item_id = ?", (queue["pair"],)).fetchall()
    assert rows == [("different", "разные отчества")]
    got = {(x.mention_a, x.mention_b, x.verdict) for x in effective_constraints(conn)}
    assert got == {(a, b, "different"), (c, d, "same"), (c, e, "different")}
    conn.close()


def test_terminal_review_refuses_wrong_password_and_quit_returns_the_item(db_path, queue):
    wrong = run(db_path, "review", "--as", "anna", input="nope-nope\n")
    assert wrong.exit_code == 1 and "Неверное имя или пароль" in wrong.output
    quit_ = run(db_path, "review", "--as", "anna", "--lang", "en", input="password-anna\nq\n")
    assert quit_.exit_code == 0 and "Is this the same person?" in quit_.output
    conn = open_db(db_path).conn
    assert conn.execute("SELECT COUNT(*) FROM review_items WHERE leased_by IS NOT NULL").fetchone()[0] == 0
    assert conn.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == 0
    conn.close()
