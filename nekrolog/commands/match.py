"""``nekrolog match``: merge mentions into persons."""

from __future__ import annotations

import click


@click.command("match")
@click.option("--full", is_flag=True, help="Re-score every pair and rebuild all clusters (IDs still kept).")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False),
              help="TOML file overriding weights and thresholds (see docs/matching.md).")
@click.pass_obj
def command(obj, full: bool, config_path: str | None) -> None:
    """Merge mentions of the same person into persons, keeping person IDs stable.

    Incremental by default: only new or changed mentions are scored against
    their blocks, and only the clusters they reach are rebuilt. Uncertain pairs
    and conflicting clusters go to the review queue; volunteers' decisions are
    obeyed as must-link / cannot-link on every run.
    """
    from matching.run import run_match
    from nekrolog.progress import StageProgress

    db = obj.open_db()
    try:
        with StageProgress("match", enabled=obj.verbosity >= 0) as progress:
            result = run_match(db, full=full, config_path=config_path, progress=progress)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"{result.mode}: {result.mentions} active mentions, {result.dirty} new or changed, "
        f"{result.pairs_scored} pairs scored in {result.duration_s:.1f}s"
    )
    click.echo(
        f"persons: {result.persons_created} created, {result.persons_updated} updated, "
        f"{result.persons_merged} merged, {result.persons_split} split, {result.persons_retired} retired"
    )
    click.echo(f"review queue: {result.review_open} open, {result.review_insufficient} insufficient evidence")
    if result.blocks_capped:
        click.echo(f"block cap: {result.blocks_capped} blocks cut, {result.pairs_cut} pairs not compared (see log)")
    db.conn.close()
    from nekrolog.cli import FAST_EXIT

    FAST_EXIT["requested"] = True  # committed, closed and reported: nothing left to free
