"""Alembic migrations, run from code (no alembic.ini): ``upgrade(url)`` before using a database.

    from harmwatch.store.migrate import upgrade
    upgrade("sqlite:///harmwatch.db")      # idempotent; cheap when already at the latest revision

Revisions live in ``harmwatch/store/migrations/versions/``.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from harmwatch.errors import StoreError
from harmwatch.store.db import get_engine, normalise_url

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"
_lock = threading.Lock()
MIGRATION_LOCK = 0x6877_6D67  # PostgreSQL advisory lock key ("hwmg")


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head() -> str:
    """The latest revision id."""
    rev = ScriptDirectory.from_config(_config()).get_current_head()
    assert rev is not None
    return rev


def current(url: str | None = None) -> str | None:
    """The revision the database is at (None for an empty database)."""
    with get_engine(url).connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _run(url: str | None, fn: str, rev: str) -> None:
    cfg = _config()
    engine = get_engine(url)
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":  # one migrating process at a time
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            cfg.attributes["connection"] = conn
            getattr(command, fn)(cfg, rev)
    except SQLAlchemyError as err:
        where = normalise_url(url).split("@")[-1]
        raise StoreError(
            f"could not migrate the database {where} ({fn} to {rev}): {err.__class__.__name__}: "
            f"{str(err).splitlines()[0]} (check the URL and that the server is reachable)"
        ) from err


def _reached(url: str | None, target: str, wait_s: float = 30.0) -> bool:
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        try:
            if current(url) == target:
                return True
        except SQLAlchemyError:
            pass
        time.sleep(0.2)
    return False


def upgrade(url: str | None = None, rev: str = "head") -> None:
    """Bring the database at ``url`` (default: settings) to ``rev`` (default: the latest)."""
    key = normalise_url(url)
    with _lock:
        target = head() if rev == "head" else rev
        try:
            at = current(url)
        except SQLAlchemyError as err:
            raise StoreError(
                f"cannot open the database {key.split('@')[-1]}: {str(err).splitlines()[0]} "
                "(check HARMWATCH_DATABASE_URL or --db)"
            ) from err
        if at != target:
            log.info("migrating %s from %s to %s", key.split("@")[-1], at or "empty", target)
            try:
                _run(url, "upgrade", rev)
            except StoreError:
                # another process may be creating the same tables (SQLite has no DDL lock):
                # wait for it to finish rather than fail
                if not _reached(url, target):
                    raise


def downgrade(url: str | None, rev: str) -> None:
    """Take the database back to revision ``rev`` ("base" empties it of harmwatch's tables)."""
    _run(url, "downgrade", rev)
