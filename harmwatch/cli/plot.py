"""`harmwatch plot timeline`: a chart of incidents and killed per day, for written reports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from harmwatch.errors import HarmwatchError

plot_app = typer.Typer(help="Charts for written reports (PNG, SVG or PDF).", no_args_is_help=True)

TIMELINE_HELP = (
    "Draw killed per day (bars) and incidents per day (dots) with the timeline's annotations "
    "(ceasefires...), for the incidents the filters keep.\n\n"
    "Examples:\n\n"
    "  harmwatch plot timeline --out timeline.png\n\n"
    "  harmwatch plot timeline --out jan.svg --since 2020-01-01 --until 2020-01-31\n\n"
    "Exit codes: 0 written; 1 the database could not be read or the file type is not supported."
)


def register(app: typer.Typer) -> None:
    app.add_typer(plot_app, name="plot")


def _day(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    from harmwatch.errors import StoreError
    from harmwatch.store.filters import check_day

    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date: use YYYY-MM-DD", param_hint=name
        ) from None
    try:
        check_day(day, name)
    except StoreError as err:
        raise typer.BadParameter(str(err), param_hint=name) from None
    return day


@plot_app.command("timeline", help=TIMELINE_HELP)
def timeline_command(
    out: Path = typer.Option(..., "--out", "-o", help="The image to write: .png, .svg or .pdf."),
    db: str | None = typer.Option(None, "--db", help="Database URL or SQLite file path."),
    since: str | None = typer.Option(None, "--since", help="First day, YYYY-MM-DD."),
    until: str | None = typer.Option(None, "--until", help="Last day, YYYY-MM-DD."),
    place: str | None = typer.Option(None, "--place", help="Place, province or country."),
    actor: str | None = typer.Option(None, "--actor", help="Actor id, e.g. russia."),
    title: str = typer.Option("", "--title", help="Chart title (default: the totals)."),
) -> None:
    from harmwatch.plot import save, timeline_figure
    from harmwatch.store import queries
    from harmwatch.store.db import session_scope
    from harmwatch.store.migrate import upgrade

    first, last = _day(since, "--since"), _day(until, "--until")
    try:
        flt = queries.IncidentFilter(since=first, until=last, place=place, actor=actor)
        upgrade(db)
        with session_scope(db) as session:
            stats = queries.stats(session, flt)
            notes = queries.list_annotations(session)
            written = save(timeline_figure(stats, notes, title), out)
    except HarmwatchError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"wrote {written}: {stats.incidents} incidents, {len(stats.by_day)} days")
