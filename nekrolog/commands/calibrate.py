"""``nekrolog calibrate``: set the matching thresholds from volunteers' decisions."""

from __future__ import annotations

import click


@click.command("calibrate")
@click.option("--target-precision", default=0.995, show_default=True, type=click.FloatRange(0.5, 1.0),
              help="Precision automatic merges must reach among decided pairs.")
@click.option("--dry-run", is_flag=True, help="Report the thresholds without storing them.")
@click.pass_obj
def command(obj, target_precision: float, dry_run: bool) -> None:
    """Recalibrate the name-frequency weights from the data and the match /
    non-match thresholds from the volunteers' decisions.

    Estimates, without labels, how likely two mentions sharing a name are one
    person for each name frequency (from how often their exact death days
    agree); then re-scores every decided pair, picks the thresholds the
    decisions support, prints the precision and recall it expects of automatic
    merges, and stores all of it for the next `nekrolog match --full`.
    """
    from db.connection import transaction
    from db.store import utc_now
    from matching.calibrate import calibrate, estimate_name_prior
    from matching.config import load_config, save_name_prior, save_thresholds
    from matching.data import load_mentions

    db = obj.open_db()
    cfg = load_config(db.conn)
    name_prior = estimate_name_prior(load_mentions(db.conn), cfg)
    for kind, table in name_prior.items():
        if table != cfg.name_prior[kind]:
            click.echo(f"name weights {kind} (log2 odds for 1, 2, 4, … mentions sharing the name): "
                       + " ".join(f"{x:g}" for x in table))
    cfg.name_prior = name_prior
    try:
        cal = calibrate(db.conn, cfg, target_precision)
    except ValueError as exc:
        if dry_run:
            raise click.ClickException(str(exc)) from exc
        with transaction(db) as conn:
            save_name_prior(conn, name_prior, utc_now())
        click.echo(f"thresholds unchanged: {exc}")
        click.echo("name weights stored; run `nekrolog match --full` to apply them to every pair")
        return
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
        save_name_prior(conn, name_prior, utc_now())
        save_thresholds(conn, cal.match_threshold, cal.nonmatch_threshold, utc_now())
    click.echo("stored; run `nekrolog match --full` to apply them to every pair")
