"""Every command (and subcommand) the CLI offers is documented in README.md."""

from pathlib import Path

import click

from nekrolog.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def command_paths(group: click.Group, prefix: str = "nekrolog") -> list[str]:
    paths = []
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            paths.extend(command_paths(command, path))
        else:
            paths.append(path)
    return paths


def test_every_command_has_a_readme_section():
    missing = [p for p in command_paths(cli) if f"### {p}" not in README]
    assert not missing, f"README.md lacks a section for: {missing}"


def test_every_command_has_help_text():
    for path in command_paths(cli):
        names = path.split()[1:]
        command: click.Command = cli
        for name in names:
            command = command.commands[name]  # type: ignore[attr-defined]
        assert command.help and len(command.help.strip()) > 20, f"{path} has no help text"
