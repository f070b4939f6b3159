"""``nekrolog init``: create or migrate the database."""

from __future__ import annotations

import click

from db.migrations import LATEST_VERSION


@click.command("init")
@click.pass_obj
def command(obj) -> None:
    """Create the database (or bring an older one up to date) and report its schema version.

    Every other command migrates automatically; ``init`` makes it explicit.
    """
    db = obj.open_db()
    path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    click.echo(f"{path}: schema version {LATEST_VERSION}, {len(db.table_names())} tables")
