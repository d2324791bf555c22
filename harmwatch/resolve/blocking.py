"""Candidate incidents for a mention: an index query, never a scan of all incidents.

The date window comes from the date precision (a day either side for a day, a month for a
month...); the place is a box of a few km around a town (the (date, lat, lon) index), the same
place name, or containment for coarse places (same province or country). Undated mentions look
a week back from their report's date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from harmwatch.resolve.match import COARSE, DATE_WINDOW, NEAR_KM
from harmwatch.store.schema import IncidentRow

MAX_CANDIDATES = 200
SLACK_DAYS = 31  # incidents dated to a month start up to a month before the mention's day
_DEG = NEAR_KM / 111.0


def _window(d: dict[str, Any]) -> tuple[dt.date, dt.date] | None:
    if d["date"]:
        day = dt.date.fromisoformat(d["date"])
        w = DATE_WINDOW.get(d["date_precision"] or "day", 1)
        span = {"week": 6, "month": 30, "year": 365}.get(d["date_precision"] or "day", 0)
        return day - dt.timedelta(days=w + SLACK_DAYS), day + dt.timedelta(days=w + span)
    if d["published"]:
        day = dt.date.fromisoformat(d["published"])
        return day - dt.timedelta(days=7), day
    return None


def candidates(session: Session, d: dict[str, Any]) -> list[IncidentRow]:
    """Live incidents that mention digest ``d`` may belong to, nearest in date first."""
    window = _window(d)
    if window is None:
        return []
    conds = [IncidentRow.date.between(*window), IncidentRow.merged_into_id.is_(None)]
    loc = d["location"]
    if loc:
        place = [IncidentRow.place_name == loc["name"]]
        precision = loc.get("precision") or "town"
        if precision == "country" and loc.get("country"):
            place.append(IncidentRow.country == loc["country"])
        elif precision in COARSE and loc.get("admin1"):
            place.append(IncidentRow.admin1 == loc["admin1"])
        else:
            if loc.get("lat") is not None and loc.get("lon") is not None:
                lat, lon = loc["lat"], loc["lon"]
                place.append(
                    and_(
                        IncidentRow.lat.between(lat - _DEG, lat + _DEG),
                        IncidentRow.lon.between(lon - 1.5 * _DEG, lon + 1.5 * _DEG),
                    )
                )
            if loc.get("admin1"):
                place.append(
                    and_(
                        IncidentRow.place_precision.in_(COARSE), IncidentRow.admin1 == loc["admin1"]
                    )
                )
        conds.append(or_(*place))
    query = select(IncidentRow).where(*conds).order_by(IncidentRow.id.desc())
    return list(session.scalars(query.limit(MAX_CANDIDATES)))
