"""`harmwatch bulk`: a thin shell over `harmwatch.bulk.bulk`."""

from __future__ import annotations

from pathlib import Path

import typer

from harmwatch.cli.options import GAZETTEER_FILE_HELP
from harmwatch.errors import HarmwatchError


def register(app: typer.Typer) -> None:
    app.command(
        "bulk",
        help=(
            "Process a large corpus on Dask: store every report, extract partitions on workers "
            "(the model loaded once per worker), resolve into incidents.\n\n"
            "Resumable: run the same command again after an interruption (even kill -9) and it "
            "skips the reports already done, ending with the same database as an uninterrupted "
            "run.\n\n"
            "Example: harmwatch bulk archive/ feeds.jsonl --db postgresql://me@db/harmwatch "
            "--workers 4\n\n"
            "Exit codes: 0 all done; 1 done, but some inputs or reports failed (listed on "
            "stderr, nothing else lost); 2 bad usage."
        ),
    )(bulk_command)


def bulk_command(
    inputs: list[str] = typer.Argument(
        ..., help="Files, directories (read recursively) or URLs: text, HTML, JSONL, CSV, feeds."
    ),
    db: str | None = typer.Option(
        None, "--db", help="Database URL or SQLite file path (default: HARMWATCH_DATABASE_URL)."
    ),
    workers: int | None = typer.Option(
        None, "--workers", min=1, help="Worker processes of a private local Dask cluster [2]."
    ),
    scheduler: str | None = typer.Option(
        None,
        "--scheduler",
        help="Use a running Dask scheduler instead (tcp://HOST:PORT); its workers need harmwatch.",
    ),
    partition_size: int = typer.Option(
        32, "--partition-size", min=1, help="Reports per task (and per database transaction)."
    ),
    gazetteer: list[Path] = typer.Option([], "--gazetteer", help=GAZETTEER_FILE_HELP),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar."),
) -> None:
    from harmwatch.bulk import bulk

    if workers is not None and scheduler is not None:
        raise typer.BadParameter("give --workers or --scheduler, not both", param_hint="--workers")
    try:
        summary = bulk(
            inputs,
            db,
            workers=workers,
            scheduler=scheduler,
            partition_size=partition_size,
            gazetteer_files=gazetteer,
            progress=progress,
        )
    except HarmwatchError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1) from err
    for message in summary.errors:
        typer.echo(f"error: {message}", err=True)
    typer.echo(
        f"{summary.read} reports read: {summary.new} new, {summary.new_versions} new versions, "
        f"{summary.duplicates} duplicates; {summary.extracted} extracted now, "
        f"{summary.already_extracted} already done; {summary.mentions} mentions, "
        f"{summary.incidents_touched} incidents touched; {len(summary.errors)} errors "
        f"({summary.seconds:.1f} s)"
    )
    if summary.errors:
        raise typer.Exit(1)
