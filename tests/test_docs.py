"""The documentation is checked like code (datasette's test_docs.py): every command explains itself
with an example, every setting and command is in the README, and the README's marked commands
run and print what it shows."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from harmwatch.cli.main import app
from harmwatch.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
WIDE = {"COLUMNS": "200"}


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The path of every command that does something (groups' subcommands included)."""
    paths: list[tuple[str, ...]] = []
    for name, command in sorted(group.commands.items()):
        if getattr(command, "hidden", False):
            continue
        if getattr(command, "commands", None) is not None:  # a group (typer vendors click)
            paths.extend(_commands(command, (*prefix, name)))
        else:
            paths.append((*prefix, name))
    return paths


COMMANDS = _commands(typer.main.get_command(app))


def _readme() -> str:
    return README.read_text(encoding="utf-8")


def _section(title: str) -> str:
    """The README text under the heading ``## <title>...``, up to the next ``## `` heading."""
    match = re.search(rf"^## {re.escape(title)}.*?$(.*?)(?=^## |\Z)", _readme(), re.M | re.S)
    assert match, f"README.md has no '## {title}' section"
    return match.group(1)


def test_the_cli_has_the_commands_of_the_foundation() -> None:
    names = {" ".join(path) for path in COMMANDS}
    assert {"ingest", "extract", "incidents", "show", "demo"} <= names


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_every_command_explains_itself_with_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"], env=WIDE)
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    where = f"harmwatch {' '.join(path)} --help"
    assert re.search(r"\bexamples?\b", text, re.I), f"`{where}`: no example"
    assert f"harmwatch {' '.join(path)}" in text, "the example should show the command itself"


def test_every_setting_is_in_the_readme() -> None:
    section = _section("Settings")
    missing = [
        name
        for name in Settings.model_fields
        if f"HARMWATCH_{name.upper()}" not in section or f"`{name}`" not in section
    ]
    assert not missing, f"settings missing from README.md's Settings table: {missing}"


def test_every_command_is_in_the_readme() -> None:
    section = _section("Commands")
    missing = [" ".join(p) for p in COMMANDS if f"harmwatch {' '.join(p)}" not in section]
    assert not missing, f"commands missing from README.md's Commands section: {missing}"


def _shell_lines(text: str) -> list[str]:
    """Every ``$ harmwatch ...`` line of the README's console blocks."""
    return [line[2:].strip() for line in text.splitlines() if line.startswith("$ harmwatch ")]


def test_the_readme_only_uses_commands_and_options_that_exist() -> None:
    known = {" ".join(p) for p in COMMANDS}
    for line in _shell_lines(_readme()):
        words = shlex.split(line.split("|")[0])[1:]
        path = next((" ".join(words[:n]) for n in (2, 1) if " ".join(words[:n]) in known), None)
        assert path or words[0].startswith("-"), f"README runs an unknown command: {line}"
        if path is None:
            continue
        help_text = CliRunner().invoke(app, [*path.split(), "--help"], env=WIDE).output
        for option in (w.split("=")[0] for w in words if w.startswith("--")):
            assert option in help_text, f"README uses {option}, unknown to `harmwatch {path}`"


def _tested_blocks(text: str) -> list[tuple[str, list[str]]]:
    """(command, expected output lines) for each command in a console block that follows a
    ``<!-- test -->`` comment."""
    blocks = re.findall(r"<!-- test -->\s*```console\n(.*?)```", text, re.S)
    out: list[tuple[str, list[str]]] = []
    for block in blocks:
        for line in block.splitlines():
            if line.startswith("$ "):
                out.append((line[2:].strip(), []))
            elif out and line.strip():
                out[-1][1].append(line.strip())
    return out


def test_the_readme_marks_some_commands_to_be_tested() -> None:
    assert len(_tested_blocks(_readme())) >= 2


def test_tested_blocks_are_found_with_their_output() -> None:
    text = "<!-- test -->\n```console\n$ harmwatch --version\n0.1.0\n$ echo a\n```\n"
    assert _tested_blocks(text) == [("harmwatch --version", ["0.1.0"]), ("echo a", [])]


@pytest.mark.parametrize(
    ("command", "expected"),
    _tested_blocks(_readme()) if README.exists() else [],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_readme_command_runs_and_prints_what_the_readme_shows(
    command: str, expected: list[str], tmp_path: Path
) -> None:
    if "../shared" in command and not (ROOT.parent / "shared").is_dir():
        pytest.skip("../shared is not beside the checkout")
    env = dict(os.environ, COLUMNS="100", HARMWATCH_DATABASE_URL=f"sqlite:///{tmp_path}/x.db")
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    done = subprocess.run(
        command,
        shell=True,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    printed = " ".join((done.stdout + done.stderr).split())
    for line in expected:
        assert " ".join(line.split()) in printed, f"README shows {line!r}; it printed {printed!r}"
