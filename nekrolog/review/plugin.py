"""The review screen as a Datasette plugin.

Loaded by any Datasette (0.65) that serves a nekrolog database, through the
``datasette`` entry point in pyproject.toml. Routes, all under ``/-/review``:

* ``/-/review``          the next item, side by side, with Same/Different/Not sure/Skip
* ``/-/review/login``    login form (rate-limited), sets Datasette's signed ``ds_actor`` cookie
* ``/-/review/logout``   returns the held item and clears the cookie
* ``/-/review/decide``   POST target of the decision form
* ``/-/review/history``  admins: decisions with reviewer names, per-reviewer counts, revert
* ``/-/review/revert``   admins: POST target of the revert form

Every POST goes through Datasette's CSRF protection (asgi-csrf; forms carry
``csrftoken()``). Writes use their own SQLite connection (``db.open_db``) so the
plugin works whether or not Datasette itself opened the file for writing.

Privacy, in two layers:

* ``prepare_connection`` installs an SQLite authorizer on every connection
  Datasette opens to a database holding reviewer accounts: reading any column
  of ``reviewers``, ``decisions.reviewer_id`` or ``review_items.leased_by``
  yields NULL. So no table page, JSON, facet, foreign-key label, canned query
  or public SQL query can show who reviewed what or a password hash, whoever
  asks. (The plugin itself reads through its own connection.)
* ``permission_allowed`` also hides the ``reviewers`` and ``decisions`` tables
  from everyone but admins, and refuses non-admins the database download (a
  copy of the file would bypass the authorizer).

Settings (Datasette metadata ``plugins: {"nekrolog-review": {...}}``):
``language`` (``ru`` default, or ``en``), ``database`` (the database name when
several are served), ``session_hours`` (login lifetime, default 12).
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from datasette import hookimpl
from datasette.utils import baseconv
from datasette.utils.asgi import Response
from jinja2 import ChoiceLoader, FileSystemLoader

from db.connection import open_db
from db.review_queue import (
    QueueError,
    claim_next,
    decide,
    get_policy,
    history,
    items_with_round_votes,
    progress,
    release,
    revert,
)
from db.reviewers import Reviewer, authenticate, get_reviewer
from nekrolog.review.i18n import has_label, normalise_language, translator
from nekrolog.review.limiter import LoginLimiter
from nekrolog.review.view import basis_label, build_view

PLUGIN_NAME = "nekrolog-review"
TEMPLATES = Path(__file__).resolve().parent / "templates"
PRIVATE_TABLES = frozenset({"reviewers", "decisions"})
GUARDED_ACTIONS = frozenset({"view-table", "view-database-download"})
#: Columns read as NULL through Datasette's connections (every column of ``reviewers``).
HIDDEN_COLUMNS = frozenset({("decisions", "reviewer_id"), ("review_items", "leased_by")})
BASE = "/-/review"
T = TypeVar("T")


def _config(datasette) -> dict[str, Any]:
    return datasette.plugin_config(PLUGIN_NAME) or {}


def _language(datasette) -> str:
    return normalise_language(_config(datasette).get("language") or os.environ.get("NEKROLOG_REVIEW_LANGUAGE"))


def _limiter(datasette) -> LoginLimiter:
    limiter = getattr(datasette, "_nekrolog_login_limiter", None)
    if limiter is None:
        limiter = LoginLimiter()
        datasette._nekrolog_login_limiter = limiter
    return limiter


async def _review_database(datasette):
    """The served database that holds the review queue (by config name, else the first)."""
    cache = getattr(datasette, "_nekrolog_review_db", None)
    if cache is not None:
        return cache
    wanted = _config(datasette).get("database")
    for database in datasette.databases.values():
        if database.is_memory or not database.path or (wanted and database.name != wanted):
            continue
        if await _holds_reviewers(database):
            datasette._nekrolog_review_db = database
            return database
    return None


async def _holds_reviewers(database) -> bool:
    if database.is_memory or not database.path:
        return False
    return await database.table_exists("reviewers") and await database.table_exists("review_items")


def _run(path: str, work: Callable[[Any], T]) -> T:
    db = open_db(path)
    try:
        return work(db.conn)
    finally:
        db.conn.close()


async def _with_db(database, work: Callable[[Any], T]) -> T:
    return await asyncio.to_thread(_run, database.path, work)


async def _reviewer(datasette, database, actor) -> Reviewer | None:
    if not actor or "nekrolog_reviewer" not in actor or database is None:
        return None
    reviewer = await _with_db(database, lambda conn: get_reviewer(conn, int(actor["nekrolog_reviewer"])))
    return reviewer if reviewer and not reviewer.disabled else None


def _secure(response: Response) -> Response:
    # Decisions are one keypress: never inside someone else's frame, never cached.
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


async def _render(datasette, request, template: str, context: dict, status: int = 200) -> Response:
    lang = _language(datasette)
    html = await datasette.render_template(
        template,
        {"t": translator(lang), "has_label": has_label, "lang": lang, "base": datasette.urls.path(BASE), **context},
        request=request,
    )
    return _secure(Response.html(html, status=status))


def _redirect(datasette, path: str) -> Response:
    return _secure(Response.redirect(datasette.urls.path(BASE + path)))


async def _not_configured(datasette, request) -> Response:
    return await _render(datasette, request, "nekrolog_review_message.html",
                         {"message": "No nekrolog database with a review queue is served here."}, status=404)


# --- pages -----------------------------------------------------------------


async def review_page(request, datasette):
    database = await _review_database(datasette)
    if database is None:
        return await _not_configured(datasette, request)
    reviewer = await _reviewer(datasette, database, request.actor)
    if reviewer is None:
        return _redirect(datasette, "/login")
    lang = _language(datasette)

    def work(conn):
        item = claim_next(conn, reviewer)
        view = build_view(conn, item, lang) if item else None
        votes = history(conn, item_id=item.id) if item and reviewer.is_admin and item.state == "escalated" else []
        return view, votes, progress(conn, reviewer), get_policy(conn)

    view, votes, stats, policy = await _with_db(database, work)
    return await _render(
        datasette,
        request,
        "nekrolog_review.html",
        {
            "reviewer": reviewer,
            "view": view,
            "votes": votes,
            "stats": stats,
            "policy": policy,
            "basis_label": lambda basis: basis_label(translator(lang), basis),
        },
    )


async def decide_view(request, datasette):
    if request.method != "POST":
        return _redirect(datasette, "")
    database = await _review_database(datasette)
    reviewer = await _reviewer(datasette, database, request.actor)
    if reviewer is None:
        return _redirect(datasette, "/login")
    t = translator(_language(datasette))
    form = await request.post_vars()
    try:
        item_id = int(form.get("item_id", ""))
        groups = {int(k.removeprefix("group_")): int(v) for k, v in form.items() if k.startswith("group_")}
    except ValueError:
        datasette.add_message(request, t("bad_request"), datasette.ERROR)
        return _redirect(datasette, "")
    verdict = form.get("verdict", "")
    try:
        outcome = await _with_db(
            database,
            lambda conn: decide(conn, reviewer, item_id, verdict, note=form.get("note"), groups=groups or None),
        )
        datasette.add_message(request, t(outcome.result), datasette.INFO)
    except QueueError as exc:
        datasette.add_message(request, t(exc.code), datasette.WARNING)
    return _redirect(datasette, "")


async def login_view(request, datasette):
    database = await _review_database(datasette)
    if database is None:
        return await _not_configured(datasette, request)
    t = translator(_language(datasette))
    if request.method != "POST":
        return await _render(datasette, request, "nekrolog_review_login.html", {"error": None, "name": ""})
    form = await request.post_vars()
    name = (form.get("name") or "").strip()[:64]
    password = form.get("password") or ""
    client = (request.scope.get("client") or ("unknown", 0))[0]
    limiter = _limiter(datasette)
    wait = limiter.retry_after(name, client)
    if wait > 0:
        error = t("rate_limited", minutes=max(1, round(wait / 60)))
        return await _render(datasette, request, "nekrolog_review_login.html", {"error": error, "name": name},
                             status=429)
    reviewer = await _with_db(database, lambda conn: authenticate(conn, name, password))
    if reviewer is None:
        limiter.failed(name, client)
        return await _render(datasette, request, "nekrolog_review_login.html",
                             {"error": t("bad_login"), "name": name}, status=403)
    limiter.succeeded(name)
    hours = float(_config(datasette).get("session_hours", 12))
    actor = {"id": f"nekrolog:{reviewer.id}", "display": reviewer.name, "nekrolog_reviewer": reviewer.id}
    expires = baseconv.base62.encode(int(time.time() + hours * 3600))
    response = _redirect(datasette, "")
    response.set_cookie("ds_actor", datasette.sign({"a": actor, "e": expires}, "actor"), httponly=True,
                        samesite="lax")
    return response


async def logout_view(request, datasette):
    if request.method != "POST":
        return _redirect(datasette, "")
    database = await _review_database(datasette)
    reviewer = await _reviewer(datasette, database, request.actor)
    if reviewer is not None:
        def give_back(conn):
            for (item_id,) in conn.execute("SELECT id FROM review_items WHERE leased_by = ?", (reviewer.id,)):
                release(conn, reviewer, item_id)

        await _with_db(database, give_back)
    response = _redirect(datasette, "/login")
    response.set_cookie("ds_actor", "", expires=0, max_age=0)
    return response


async def history_view(request, datasette):
    database = await _review_database(datasette)
    reviewer = await _reviewer(datasette, database, request.actor)
    if reviewer is None:
        return _redirect(datasette, "/login")
    t = translator(_language(datasette))
    if not reviewer.is_admin:
        return await _render(datasette, request, "nekrolog_review_message.html", {"message": t("admins_only")},
                             status=403)

    def work(conn):
        rows = history(conn, limit=300)
        revertable = items_with_round_votes(conn, {r.review_item_id for r in rows if r.review_item_id})
        return rows, revertable, progress(conn, reviewer)

    rows, revertable, stats = await _with_db(database, work)
    latest_row_of_item: dict[int, int] = {}
    for row in rows:  # newest first: the first row seen is the item's latest
        if row.review_item_id is not None:
            latest_row_of_item.setdefault(row.review_item_id, row.id)
    return await _render(
        datasette,
        request,
        "nekrolog_review_history.html",
        {
            "reviewer": reviewer,
            "rows": rows,
            "stats": stats,
            "revert_on": {latest_row_of_item[i] for i in revertable if i in latest_row_of_item},
        },
    )


async def revert_view(request, datasette):
    if request.method != "POST":
        return _redirect(datasette, "/history")
    database = await _review_database(datasette)
    reviewer = await _reviewer(datasette, database, request.actor)
    if reviewer is None:
        return _redirect(datasette, "/login")
    t = translator(_language(datasette))
    form = await request.post_vars()
    try:
        item_id = int(form.get("item_id", ""))
        outcome = await _with_db(database, lambda conn: revert(conn, reviewer, item_id, note=form.get("note")))
        datasette.add_message(request, t(outcome.result), datasette.INFO)
    except ValueError:
        datasette.add_message(request, t("bad_request"), datasette.ERROR)
    except QueueError as exc:
        datasette.add_message(request, t(exc.code), datasette.WARNING)
    return _redirect(datasette, "/history")


# --- hooks -----------------------------------------------------------------


@hookimpl
def register_routes():
    return [
        (r"^/-/review$", review_page),
        (r"^/-/review/login$", login_view),
        (r"^/-/review/logout$", logout_view),
        (r"^/-/review/decide$", decide_view),
        (r"^/-/review/history$", history_view),
        (r"^/-/review/revert$", revert_view),
    ]


def _hide_reviewer_identities(action: int, arg1, arg2, _db_name, _trigger) -> int:
    if action == sqlite3.SQLITE_READ and arg1:
        table = arg1.lower()
        if table == "reviewers" or (table, (arg2 or "").lower()) in HIDDEN_COLUMNS:
            return sqlite3.SQLITE_IGNORE
    return sqlite3.SQLITE_OK


@hookimpl
def prepare_connection(conn, database, datasette):
    try:
        holds = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'reviewers'"
        ).fetchone()
    except sqlite3.DatabaseError:
        return
    if holds:
        conn.set_authorizer(_hide_reviewer_identities)


@hookimpl
def prepare_jinja2_environment(env, datasette):
    # The plugin is a module, not a package, so Datasette does not find its
    # templates itself; appended last, so a --template-dir can override them.
    env.loader = ChoiceLoader([env.loader, FileSystemLoader(str(TEMPLATES))])


@hookimpl
def menu_links(datasette, actor):
    t = translator(_language(datasette))
    if actor and "nekrolog_reviewer" in actor:
        return [{"href": datasette.urls.path(BASE), "label": t("title")}]
    return [{"href": datasette.urls.path(BASE + "/login"), "label": t("login_title")}]


@hookimpl(trylast=True)
def permission_allowed(datasette, actor, action, resource):
    """Deny non-admins the reviewers and decisions tables and the download of the review database.

    ``trylast`` makes this the last opinion Datasette hears, and Datasette
    keeps the last one given, so no ``allow`` block can open these up.
    """
    if action not in GUARDED_ACTIONS:
        return None

    async def inner():
        if action == "view-table":
            if not isinstance(resource, tuple | list) or resource[1] not in PRIVATE_TABLES:
                return None
            database_name = resource[0]
        else:
            database_name = resource
        database = datasette.databases.get(database_name)
        if database is None or not await _holds_reviewers(database):
            return None
        if actor and actor.get("id") == "root":
            return None  # the operator who started the server with --root
        reviewer = await _reviewer(datasette, database, actor)
        if reviewer is not None and reviewer.is_admin:
            return None
        return False

    return inner
