"""Progress for long steps: rate and ETA lines, and per-stage progress of `nekrolog match`."""

from __future__ import annotations

import logging
import re
import time

from click.testing import CliRunner

from db import open_db
from db.connection import transaction
from db.store import save_mentions, upsert_source
from nekrolog.cli import cli
from nekrolog.progress import Progress, StageProgress


def test_progress_line_has_count_rate_and_eta():
    progress = Progress("extract", 100)
    progress.started -= 10.0  # ten seconds in
    progress.done = 25
    line = progress.line()
    assert line.startswith("extract: 25/100, 2.5/s")
    assert re.search(r"ETA (29|30)s$", line), line


def test_stage_progress_gives_each_stage_its_own_line(caplog):
    caplog.set_level(logging.INFO, logger="nekrolog.progress")
    with StageProgress("match") as progress:
        progress("pairs scored", 5, 10)
        progress("pairs scored", 10, 10)
        progress("components clustered", 3, 3)
    lines = [r.getMessage() for r in caplog.records if r.name == "nekrolog.progress"]
    # not on a terminal: one final plain line per stage (intermediate ones are rate-limited)
    assert [line.split(",")[0] for line in lines] == ["match: pairs scored: 10/10", "match: components clustered: 3/3"]
    assert all(re.search(r", [\d.]+/s", line) for line in lines)


def test_a_finished_stage_keeps_its_rate():
    stages = StageProgress("match", enabled=False)
    stages("pairs scored", 10, 10)
    finished = stages.current
    stages("components clustered", 1, 1)  # moving on closes the previous stage at its last report
    first = finished.line()
    time.sleep(0.05)
    assert finished.line() == first


def test_match_command_reports_stage_progress(tmp_path, caplog):
    path = str(tmp_path / "p.db")
    db = open_db(path)
    upsert_source(db, "s1", kind="import", name="s1")
    rows = [{"key": str(i), "surname": f"Фамилиев{i % 7}", "first_name": "Иван", "birth_date": f"19{70 + i % 20}",
             "death_date": "2024-01-05"} for i in range(40)]
    with transaction(db) as conn:
        save_mentions(conn, source_id="s1", scope="import:s1", retract_missing=False, mentions=rows)
    db.conn.close()
    caplog.set_level(logging.INFO, logger="nekrolog.progress")
    out = CliRunner().invoke(cli, ["--db", path, "match"])
    assert out.exit_code == 0, out.output
    stages = [r.getMessage().split(":")[1].strip() for r in caplog.records if r.name == "nekrolog.progress"]
    assert stages[0] == "mentions loaded" and "pairs scored" in stages and "clusters written" in stages
    loaded = next(r.getMessage() for r in caplog.records if "mentions loaded" in r.getMessage())
    assert loaded.startswith("match: mentions loaded: 40/40")
    # -q silences progress
    caplog.clear()
    out = CliRunner().invoke(cli, ["--db", path, "-q", "match", "--full"])
    assert out.exit_code == 0, out.output
    assert not [r for r in caplog.records if r.name == "nekrolog.progress"]
