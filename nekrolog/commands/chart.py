"""``nekrolog chart``: deaths over time by best date, the weekly bar chart newsrooms publish."""

from __future__ import annotations

import os
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import click

from db.dates import parse_partial
from db.stats import category_display, day_category_counts
from db.stats_inputs import StatsInputError, parse_as_of

TEXT = {
    "en": {
        "title": {"week": "Named dead by week of best date", "month": "Named dead by month of best date"},
        "x": {"week": "Week of best date (ISO weeks, Monday shown)", "month": "Month of best date"},
        "y": "Persons",
        "as_of": "As of {d}",
        "all_seen": "Data as of {d}",
        "totals": "{total:,} named persons; {shown:,} shown by {by} of best date (death, else funeral, else first report)",
        "hidden": "; {n:,} with only a {coarser} date or none not shown",
        "coarser": {"week": "month or year", "month": "year"},
        "unknown": "unknown",
        "by": {"week": "week", "month": "month"},
    },
    "ru": {
        "title": {"week": "Погибшие поимённо по неделям", "month": "Погибшие поимённо по месяцам"},
        "x": {"week": "Неделя даты (ISO, указан понедельник)", "month": "Месяц даты"},
        "y": "Человек",
        "as_of": "По состоянию на {d}",
        "all_seen": "Данные на {d}",
        "totals": "{total:,} человек поимённо; {shown:,} показаны по {by} даты (гибели, иначе похорон, иначе первого сообщения)",
        "hidden": "; {n:,} без точной даты ({coarser}) не показаны",
        "coarser": {"week": "только месяц или год", "month": "только год"},
        "unknown": "не указано",
        "by": {"week": "неделе", "month": "месяцу"},
    },
}


@dataclass
class Series:
    periods: list[date]
    stacks: dict[str, list[int]]  # label → count per period, largest stack first
    total: int
    shown: int


def period_start(value: str, by: str) -> date | None:
    """Monday of the ISO week (day precision only), or the first of the month (day or month)."""
    parts = parse_partial(value)
    if parts is None:
        return None
    year, month, day = parts
    if by == "week":
        if day is None:
            return None
        d = date(year, month, day)  # type: ignore[arg-type]
        return d - timedelta(days=d.weekday())
    if month is None:
        return None
    return date(year, month, 1)


def _next(period: date, by: str) -> date:
    if by == "week":
        return period + timedelta(days=7)
    return date(period.year + (period.month == 12), period.month % 12 + 1, 1)


def build_series(rows: list[tuple[str | None, str | None, int]], by: str, stack: str | None, lang: str) -> Series:
    """Counts per period (gaps filled with zero weeks or months) from (date, category, n) aggregates."""
    counts: dict[tuple[date, str], int] = defaultdict(int)
    totals_by_label: dict[str, int] = defaultdict(int)
    total = shown = 0
    for value, category, n in rows:
        total += n
        start = period_start(value, by) if value else None
        if start is None:
            continue
        label = (category_display(category, lang) or TEXT[lang]["unknown"]) if stack == "category" else ""
        counts[(start, label)] += n
        totals_by_label[label] += n
        shown += n
    periods: list[date] = []
    if counts:
        current, last = min(p for p, _ in counts), max(p for p, _ in counts)
        while current <= last:
            periods.append(current)
            current = _next(current, by)
    labels = sorted(totals_by_label, key=lambda label: (-totals_by_label[label], label))
    stacks = {label: [counts.get((p, label), 0) for p in periods] for label in labels}
    return Series(periods, stacks, total, shown)


def caption(series: Series, by: str, as_of: str | None, lang: str) -> str:
    t = TEXT[lang]
    when = t["as_of"].format(d=as_of) if as_of else t["all_seen"].format(d=datetime.now(UTC).date().isoformat())
    text = f"{when}. " + t["totals"].format(total=series.total, shown=series.shown, by=t["by"][by])
    if series.total > series.shown:
        # A second line keeps the caption inside narrow (e.g. 800 px) images.
        text += t["hidden"].format(n=series.total - series.shown, coarser=t["coarser"][by]).replace("; ", ";\n", 1)
    return text + ". nekrolog"


