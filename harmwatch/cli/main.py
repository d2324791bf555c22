"""The `harmwatch` command. Each command group lives in its own module with a ``register(app)``;
each command is a thin shell over one library function."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="harmwatch",
    help=(
        "Turn conflict reporting into a sourced, geolocated database of incidents of harm to "
        "civilians.\n\nStart with `harmwatch ingest reports.jsonl` then `harmwatch incidents`."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

# Modules that add commands; each defines register(app: typer.Typer) -> None.
COMMAND_MODULES = [
    "ingest",
    "reextract",
    "bulk",
    "demo",
    "incidents",
    "extract",
    "eval",
    "serve",
    "users",
    "plot",
    "gazetteer",
]

for _module in COMMAND_MODULES:
    importlib.import_module(f"harmwatch.cli.{_module}").register(app)


def _print_version(value: bool) -> None:
    if value:
        from harmwatch import __version__

        typer.echo(__version__)
        raise typer.Exit(0)


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", help="Print the version and exit.", is_eager=True,
        callback=_print_version,
    ),
) -> None:
    del version  # handled eagerly by _print_version, so it works without a command


if __name__ == "__main__":
    app()
