"""`harmwatch demo`: a thin shell over `harmwatch.demo.run_demo` (what `make run` runs)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import typer

from harmwatch.errors import HarmwatchError

if TYPE_CHECKING:
    from harmwatch.demo import IncidentLine

HELP = (
    "Load the built-in demo corpus (22 short reports written for harmwatch that restate real, "
    "sourced facts: Idlib, Aleppo, Eastern Ghouta, Afrin, Deir ez-Zor, Gaza), print the "
    "incidents found, then serve the web app on it.\n\n"
    "The reports are read, stored, extracted and resolved into incidents exactly as "
    "`harmwatch ingest` would. Running it again changes nothing: the same reports are stored "
    "once.\n\n"
    "Examples:\n\n"
    "  harmwatch demo   (into ./harmwatch.db, then serves http://127.0.0.1:8000/)\n\n"
    "  harmwatch demo --db /tmp/demo.db --no-serve\n\n"
    "  harmwatch demo --host 0.0.0.0 --port 8080\n\n"
    "Served on a loopback address the app reads without a login; on any other address it asks "
    "for one (see `harmwatch serve --help` and `harmwatch user add --help`).\n\n"
    "Exit codes: 0 ok; 1 the demo could not be loaded or a report failed (the message says why)."
)


def register(app: typer.Typer) -> None:
    app.command("demo", help=HELP)(demo_command)


def demo_command(
    db: str = typer.Option(
        "harmwatch.db", "--db", help="Database URL or SQLite file path to load the demo into."
    ),
    serve: bool = typer.Option(
        True, "--serve/--no-serve", help="Serve the web app after loading (Ctrl-C stops it)."
    ),
    host: str | None = typer.Option(None, "--host", help="Address to serve on [HARMWATCH_HOST]."),
    port: int | None = typer.Option(None, "--port", help="Port to serve on [HARMWATCH_PORT]."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar."),
) -> None:
    from harmwatch.demo import run_demo

    try:
        run = run_demo(db, progress=progress)
    except HarmwatchError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1) from None
    for message in run.summary.failed:
        typer.echo(f"error: {message}", err=True)
    summary = run.summary
    typer.echo(
        f"demo corpus: {summary.new} new, {summary.duplicate} already stored, "
        f"{len(summary.failed)} failed; {len(run.incidents)} incidents in {_shown(db)}"
    )
    print_incidents(run.incidents)
    typer.echo("compared with harmwatch/demo/expected.json:")
    for line in run.score.lines():
        typer.echo(f"  {line}")
    if summary.failed:
        raise typer.Exit(1)
    if serve:
        _serve(db, host, port)


def _shown(db: str) -> str:
    """The database as printed: a URL without its password."""
    if "://" not in db:
        return db
    from sqlalchemy.engine import make_url

    return make_url(db).render_as_string(hide_password=True)


def print_incidents(lines: Sequence[IncidentLine]) -> None:
    from rich.console import Console

    from harmwatch.cli.incidents import add_column, narrow_table
    from harmwatch.demo import short_outlet

    table = narrow_table("incidents")
    for name in ("id", "date", "place", "event", "killed", "perpetrators", "grade", "sources"):
        add_column(table, name)
    for line in lines:
        table.add_row(
            str(line.id),
            line.date.isoformat() if line.date else "",
            line.place or "",
            line.event_type,
            line.killed,
            ", ".join(line.perpetrators),
            line.grade or "",
            f"{len(line.report_ids)}: " + ", ".join(short_outlet(s) for s in line.sources),
        )
    Console(soft_wrap=False).print(table)


def _serve(db: str, host: str | None, port: int | None) -> None:
    from harmwatch.api.app import serve
    from harmwatch.settings import get_settings

    settings = get_settings()
    typer.echo(
        f"serving the web app at http://{host or settings.host}:{port or settings.port}/ "
        "(Ctrl-C to stop)"
    )
    sys.stdout.flush()  # the table and the URL show at once, even when piped
    try:
        serve(db, host, port)
    except HarmwatchError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1) from None
