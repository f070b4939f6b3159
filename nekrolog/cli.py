"""The ``nekrolog`` command. Each command is a thin wrapper over a library call;
the commands live one module each in ``nekrolog/commands/``."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterator, MutableMapping

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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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


class _LazyCommands(MutableMapping):
    """The group's commands, each module imported when its command is first looked
    up: ``nekrolog match`` then starts without importing the extractor, the
    crawler and the web server (about three CPU-seconds). Listing them all (help,
    the docs test) imports every module. A module ``x_`` holds command ``x``."""

    def __init__(self, modules: list[str]) -> None:
        self._modules = {module.rstrip("_"): module for module in modules}
        self._loaded: dict[str, click.Command] = {}

    def _load(self, name: str) -> None:
        module = self._modules.pop(name, None)
        if module is not None:
            command = importlib.import_module(f"nekrolog.commands.{module}").command
            self._loaded[command.name or name] = command

    def __getitem__(self, name: str) -> click.Command:
        self._load(name)
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._modules.pop(name, None)
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        self._modules.pop(name, None)
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        for name in list(self._modules):
            self._load(name)
        return iter(dict(self._loaded))

    def __len__(self) -> int:
        return len(self._modules) + len(self._loaded)


cli.commands = _LazyCommands(COMMAND_MODULES)


def main() -> None:  # pragma: no cover - console entry point
    cli()
