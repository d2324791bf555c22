"""Engines and sessions for SQLite (default) and PostgreSQL, one code path for both."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import TypeVar

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from harmwatch.settings import get_settings

T = TypeVar("T")
IN_CHUNK = 500  # values per IN (...) list, far below SQLite's bound-parameter limit


def in_chunks(values: Sequence[T], size: int = IN_CHUNK) -> Iterator[list[T]]:
    """``values`` in lists of ``size``, for one ``IN (...)`` query each."""
    for i in range(0, len(values), size):
        yield list(values[i : i + size])


def normalise_url(url: str | None) -> str:
    """Accept a bare file path as a SQLite database; default to the settings' URL."""
    url = url or get_settings().database_url
    if "://" not in url:
        url = f"sqlite:///{url}"
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=30000")
    # Switching a new file to WAL needs it to itself: when processes open it at once, the
    # switch reports "locked" without waiting on the busy timeout, so wait here.
    deadline = time.monotonic() + 30
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


@lru_cache(maxsize=16)
def get_engine(url: str | None = None) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine


def sessionmaker_for(url: str | None = None) -> sessionmaker[Session]:
    return sessionmaker(get_engine(url), expire_on_commit=False)


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """One transaction: committed on success, rolled back on any error."""
    session = sessionmaker_for(url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


RESOLUTION_LOCK = 0x6877_7265  # an application-wide PostgreSQL advisory lock key ("hwre")


def lock_for_resolution(session: Session) -> None:
    """Admit one resolving transaction at a time, across processes, until this one ends.

    Resolution reads candidate incidents and then writes; two processes doing it at once could
    each miss the other's new incident and create the same one twice. PostgreSQL: a
    transaction-scoped advisory lock. SQLite: a write that changes nothing takes the database's
    one write lock now (waiting up to the busy timeout), before the candidates are read.
    Call it first in the transaction, before any read whose result the writes depend on.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": RESOLUTION_LOCK})
    elif dialect == "sqlite":
        session.execute(text("UPDATE incidents SET id = id WHERE 0"))
