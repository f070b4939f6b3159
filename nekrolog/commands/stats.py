"""``nekrolog stats``: the published figures, with the rule behind each."""

from __future__ import annotations

import csv
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import click

from db.regions import lookup_region
from db.stats import StatsOptions, compute_stats
from db.stats_inputs import (
    StatsInputError,
    parse_as_of,
    parse_coverage,
    parse_range,
    parse_window,
    read_population,
    read_territory,
)


def _resolve_region(value: str) -> str | None:
    region = lookup_region(value)
    return region.code if region else None


def build_options(
    *,
    as_of: str | None = None,
    top: int = 10,
    between: tuple[tuple[str, str], ...] = (),
    coverage: str | None = None,
    add_range: str | None = None,
    add_label: str | None = None,
    territory: str | None = None,
    population: str | None = None,
    lang: str = "ru",
) -> StatsOptions:
    """Validate every option and input file before anything is computed."""
    windows = [parse_window(a, b) for a, b in between]
    if territory:
        windows += read_territory(territory)
    if add_label and not add_range:
        raise StatsInputError("--add-label needs --add-range")
    return StatsOptions(
        as_of=parse_as_of(as_of) if as_of else None,
        top=top,
        windows=windows,
        coverage=parse_coverage(coverage) if coverage else None,
        added=parse_range(add_range) if add_range else None,
        added_label=add_label,
        population=read_population(population, _resolve_region) if population else None,
        lang=lang,
    )


