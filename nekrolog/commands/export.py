"""``nekrolog export``: persons or mentions for analysts."""

from __future__ import annotations

from pathlib import Path

import click

from db.export import OutputExists, export_rows, export_sqlite


@click.command("export")
@click.option("--what", type=click.Choice(["persons", "mentions"]), default="persons", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "sqlite"]), default="csv", show_default=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="Output file.")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@click.pass_obj
def command(obj, what: str, fmt: str, output: str, force: bool) -> None:
    """Export counted persons or active mentions as CSV or JSONL, or the whole
    database as a consistent SQLite snapshot without reviewer accounts.

    The output file appears only once complete; an existing one is kept unless --force.
    """
    db = obj.open_db()
    path = Path(output)
    try:
        if fmt == "sqlite":
            export_sqlite(db.conn, path, force=force)
            click.echo(f"{path}: database snapshot (reviewer accounts removed)")
        else:
            n = export_rows(db.conn, what, fmt, path, force=force)
            click.echo(f"{path}: {n} {what}")
    except OutputExists as exc:
        raise click.ClickException(str(exc)) from None
