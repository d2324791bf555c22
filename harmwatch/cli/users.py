"""`harmwatch user add | list | token | revoke | password | disable | enable`: accounts for the
web app and API tokens. Every change is written to the audit log as ``cli:OSUSER`` (see
`harmwatch.cli.common`)."""

from __future__ import annotations

import sys

import typer

from harmwatch.cli.common import cli_actor, db_session

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


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("password", hide_input=True, confirmation_prompt=True))


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")


_session = db_session


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

    password = _password(password_stdin)
    with _session(db) as session:
        created = add_user(session, name, role, password, by=cli_actor())
    typer.echo(f"created {created.user.role} {created.user.name!r}")
    typer.echo(f"API token (shown once, keep it secret): {created.token}")


@user_app.command(
    "list", help="List the users and their roles.\n\nExample: harmwatch user list --db harmwatch.db"
)
def list_command(db: str | None = DB) -> None:
    from harmwatch.auth import disabled_names, list_users

    with _session(db) as session:
        users, disabled = list_users(session), disabled_names(session)
    for user in users:
        typer.echo(f"{user.name}\t{user.role}" + ("\tdisabled" if user.name in disabled else ""))
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
        token = new_token(session, name, by=cli_actor())
    typer.echo(f"API token for {name!r} (shown once): {token}")


@user_app.command(
    "revoke",
    help=(
        "Take a user's API token away without giving a new one (requests sending it get 401 "
        "at once); `harmwatch user token` gives a new one.\n\n"
        "Example: harmwatch user revoke amal"
    ),
)
def revoke_command(
    name: str = typer.Argument(..., help="The login name."), db: str | None = DB
) -> None:
    from harmwatch.auth import revoke_token

    with _session(db) as session:
        revoked = revoke_token(session, name, by=cli_actor())
    typer.echo(f"revoked the API token of {name!r}" if revoked else f"{name!r} had no API token")


@user_app.command(
    "password",
    help=(
        "Set a user's password (asked twice, or --password-stdin) and log them out of every "
        "web app session.\n\n"
        "Examples:\n\n"
        "  harmwatch user password amal\n\n"
        "  printf '%s\\n' \"$PASS\" | harmwatch user password amal --password-stdin"
    ),
)
def password_command(
    name: str = typer.Argument(..., help="The login name."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input."
    ),
    db: str | None = DB,
) -> None:
    from harmwatch.auth import set_password

    password = _password(password_stdin)
    with _session(db) as session:
        ended = set_password(session, name, password, by=cli_actor())
    typer.echo(f"changed the password of {name!r}; ended {ended} web app session(s)")


@user_app.command(
    "disable",
    help=(
        "Stop a user at once: no login, their web app sessions end and their API token stops "
        "working (the account and its history stay; `harmwatch user enable` undoes it).\n\n"
        "Example: harmwatch user disable amal"
    ),
)
def disable_command(
    name: str = typer.Argument(..., help="The login name."), db: str | None = DB
) -> None:
    from harmwatch.auth import set_disabled

    with _session(db) as session:
        changed = set_disabled(session, name, True, by=cli_actor())
    typer.echo(f"disabled {name!r}" if changed else f"{name!r} was already disabled")


@user_app.command(
    "enable",
    help=(
        "Let a disabled user log in again (their old API token works again unless it was "
        "revoked or replaced).\n\nExample: harmwatch user enable amal"
    ),
)
def enable_command(
    name: str = typer.Argument(..., help="The login name."), db: str | None = DB
) -> None:
    from harmwatch.auth import set_disabled

    with _session(db) as session:
        changed = set_disabled(session, name, False, by=cli_actor())
    typer.echo(f"enabled {name!r}" if changed else f"{name!r} was not disabled")
