"""Read results kept until the data changes: statistics, list counts, the place vocabulary.

``data_version(session)`` is a value that changes whenever data committed to the database may
have changed, whoever wrote it (this process, another process, a `sqlite3` shell); reading it
costs one small query. ``Cache.get(session, key, compute)`` keys a result on it, so a cached
result is never older than the database at the time of the call:

- PostgreSQL: the current snapshot (``pg_current_snapshot()``): two equal snapshots see the
  same committed transactions, so the same data. Any write on the server moves it (it is
  exact, never stale; it may only miss more often than needed);
- SQLite: ``PRAGMA data_version`` of one connection per database file kept by this module for
  that alone. It moves whenever another connection commits, which is every connection that
  writes (the pool's, other processes'), as this one never does;
- an in-memory SQLite database: no version (every call computes).
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session

T = TypeVar("T")
_lock = threading.Lock()
_watchers: dict[str, tuple[sqlite3.Connection, list[int]]] = {}  # file: (connection, [seen])
_versions: dict[str, int] = {}  # file: version, only ever increasing
_listening: set[tuple[int, str]] = set()


def _forget(path: str) -> None:
    """Close the watching connection (when the engine of that database is disposed)."""
    with _lock:
        watcher = _watchers.pop(path, None)
    if watcher is not None:
        watcher[0].close()


def _sqlite_version(path: str, engine: Engine) -> int:
    with _lock:
        if path not in _watchers:
            if (id(engine), path) not in _listening:
                _listening.add((id(engine), path))
                event.listen(engine, "engine_disposed", lambda _engine: _forget(path))
            watcher = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            _watchers[path] = (watcher, [watcher.execute("PRAGMA data_version").fetchone()[0]])
            # what changed while nobody watched is unknown: a new version
            _versions[path] = _versions.get(path, 0) + 1
        watcher, seen = _watchers[path]
        now = watcher.execute("PRAGMA data_version").fetchone()[0]
        if now != seen[0]:
            seen[0] = now
            _versions[path] += 1
        return _versions[path]


def data_version(session: Session) -> tuple[str, Hashable]:
    """(database, version): equal versions of one database mean the same committed data."""
    conn = session.connection()
    where = conn.engine.url.render_as_string(hide_password=True)
    if conn.dialect.name == "postgresql":
        return where, conn.execute(text("SELECT pg_current_snapshot()::text")).scalar_one()
    path = conn.engine.url.database
    if conn.dialect.name != "sqlite" or not path or path == ":memory:" or path.startswith("file:"):
        return where, object()  # unknown: never equal, never cached
    return where, _sqlite_version(path, conn.engine)


class Cache:
    """A least-recently-used map of results keyed on (database, version, key)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._busy: dict[Hashable, threading.Event] = {}
        self.hits = self.misses = 0

    def get(self, session: Session, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached result for ``key`` at the current data version, else ``compute()``'s
        (computed once when several threads ask at the same time)."""
        full = (*data_version(session), key)
        while True:
            with _lock:
                if full in self._items:
                    self._items.move_to_end(full)
                    self.hits += 1
                    return self._items[full]  # type: ignore[no-any-return]
                busy = self._busy.get(full)
                if busy is None:
                    self._busy[full] = threading.Event()
                    self.misses += 1
                    break
            busy.wait(60)
        try:
            value = compute()
            with _lock:
                self._items[full] = value
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
            return value
        finally:
            with _lock:
                self._busy.pop(full).set()

    def clear(self) -> None:
        with _lock:
            self._items.clear()
