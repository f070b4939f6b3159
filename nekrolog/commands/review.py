"""``nekrolog review``: the review screen's flow in the terminal, for one volunteer, no server."""

from __future__ import annotations

import os
import re
import shutil
import textwrap

import click

from db.review_queue import QueueError, claim_next, decide, release
from db.reviewers import authenticate
from nekrolog.review.i18n import has_label, normalise_language, translator
from nekrolog.review.view import ItemView, basis_label, build_view

# Scraped text must not drive the terminal: drop control characters (ANSI
# escapes, carriage returns, bells) before anything is printed.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_STATUS_MARK = {"same": "=", "partial": "≈", "differ": "≠", "neutral": " ", "missing": " "}
_STATUS_COLOUR = {"same": "green", "partial": "yellow", "differ": "red"}
_KEYS = {"1": "same", "2": "different", "3": "unsure", "4": "skip"}


def clean(text: object) -> str:
    return _CONTROL.sub("", str(text)).replace("\n", " ")


def _cell(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


def render_item(view: ItemView, t, width: int) -> str:
    item = view.item
    n = max(1, len(view.cards))
    label_width = 30
    column = max(12, (width - label_width - 3 * n) // n)
    lines = [
        f"{t('item')} #{item.id}   {t('score')}: "
        + (f"{item.score:.2f}" if item.score is not None else "—"),
    ]
    for key, text in view.reasons:
        label = t(f"reason_{key}") if has_label(f"reason_{key}") else key
        lines.append(f"  {clean(label)}: {clean(text)}")
    lines.append(t("pair_question") if item.kind == "pair" else t("cluster_question"))
    header = " " * label_width + " | ".join(
        _cell(f"{t('record')} {i} (id {card.id})", column).ljust(column) for i, card in enumerate(view.cards, 1)
    )
    lines += ["", header, "-" * min(width, len(header))]
    for row in view.rows:
        if not any(row.values):
            continue
        cells = []
        for index, value in enumerate(row.values):
            text = "—" if value is None else clean(value)
            if row.key == "best_date" and value is not None:
                text += " " + basis_label(t, view.cards[index].basis)
            cells.append(_cell(text, column).ljust(column))
        mark = _STATUS_MARK.get(row.status, " ")
        line = f"{mark} {_cell(t(row.key), label_width - 3):<{label_width - 2}}" + " | ".join(cells)
        colour = _STATUS_COLOUR.get(row.status)
        lines.append(click.style(line, fg=colour) if colour else line)
    for index, card in enumerate(view.cards, 1):
        lines.append("")
        source = clean(card.source_name or "")
        title = f" — {clean(card.title)}" if card.title else ""
        lines.append(click.style(f"[{index}] {source}{title}", bold=True))
        if card.shown_url:
            lines.append(f"    {clean(card.shown_url)}")
        if card.snippet:
            snippet = clean(card.snippet.before) + "[" + clean(card.snippet.match) + "]" + clean(card.snippet.after)
            lines += textwrap.wrap(snippet, width=max(40, width - 4), initial_indent="    ", subsequent_indent="    ")
    return "\n".join(lines)


def _ask_groups(n: int) -> dict[int, int] | None:
    raw = click.prompt(
        f"groups for records 1..{n}, e.g. '1 1 2' (empty: every record a different person)",
        default="",
        show_default=False,
    )
    if not raw.strip():
        return None
    parts = raw.replace(",", " ").split()
    if len(parts) != n or not all(p.isdigit() for p in parts):
        raise click.BadParameter(f"give {n} group numbers")
    return {i: int(p) for i, p in enumerate(parts)}


@click.command("review")
@click.option("--as", "name", required=True, help="Your reviewer name (see `nekrolog reviewers add`).")
@click.option("--lang", type=click.Choice(["ru", "en"]), default=None, help="Interface language (default ru).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Stop after this many decisions.")
@click.pass_obj
def command(obj, name: str, lang: str | None, limit: int | None) -> None:
    """Review the match queue in the terminal: the same items, leases and rules as the review screen.

    Asks for your password (or reads $NEKROLOG_REVIEW_PASSWORD), then shows one
    item at a time, side by side. Answer 1 same, 2 different, 3 not sure,
    4 skip, n to add a note first, q to quit (the item goes back to the queue).
    """
    language = normalise_language(lang or os.environ.get("NEKROLOG_REVIEW_LANGUAGE"))
    t = translator(language)
    db = obj.open_db()
    conn = db.conn
    password = os.environ.get("NEKROLOG_REVIEW_PASSWORD") or click.prompt(t("password"), hide_input=True)
    reviewer = authenticate(conn, name, password)
    if reviewer is None:
        raise click.ClickException(t("bad_login"))
    width = min(160, shutil.get_terminal_size((120, 40)).columns)
    done = 0
    while limit is None or done < limit:
        item = claim_next(conn, reviewer)
        if item is None:
            click.echo(t("queue_empty"))
            return
        click.echo("\n" + "=" * width)
        click.echo(render_item(build_view(conn, item, language), t, width))
        note = None
        while True:
            choice = click.prompt(
                f"1 {t('same')} · 2 {t('different')} · 3 {t('unsure')} · 4 {t('skip')} · n · q",
                type=click.Choice(["1", "2", "3", "4", "n", "q"]),
                show_choices=False,
            )
            if choice == "n":
                note = click.prompt(t("note"), default="", show_default=False) or None
                continue
            break
        if choice == "q":
            release(conn, reviewer, item.id)
            return
        verdict = _KEYS[choice]
        groups = None
        if item.kind == "cluster" and verdict == "different":
            ids = item.mention_ids  # the order the records were shown in
            labels = _ask_groups(len(ids))
            groups = {ids[i]: g for i, g in labels.items()} if labels else None
        try:
            outcome = decide(conn, reviewer, item.id, verdict, note=note, groups=groups)
        except QueueError as exc:
            click.echo(t(exc.code), err=True)
            continue
        click.echo(t(outcome.result))
        done += 1
