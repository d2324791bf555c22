"""`harmwatch ingest`: a thin shell over `harmwatch.process.ingest`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from harmwatch.cli.options import GAZETTEER_FILE_HELP
from harmwatch.errors import HarmwatchError

if TYPE_CHECKING:
    from harmwatch.process import IngestSummary

HELP = (
    "Read reports, store them (the same text twice is stored once), extract their incidents "
    "and resolve them into the database.\n\n"
    "Inputs are files, directories (read recursively), http(s) URLs or - (standard input): "
    "plain text (.txt, .md), "
    "HTML pages (main text, title, date and outlet from the page), JSONL and CSV exports (map "
    "columns with --text-field etc.), RSS/Atom feeds. The format is detected from the suffix "
    "or content, or named with --format.\n\n"
    "Examples:\n\n"
    "  harmwatch ingest reports.jsonl --db harmwatch.db\n\n"
    "  harmwatch ingest export.csv --text-field notes --date-field event_date "
    "--id-field event_id_cnty\n\n"
    "  harmwatch ingest articles/ https://example.org/news/strike.html --no-extract\n\n"
    "  curl -s https://example.org/export.jsonl | harmwatch ingest - --format jsonl\n\n"
    "URLs on private, loopback or link-local addresses are refused unless --allow-private.\n\n"
    "Exit codes: 0 every input processed; 1 some inputs or reports failed (each listed on "
    "stderr in one line; the others are stored); 2 bad usage."
)

FORMAT_CHOICES = ("auto", "text", "html", "jsonl", "csv", "feed")


def register(app: typer.Typer) -> None:
    app.command("ingest", help=HELP)(ingest_command)


def _check_format(value: str) -> str:
    if value not in FORMAT_CHOICES:
        raise typer.BadParameter(f"use one of {', '.join(FORMAT_CHOICES)}")
    return value


def ingest_command(
    inputs: list[str] = typer.Argument(
        ..., metavar="PATH|URL...", help="Files, directories, URLs, or - for standard input."
    ),
    db: str | None = typer.Option(
        None, "--db", help="Database URL or SQLite file path (default: HARMWATCH_DATABASE_URL)."
    ),
    format: str = typer.Option(
        "auto",
        "--format",
        callback=_check_format,
        help="auto|text|html|jsonl|csv|feed (auto: from suffix, content or Content-Type).",
    ),
    text_field: str | None = typer.Option(
        None, "--text-field", help="JSONL key / CSV column of the text (tried: text, body, notes)."
    ),
    id_field: str | None = typer.Option(
        None, "--id-field", help="Key/column of the report id (tried: id); else a text hash."
    ),
    date_field: str | None = typer.Option(
        None, "--date-field", help="Key/column of the publication date (tried: published, date)."
    ),
    source_field: str | None = typer.Option(
        None, "--source-field", help="Key/column of the outlet (tried: source)."
    ),
    title_field: str | None = typer.Option(
        None, "--title-field", help="Key/column of the title (tried: title, headline)."
    ),
    url_field: str | None = typer.Option(
        None, "--url-field", help="Key/column of the report's URL (tried: url, link)."
    ),
    source: str | None = typer.Option(
        None, "--source", help="Outlet for reports that name none (e.g. text files)."
    ),
    allow_private: bool = typer.Option(
        False, "--allow-private", help="Allow URLs on private/loopback/link-local addresses."
    ),
    fetch_pages: bool = typer.Option(
        False, "--fetch-pages", help="For feeds: fetch each entry's linked page for its text."
    ),
    extract: bool = typer.Option(
        True, "--extract/--no-extract", help="Extract and resolve incidents (or only store)."
    ),
    gazetteer: list[Path] = typer.Option([], "--gazetteer", help=GAZETTEER_FILE_HELP),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar."),
) -> None:
    from harmwatch.ingest.common import FieldMap
    from harmwatch.process import ingest

    for path in gazetteer:
        if not path.is_file():
            raise typer.BadParameter(f"no such file: {path}", param_hint="--gazetteer")
    fields = FieldMap(
        text=text_field,
        id=id_field,
        date=date_field,
        source=source_field,
        title=title_field,
        url=url_field,
    )
    try:
        summary = ingest(
            inputs,
            db,
            extract=extract,
            progress=progress,
            format=format,
            fields=fields,
            source=source,
            allow_private=allow_private or None,
            fetch_pages=fetch_pages,
            gazetteer_files=gazetteer,
        )
    except HarmwatchError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1) from None
    for message in summary.failed:
        typer.echo(f"error: {message}", err=True)
    _print_summary(summary)
    if summary.failed:
        raise typer.Exit(1)


def _print_summary(summary: IngestSummary) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="ingest", show_header=True, header_style="bold")
    for name in ("new", "duplicate", "new version", "extracted", "failed", "incidents touched"):
        table.add_column(name, justify="right")
    table.add_row(
        str(summary.new),
        str(summary.duplicate),
        str(summary.new_version),
        str(summary.extracted),
        str(len(summary.failed)),
        str(len(summary.incidents)),
    )
    Console(soft_wrap=True).print(table)
