"""The `harmwatch` command. Each command group lives in its own module with a ``register(app)``;
each command is a thin shell over one library function."""

from __future__ import annotations

import importlib
import logging
import sys

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


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is when a record is logged."""

    @property  # type: ignore[override]
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


def configure_logging(verbose: int) -> None:
    """harmwatch's diagnostics (the standard `logging` module, loggers ``harmwatch.*``) on
    stderr: warnings always (Python's default), the steps with -v, their details with -vv. A
    command's own output (tables, summaries, errors) does not go through logging."""
    logger = logging.getLogger("harmwatch")
    for handler in [h for h in logger.handlers if isinstance(h, _StderrHandler)]:
        logger.removeHandler(handler)
    if verbose <= 0:
        logger.setLevel(logging.NOTSET)
        return
    logger.setLevel(logging.INFO if verbose == 1 else logging.DEBUG)
    handler = _StderrHandler()
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S")
    )
    logger.addHandler(handler)


@app.callback()
def _main(
    version: bool = typer.Option(
        False,
        "--version",
        help="Print the version and exit.",
        is_eager=True,
        callback=_print_version,
    ),
    verbose: int = typer.Option(
        0,
        "--verbose",
        "-v",
        count=True,
        help="Log what harmwatch does on stderr: -v the steps (models loaded, migrations, "
        "batches retried), -vv the details (every file read). Example: harmwatch -v ingest x.jsonl",
    ),
) -> None:
    del version  # handled eagerly by _print_version, so it works without a command
    configure_logging(verbose)


if __name__ == "__main__":
    app()
