"""Routes: the duplicate review queue and each analyst's review queue."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from sqlalchemy import select
from sqlalchemy.orm import Session

from harmwatch.api.present import incident_public
from harmwatch.api.schemas import DuplicatePairPublic, IncidentPublic, ReviewStatus
from harmwatch.api.security import Principal, get_db, require_reader
from harmwatch.api.validation import Text
from harmwatch.resolve.duplicates import SCAN, duplicate_pairs
from harmwatch.store import queries, review
from harmwatch.store.schema import UserRow

router = APIRouter(prefix="/api/review", tags=["review"])


@router.get("/duplicates", response_model=list[DuplicatePairPublic])
def duplicates(
    limit: int = Query(50, ge=1, le=500),
    scan: int = Query(SCAN, ge=2, le=20000, description="how many of the newest incidents"),
    db: Session = Depends(get_db),
    _: Principal | None = Depends(require_reader),
) -> list[DuplicatePairPublic]:
    """Pairs of incidents that may be one (close in place and time), with the resolver's score
    and reasons, the likeliest first; pairs an analyst kept apart are left out."""
    pairs = duplicate_pairs(db, limit=limit, scan=scan)
    ids = [i for p in pairs for i in (p.a.id, p.b.id)]
    sources = queries.report_ids_for(db, ids)
    return [
        DuplicatePairPublic(
            a=incident_public(p.a, sources[p.a.id]),
            b=incident_public(p.b, sources[p.b.id]),
            score=p.decision.score,
            resolver_would_merge=p.decision.merge,
            reasons=list(p.decision.reasons),
            km=round(p.km, 1) if p.km is not None else None,
            days=p.days,
        )
        for p in pairs
    ]


@router.get("/queue", response_model=list[IncidentPublic])
def queue(
    assignee: Text | None = Query(
        None, max_length=100, description="an analyst's name; none: every analyst's"
    ),
    status: ReviewStatus | None = Query(None, description="none: unreviewed and in_review"),
    limit: int = Query(200, ge=1, le=1000),
    db: Session = Depends(get_db),
    _: Principal | None = Depends(require_reader),
) -> list[IncidentPublic]:
    """The incidents assigned to an analyst that are still to review (or of one status)."""
    rows = review.review_queue(db, assignee, status, limit)
    sources = queries.report_ids_for(db, [r.id for r in rows])
    return [incident_public(r, sources[r.id]) for r in rows]


@router.get("/analysts", response_model=list[str])
def analysts(
    db: Session = Depends(get_db), _: Principal | None = Depends(require_reader)
) -> list[str]:
    """The users an incident can be assigned to (analysts and admins)."""
    return list(
        db.scalars(
            select(UserRow.name)
            .where(UserRow.role.in_(("analyst", "admin")))
            .order_by(UserRow.name)
        )
    )
