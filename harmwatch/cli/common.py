"""What the commands that change the database share: one transaction with one-line errors, and
who to name in the audit log.

Audit names of CLI changes: a command run by the OS user ``maya`` is recorded as ``cli:maya``.
``--user NAME`` cannot be checked (the CLI has direct access to the database), so a name given
there is recorded beside the OS user who ran the command: ``amal (cli:maya)``; given as the OS
user's own name it is just ``cli:maya``.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

from harmwatch.errors import HarmwatchError

AUDIT_NAME_CHARS = 100  # the width of audit_log.user and merge_log.user

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def os_user() -> str:
    """The login name of the OS user running this process ("unknown" when it has none)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no name for the uid (some containers)
        return "unknown"


def cli_actor(claimed: str | None = None) -> str:
    """The audit name of a CLI change: ``cli:OSUSER``, or ``CLAIMED (cli:OSUSER)``."""
    me = os_user()[:60]
    claimed = (claimed or "").strip()
    if not claimed or claimed == me:
        return f"cli:{me}"
    suffix = f" (cli:{me})"
    return claimed[: AUDIT_NAME_CHARS - len(suffix)] + suffix


def database_error(err: Exception) -> str:
    """A one-line message for an error the database driver raised."""
    cause = getattr(err, "orig", None) or err
    first = (str(cause).strip().splitlines() or [""])[0]
    return f"the database refused it ({type(cause).__name__}: {first}); nothing was changed"


@contextmanager
def db_session(db: str | None) -> Iterator[Session]:
    """A migrated database and one transaction, committed at the end; a HarmwatchError or a
    database error rolls it back and exits 1 with a one-line message."""
    from sqlalchemy.exc import SQLAlchemyError

    from harmwatch.store.db import session_scope
    from harmwatch.store.migrate import upgrade

    try:
        upgrade(db)
        with session_scope(db) as session:
            yield session
    except HarmwatchError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(1) from None
    except SQLAlchemyError as err:
        typer.echo(f"error: {database_error(err)}", err=True)
        raise typer.Exit(1) from None
