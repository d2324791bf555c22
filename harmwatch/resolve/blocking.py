"""Candidate incidents on ingest: the SQL backend of `candidates` (an index query, never a scan
of all incidents).

The live incidents whose dates may meet the mention's window (the date index) are looked up in
three steps, each reading little: the distinct place and province names of the window, which
give the spellings that `match.norm_name` folds into the mention's (and the places of its
province that its text names); the date and place columns of the incidents of those names, or
of the map cells around the town (a superset of what `candidates.reaches` reaches), from which
`candidates.in_window`, `candidates.reaches` and `candidates.may_link` pick; and those whole,
for `candidates.links`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from harmwatch.resolve.candidates import (
    CELL,
    SLACK_DAYS,
    Digest,
    cell,
    in_window,
    links,
    may_link,
    reaches,
    window,
)
from harmwatch.resolve.match import COARSE, norm_name
from harmwatch.store.db import in_chunks
from harmwatch.store.record_types import Place, Record
from harmwatch.store.schema import IncidentRow

_RECORDS = "harmwatch.resolve.records"  # session.info: the records read, by incident id
_EPS = 1e-9  # degrees: the box is a little wider than the cells, whatever the rounding
_LIGHT = (
    IncidentRow.id,
    IncidentRow.date,
    IncidentRow.date_end,
    IncidentRow.date_precision,
    IncidentRow.place_name,
    IncidentRow.lat,
    IncidentRow.lon,
    IncidentRow.place_precision,
    IncidentRow.admin1,
    IncidentRow.country,
)


@dataclass(frozen=True, slots=True)
class Light:
    """What `in_window`, `reaches` and `may_link` read of an incident (a `match.Where`), from
    its columns."""

    date: str | None
    date_end: str | None
    date_precision: str | None
    location: Place | None

    @classmethod
    def of(cls, row: Any) -> Light:
        return cls(
            row.date.isoformat() if row.date else None,
            row.date_end.isoformat() if row.date_end else None,
            row.date_precision,
            Place(
                name=row.place_name,
                lat=row.lat,
                lon=row.lon,
                precision=row.place_precision,
                admin1=row.admin1,
                country=row.country,
            )
            if row.place_name is not None
            else None,
        )


@dataclass(frozen=True, slots=True)
class Stored:
    """A candidate of the SQL backend: the incident's row and its record, read once."""

    row: IncidentRow
    record: Record


class SqlCandidates:
    """Candidates among the incidents stored in the session's database."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def record(self, row: IncidentRow) -> Record:
        """The row's record, read once per session while its JSON is the same (a busy town's
        incidents are candidates of many mentions; the session forgets a row it no longer
        holds, and loads it again with a new JSON object, so the JSON is compared)."""
        cache: dict[int, tuple[Any, Record]] = self.session.info.setdefault(_RECORDS, {})
        held = cache.get(row.id)
        if held is not None and (held[0] is row.record or held[0] == row.record):
            return held[1]
        record = Record.from_json(row.record)
        cache[row.id] = (row.record, record)
        return record

    def _places(self, d: Digest, conds: list[Any]) -> list[Any]:
        """Conditions on the place columns that keep every incident `reaches` reaches."""
        loc = d.location
        assert loc is not None  # `find` asks only for a placed mention
        pairs = self.session.execute(
            select(IncidentRow.place_name, IncidentRow.admin1).where(*conds).distinct()
        ).all()
        key = norm_name(loc.name)
        province = norm_name(loc.admin1 or "")
        names = {p for p, _ in pairs if p is not None and norm_name(p) == key}
        provinces = {a for _, a in pairs if a and norm_name(a) == province}
        place: list[Any] = [IncidentRow.place_name.in_(sorted(names))]
        precision = loc.precision or "town"
        if precision == "country":
            if loc.country:
                place.append(IncidentRow.country == loc.country)
            return place
        if precision in COARSE:
            place.append(IncidentRow.admin1.in_(sorted(provinces)))
            return place
        coarse = IncidentRow.place_precision.in_(sorted(COARSE))
        if loc.admin1 and provinces:
            snippet = d.snippet.lower()
            named = {p for p, a in pairs if p and a in provinces and p.lower() in snippet}
            place.append(
                and_(
                    IncidentRow.admin1.in_(sorted(provinces)),
                    or_(coarse, IncidentRow.place_name.in_(sorted(named))),
                )
            )
        where = cell(loc)
        if where is not None:
            lat, lon = (((n - 1) * CELL - _EPS, (n + 2) * CELL + _EPS) for n in where)
            place.append(
                and_(
                    IncidentRow.lat.between(*lat),
                    IncidentRow.lon.between(*lon),
                    or_(IncidentRow.place_precision.is_(None), ~coarse),
                )
            )
        return place

    def find(self, d: Digest) -> list[Stored]:
        days = window(d)
        if days is None:
            return []
        lo, hi = days
        conds = [
            IncidentRow.date.between(lo - dt.timedelta(days=SLACK_DAYS), hi),
            func.coalesce(IncidentRow.date_end, IncidentRow.date) >= lo,
            IncidentRow.merged_into_id.is_(None),
        ]
        if d.location:
            conds.append(or_(*self._places(d, conds)))
        keep = []
        for row in self.session.execute(select(*_LIGHT).where(*conds)):
            light = Light.of(row)
            if in_window(d, light, days) and reaches(d, light) and may_link(d, light):
                keep.append(row.id)
        found: list[Stored] = []
        for chunk in in_chunks(keep):
            for inc in self.session.scalars(select(IncidentRow).where(IncidentRow.id.in_(chunk))):
                record = self.record(inc)
                if links(d, record):
                    found.append(Stored(inc, record))
        return sorted(found, key=lambda c: -c.row.id)


def candidates(session: Session, d: Digest) -> list[Stored]:
    """Live incidents whose date and place are compatible with mention digest ``d``."""
    return SqlCandidates(session).find(d)
