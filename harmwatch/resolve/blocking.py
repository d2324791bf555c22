"""Candidate incidents on ingest: the SQL backend of `candidates` (an index query, never a scan
of all incidents).

Two steps keep it cheap: the query reads only the date and place columns of the live incidents
whose dates may meet the mention's window (the date index), `candidates.in_window` and
`candidates.reaches` pick among them, and only those are loaded whole for `candidates.links`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from harmwatch.resolve.candidates import (
    SLACK_DAYS,
    Digest,
    in_window,
    links,
    reaches,
    window,
)
from harmwatch.store.db import in_chunks
from harmwatch.store.schema import IncidentRow

_LIGHT = (IncidentRow.id, IncidentRow.date, IncidentRow.date_end, IncidentRow.date_precision,
          IncidentRow.place_name, IncidentRow.lat, IncidentRow.lon, IncidentRow.place_precision,
          IncidentRow.admin1, IncidentRow.country)


def _light(row: Any) -> dict[str, Any]:
    """What `in_window` and `reaches` read of an incident, from its columns."""
    return {
        "date": row.date.isoformat() if row.date else None,
        "date_end": row.date_end.isoformat() if row.date_end else None,
        "date_precision": row.date_precision,
        "location": {"name": row.place_name, "lat": row.lat, "lon": row.lon,
                     "precision": row.place_precision, "admin1": row.admin1,
                     "country": row.country} if row.place_name is not None else None,
    }


class SqlCandidates:
    """Candidates among the incidents stored in the session's database."""

    def __init__(self, session: Session) -> None:
        self.session = session

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
            conds.append(IncidentRow.place_name.is_not(None))
        keep = []
        for row in self.session.execute(select(*_LIGHT).where(*conds)):
            light = _light(row)
            if in_window(d, light, days) and reaches(d, light):
                keep.append(row.id)
        found: list[IncidentRow] = []
        for chunk in in_chunks(keep):
            found += [row for row in self.session.scalars(
                select(IncidentRow).where(IncidentRow.id.in_(chunk))) if links(d, row.record)]
        return sorted(found, key=lambda r: -r.id)


def candidates(session: Session, d: Digest) -> list[IncidentRow]:
    """Live incidents whose date and place are compatible with mention digest ``d``."""
    return SqlCandidates(session).find(d)
