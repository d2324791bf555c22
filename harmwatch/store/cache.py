"""Read results kept until the data changes: statistics, list counts, the place vocabulary.

``data_version(session)`` is a value that changes whenever data committed to the database may
have changed, whoever wrote it (this process, another process, a `sqlite3` shell); reading it
costs one small query. ``Cache.get(session, key, compute)`` keys a result on it, so a cached
result is never older than the database at the time of the call:

- PostgreSQL: the current snapshot (``pg_current_snapshot()``): two equal snapshots see the
  same committed transactions, so the same data. Any write on the server moves it (it is
  exact, never stale; it may only miss more often than needed);
- SQLite: ``PRAGMA data_version`` of the pooled connection (it moves when *another* connection
  commits) with a note of this connection's own writes. Their changes bump a version per
  database, shared by the connections of this process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session

T = TypeVar("T")
_lock = threading.Lock()
_versions: dict[str, int] = {}
_READS = ("SELECT", "PRAGMA", "EXPLAIN", "BEGIN", "COMMIT", "ROLLBACK")


@event.listens_for(Engine, "after_cursor_execute")
def _note_writes(conn, _cursor, statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
    if conn.dialect.name == "sqlite" and not statement.lstrip()[:7].upper().startswith(_READS):
        conn.info["harmwatch_wrote"] = True


def data_version(session: Session) -> tuple[str, Hashable]:
    """(database, version): equal versions of one database mean the same committed data."""
    conn = session.connection()
    where = conn.engine.url.render_as_string(hide_password=True)
    if conn.dialect.name == "postgresql":
        return where, conn.execute(text("SELECT pg_current_snapshot()::text")).scalar_one()
    seen = conn.exec_driver_sql("PRAGMA data_version").scalar_one()
    info = conn.info
    with _lock:
        # a connection not seen before, another connection's commit, or a write of this one
        # (its own commits do not move its data_version): the data may have changed
        if info.get("harmwatch_seen") != seen or info.pop("harmwatch_wrote", False):
            _versions[where] = _versions.get(where, 0) + 1
            info["harmwatch_seen"] = seen
        return where, _versions.setdefault(where, 1)


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
