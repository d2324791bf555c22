"""The map's markers as JSON, fast enough for tens of thousands per request.

``/api/incidents/map`` can return 20,000 markers. Read from the database and written out one
by one, that is tens of milliseconds a request. Here every located live incident's marker is
written once per data version (`harmwatch.store.cache.data_version`), newest first, and a
request for all of them or for a date window joins a slice of the written markers. Any other
filter, a database being written to (at most one rebuild every `REBUILD_EVERY` seconds), or
more than `MAX_MARKERS` located incidents: the markers are read with the filters and written
for that request alone. Either way the JSON is that of ``list[PointPublic]``.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import json
import threading
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from harmwatch.store import queries
from harmwatch.store.cache import Cache, data_version
from harmwatch.store.queries import IncidentFilter

MAX_MARKERS = 300_000
REBUILD_EVERY = 10.0  # seconds
_text = json.encoder.encode_basestring_ascii  # type: ignore[attr-defined]


def _s(value: object) -> str:
    return "null" if value is None else _text(value if isinstance(value, str) else str(value))


def _n(value: object) -> str:
    return "null" if value is None else repr(value)


def _day(value: Any) -> str | None:
    return value if value is None or isinstance(value, str) else value.isoformat()


def marker(row: tuple) -> str:  # type: ignore[type-arg]
    """One `queries.MAP_COLUMNS` row (``date_end`` after them is ignored) as a PointPublic."""
    i, lat, lon, day, place, kind, low, high, grade = row[:9]
    return (
        f'{{"id":{i},"lat":{lat!r},"lon":{lon!r},"date":{_s(_day(day))},'
        f'"place_name":{_s(place)},"event_type":{_s(kind)},'
        f'"killed":{{"min":{_n(low)},"max":{_n(high)}}},"grade":{_s(grade)}}}'
    )


def as_json(markers: list[str]) -> bytes:
    return ("[" + ",".join(markers) + "]").encode()


@dataclass(frozen=True)
class Markers:
    """Every located live incident, newest first: its date, and its marker written out."""

    version: object
    days: list[str | None]  # descending, None last
    markers: list[str]
    spans: list[tuple[int, str | None, str]]  # (position, date, date_end) of those with an end

    def window(self, since: dt.date | None, until: dt.date | None, limit: int) -> list[str]:
        """The markers ``date <= until`` and ``coalesce(date_end, date) >= since`` keeps, in
        order: the slice of days inside the window, less those ending before it (an end
        before the start: bad data), plus those starting earlier and ending inside it."""
        first = since.isoformat() if since else None
        last = until.isoformat() if until else None
        days = self.days
        dated = bisect.bisect_left(days, True, key=lambda d: d is None)
        start = (
            bisect.bisect_left(days, True, 0, dated, key=lambda d: (d or "") <= last) if last else 0
        )
        if first:
            stop = bisect.bisect_left(days, True, start, dated, key=lambda d: (d or "") < first)
        else:
            stop = dated if last else len(days)
        if first is None:
            return self.markers[start : min(stop, start + limit)]
        out_of_window = {p for p, _, end in self.spans if start <= p < stop and end < first}
        later_end = [
            p
            for p, day, end in self.spans
            if p >= stop and end >= first and (last is None or (day is not None and day <= last))
        ]
        if not out_of_window:
            picked = self.markers[start : min(stop, start + limit)]
        else:
            picked = [self.markers[p] for p in range(start, stop) if p not in out_of_window]
        return (picked + [self.markers[p] for p in later_end])[:limit]


_lock = threading.Lock()
_built: dict[str, Markers] = {}
_started: dict[str, float] = {}
_MAPS = Cache(8)


def _build(session: Session, version: object) -> Markers | None:
    rows = queries.map_rows(
        session, IncidentFilter(), limit=MAX_MARKERS + 1, raw=True, with_end=True
    )
    if len(rows) > MAX_MARKERS:
        return None
    days = [_day(row[3]) for row in rows]
    spans = [(p, days[p], _day(row[9]) or "") for p, row in enumerate(rows) if row[9] is not None]
    return Markers(version, days, [marker(row) for row in rows], spans)


def _markers(session: Session) -> Markers | None:
    where, version = data_version(session)
    with _lock:
        built = _built.get(where)
        if built is not None and built.version == version:
            return built
        now = time.monotonic()
        if now - _started.get(where, -REBUILD_EVERY) < REBUILD_EVERY:
            return None  # another thread builds them, or the data changes often: read directly
        _started[where] = now
    built = _build(session, version)
    with _lock:
        if built is not None:
            _built[where] = built
        else:
            _built.pop(where, None)
    return built


def map_json(session: Session, flt: IncidentFilter, limit: int = 20000) -> bytes:
    """The JSON of ``list[PointPublic]`` for the located incidents ``flt`` keeps."""
    if dataclasses.replace(flt, since=None, until=None) == IncidentFilter():
        found = _markers(session)
        if found is not None:
            return as_json(found.window(flt.since, flt.until, limit))
    return _MAPS.get(
        session,
        ("map", flt, limit),
        lambda: as_json([marker(row) for row in queries.map_rows(session, flt, limit, raw=True)]),
    )