@click.command("stats")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="Figures as they stood on that day: mentions first seen later are ignored.")
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=0), help="Deadliest days to list (ties with the last are kept).")
@click.option("--between", nargs=2, multiple=True, metavar="FROM TO", help="Inclusive window (repeatable); YYYY-MM-DD, YYYY-MM or YYYY.")
@click.option("--coverage", metavar="LO:HI", help="Share of true deaths the named list covers, e.g. 0.45:0.65 or 45%:65%.")
@click.option("--add-range", metavar="LO:HI", help="A separately estimated group to add, in persons, e.g. 21000:23500.")
@click.option("--add-label", metavar="TEXT", help="What the --add-range group is.")
@click.option("--territory", type=click.Path(dir_okay=False), help="CSV: from,to,km2,source — persons per km² for each period.")
@click.option("--population", type=click.Path(dir_okay=False), help="CSV: region,population[,label] — rates per 100,000 with 95% CI.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(), help="json: file (default stdout); csv: directory (required).")
@click.option("--lang", type=click.Choice(["ru", "en"]), default="ru", show_default=True, help="Language of region and category names.")
@click.pass_obj
def command(obj, as_of, top, between, coverage, add_range, add_label, territory, population, fmt, output, lang) -> None:
    """Count persons (never mentions) by year, month, week and day, by date basis,
    region and category; windows, coverage estimates, persons per km², rates per
    100,000 with Wilson confidence intervals, and the total if every uncertain
    review pair were one person. Every figure is printed with its rule
    (docs/stats.md).
    """
    try:
        options = build_options(
            as_of=as_of, top=top, between=between, coverage=coverage, add_range=add_range,
            add_label=add_label, territory=territory, population=population, lang=lang,
        )
    except StatsInputError as exc:
        raise click.UsageError(str(exc)) from None
    if fmt == "csv" and not output:
        raise click.UsageError("--format csv needs -o DIR")
    db = obj.open_db()
    try:
        result = compute_stats(db.conn, options)
    except ValueError as exc:  # e.g. a population smaller than the persons counted
        raise click.ClickException(str(exc)) from None
    if fmt == "json":
        text = json.dumps(result, ensure_ascii=False, indent=2) + "\n"
        if output:
            _write_atomic(Path(output), text)
            click.echo(f"{output}: stats as JSON", err=True)
        else:
            click.echo(text, nl=False)
    elif fmt == "csv":
        names = write_csv_tables(result, Path(output))
        click.echo(f"{output}: {len(names)} CSV files ({', '.join(names)})")
    else:
        click.echo(render_table(result))


# --------------------------------------------------------------------------- CSV


def csv_tables(result: dict[str, Any]) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """Each table of the result as (header, rows)."""
    matching = result["matching"]
    summary = [
        ["as_of", result["as_of"] or ""],
        ["generated_at", result["generated_at"]],
        ["rule_counted", result["rule"]["counted"]],
        ["rule_date", result["rule"]["date"]],
        ["total", result["total"]],
        ["total_if_uncertain_pairs_merged", matching["total_if_uncertain_pairs_merged"]],
        ["open_pairs", matching["open_pairs"]],
        ["insufficient_pairs", matching["insufficient_pairs"]],
        ["undated", result["undated"]],
        ["invalid_dates", result["invalid_dates"]],
    ] + [[f"precision_{k}", v] for k, v in result["by_precision"].items()]
    tables: dict[str, tuple[list[str], list[list[Any]]]] = {
        "summary": (["figure", "value"], summary),
        "by_basis": (["basis", "n"], [[k, v] for k, v in result["by_basis"].items()] + [["undated", result["undated"]]]),
        "by_year": (["year", "n"], [[k, v] for k, v in result["by_year"].items()]),
        "by_month": (["month", "n"], [[k, v] for k, v in result["by_month"].items()]),
        "by_week": (["iso_week", "n"], [[k, v] for k, v in result["by_week"].items()]),
        "by_day": (["date", "n"], [[k, v] for k, v in result["by_day"].items()]),
        "top_days": (["date", "n"], [[r["date"], r["n"]] for r in result["top_days"]]),
        "by_region": (
            ["region", "name", "n", "population", "population_label", "rate_per_100k", "ci_low", "ci_high"],
            [[r[k] for k in ("region", "name", "n", "population", "population_label", "rate_per_100k", "ci_low", "ci_high")]
             for r in result["by_region"]],
        ),
        "by_category": (["category", "label", "n", "share"], [[r["category"], r["label"], r["n"], r["share"]] for r in result["by_category"]]),
        "by_region_category": (["region", "category", "n"], [[r["region"], r["category"], r["n"]] for r in result["by_region_category"]]),
    }
    if result["windows"]:
        keys = ["from", "to", "n", "n_imprecise_overlapping", "km2", "per_km2", "source",
                "est_low", "est_high", "per_km2_low", "per_km2_high"]
        tables["windows"] = (keys, [[w.get(k) for k in keys] for w in result["windows"]])
    est = result["estimate"]
    if est:
        tables["estimate"] = (
            ["scope", "named", "low", "high", "coverage_lo", "coverage_hi", "added_label", "added_lo", "added_hi", "total_low", "total_high"],
            [["all", est["named"], est["low"], est["high"], *(est["coverage"] or ["", ""]),
              est["added_label"] or "", *(est["added"] or ["", ""]), est["total_low"], est["total_high"]]],
        )
        if est["by_year"]:
            tables["estimate_by_year"] = (
                ["year", "named", "low", "high"], [[y, v["named"], v["low"], v["high"]] for y, v in est["by_year"].items()]
            )
    return tables


def write_csv_tables(result: dict[str, Any], directory: Path) -> list[str]:
    """One CSV per table; each file appears only once complete."""
    directory.mkdir(parents=True, exist_ok=True)
    names = []
    for name, (header, rows) in csv_tables(result).items():
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(header)
                writer.writerows([["" if v is None else v for v in row] for row in rows])
            os.replace(tmp, directory / f"{name}.csv")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        names.append(f"{name}.csv")
    return names


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent if str(path.parent) else ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------- table


def _grid(header: list[str], rows: list[list[Any]], indent: str = "  ") -> list[str]:
    cells = [[_fmt(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(header)]
    right = [all(isinstance(row[i], int | float) or row[i] is None for row in rows) for i in range(len(header))]

    def line(values: list[str]) -> str:
        return indent + "  ".join(v.rjust(w) if r else v.ljust(w) for v, w, r in zip(values, widths, right)).rstrip()

    return [line(header)] + [line(r) for r in cells]


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) >= 0.01 or value == 0 else f"{value:.4g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def render_table(result: dict[str, Any]) -> str:
    out: list[str] = []
    when = f"as of {result['as_of']} (mentions first seen after that day are ignored)" if result["as_of"] else "all mentions seen so far"
    out.append(f"nekrolog stats — {when}; generated {result['generated_at']}")
    out.append(result["rule"]["counted"])
    out.append("Date rule: " + result["rule"]["date"])
    basis = result["by_basis"]
    out.append(
        f"Date basis: death {basis['death']:,}, funeral {basis['funeral']:,}, reported {basis['reported']:,};"
        f" undated {result['undated']:,}"
        + (f" (of which {result['invalid_dates']:,} with an unreadable date)" if result["invalid_dates"] else "")
    )
    prec = result["by_precision"]
    out.append(f"Precision of the best date: day {prec['day']:,}, month only {prec['month']:,}, year only {prec['year']:,}")
    out.append("")
    m = result["matching"]
    out.append(f"Total named persons: {result['total']:,}")
    out.append(
        f"  if every open ({m['open_pairs']:,}) and insufficient-evidence ({m['insufficient_pairs']:,}) review pair"
        f" were one person: {m['total_if_uncertain_pairs_merged']:,}"
    )

    def section(title: str, header: list[str], rows: list[list[Any]]) -> None:
        out.extend(["", title])
        out.extend(_grid(header, rows) if rows else ["  (none)"])

    section("By year (every dated person)", ["year", "n"], [[k, v] for k, v in result["by_year"].items()])
    section("By month (persons dated to the day or month)", ["month", "n"], [[k, v] for k, v in result["by_month"].items()])
    out.append("  Weekly and daily counts: --format json or csv (by_week, by_day).")
    section(
        "Deadliest days (persons dated to the day; days tied with the last place are all listed)",
        ["date", "n"], [[r["date"], r["n"]] for r in result["top_days"]],
    )
    if result["windows"]:
        rows = []
        for w in result["windows"]:
            rows.append([w["from"], w["to"], w["n"], w["n_imprecise_overlapping"], w["km2"], w["per_km2"],
                         w.get("est_low"), w.get("est_high"), w.get("per_km2_low"), w.get("per_km2_high"), w["source"]])
        section(
            "Windows (inclusive; a month- or year-only date counts only if its whole span lies inside;"
            " 'straddling' = such dates crossing an edge, not counted)",
            ["from", "to", "n", "straddling", "km2", "per km2", "est low", "est high", "per km2 low", "per km2 high", "source"],
            rows,
        )
    has_pop = any(r["population"] for r in result["by_region"])
    section(
        "By region" + (" (sorted by rate; 95% CI: Wilson score with continuity correction, as R's prop.test)" if has_pop else ""),
        ["region", "name", "n"] + (["population", "per 100k", "CI low", "CI high"] if has_pop else []),
        [[r["region"] or "(none)", r["name"] or "unknown", r["n"]]
         + ([r["population"], r["rate_per_100k"], r["ci_low"], r["ci_high"]] if has_pop else [])
         for r in result["by_region"]],
    )
    section(
        "By category",
        ["category", "label", "n", "share"],
        [[r["category"] or "(none)", r["label"] or "unknown", r["n"], f"{r['share'] * 100:.1f}%"] for r in result["by_category"]],
    )
    categories = [r["category"] for r in result["by_category"]]
    matrix: dict[str | None, dict[str | None, int]] = {}
    for cell in result["by_region_category"]:
        matrix.setdefault(cell["region"], {})[cell["category"]] = cell["n"]
    section(
        "Region × category",
        ["region"] + [c or "(none)" for c in categories],
        [[r or "(none)"] + [row.get(c, 0) for c in categories] for r, row in matrix.items()],
    )
    est = result["estimate"]
    if est:
        out.extend(["", "Estimate"])
        if est["coverage"]:
            lo, hi = est["coverage"]
            out.append(
                f"  The named list covers {lo:.0%}–{hi:.0%} of deaths: {est['named']:,} named → {est['low']:,}–{est['high']:,}"
                " (named / HI to named / LO, to the nearest person)"
            )
        if est["added"]:
            out.append(f"  + {est['added_label']}: {est['added'][0]:,}–{est['added'][1]:,}")
        out.append(f"  Total: {est['total_low']:,}–{est['total_high']:,}")
        if est["by_year"]:
            out.extend(_grid(["year", "named", "low", "high"], [[y, v["named"], v["low"], v["high"]] for y, v in est["by_year"].items()]))
    return "\n".join(out)
