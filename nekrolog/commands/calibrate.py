"""``nekrolog calibrate``: set the matching thresholds from volunteers' decisions."""

from __future__ import annotations

import click


@click.command("calibrate")
@click.option("--target-precision", default=0.995, show_default=True, type=click.FloatRange(0.5, 1.0),
              help="Precision automatic merges must reach among decided pairs.")
@click.option("--dry-run", is_flag=True, help="Report the thresholds without storing them.")
@click.pass_obj
def command(obj, target_precision: float, dry_run: bool) -> None:
    """Recalibrate the match / non-match thresholds from the volunteers' decisions.

    Re-scores every decided pair with the current weights, picks the thresholds
    the decisions support, prints the precision and recall it expects of
    automatic merges, and stores them for the next `nekrolog match`.
    """
    from db.connection import transaction
    from db.store import utc_now
    from matching.calibrate import calibrate
    from matching.config import load_config, save_thresholds

    db = obj.open_db()
    cfg = load_config(db.conn)
    try:
        cal = calibrate(db.conn, cfg, target_precision)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"decisions: {cal.decisions} ({cal.same} same, {cal.different} different)")
    click.echo(f"match threshold: {cal.old_match:g} -> {cal.match_threshold:g}")
    click.echo(f"non-match threshold: {cal.old_nonmatch:g} -> {cal.nonmatch_threshold:g}")
    fmt = lambda x: "n/a" if x is None else f"{x:.4f}"  # noqa: E731
    click.echo(f"expected precision of automatic merges: {fmt(cal.expected_precision)}")
    click.echo(f"expected recall of automatic merges: {fmt(cal.expected_recall)}")
    if dry_run:
        click.echo("dry run: nothing stored")
        return
    with transaction(db) as conn:
        save_thresholds(conn, cal.match_threshold, cal.nonmatch_threshold, utc_now())
    click.echo("stored; run `nekrolog match --full` to apply them to every pair")
