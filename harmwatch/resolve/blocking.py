"""Candidate incidents for a mention: an index query, never a scan of all incidents.

The date window comes from the date precision (a day either side for a day, a week, a month...;
an incident dated to a month runs to its end); the place is a box of a few km around a town
(the (date, lat, lon) index), the same place name, or containment for coarse places (same
province or country). Undated mentions look a week back from their report's date.

Two steps keep it cheap: the query reads only the date and place columns, and only incidents
whose place and date pass `match.place_relation` / `match.date_relation` are loaded whole.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from harmwatch.resolve.match import (
    COARSE,
    DATE_WINDOW,
    LINK_KM,
    NEAR_KM,
    date_relation,
    inside_town,
    km,
    place_relation,
)
from harmwatch.store.schema import IncidentRow

MAX_CANDIDATES = 200
SLACK_DAYS = 31  # how far back an incident dated to a week or a month may start
_DEG = NEAR_KM / 111.0
_LIGHT = (IncidentRow.id, IncidentRow.date, IncidentRow.date_end, IncidentRow.date_precision,
          IncidentRow.place_name, IncidentRow.lat, IncidentRow.lon, IncidentRow.place_precision,
          IncidentRow.admin1, IncidentRow.country)


def _window(d: dict[str, Any]) -> tuple[dt.date, dt.date] | None:
    if d["date"]:
        day = dt.date.fromisoformat(d["date"])
        w = DATE_WINDOW.get(d["date_precision"] or "day", 1)
        return day - dt.timedelta(days=w), day + dt.timedelta(days=w)
    if d["published"]:
        day = dt.date.fromisoformat(d["published"])
        return day - dt.timedelta(days=7), day
    return None


def _place_conditions(loc: dict[str, Any]) -> list[Any]:
    place: list[Any] = [IncidentRow.place_name == loc["name"]]
    precision = loc.get("precision") or "town"
    if precision == "country" and loc.get("country"):
        place.append(IncidentRow.country == loc["country"])
    elif precision in COARSE and loc.get("admin1"):
        place.append(IncidentRow.admin1 == loc["admin1"])
    else:
        if loc.get("lat") is not None and loc.get("lon") is not None:
            lat, lon = loc["lat"], loc["lon"]
            place.append(and_(IncidentRow.lat.between(lat - _DEG, lat + _DEG),
                              IncidentRow.lon.between(lon - 1.5 * _DEG, lon + 1.5 * _DEG)))
        if loc.get("admin1"):  # coarse incidents containing it, and towns its text may name
            place.append(IncidentRow.admin1 == loc["admin1"])
    return place


def candidates(session: Session, d: dict[str, Any]) -> list[IncidentRow]:
    """Live incidents whose date and place are compatible with mention digest ``d``."""
    window = _window(d)
    if window is None:
        return []
    lo, hi = window
    conds = [
        IncidentRow.date.between(lo - dt.timedelta(days=SLACK_DAYS), hi),
        func.coalesce(IncidentRow.date_end, IncidentRow.date) >= lo,
        IncidentRow.merged_into_id.is_(None),
    ]
    if d["location"]:
        conds.append(or_(*_place_conditions(d["location"])))
    query = select(*_LIGHT).where(*conds).order_by(IncidentRow.id.desc()).limit(MAX_CANDIDATES)
    keep = []
    for row in session.execute(query):
        light = {
            "date": row.date.isoformat() if row.date else None,
            "date_end": row.date_end.isoformat() if row.date_end else None,
            "date_precision": row.date_precision,
            "location": {"name": row.place_name, "lat": row.lat, "lon": row.lon,
                         "precision": row.place_precision, "admin1": row.admin1,
                         "country": row.country} if row.place_name else None,
        }
        if date_relation(d, light) == "different":
            continue
        place = place_relation(d["location"], light["location"])
        if place in ("near", "different"):  # another town joins only when the text names it
            distance = km(d["location"] or {}, light["location"] or {})
            if distance is None or distance > LINK_KM or (
                row.place_name.lower() not in d["snippet"].lower()
                and not inside_town(d["location"], light["location"], distance)
            ):  # a neighbourhood and its town: `match.decide` reads whether the words link them
                continue
        keep.append(row.id)
    if not keep:
        return []
    rows = session.scalars(select(IncidentRow).where(IncidentRow.id.in_(keep)))
    return sorted(rows, key=lambda r: -r.id)
