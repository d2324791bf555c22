"""`harmwatch incidents | show | merge | split | undo`: thin shells over the store and resolver."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from harmwatch.cli.common import cli_actor, db_session
from harmwatch.errors import HarmwatchError, StoreError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from harmwatch.store.filters import IncidentFilter

DB_HELP = "Database URL or SQLite file path (default: HARMWATCH_DATABASE_URL)."
FORMATS = ("table", "jsonl", "csv", "geojson", "parquet")


def register(app: typer.Typer) -> None:
    app.command("incidents", help=INCIDENTS_HELP)(incidents_command)
    app.command("show", help=SHOW_HELP)(show_command)
    app.command("merge", help=MERGE_HELP)(merge_command)
    app.command("split", help=SPLIT_HELP)(split_command)
    app.command("undo", help=UNDO_HELP)(undo_command)


_session = db_session


USER_HELP = (
    "Who {verb}, for the logs; recorded beside your OS user as 'NAME (cli:OSUSER)' "
    "(default: just cli:OSUSER)."
)


def _user(user: str | None) -> str:
    """Who to name in the merge and audit logs (see `harmwatch.cli.common.cli_actor`)."""
    return cli_actor(user)


def _day(value: str | None, name: str) -> dt.date | None:
    """The Python API's date check (`harmwatch.database.day`), as a usage error."""
    from harmwatch.database import day
    from harmwatch.errors import UsageError
    from harmwatch.store.filters import check_day

    try:
        found = day(value, name)
        if found is not None:
            check_day(found, name)  # within the span the store takes
        return found
    except UsageError as err:
        raise typer.BadParameter(err.problem, param_hint=name) from None
    except StoreError as err:
        raise typer.BadParameter(str(err), param_hint=name) from None


# Columns that must never be cut ("2016-05-01", "10-15", an id) in a narrow terminal; the
# others wrap onto more lines instead of being cut with an ellipsis.
WHOLE = {"id": 3, "date": 10, "killed": 6, "injured": 6, "type": 9, "event": 9, "grade": 5}


def add_column(table: Any, name: str, whole: bool | None = None) -> None:
    """A rich table column: ids and numbers right-aligned; dates and ranges never cut."""
    justify = "right" if name in ("id", "killed", "injured") else "left"
    if whole if whole is not None else name in WHOLE:
        table.add_column(name, justify=justify, no_wrap=True, min_width=WHOLE.get(name, 0))
    else:
        table.add_column(name, justify=justify, min_width=8, overflow="fold")


def narrow_table(title: str) -> Any:
    """A rich table that fits an 80-column terminal: rules under the header only, no
    vertical borders, one space between columns."""
    from rich import box
    from rich.table import Table

    return Table(
        title=title,
        header_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 1),
        collapse_padding=True,
    )


def _range(low: int | None, high: int | None) -> str:
    from harmwatch.ranges import format_range

    return format_range(low, high)


INCIDENTS_HELP = (
    "List the resolved incidents, or export them.\n\n"
    "--format table (default) prints a table; jsonl one incident a line (id, report_ids, date, "
    "location, event_type, killed, injured, perpetrators, denials, grade, grade_reason, "
    "sources); csv ACLED-like columns plus killed_min/max, country, admin1/admin2, precision, "
    "actor2 and UCDP-style low/best/high; geojson a FeatureCollection; parquet the table of the "
    "Python API's to_arrow() (needs harmwatch[data]; to --output or a redirected standard "
    "output).\n\n"
    "Examples:\n\n"
    "  harmwatch incidents --db harmwatch.db\n\n"
    "  harmwatch incidents --format csv --since 2020-01-01 --place Idlib > idlib.csv\n\n"
    "  harmwatch incidents --format jsonl --actor russia\n\n"
    "  harmwatch incidents --format parquet --output incidents.parquet"
)


def incidents_command(
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    format: str = typer.Option("table", "--format", "-f", help="table|jsonl|csv|geojson|parquet."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write to this file instead of standard output."
    ),
    since: str | None = typer.Option(
        None, "--since", help="Only incidents on or after (YYYY-MM-DD)."
    ),
    until: str | None = typer.Option(
        None, "--until", help="Only incidents on or before (YYYY-MM-DD)."
    ),
    place: str | None = typer.Option(
        None, "--place", help="Place name (part), province or country."
    ),
    actor: str | None = typer.Option(
        None, "--actor", help="Perpetrator id, e.g. russia, syria_gov."
    ),
) -> None:
    from harmwatch.store.export import WRITERS
    from harmwatch.store.incidents import IncidentFilter, list_incidents
    from harmwatch.store.record_types import read

    if format not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}", param_hint="--format")
    flt = IncidentFilter(
        since=_day(since, "--since"), until=_day(until, "--until"), place=place, actor=actor
    )
    if format == "parquet":
        _parquet(db, flt, output)
        return
    with _session(db) as session:
        rows = list_incidents(session, flt)
        if format != "table" and output is not None:
            with output.open("w", encoding="utf-8", newline="") as out:
                WRITERS[format](rows, out)
            return
        if format != "table":
            WRITERS[format](rows, sys.stdout)
            return
        from rich.console import Console

        table = narrow_table(f"{len(rows)} incidents")
        for col in (
            "id",
            "date",
            "place",
            "type",
            "killed",
            "injured",
            "perpetrators",
            "grade",
            "sources",
        ):
            add_column(table, col, whole=col in WHOLE or col == "sources")
        for r in rows:
            table.add_row(
                str(r.id),
                r.date.isoformat() if r.date else "",
                r.place_name or "",
                r.event_type,
                _range(r.killed_min, r.killed_max),
                _range(r.injured_min, r.injured_max),
                (r.actors or "").replace(" ", ", "),
                r.grade or "",
                str(read(r.record).n_reports),
            )
        Console(soft_wrap=False).print(table)


