"""``nekrolog stats`` through click on a real SQLite file."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner
from test_stats import build_fixture

from nekrolog.cli import cli

JSON_KEYS = {"total", "by_year", "by_month", "undated", "by_basis", "top_days", "windows", "by_region", "by_category", "estimate"}


@pytest.fixture()
def db_path(tmp_path):
    path = tmp_path / "cli.db"
    build_fixture(path).conn.close()
    return path


def run(db_path, *args):
    result = CliRunner().invoke(cli, ["--db", str(db_path), "stats", *args], catch_exceptions=False)
    return result


def test_json_has_the_stable_keys_and_shapes(db_path, tmp_path):
    pop = tmp_path / "pop.csv"
    pop.write_text("region,population,label\nБашкирия,100000,Rosstat 2021\nRU-TA,50000,\n", encoding="utf-8")
    terr = tmp_path / "terr.csv"
    terr.write_text("from,to,km2,source\n2022-03-01,2022-03-31,1000,ISW\n", encoding="utf-8")
    result = run(
        db_path, "--format", "json", "--top", "1", "--between", "2022-03-02", "2022-03-15",
        "--coverage", "0.45:0.55", "--add-range", "100:200", "--add-label", "DPR/LPR",
        "--population", str(pop), "--territory", str(terr),
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert JSON_KEYS <= set(data)
    assert data["total"] == 12 and data["undated"] == 1
    assert data["by_year"] == {"2022": 8, "2023": 3}
    assert data["by_basis"] == {"death": 9, "funeral": 1, "reported": 1}
    assert data["top_days"] == [{"date": "2022-03-01", "n": 2}, {"date": "2022-03-02", "n": 2}]
    between, territory = data["windows"]
    assert {"from", "to", "n", "km2", "per_km2"} <= set(between)
    assert (between["n"], between["km2"]) == (3, None)
    assert (territory["n"], territory["km2"], territory["per_km2"]) == (6, 1000.0, 0.006)
    first = data["by_region"][0]
    assert set(first) >= {"region", "name", "n", "population", "rate_per_100k", "ci_low", "ci_high"}
    assert (first["region"], first["rate_per_100k"]) == ("RU-TA", 10.0)
    assert data["by_region"][1]["population"] == 100000  # "Башкирия" resolved to RU-BA
    est = data["estimate"]
    assert {"coverage", "low", "high", "added", "total_low", "total_high"} <= set(est)
    assert (est["coverage"], est["low"], est["high"], est["added"]) == ([0.45, 0.55], 22, 27, [100, 200])
    assert (est["total_low"], est["total_high"]) == (122, 227)


def test_table_states_the_rule_and_the_bases(db_path):
    result = run(db_path, "--coverage", "45%:55%")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Date rule: Each person is counted once, on the best date: the date of death, else the funeral date" in out
    assert "Date basis: death 9, funeral 1, reported 1; undated 1" in out
    assert "Precision of the best date: day 9, month only 1, year only 1" in out
    assert "Total named persons: 12" in out
    assert "were one person: 10" in out
    assert "12 named → 22–27" in out


def test_as_of_option(db_path):
    data = json.loads(run(db_path, "--format", "json", "--as-of", "2022-03-31").output)
    assert data["total"] == 8 and data["as_of"] == "2022-03-31"
    assert "as of 2022-03-31" in run(db_path, "--as-of", "2022-03-31").output


def test_csv_writes_one_file_per_table(db_path, tmp_path):
    out = tmp_path / "out"
    result = run(db_path, "--format", "csv", "-o", str(out), "--coverage", "0.5:1", "--between", "2022", "2022")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([
        "summary.csv", "by_basis.csv", "by_year.csv", "by_month.csv", "by_week.csv", "by_day.csv", "top_days.csv",
        "by_region.csv", "by_category.csv", "by_region_category.csv", "windows.csv", "estimate.csv",
        "estimate_by_year.csv",
    ])
    with open(out / "by_year.csv", encoding="utf-8") as handle:
        assert list(csv.reader(handle)) == [["year", "n"], ["2022", "8"], ["2023", "3"]]
    with open(out / "summary.csv", encoding="utf-8") as handle:
        summary = dict(csv.reader(handle))
    assert summary["total"] == "12" and summary["total_if_uncertain_pairs_merged"] == "10"
    assert "funeral date" in summary["rule_date"]
    with open(out / "windows.csv", encoding="utf-8") as handle:
        row = list(csv.DictReader(handle))[0]
    assert (row["from"], row["to"], row["n"], row["km2"]) == ("2022-01-01", "2022-12-31", "8", "")


def test_csv_needs_a_directory(db_path):
    result = run(db_path, "--format", "csv")
    assert result.exit_code == 2 and "-o DIR" in result.output


@pytest.mark.parametrize(
    "content,message",
    [
        ("region,population\nНарния,1000\n", ":2: unknown region 'Нарния'"),
        ("region,population\nRU-BA,1000\nБашкирия,2000\n", ":3: region RU-BA already given at"),
        ("region,population\nRU-BA,lots\n", ":2: population must be a positive whole number"),
        ("region,people\nRU-BA,1000\n", ":1: missing column(s) population"),
    ],
)
def test_bad_population_file_names_file_and_line(db_path, tmp_path, content, message):
    pop = tmp_path / "pop.csv"
    pop.write_text(content, encoding="utf-8")
    result = run(db_path, "--population", str(pop))
    assert result.exit_code == 2
    assert f"{pop}{message}" in result.output


def test_bad_territory_file_names_file_and_line(db_path, tmp_path):
    terr = tmp_path / "terr.csv"
    terr.write_text("from,to,km2,source\n2022-03-01,2022-03-31,1000,ISW\n2022-04-01,2022-04-30,-5,ISW\n", encoding="utf-8")
    result = run(db_path, "--territory", str(terr))
    assert result.exit_code == 2 and f"{terr}:3: km2 must be a positive number" in result.output


def test_json_to_file_is_atomic_and_complete(db_path, tmp_path):
    target = tmp_path / "stats.json"
    result = run(db_path, "--format", "json", "-o", str(target))
    assert result.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["total"] == 12
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".stats.json")] == []
