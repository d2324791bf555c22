"""Routes: list, read, correct and confirm incidents; merge and split them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response
from sqlalchemy.orm import Session

from harmwatch.api import markers
from harmwatch.api.filters import incident_filter
from harmwatch.api.present import incident_detail, incident_public
from harmwatch.api.schemas import (
    IncidentDetail,
    IncidentsPublic,
    IncidentUpdate,
    MergeRequest,
    PointPublic,
    SplitRequest,
    UndoRequest,
)
from harmwatch.api.security import Principal, get_db, require_analyst, require_reader
from harmwatch.errors import NotFound
from harmwatch.resolve import edit, merge
from harmwatch.store import queries, review
from harmwatch.store.filters import MAX_INT
from harmwatch.store.queries import IncidentFilter
from harmwatch.store.schema import MergeLogRow

router = APIRouter(prefix="/api/incidents", tags=["incidents"])
IncidentId = Annotated[int, Path(ge=1, le=MAX_INT, description="the incident's id")]


@router.get("", response_model=IncidentsPublic)
def list_incidents(
    flt: IncidentFilter = Depends(incident_filter),
    sort: str = Query("-date", description="date, killed, place, grade, id...; '-' = descending"),
    limit: int = Query(50, ge=1, le=queries.MAX_PAGE),
    offset: int = Query(0, ge=0, le=MAX_INT),
    db: Session = Depends(get_db),
    _: Principal | None = Depends(require_reader),
) -> IncidentsPublic:
    """Incidents matching the filters, one page at a time, with the total count."""
    page = queries.list_incidents(db, flt, sort=sort, limit=limit, offset=offset)
    sources = queries.report_ids_for(db, [row.id for row in page.rows])
    return IncidentsPublic(
        data=[incident_public(row, sources[row.id]) for row in page.rows],
        total=page.total,
        limit=page.limit,
        offset=page.offset,
    )


@router.get("/map", response_model=list[PointPublic])
def map_points(
    flt: IncidentFilter = Depends(incident_filter),
    db: Session = Depends(get_db),
    _: Principal | None = Depends(require_reader),
) -> Response:
    """Every located incident matching the filters, with what a map marker shows (newest first,
    at most 20,000)."""
    return Response(markers.map_json(db, flt), media_type="application/json")


@router.get("/{incident_id}", response_model=IncidentDetail)
def get_incident(
    incident_id: IncidentId,
    db: Session = Depends(get_db),
    _: Principal | None = Depends(require_reader),
) -> IncidentDetail:
    """The whole record: each source with its figures and their sentences, claims and denials,
    grade and reason, merge history and audit trail."""
    return incident_detail(db, queries.get_incident(db, incident_id))


@router.patch("/{incident_id}", response_model=IncidentDetail)
def update_incident(
    incident_id: IncidentId,
    body: IncidentUpdate,
    db: Session = Depends(get_db),
    who: Principal = Depends(require_analyst),
) -> IncidentDetail:
    """Correct fields (analysts). The change and its audit entry are saved together."""
    changes = body.model_dump(exclude_unset=True)
    note = changes.pop("note", None)
    row = edit.update_incident(db, incident_id, changes, user=who.user.name, note=note)
    db.commit()
    return incident_detail(db, row)


@router.post("/{incident_id}/confirm", response_model=IncidentDetail)
def confirm_incident(
    incident_id: IncidentId,
    db: Session = Depends(get_db),
    who: Principal = Depends(require_analyst),
) -> IncidentDetail:
    """Mark the incident as checked by an analyst."""
    row = review.confirm_incident(db, incident_id, user=who.user.name)
    db.commit()
    return incident_detail(db, row)


@router.post("/{incident_id}/merge", response_model=IncidentDetail)
def merge_incident(
    incident_id: IncidentId,
    body: MergeRequest,
    db: Session = Depends(get_db),
    who: Principal = Depends(require_analyst),
) -> IncidentDetail:
    """Fold another incident into this one (logged in the merge history; undo reverses it)."""
    merge.merge(db, incident_id, body.other_id, user=who.user.name, reason=body.note or "")
    db.commit()
    return incident_detail(db, queries.get_incident(db, incident_id))


@router.post("/{incident_id}/split", response_model=IncidentDetail)
def split_incident(
    incident_id: IncidentId,
    body: SplitRequest,
    db: Session = Depends(get_db),
    who: Principal = Depends(require_analyst),
) -> IncidentDetail:
    """Move one report's mentions out to a new incident; returns the new incident."""
    new = merge.split(db, incident_id, body.report_id, user=who.user.name, reason=body.note or "")
    db.commit()
    return incident_detail(db, new)


@router.post("/{incident_id}/undo", response_model=IncidentDetail)
def undo_change(
    incident_id: IncidentId,
    body: UndoRequest,
    db: Session = Depends(get_db),
    who: Principal = Depends(require_analyst),
) -> IncidentDetail:
    """Reverse a merge, a split or an automatic attach listed in this incident's merge history."""
    entry = db.get(MergeLogRow, body.log_id)
    if entry is None or incident_id not in (entry.incident_id, entry.other_incident_id):
        raise NotFound(f"incident {incident_id} has no merge log entry {body.log_id}")
    merge.undo(db, body.log_id, user=who.user.name)
    db.commit()
    return incident_detail(db, queries.get_incident(db, incident_id))