def _parquet(db: str | None, flt: IncidentFilter, output: Path | None) -> None:
    """The Python API's path: `Database.incidents(...).write_parquet`."""
    import harmwatch

    if output is None and sys.stdout.isatty():
        raise typer.BadParameter(
            "Parquet is binary: give --output FILE or redirect standard output",
            param_hint="--output",
        )
    try:
        found = harmwatch.open(db).incidents(
            since=flt.since, until=flt.until, place=flt.place, actor=flt.actor
        )
        found.write_parquet(str(output) if output else sys.stdout.buffer)
    except HarmwatchError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1) from None


SHOW_HELP = (
    "Show one incident: its record, summary, every source's figure and sentence.\n\n"
    "Example: harmwatch show 12 --history (adds the merge log and the audit trail; undo an "
    "entry with `harmwatch undo LOGID`)."
)


def show_command(
    incident_id: int = typer.Argument(..., metavar="ID"),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    history: bool = typer.Option(False, "--history", help="Also list merges, splits and edits."),
) -> None:
    from harmwatch.store.incidents import get_incident, incident_evidence, incident_history
    from harmwatch.store.record_types import read

    with _session(db) as session:
        row = get_incident(session, incident_id)
        rec = read(row.record)
        echo = typer.echo
        if row.merged_into_id:
            echo(f"Incident {row.id} was merged into incident {row.merged_into_id}.")
        echo(
            f"Incident {row.id}: {row.event_type} in {row.place_name or '?'} on "
            f"{row.date or '?'}{' to ' + str(row.date_end) if row.date_end else ''}"
        )
        echo(
            f"  killed {_range(row.killed_min, row.killed_max) or '-'}, injured "
            f"{_range(row.injured_min, row.injured_max) or '-'}; grade {row.grade}: "
            f"{row.grade_reason}"
        )
        echo(f"  {row.summary}")
        for f in rec.figures:
            echo(
                f"  figure: {f.kind} {_range(f.value, f.value_max or f.value)} "
                f"({f.group}, {f.qualifier}) by {f.reported_by or '?'} in "
                f"{f.source or f.report_id} of {f.published or '?'}"
            )
        for ev in incident_evidence(session, row.id):
            echo(
                f"  [{ev.mention.report_id}] {ev.source or '?'}, {ev.published or '?'}: "
                f"{ev.sentence}"
            )
        if history:
            echo("History:")
            for h in incident_history(session, row.id):
                ref = f"#{h.log_id} " if h.log_id else ""
                echo(
                    f"  {h.at:%Y-%m-%d %H:%M} {ref}{h.who}: {h.text}"
                    if h.at
                    else f"  {ref}{h.who}: {h.text}"
                )


def _action(db: str | None, fn: Callable[[Session], Any]) -> None:
    with _session(db) as session:
        typer.echo(fn(session))


MERGE_HELP = (
    "Merge incident OTHER into incident ID (logged, reversible with `harmwatch undo`).\n\n"
    "Example: harmwatch merge 12 15 --reason 'same strike, toll update'"
)


def merge_command(
    incident_id: int = typer.Argument(..., metavar="ID"),
    other_id: int = typer.Argument(..., metavar="OTHER"),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    user: str | None = typer.Option(None, "--user", help=USER_HELP.format(verb="merges")),
    reason: str = typer.Option("", "--reason", help="Why, for the log."),
) -> None:
    from harmwatch.resolve.merge import merge

    def run(session: Session) -> str:
        entry = merge(session, incident_id, other_id, _user(user), reason)
        return f"merged incident {other_id} into {incident_id} (merge log #{entry.id})"

    _action(db, run)


SPLIT_HELP = (
    "Take the mentions of one report out of an incident into a new incident.\n\n"
    "Example: harmwatch split 12 --report seed-004"
)


def split_command(
    incident_id: int = typer.Argument(..., metavar="ID"),
    report: str = typer.Option(..., "--report", help="Id of the report whose mentions move."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    user: str | None = typer.Option(None, "--user", help=USER_HELP.format(verb="splits")),
    reason: str = typer.Option("", "--reason", help="Why, for the log."),
) -> None:
    from harmwatch.resolve.merge import split

    def run(session: Session) -> str:
        new = split(session, incident_id, report, _user(user), reason)
        return f"report {report} split out of incident {incident_id} into incident {new.id}"

    _action(db, run)


UNDO_HELP = (
    "Undo a merge, a split or an automatic attach, by its merge log number "
    "(see `harmwatch show ID --history`).\n\nExample: harmwatch undo 31"
)


def undo_command(
    log_id: int = typer.Argument(..., metavar="LOGID"),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    user: str | None = typer.Option(None, "--user", help=USER_HELP.format(verb="undoes")),
) -> None:
    from harmwatch.resolve.merge import undo

    def run(session: Session) -> str:
        entry = undo(session, log_id, _user(user))
        pair = f"{entry.incident_id} and {entry.other_incident_id}"
        return f"undid merge log #{log_id} (incidents {pair})"

    _action(db, run)
