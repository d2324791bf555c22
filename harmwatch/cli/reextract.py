"""`harmwatch reextract`: a thin shell over `harmwatch.process.reextract`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from harmwatch.cli.options import GAZETTEER_FILE_HELP
from harmwatch.errors import HarmwatchError

HELP = (
    "Extract stored reports again and re-resolve their incidents: after `harmwatch gazetteer "
    "add` or a new version of the rules (re-ingesting finds every report a duplicate and "
    "extracts nothing).\n\n"
    "Every analyst correction stays on its incident, and every merge and split stays as it "
    "was: a mention found again keeps its incident; mentions found no more leave it; new ones "
    "are resolved as on ingest. Prints the incidents added, removed and changed.\n\n"
    "Examples:\n\n"
    "  harmwatch reextract --db harmwatch.db\n\n"
    "  harmwatch reextract --since 2023-10-01 --source 'Levant Daily'\n\n"
    "Exit codes: 0 done; 1 some reports failed (each listed on stderr, they keep their "
    "incidents) or nothing matched; 2 bad usage."
)


def register(app: typer.Typer) -> None:
    app.command("reextract", help=HELP)(reextract_command)


def _since(value: str | None) -> dt.date | None:
    from harmwatch.database import day
    from harmwatch.errors import UsageError

    try:
        return day(value, "--since")
    except UsageError as err:
        raise typer.BadParameter(err.problem, param_hint="--since") from None


def reextract_command(
    db: str | None = typer.Option(
        None, "--db", help="Database URL or SQLite file path (default: HARMWATCH_DATABASE_URL)."
    ),
    since: str | None = typer.Option(
        None, "--since", help="Only reports published on or after this day (YYYY-MM-DD)."
    ),
    source: str | None = typer.Option(
        None, "--source", help="Only reports of this outlet (as stored, e.g. 'Levant Daily')."
    ),
    gazetteer: list[Path] = typer.Option([], "--gazetteer", help=GAZETTEER_FILE_HELP),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar."),
) -> None:
    from harmwatch.process import reextract

    day = _since(since)
    for path in gazetteer:
        if not path.is_file():
            raise typer.BadParameter(f"no such file: {path}", param_hint="--gazetteer")
    try:
        summary = reextract(
            db, since=day, source=source, gazetteer_files=gazetteer, progress=progress
        )
    except HarmwatchError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1) from None
    for message in summary.failed:
        typer.echo(f"error: {message}", err=True)

    def ids(values: list[int]) -> str:
        return f": {', '.join(map(str, values[:20]))}{' ...' if len(values) > 20 else ''}"

    typer.echo(
        f"{summary.extracted} of {summary.reports} reports extracted again; incidents "
        f"{len(summary.added)} added, {len(summary.removed)} removed, "
        f"{len(summary.changed)} changed"
    )
    for name, values in (
        ("added", summary.added),
        ("removed", summary.removed),
        ("changed", summary.changed),
    ):
        if values:
            typer.echo(f"  {name}{ids(values)}")
    if summary.failed:
        raise typer.Exit(1)
