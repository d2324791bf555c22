"""The query parameters shared by the incident list, the statistics and the exports."""

from __future__ import annotations

from fastapi import HTTPException, Query, status

from harmwatch.api.validation import Day
from harmwatch.errors import StoreError
from harmwatch.store.filters import MAX_INT
from harmwatch.store.queries import IncidentFilter, parse_bbox

TEXT = 200  # the longest text a filter takes


def incident_filter(
    since: Day | None = Query(None, description="first day (YYYY-MM-DD)"),
    until: Day | None = Query(None, description="last day (YYYY-MM-DD)"),
    bbox: str | None = Query(None, max_length=TEXT, description="west,south,east,north in degrees"),
    place: str | None = Query(
        None, max_length=TEXT, description="place name (part of it), province or country"
    ),
    actor: str | None = Query(None, max_length=TEXT, description="actor id, e.g. russia"),
    grade: str | None = Query(
        None, max_length=TEXT, description="Confirmed, Fair, Weak, Contested or Discounted"
    ),
    event_type: str | None = Query(None, max_length=TEXT, description="airstrike, shelling, ..."),
    min_killed: int | None = Query(
        None,
        ge=0,
        le=MAX_INT,
        description='at least this many killed (the lowest toll; for "up to N" alone, N)',
    ),
    q: str | None = Query(None, max_length=TEXT, description="words in the reports or summary"),
    review_status: str | None = Query(
        None, max_length=TEXT, description="unreviewed, in_review, verified or rejected"
    ),
) -> IncidentFilter:
    if since and until and since > until:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            f"the from-date {since} is after the to-date {until}: swap them or clear one",
        )
    try:
        return IncidentFilter(
            since=since,
            until=until,
            bbox=parse_bbox(bbox) if bbox else None,
            place=place or None,
            actor=actor or None,
            grade=grade or None,
            event_type=event_type or None,
            min_killed=min_killed,
            q=q or None,
            review_status=review_status or None,
        )
    except StoreError as err:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(err)) from None
