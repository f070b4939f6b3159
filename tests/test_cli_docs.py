"""Every command (and subcommand) the CLI offers is documented in README.md."""

from pathlib import Path

import click

from nekrolog.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def command_paths(group: click.Group, prefix: str = "nekrolog") -> list[str]:
    paths = []
    # list_commands/get_command, not .commands: the top group loads its commands lazily
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            paths.extend(command_paths(command, path))
        else:
            paths.append(path)
    return paths


def test_every_command_module_is_listed():
    from nekrolog.cli import COMMAND_MODULES

    assert {p.split()[1] for p in command_paths(cli)} == {m.rstrip("_") for m in COMMAND_MODULES}


def test_every_command_has_a_readme_section():
    missing = [p for p in command_paths(cli) if f"### {p}" not in README]
    assert not missing, f"README.md lacks a section for: {missing}"


def test_every_command_has_help_text():
    for path in command_paths(cli):
        names = path.split()[1:]
        command: click.Command = cli
        for name in names:
            command = command.get_command(click.Context(command), name)  # type: ignore[attr-defined]
        assert command.help and len(command.help.strip()) > 20, f"{path} has no help text"
