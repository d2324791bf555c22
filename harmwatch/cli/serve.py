"""`harmwatch serve`: the REST API and the web app (a thin shell over `harmwatch.api.app`)."""

from __future__ import annotations

import typer

from harmwatch.errors import HarmwatchError

HELP = (
    "Serve the web app (map, timeline, incident pages, review) and the REST API under /api "
    "(OpenAPI documentation at /docs).\n\n"
    "On a loopback address anyone on this machine may read without logging in; on any other "
    "address reading needs a login unless HARMWATCH_ANONYMOUS_READ=true. Writes always need "
    "an analyst: create one with `harmwatch user add NAME --role analyst`. Set "
    "HARMWATCH_SECRET_KEY to keep sessions valid across restarts, and HARMWATCH_TILE_URL for "
    "map tiles (without it the map draws country outlines, offline).\n\n"
    "The server answers only to the Host names localhost, 127.0.0.1, [::1] and the bind "
    "address (others get HTTP 400, which stops DNS-rebinding pages from reading the data); add "
    "the names it is reached by with --allowed-host. Behind a reverse proxy, list the proxy in "
    "HARMWATCH_TRUSTED_PROXIES so the login rate limit sees the real client.\n\n"
    "Examples:\n\n"
    "  harmwatch serve   (http://127.0.0.1:8000/ on ./harmwatch.db)\n\n"
    "  harmwatch serve --db postgresql://hw@db/harmwatch --host 0.0.0.0 --port 8080 "
    "--allowed-host harmwatch.example.org\n\n"
    "  harmwatch serve --workers 2   (two server processes)\n\n"
    "Exit codes: 0 stopped with Ctrl-C; 1 the database could not be opened or migrated."
)


def register(app: typer.Typer) -> None:
    app.command("serve", help=HELP)(serve_command)


def serve_command(
    db: str | None = typer.Option(
        None, "--db", help="Database URL or SQLite file path [HARMWATCH_DATABASE_URL]."
    ),
    host: str | None = typer.Option(None, "--host", help="Address to bind [HARMWATCH_HOST]."),
    port: int | None = typer.Option(None, "--port", help="Port [HARMWATCH_PORT]."),
    workers: int = typer.Option(
        1,
        "--workers",
        min=1,
        help="Server processes sharing the port (each keeps its own caches; use 2 or more "
        "for more requests at once on a machine with spare cores).",
    ),
    allowed_host: list[str] = typer.Option(
        [],
        "--allowed-host",
        help="A host name the server is reached by, besides localhost and the bind address "
        "(repeat for more; '*' for any) [HARMWATCH_ALLOWED_HOSTS].",
    ),
) -> None:
    from harmwatch.api.app import serve
    from harmwatch.settings import get_settings

    settings = get_settings()
    typer.echo(
        f"serving http://{host or settings.host}:{port or settings.port}/ "
        "(API docs at /docs; Ctrl-C to stop)"
    )
    try:
        _warn_without_users(db, host or settings.host)
        serve(db, host, port, workers, allowed_hosts=allowed_host)
    except HarmwatchError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1) from None


def _warn_without_users(db: str | None, host: str) -> None:
    from harmwatch.api.security import is_loopback
    from harmwatch.auth import list_users
    from harmwatch.store.db import session_scope
    from harmwatch.store.migrate import upgrade

    upgrade(db)
    with session_scope(db) as session:
        users = list_users(session, with_disabled=False)
    if not any(user.can("analyst") for user in users):
        typer.echo(
            "note: no analyst can log in yet, so nobody can correct incidents: "
            "create one with `harmwatch user add NAME --role analyst`",
            err=True,
        )
    if not users and not is_loopback(host):
        typer.echo(
            f"note: on {host} reading needs a login and there are no users yet "
            "(or set HARMWATCH_ANONYMOUS_READ=true)",
            err=True,
        )
