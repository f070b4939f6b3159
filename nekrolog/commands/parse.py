"""``nekrolog parse``: run the text extractor on one text or a JSONL file and print JSON."""

from __future__ import annotations

import json
import sys

import click


def _result(extraction, version: str) -> dict:
    data = extraction.to_dict()
    data["extractor_version"] = version
    return data


def _read_text(file: str) -> str:
    raw = sys.stdin.buffer.read() if file == "-" else open(file, "rb").read()  # noqa: SIM115
    where = "stdin" if file == "-" else file
    if b"\x00" in raw[:4096]:
        raise click.ClickException(f"{where}: binary data, not a text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise click.ClickException(f"{where}: not UTF-8 text ({e.reason} at byte {e.start})") from None


def _parse_line(line: bytes, where: str, default_region: str | None):
    from scrapers.extract import extract

    try:
        text_line = line.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ValueError(f"not UTF-8 text ({e.reason} at byte {e.start})") from None
    try:
        row = json.loads(text_line)
    except json.JSONDecodeError as e:
        raise ValueError(f"not JSON: {e.msg} at column {e.colno}") from None
    if not isinstance(row, dict):
        raise ValueError("not a JSON object")
    missing = [k for k in ("id", "text") if k not in row or row[k] is None]
    if missing:
        raise ValueError(f"missing field(s): {', '.join(missing)}")
    if not isinstance(row["text"], str):
        raise ValueError("field 'text' is not a string")
    published = row.get("published")
    if published is not None and not isinstance(published, str):
        raise ValueError("field 'published' is not a string")
    try:
        result = extract(row["text"], published or None, default_region=row.get("default_region") or default_region)
    except ValueError as e:
        raise ValueError(f"bad 'published' {published!r}: {e}") from None
    return row["id"], result


@click.command("parse")
@click.argument("file", required=False, default="-", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--published", metavar="DATETIME", help="Publication date/time the text's relative dates refer to.")
@click.option("--jsonl", "jsonl", is_flag=True, help="FILE holds one {id, text, published} object per line.")
@click.option("--default-region", metavar="CODE", help="Region for people whose text names none (e.g. RU-BU).")
@click.option("--pretty/--compact", default=None, help="Indent the JSON (default: indented for one text).")
def command(file: str, published: str | None, jsonl: bool, default_region: str | None, pretty: bool | None) -> None:
    """Extract the dead named in a Russian text and print them as JSON.

    Without --jsonl, FILE (or - for stdin) is one text; dates such as «вчера» or
    «20 февраля» are resolved against --published. With --jsonl, each input line
    ``{"id", "text", "published"}`` gives one output line ``{"id", "relevant",
    "reason", "unnamed", "mentions"}``; a bad line is reported on stderr with its
    line number and the other lines are still processed (exit status 1 if any failed).
    """
    from scrapers.extract import EXTRACTOR_VERSION, extract
    from scrapers.extract.dates import parse_published

    if not jsonl:
        text = _read_text(file)
        if published:
            try:
                parse_published(published)
            except ValueError as e:
                raise click.BadParameter(str(e), param_hint="--published") from None
        result = extract(text, published, default_region=default_region)
        indent = 2 if pretty is None or pretty else None
        click.echo(json.dumps(_result(result, EXTRACTOR_VERSION), ensure_ascii=False, indent=indent))
        return
    if published:
        raise click.UsageError("--published applies to one text; in --jsonl mode each line carries its own")
    stream = sys.stdin.buffer if file == "-" else open(file, "rb")  # noqa: SIM115
    name = "stdin" if file == "-" else file
    failed = 0
    indent = 2 if pretty else None
    with stream:
        for n, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                row_id, result = _parse_line(line, f"{name}:{n}", default_region)
            except ValueError as e:
                failed += 1
                click.echo(f"{name}:{n}: {e}", err=True)
                continue
            out = {"id": row_id, **_result(result, EXTRACTOR_VERSION)}
            click.echo(json.dumps(out, ensure_ascii=False, indent=indent))
    if failed:
        click.echo(f"{name}: {failed} line(s) failed", err=True)
        sys.exit(1)
