"""End to end: `nekrolog demo` in a subprocess, checked against the sample site's ground truth."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from scrapers.sample_site import load_manifest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("demo")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEKROLOG_")}
    completed = subprocess.run(
        [sys.executable, "-c", "from nekrolog.cli import main; main()", "demo"],
        cwd=workdir, env=env, capture_output=True, text=True, timeout=240,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return workdir, completed.stdout


def figure(output: str, pattern: str) -> int:
    match = re.search(pattern, output, re.MULTILINE)
    assert match, f"{pattern!r} not in demo output:\n{output}"
    return int(match.group(1))


def section(output: str, title: str) -> dict[str, int]:
    """Rows of a two-column table printed under ``title``."""
    lines = output.split(title, 1)[1].splitlines()[2:]
    rows = {}
    for line in lines:
        parts = line.split()
        if len(parts) != 2 or not parts[1].isdigit():
            break
        rows[parts[0]] = int(parts[1])
    return rows


def test_demo_counts_the_sample_sites_dead(demo_run):
    workdir, output = demo_run
    truth = load_manifest()
    open_pairs = len(truth["human_only_pairs"])
    # Pairs only a human can decide stay two persons until reviewed; the total
    # states how far it could fall, which is exactly the true number.
    assert figure(output, r"^Total named persons: (\d+)") == truth["distinct_persons"] + open_pairs
    assert figure(output, r"were one person: (\d+)") == truth["distinct_persons"]
    assert figure(output, r"^review items waiting: (\d+)") >= open_pairs
    assert figure(output, r"^new pages: (\d+)") >= len(truth["relevant_pages"])

    by_year = section(output, "By year (every dated person)")
    assert sum(by_year.values()) == truth["distinct_persons"] + open_pairs
    for year, n in truth["per_year"].items():
        assert n <= by_year[year] <= n + open_pairs, (year, by_year)


def test_demo_keeps_namesakes_apart_and_merges_repeats(demo_run):
    workdir, _ = demo_run
    truth = load_manifest()
    conn = sqlite3.connect(workdir / "demo.db")
    counted = conn.execute("SELECT COUNT(*) FROM counted_persons").fetchone()[0]
    assert counted == truth["distinct_persons"] + len(truth["human_only_pairs"])
    by_id = {p["id"]: p for p in truth["persons"]}
    for a, b in truth["namesakes"]:
        rows = conn.execute(
            "SELECT COUNT(*) FROM counted_persons WHERE surname = ? AND first_name = ?",
            (by_id[a]["surname"], by_id[a]["first_name"]),
        ).fetchone()[0]
        assert rows == 2, f"namesakes {a} and {b} must stay two persons"
    several = [p for p in truth["persons"] if len(p.get("pages", [])) > 1]
    merged = conn.execute("SELECT COUNT(*) FROM counted_persons WHERE n_mentions > 1").fetchone()[0]
    assert merged >= len(several) - len(truth["human_only_pairs"])


def test_demo_writes_a_chart_and_stops_its_server(demo_run):
    workdir, output = demo_run
    with Image.open(workdir / "demo-chart.png") as image:
        assert image.width >= 800 and image.height >= 400
    base_url = re.search(r"sample site: (http://127\.0\.0\.1:\d+)", output).group(1)
    import urllib.error
    import urllib.request

    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(base_url + "/robots.txt", timeout=2)


def test_demo_refuses_a_database_that_is_not_a_demo(tmp_path):
    from click.testing import CliRunner

    from nekrolog.cli import cli

    real = tmp_path / "real.db"
    runner = CliRunner()
    conn = sqlite3.connect(real)
    conn.execute("CREATE TABLE sources (id TEXT)")
    conn.execute("INSERT INTO sources VALUES ('volunteers')")
    conn.commit()
    result = runner.invoke(cli, ["--db", str(real), "demo"])
    assert result.exit_code == 1 and "will not overwrite" in result.output
    assert sqlite3.connect(real).execute("SELECT id FROM sources").fetchall() == [("volunteers",)]