def draw(series: Series, path: Path, *, by: str, as_of: str | None, lang: str, title: str | None,
         width: int, height: int, dpi: int) -> str:
    """Write the chart to ``path`` (.png or .svg) and return its caption."""
    import matplotlib
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    t = TEXT[lang]
    text = caption(series, by, as_of, lang)
    fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi)
    ax = fig.add_axes((0.1, 0.2, 0.87, 0.7))
    bar_width = 6 if by == "week" else 26
    bottom = [0] * len(series.periods)
    for label, values in series.stacks.items():
        ax.bar(series.periods, values, width=bar_width, bottom=bottom, align="edge", label=label or None)
        bottom = [b + v for b, v in zip(bottom, values)]
    if len(series.stacks) > 1:
        # Legend top-down in the order the stacks appear top-down.
        handles, labels = ax.get_legend_handles_labels()
        ax.legend(handles[::-1], labels[::-1], loc="upper right", fontsize="small", frameon=False)
    ax.set_title(title or t["title"][by])
    ax.set_xlabel(t["x"][by])
    ax.set_ylabel(t["y"])
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # persons come whole
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    ax.spines[["top", "right"]].set_visible(False)
    fig.text(0.01, 0.02, text, fontsize="small", va="bottom")
    # SVG keeps text as <text> (searchable, editable by graphics desks) instead of paths.
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "nekrolog"}):
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
        os.close(fd)
        try:
            fig.savefig(tmp, format=path.suffix.lstrip(".").lower(), dpi=dpi, metadata=_metadata(path.suffix))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return text


def _metadata(suffix: str) -> dict:
    # No creation date in the file: the same data gives the same bytes.
    return {"Date": None} if suffix.lower() == ".svg" else {"Software": "nekrolog"}


@click.command("chart")
@click.option("--by", type=click.Choice(["week", "month"]), default="week", show_default=True)
@click.option("--stack", type=click.Choice(["category"]), help="Stack the bars by category.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="FILE.png or FILE.svg.")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="Chart the data as it stood on that day.")
@click.option("--lang", type=click.Choice(["en", "ru"]), default="en", show_default=True)
@click.option("--title", help="Replace the default title.")
@click.option("--width", default=1200, show_default=True, type=click.IntRange(300, 10000), help="Pixels (PNG).")
@click.option("--height", default=675, show_default=True, type=click.IntRange(200, 10000), help="Pixels (PNG).")
@click.option("--dpi", default=100, show_default=True, type=click.IntRange(50, 600))
@click.pass_obj
def command(obj, by, stack, output, as_of, lang, title, width, height, dpi) -> None:
    """Draw named deaths over time by best date (death, else funeral, else first
    report) as bars per ISO week or month, optionally stacked by category, with
    axis labels and a caption giving the as-of date and the totals. Persons whose
    date is too coarse for the bars are counted in the caption, never spread out.
    """
    path = Path(output)
    if path.suffix.lower() not in (".png", ".svg"):
        raise click.UsageError(f"-o {output}: the file must end in .png or .svg")
    if not path.parent.is_dir():
        raise click.UsageError(f"-o {output}: directory {path.parent} does not exist")
    try:
        as_of = parse_as_of(as_of) if as_of else None
    except StatsInputError as exc:
        raise click.UsageError(str(exc)) from None
    db = obj.open_db()
    series = build_series(day_category_counts(db.conn, as_of), by, stack, lang)
    text = draw(series, path, by=by, as_of=as_of, lang=lang, title=title, width=width, height=height, dpi=dpi)
    click.echo(f"{path}: {len(series.periods)} {by}s — {text}")
