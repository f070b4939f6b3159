"""The ``nekrolog`` command. Each command is a thin wrapper over a library call;
the commands live one module each in ``nekrolog/commands/``."""

from __future__ import annotations

import importlib
import logging
import os
import sys

import click

from nekrolog import __version__

#: Modules in nekrolog.commands, each exposing ``command`` (a click command or group).
COMMAND_MODULES = [
    "init",
    "import_",
    "export",
    "stats",
    "chart",
    "serve",
    "reviewers",
    "review",
    "crawl",
    "sources",
    "extract",
    "parse",
    "run",
    "demo",
    "match",
    "calibrate",
]


class Context:
    """What every command receives: where the database is and how loud to be."""

    def __init__(self, db_path: str | None, verbosity: int) -> None:
        self.db_path = db_path
        self.verbosity = verbosity

    def open_db(self, **kwargs):
        from db import open_db

        return open_db(self.db_path, **kwargs)


class _LazyGroup(click.Group):
    """Imports a command's module when the command is looked up (click's documented
    way to load subcommands lazily): ``nekrolog match`` then starts without
    importing the extractor, the crawler and the web server (about three
    CPU-seconds). Listing the commands (help, the docs test) imports every module.
    A module ``x_`` holds command ``x``."""

    _module_of = {module.rstrip("_"): module for module in COMMAND_MODULES}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self._module_of})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in self._module_of:
            self.add_command(importlib.import_module(f"nekrolog.commands.{self._module_of[name]}").command, name)
        return self.commands.get(name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="nekrolog")
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    envvar="NEKROLOG_DB",
    help="SQLite database file (default ./nekrolog.db, or $NEKROLOG_DB).",
)
@click.option("-v", "--verbose", count=True, help="More log output (repeatable).")
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors.")
@click.pass_context
def cli(ctx: click.Context, db_path: str | None, verbose: int, quiet: bool) -> None:
    """Count war dead from open sources: crawl, extract, match, publish."""
    verbosity = -1 if quiet else verbose
    level = logging.WARNING if verbosity < 0 else logging.INFO if verbosity == 0 else logging.DEBUG
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    ctx.obj = Context(db_path, verbosity)


#: Set by a command whose work is committed and whose database is closed: the
#: console entry point then ends the process without tearing down the
#: interpreter (a match run leaves a million mentions' strings and arrays to free).
FAST_EXIT = {"requested": False}


def main() -> None:  # pragma: no cover - console entry point
    try:
        cli()
    except SystemExit as exc:
        if FAST_EXIT["requested"] and exc.code in (0, None):
            sys.stdout.flush()
            sys.stderr.flush()
            logging.shutdown()
            os._exit(0)
        raise
