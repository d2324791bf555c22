"""Routes: statistics for the timeline and charts, and the timeline's annotations."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from sqlalchemy.orm import Session

from harmwatch.api.filters import incident_filter
from harmwatch.api.schemas import AnnotationCreate, AnnotationPublic, Message, StatsPublic
from harmwatch.api.security import Principal, get_db, require_analyst, require_reader
from harmwatch.store import queries, review
from harmwatch.store.filters import MAX_INT
from harmwatch.store.queries import IncidentFilter

router = APIRouter(prefix="/api", tags=["stats"])


@router.get("/stats", response_model=StatsPublic)
def get_stats(
    flt: IncidentFilter = Depends(incident_filter),
    top: int = Query(20, ge=1, le=500, description="how many places/actors to list"),
    db: Session = Depends(get_db),
    _: Principal | None = Depends(require_reader),
) -> StatsPublic:
    """Incidents and killed by day, place, actor, grade and event type, for the same filters."""
    return StatsPublic.model_validate(asdict(queries.stats(db, flt, top=top)))


def _annotation(row: object) -> AnnotationPublic:
    return AnnotationPublic.model_validate(row, from_attributes=True)


@router.get("/annotations", response_model=list[AnnotationPublic])
def list_annotations(
    db: Session = Depends(get_db), _: Principal | None = Depends(require_reader)
) -> list[AnnotationPublic]:
    """Notes on the timeline (ceasefires, offensives), by date."""
    return [_annotation(row) for row in queries.list_annotations(db)]


@router.post("/annotations", response_model=AnnotationPublic, status_code=201)
def add_annotation(
    body: AnnotationCreate,
    db: Session = Depends(get_db),
    who: Principal = Depends(require_analyst),
) -> AnnotationPublic:
    """Add a note to the timeline (analysts)."""
    row = review.add_annotation(db, body.date, body.label, who.user.name, body.date_end)
    db.commit()
    return _annotation(row)


@router.delete("/annotations/{annotation_id}", response_model=Message)
def delete_annotation(
    annotation_id: Annotated[int, Path(ge=1, le=MAX_INT)],
    db: Session = Depends(get_db),
    who: Principal = Depends(require_analyst),
) -> Message:
    """Remove a note from the timeline (analysts)."""
    review.delete_annotation(db, annotation_id, who.user.name)
    db.commit()
    return Message(message=f"annotation {annotation_id} deleted")
