"""``nekrolog import``: a spreadsheet or another project's list becomes mentions."""

from __future__ import annotations

import click

from nekrolog.importer import ImportFileError, import_file, parse_mapping


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--source", help="Source id for these mentions (default: the file name without extension).")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), help="Default: from the file extension.")
@click.option(
    "--map",
    "mappings",
    multiple=True,
    metavar="COLUMN=FIELD",
    help="Read COLUMN as FIELD (repeatable), e.g. --map Фамилия=surname.",
)
@click.option("--encoding", default="utf-8", show_default=True, help="Text encoding of the file, e.g. cp1251.")
@click.pass_obj
def command(obj, file: str, source: str | None, fmt: str | None, mappings: tuple[str, ...], encoding: str) -> None:
    """Import a CSV or JSONL file of dead persons as the mentions of an import source.

    Columns carry the export's field names (ref, full_name or surname/first_name/patronymic,
    birth_date, age, death_date, funeral_date, reported_date, region, settlement, unit, rank,
    category) or are mapped with --map. A row with a ``text`` column (and optional
    ``published``) goes through the text extractor. Importing the same file again adds
    nothing. Bad rows are reported with their line numbers and skipped; a whole-file error
    imports nothing.
    """
    try:
        mapping = parse_mapping(mappings)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    db = obj.open_db()
    try:
        summary = import_file(db, file, source=source, fmt=fmt, mapping=mapping, encoding=encoding,
                              progress=obj.verbosity >= 0)
    except ImportFileError as exc:
        raise click.ClickException(str(exc)) from None
    for line in summary.lines():
        click.echo(line)
    if summary.errors:
        # Good rows are in; a non-zero exit still tells scripts that some were not.
        raise SystemExit(3)
