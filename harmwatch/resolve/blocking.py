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
from harmwatch.store.schema import IncidentRow

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


def _light(row: Any) -> dict[str, Any]:
    """What `in_window` and `reaches` read of an incident, from its columns."""
    return {
        "date": row.date.isoformat() if row.date else None,
        "date_end": row.date_end.isoformat() if row.date_end else None,
        "date_precision": row.date_precision,
        "location": {
            "name": row.place_name,
            "lat": row.lat,
            "lon": row.lon,
            "precision": row.place_precision,
            "admin1": row.admin1,
            "country": row.country,
        }
        if row.place_name is not None
        else None,
    }


class SqlCandidates:
    """Candidates among the incidents stored in the session's database."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _places(self, d: Digest, conds: list[Any]) -> list[Any]:
        """Conditions on the place columns that keep every incident `reaches` reaches."""
        loc = d["location"]
        pairs = self.session.execute(
            select(IncidentRow.place_name, IncidentRow.admin1).where(*conds).distinct()
        ).all()
        key = norm_name(loc["name"])
        province = norm_name(loc.get("admin1") or "")
        names = {p for p, _ in pairs if p is not None and norm_name(p) == key}
        provinces = {a for _, a in pairs if a and norm_name(a) == province}
        place: list[Any] = [IncidentRow.place_name.in_(sorted(names))]
        precision = loc.get("precision") or "town"
        if precision == "country":
            if loc.get("country"):
                place.append(IncidentRow.country == loc["country"])
            return place
        if precision in COARSE:
            place.append(IncidentRow.admin1.in_(sorted(provinces)))
            return place
        coarse = IncidentRow.place_precision.in_(sorted(COARSE))
        if loc.get("admin1") and provinces:
            snippet = d["snippet"].lower()
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

    def find(self, d: Digest) -> list[IncidentRow]:
        days = window(d)
        if days is None:
            return []
        lo, hi = days
        conds = [
            IncidentRow.date.between(lo - dt.timedelta(days=SLACK_DAYS), hi),
            func.coalesce(IncidentRow.date_end, IncidentRow.date) >= lo,
            IncidentRow.merged_into_id.is_(None),
        ]
        if d["location"]:
            conds.append(or_(*self._places(d, conds)))
        keep = []
        for row in self.session.execute(select(*_LIGHT).where(*conds)):
            light = _light(row)
            if in_window(d, light, days) and reaches(d, light) and may_link(d, light):
                keep.append(row.id)
        found: list[IncidentRow] = []
        for chunk in in_chunks(keep):
            found += [
                row
                for row in self.session.scalars(
                    select(IncidentRow).where(IncidentRow.id.in_(chunk))
                )
                if links(d, row.record)
            ]
        return sorted(found, key=lambda r: -r.id)


def candidates(session: Session, d: Digest) -> list[IncidentRow]:
    """Live incidents whose date and place are compatible with mention digest ``d``."""
    return SqlCandidates(session).find(d)
