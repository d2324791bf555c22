"""The query parameters shared by the incident list, the statistics and the exports."""

from __future__ import annotations

import datetime as dt

from fastapi import HTTPException, Query, status

from harmwatch.errors import StoreError
from harmwatch.store.queries import IncidentFilter, parse_bbox


def incident_filter(
    since: dt.date | None = Query(None, description="first day (YYYY-MM-DD)"),
    until: dt.date | None = Query(None, description="last day (YYYY-MM-DD)"),
    bbox: str | None = Query(None, description="west,south,east,north in degrees"),
    place: str | None = Query(None, description="place name (part of it), province or country"),
    actor: str | None = Query(None, description="actor id, e.g. russia"),
    grade: str | None = Query(None, description="Confirmed, Fair, Weak, Contested or Discounted"),
    event_type: str | None = Query(None, description="airstrike, shelling, ..."),
    min_killed: int | None = Query(None, ge=0, description="at least this many killed"),
    q: str | None = Query(None, max_length=200, description="words in the reports or summary"),
    review_status: str | None = Query(
        None, description="unreviewed, in_review, verified or rejected"
    ),
) -> IncidentFilter:
    try:
        box = parse_bbox(bbox) if bbox else None
    except StoreError as err:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(err)) from None
    return IncidentFilter(
        since=since,
        until=until,
        bbox=box,
        place=place or None,
        actor=actor or None,
        grade=grade or None,
        event_type=event_type or None,
        min_killed=min_killed,
        q=q or None,
        review_status=review_status or None,
    )
