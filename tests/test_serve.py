"""``nekrolog serve``: Datasette with nekrolog's metadata, facets and canned stats
queries, which return the same numbers as ``nekrolog stats``."""

from __future__ import annotations

import asyncio
import functools
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from test_stats import build_fixture

from db import open_db
from db.stats import StatsOptions, compute_stats
from db.stats_inputs import parse_window
from nekrolog.commands.serve import make_datasette

pytestmark = pytest.mark.timeout(60)


def run_async(test):
    """Run an async test body in a fresh event loop (no pytest async plugin needed)."""

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return wrapper


@pytest.fixture()
def served(tmp_path):
    path = tmp_path / "nekrolog.db"
    build_fixture(path).conn.close()
    return path, make_datasette(path)


async def rows(ds, path: str) -> list[dict]:
    response = await ds.client.get(path)
    assert response.status_code == 200, (path, response.text[:500])
    return response.json()


@run_async
async def test_canned_queries_match_nekrolog_stats(served):
    path, ds = served
    expected = compute_stats(
        open_db(path).conn, StatsOptions(top=3, windows=[parse_window("2022-03-02", "2022-03-15")])
    )
    summary = (await rows(ds, "/nekrolog/summary.json?_shape=array"))[0]
    assert summary["total"] == expected["total"] == 12
    assert {k: summary[k] for k in ("death", "funeral", "reported")} == expected["by_basis"]
    assert summary["undated"] == expected["undated"]
    assert (summary["day_precision"], summary["month_only"], summary["year_only"]) == tuple(expected["by_precision"].values())

    def as_dict(result, key):
        return {r[key]: r["n"] for r in result}

    assert as_dict(await rows(ds, "/nekrolog/by_year.json?_shape=array"), "year") == expected["by_year"]
    assert as_dict(await rows(ds, "/nekrolog/by_month.json?_shape=array"), "month") == expected["by_month"]
    assert as_dict(await rows(ds, "/nekrolog/by_week.json?_shape=array"), "iso_week") == expected["by_week"]
    assert as_dict(await rows(ds, "/nekrolog/by_day.json?_shape=array"), "date") == expected["by_day"]
    assert await rows(ds, "/nekrolog/top_days.json?_shape=array&top=3") == expected["top_days"]
    (window,) = await rows(ds, "/nekrolog/window.json?_shape=array&from=2022-03-02&to=2022-03-15")
    assert (window["n"], window["n_imprecise_overlapping"]) == (3, 2)
    assert (window["n"], window["n_imprecise_overlapping"]) == (
        expected["windows"][0]["n"], expected["windows"][0]["n_imprecise_overlapping"])
    by_region = await rows(ds, "/nekrolog/by_region.json?_shape=array")
    assert [(r["region"], r["name"], r["n"]) for r in by_region] == [
        (r["region"], r["name"], r["n"]) for r in expected["by_region"]]
    by_category = await rows(ds, "/nekrolog/by_category.json?_shape=array")
    assert {r["category"]: (r["n"], pytest.approx(r["share"])) for r in by_category} == {
        r["category"]: (r["n"], r["share"]) for r in expected["by_category"]}
    cross = await rows(ds, "/nekrolog/region_category.json?_shape=array")
    assert cross == expected["by_region_category"]


@run_async
async def test_as_of_canned_query_matches(served):
    path, ds = served
    expected = compute_stats(open_db(path).conn, StatsOptions(as_of="2022-03-31"))
    result = await rows(ds, "/nekrolog/by_year_as_of.json?_shape=array&as_of=2022-03-31")
    assert {r["year"]: r["n"] for r in result} == expected["by_year"] == {"2022": 8}
    later = await rows(ds, "/nekrolog/by_year_as_of.json?_shape=array&as_of=2030-01-01")
    assert {r["year"]: r["n"] for r in later} == {"2022": 8, "2023": 3, "undated": 1}


@run_async
async def test_facets_on_region_category_and_year(served):
    _, ds = served
    data = (await ds.client.get("/nekrolog/counted_persons.json?_size=0")).json()
    facets = data["facet_results"]
    assert {"region", "category", "year"} <= set(facets)
    assert {f["value"]: f["count"] for f in facets["year"]["results"]} == {2022: 8, 2023: 3}
    assert {f["value"]: f["count"] for f in facets["region"]["results"]} == {"RU-BA": 6, "RU-TA": 5}
    assert data["filtered_table_rows_count"] == 12


@run_async
async def test_titles_and_column_descriptions(served):
    _, ds = served
    meta = (await ds.client.get("/-/metadata.json")).json()
    tables = meta["databases"]["nekrolog"]["tables"]
    assert tables["counted_persons"]["title"] == "Counted persons"
    assert tables["persons"]["columns"]["date_basis"].startswith("which one date is")
    page = (await ds.client.get("/nekrolog/counted_persons")).text
    assert "Counted persons" in page and "year of the best date, for facets" in page
    # Every column of the analyst tables is described.
    db = ds.get_database("nekrolog")
    for table in ("counted_persons", "persons", "mentions", "sources", "pages"):
        columns = await db.table_columns(table)
        assert set(columns) <= set(tables[table]["columns"]), table


@run_async
async def test_read_only_and_no_reviewer_data(served):
    path, ds = served
    meta = (await ds.client.get("/-/metadata.json")).json()["databases"]["nekrolog"]
    assert not any(q.get("write") for q in meta["queries"].values())
    text = json.dumps({"queries": meta["queries"], "facets": [t.get("facets") for t in meta["tables"].values()]})
    assert "reviewer" not in text
    assert meta["tables"]["reviewers"] == {"hidden": True}
    before = open_db(path).conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0]
    # A read-only canned query refuses POST (Datasette 0.65 answers it with an error page).
    response = await ds.client.post("/nekrolog/summary", data={})
    assert response.status_code >= 400
    response = await ds.client.get("/nekrolog.json?sql=INSERT+INTO+sources+(id,kind,name,created_at,updated_at)"
                                   "+VALUES+('x','custom','x','t','t')")
    assert response.status_code != 200 or "error" in response.text.lower()
    assert open_db(path).conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == before


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_nekrolog_serve_on_loopback(tmp_path):
    path = tmp_path / "nekrolog.db"
    build_fixture(path).conn.close()
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", "from nekrolog.cli import main; main()", "--db", str(path), "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        url = f"http://127.0.0.1:{port}/nekrolog/by_year.json?_shape=array"
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    data = json.loads(response.read())
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise AssertionError(proc.stderr.read().decode() if proc.poll() is not None else "no server") from None
                time.sleep(0.2)
        assert {r["year"]: r["n"] for r in data} == {"2022": 8, "2023": 3}
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@run_async
async def test_review_plugin_runs_alongside_with_its_configuration(tmp_path):
    path = tmp_path / "nekrolog.db"
    build_fixture(path).conn.close()
    ds = make_datasette(path, plugins={"nekrolog-review": {"language": "en"}})
    assert ds.plugin_config("nekrolog-review") == {"language": "en"}
    plugins = {p["name"] for p in (await ds.client.get("/-/plugins.json")).json()}
    assert {"nekrolog", "nekrolog.datasette_metadata"} <= plugins  # the review entry point, our SQL functions
    assert (await ds.client.get("/-/review/login")).status_code == 200
    # The canned queries still work with the plugin's permissions in force.
    assert (await ds.client.get("/nekrolog/summary.json?_shape=array")).json()[0]["total"] == 12
