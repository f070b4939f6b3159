"""``nekrolog reviewers``: accounts for the review screen, and the review policy."""

from __future__ import annotations

import os

import click

from db.connection import transaction
from db.review_queue import get_policy, set_policy
from db.reviewers import (
    ReviewerError,
    add_reviewer,
    generate_password,
    list_reviewers,
    set_disabled,
    set_password,
)


@click.group("reviewers")
def command() -> None:
    """Manage the volunteer and admin accounts of the review screen and the review policy.

    Accounts live in the database's ``reviewers`` table (salted PBKDF2 hashes,
    never exported). Volunteers decide queue items; admins also settle
    escalated items, see who decided what, and revert decisions.
    """


def _password(generate: bool, password_env: str | None) -> tuple[str, bool]:
    if generate:
        return generate_password(), True
    if password_env:
        value = os.environ.get(password_env)
        if not value:
            raise click.UsageError(f"environment variable {password_env} is not set or empty")
        return value, False
    return click.prompt("Password", hide_input=True, confirmation_prompt=True), False


_password_options = [
    click.option("--generate", is_flag=True, help="Generate a strong password and print it once."),
    click.option(
        "--password-env",
        metavar="VAR",
        help="Read the password from this environment variable (for scripts; never on the command line).",
    ),
]


def _with_password_options(func):
    for option in reversed(_password_options):
        func = option(func)
    return func


@command.command("add")
@click.argument("name")
@click.option("--admin", is_flag=True, help="Create an admin instead of a volunteer.")
@_with_password_options
@click.pass_obj
def add(obj, name: str, admin: bool, generate: bool, password_env: str | None) -> None:
    """Create an account NAME; the password is prompted for (twice) unless --generate is given."""
    password, generated = _password(generate, password_env)
    db = obj.open_db()
    try:
        with transaction(db) as conn:
            reviewer = add_reviewer(conn, name, password, role="admin" if admin else "volunteer")
    except ReviewerError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"created {reviewer.role} {reviewer.name!r}")
    if generated:
        click.echo(f"password (shown once, pass it on privately): {password}")


@command.command("passwd")
@click.argument("name")
@_with_password_options
@click.pass_obj
def passwd(obj, name: str, generate: bool, password_env: str | None) -> None:
    """Set a new password for NAME (prompted for unless --generate is given)."""
    password, generated = _password(generate, password_env)
    db = obj.open_db()
    try:
        with transaction(db) as conn:
            set_password(conn, name, password)
    except ReviewerError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"password of {name!r} changed")
    if generated:
        click.echo(f"password (shown once, pass it on privately): {password}")


@command.command("list")
@click.pass_obj
def list_command(obj) -> None:
    """List accounts: name, role, whether disabled, and how many votes each has cast."""
    db = obj.open_db()
    conn = db.conn
    reviewers = list_reviewers(conn)
    if not reviewers:
        click.echo("no reviewer accounts yet: add one with `nekrolog reviewers add NAME`")
        return
    votes = dict(
        conn.execute(
            "SELECT reviewer_id, COUNT(DISTINCT review_item_id || ':' || decided_at) FROM decisions"
            " WHERE verdict IN ('same', 'different', 'unsure') GROUP BY reviewer_id"
        )
    )
    width = max(len(r.name) for r in reviewers)
    click.echo(f"{'name':<{width}}  {'role':<9}  {'status':<8}  votes")
    for r in reviewers:
        status = "disabled" if r.disabled else "active"
        click.echo(f"{r.name:<{width}}  {r.role:<9}  {status:<8}  {votes.get(r.id, 0)}")


@command.command("disable")
@click.argument("name")
@click.pass_obj
def disable(obj, name: str) -> None:
    """Stop NAME from logging in; items reserved for NAME return to the queue. Decisions stay."""
    db = obj.open_db()
    try:
        with transaction(db) as conn:
            set_disabled(conn, name, True)
    except ReviewerError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"disabled {name!r}")


@command.command("enable")
@click.argument("name")
@click.pass_obj
def enable(obj, name: str) -> None:
    """Let a disabled account NAME log in again."""
    db = obj.open_db()
    try:
        with transaction(db) as conn:
            set_disabled(conn, name, False)
    except ReviewerError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"enabled {name!r}")


@command.command("policy")
@click.option("--agreements", type=click.IntRange(1, 5), help="Agreeing volunteer votes that settle an item.")
@click.option("--lease-minutes", type=click.IntRange(1, 1440), help="How long a shown item stays reserved.")
@click.pass_obj
def policy(obj, agreements: int | None, lease_minutes: int | None) -> None:
    """Show the review policy, or change it with --agreements and --lease-minutes.

    With --agreements 2, a volunteer's vote waits for a second, agreeing vote by
    another volunteer; a disagreement goes to an admin. Admins' decisions always
    settle an item at once.
    """
    conn = obj.open_db().conn
    current = (
        set_policy(conn, required_agreements=agreements, lease_minutes=lease_minutes)
        if agreements is not None or lease_minutes is not None
        else get_policy(conn)
    )
    click.echo(f"required agreements: {current.required_agreements}")
    click.echo(f"lease minutes: {current.lease_minutes}")
