"""`harmwatch extract`: a thin shell over `harmwatch.process.extract_run.extract_files`."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from harmwatch.cli.options import GAZETTEER_FILE_HELP
from harmwatch.errors import HarmwatchError

HELP = (
    "Extract every incident each report describes and write one JSON line per report, in input "
    "order, in the output contract (event type, date, place, perpetrators, claims and denials, "
    "casualty figures and ranges, targets, evidence offsets).\n\n"
    "Inputs are anything `harmwatch ingest` reads: JSONL/CSV exports, text or HTML files, "
    "directories, URLs. Nothing is stored in a database.\n\n"
    "Examples:\n\n"
    "  harmwatch extract reports.jsonl -o incidents.jsonl\n\n"
    "  harmwatch extract acled.jsonl -o out.jsonl --gazetteer places.csv\n\n"
    "A report over 50,000 characters is read in chunks; its evidence offsets still point into "
    "its whole text.\n\n"
    "Exit codes: 0 every input read; 1 some inputs or reports could not be read or extracted "
    "(each listed on stderr in one line; the others are written); 2 bad usage."
)


def register(app: typer.Typer) -> None:
    app.command("extract", help=HELP)(extract_command)


def extract_command(
    inputs: list[str] = typer.Argument(..., metavar="PATH|URL...", help="Reports to read."),
    output: Path = typer.Option(
        ..., "-o", "--output", help="Where to write the JSONL (- for stdout)."
    ),
    gazetteer: list[Path] = typer.Option(
        [],
        "--gazetteer",
        help=GAZETTEER_FILE_HELP,
    ),
    model: str | None = typer.Option(
        None, "--model", help="spaCy model package (default: HARMWATCH_SPACY_MODEL)."
    ),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar."),
) -> None:
    from harmwatch.process.extract_run import extract_files

    for path in gazetteer:
        if not path.is_file():
            typer.echo(f"error: {path}: no such gazetteer file (check the path)", err=True)
            raise typer.Exit(2)
    try:
        if str(output) == "-":
            summary = extract_files(
                inputs, sys.stdout, model=model, gazetteer_files=gazetteer, progress=False
            )
        else:
            tmp = output.with_name(output.name + ".part")
            try:
                with tmp.open("w", encoding="utf-8") as out:
                    summary = extract_files(
                        inputs,
                        out,
                        model=model,
                        gazetteer_files=gazetteer,
                        progress=progress and sys.stderr.isatty(),
                    )
                tmp.replace(output)
            except BaseException:  # interrupted or failed: no half-written file left behind
                tmp.unlink(missing_ok=True)
                raise
    except (HarmwatchError, OSError) as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1) from None
    for message in summary.errors:
        typer.echo(f"error: {message}", err=True)
    typer.echo(f"{summary.reports} reports, {summary.incidents} incidents -> {output}", err=True)
    if summary.errors:
        typer.echo(
            f"{len(summary.errors)} inputs or reports could not be read or extracted "
            "(listed above)",
            err=True,
        )
        raise typer.Exit(1)
