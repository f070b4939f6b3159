"""``nekrolog chart`` writes PNG and SVG files whose content is checked."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from click.testing import CliRunner
from PIL import Image
from test_stats import build_fixture

from nekrolog.cli import cli
from nekrolog.commands.chart import build_series


@pytest.fixture()
def db_path(tmp_path):
    path = tmp_path / "chart.db"
    build_fixture(path).conn.close()
    return path


def chart(db_path, *args):
    return CliRunner().invoke(cli, ["--db", str(db_path), "chart", *args], catch_exceptions=False)


def svg_text(path) -> str:
    """All <text> content of an SVG, unescaped, one element per line."""
    return "\n".join(unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", path.read_text(encoding="utf-8")))


def test_png_has_the_requested_size(db_path, tmp_path):
    out = tmp_path / "weekly.png"
    result = chart(db_path, "--by", "week", "--stack", "category", "-o", str(out), "--width", "800", "--height", "450")
    assert result.exit_code == 0, result.output
    with Image.open(out) as image:
        assert image.format == "PNG" and image.size == (800, 450)
        # Bars were drawn: not a blank canvas.
        assert len(image.convert("RGB").getcolors(maxcolors=100_000)) > 10


def test_svg_carries_caption_labels_and_totals(db_path, tmp_path):
    out = tmp_path / "monthly.svg"
    result = chart(db_path, "--by", "month", "-o", str(out), "--as-of", "2022-03-31")
    assert result.exit_code == 0, result.output
    text = svg_text(out)
    # As of 2022-03-31: 8 persons, 7 dated to a day or month; the year-only one is not drawn.
    assert "As of 2022-03-31. 8 named persons; 7 shown by month of best date" in text
    assert "1 with only a year date or none not shown. nekrolog" in text
    assert "Month of best date" in text and "Persons" in text
    assert "Named dead by month of best date" in text


def test_svg_weekly_stacked_in_russian(db_path, tmp_path):
    out = tmp_path / "weekly.svg"
    result = chart(db_path, "--stack", "category", "--lang", "ru", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = svg_text(out)
    # 12 counted persons, 9 dated to the day; month-only, year-only and undated are not drawn.
    assert "12 человек поимённо; 9 показаны по неделе даты" in text
    assert "3 без точной даты (только месяц или год) не показаны" in text
    assert "Неделя даты (ISO, указан понедельник)" in text


def test_weekly_series_fills_gaps_and_stacks(db_path):
    from db import open_db
    from db.stats import day_category_counts

    rows = day_category_counts(open_db(db_path).conn)
    series = build_series(rows, "week", "category", "en")
    assert series.periods[0] == date(2022, 2, 28) and series.periods[-1] == date(2023, 1, 2)
    assert len(series.periods) == 45  # every Monday in between, empty weeks included
    assert (series.total, series.shown) == (12, 9)
    assert sum(sum(v) for v in series.stacks.values()) == 9
    first_week = {label: values[0] for label, values in series.stacks.items() if values[0]}
    assert sum(first_week.values()) == 5  # 2022-03-01 ×2, 03-02 ×2, 03-03
    monthly = build_series(rows, "month", None, "en")
    assert monthly.stacks[""][:2] == [6, 1] and monthly.shown == 10


def test_refuses_other_formats(db_path, tmp_path):
    result = chart(db_path, "-o", str(tmp_path / "chart.pdf"))
    assert result.exit_code == 2 and ".png or .svg" in result.output
