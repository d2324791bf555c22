"""`harmwatch user add | list | token`: accounts for the web app and API tokens."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

from harmwatch.errors import HarmwatchError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

user_app = typer.Typer(
    help=(
        "Manage who may use the web app and the API. Roles: viewer (reads), analyst (also "
        "corrects, confirms, merges and splits incidents), admin.\n\n"
        "Example: harmwatch user add amal --role analyst"
    ),
    no_args_is_help=True,
)

ADD_HELP = (
    "Create a user. The password is asked twice at the prompt, or read from the first line of "
    "standard input with --password-stdin (for scripts). Prints the user's API token once: "
    "send it as `Authorization: Bearer TOKEN`; it is stored only as a hash.\n\n"
    "Examples:\n\n"
    "  harmwatch user add amal --role analyst\n\n"
    "  printf '%s\\n' \"$PASS\" | harmwatch user add bot --role viewer --password-stdin\n\n"
    "Exit codes: 0 created; 1 the name is taken, the role unknown or the password too short."
)


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")


@contextmanager
def _session(db: str | None) -> Iterator[Session]:
    from harmwatch.store.db import session_scope
    from harmwatch.store.migrate import upgrade

    try:
        upgrade(db)
        with session_scope(db) as session:
            yield session
    except HarmwatchError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1) from None


DB = typer.Option(None, "--db", help="Database URL or SQLite file path [HARMWATCH_DATABASE_URL].")


@user_app.command("add", help=ADD_HELP)
def add_command(
    name: str = typer.Argument(..., help="The login name."),
    role: str = typer.Option("viewer", "--role", help="viewer, analyst or admin."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input."
    ),
    db: str | None = DB,
) -> None:
    from harmwatch.auth import add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    with _session(db) as session:
        created = add_user(session, name, role, password)
    typer.echo(f"created {created.user.role} {created.user.name!r}")
    typer.echo(f"API token (shown once, keep it secret): {created.token}")


@user_app.command(
    "list", help="List the users and their roles.\n\nExample: harmwatch user list --db harmwatch.db"
)
def list_command(db: str | None = DB) -> None:
    from harmwatch.auth import list_users

    with _session(db) as session:
        users = list_users(session)
    for user in users:
        typer.echo(f"{user.name}\t{user.role}")
    if not users:
        typer.echo("no users yet (add one with `harmwatch user add NAME --role analyst`)")


@user_app.command(
    "token",
    help=(
        "Give a user a new API token (the old one stops working); prints it once.\n\n"
        "Example: harmwatch user token amal"
    ),
)
def token_command(name: str = typer.Argument(..., help="The login name."), db: str | None = DB):  # type: ignore[no-untyped-def]
    from harmwatch.auth import new_token

    with _session(db) as session:
        token = new_token(session, name)
    typer.echo(f"API token for {name!r} (shown once): {token}")
