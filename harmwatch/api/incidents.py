"""Routes: list, read, correct and verify incidents; reject a figure; assign, comment, set the
review status; merge, split and keep apart.

Each change answers with the whole incident and its new ``version`` (also its ETag); a change
sent with an older ``version`` (or ``If-Match``) than the stored one is refused with 409 and
what changed since, so two analysts saving at once never overwrite each other silently."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response
from sqlalchemy.orm import Session

from harmwatch.api import markers, places
from harmwatch.api.filters import incident_filter
from harmwatch.api.present import incident_detail, incident_public
from harmwatch.api.schemas import (
    AssignRequest,
    AuditEntryPublic,
    CommentRequest,
    FigureReview,
    IncidentDetail,
    IncidentsPublic,
    IncidentUpdate,
    KeepApartRequest,
    MergeRequest,
    PointPublic,
    SplitRequest,
    StatusRequest,
    UndoRequest,
)
from harmwatch.api.security import Principal, get_db, require_analyst, require_reader
from harmwatch.errors import NotFound, StoreError
from harmwatch.resolve import edit, merge, reject
from harmwatch.store import apart, queries, review
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


def _etag(version: int) -> str:
    return f'W/"v{version}"'


def _wanted(version: int | None, if_match: str | None) -> int | None:
    """The version a change was made on: the body's, else the If-Match header's."""
    if version is not None or not if_match:
        return version
    digits = "".join(ch for ch in if_match.split("v", 1)[-1] if ch.isdigit())
    if not digits:
        raise StoreError(f'If-Match {if_match!r} is not an ETag of this API (W/"v3")')
    return int(digits)


def _answer(db: Session, row: object, response: Response) -> IncidentDetail:
    detail = incident_detail(db, row)  # type: ignore[arg-type]
    response.headers["ETag"] = _etag(detail.version)
    return detail


@router.get("/{incident_id}", response_model=IncidentDetail)
def get_incident(
    incident_id: IncidentId,
    response: Response,
    db: Session = Depends(get_db),
    _: Principal | None = Depends(require_reader),
) -> IncidentDetail:
    """The whole record: each source with its figures and their sentences, claims and denials,
    grade and reason, merge history and audit trail."""
    return _answer(db, queries.get_incident(db, incident_id), response)


@router.patch("/{incident_id}", response_model=IncidentDetail)
def update_incident(
    incident_id: IncidentId,
    body: IncidentUpdate,
    request: Request,
    response: Response,
    if_match: str | None = Header(None),
    db: Session = Depends(get_db),
    who: Principal = Depends(require_analyst),
) -> IncidentDetail:
    """Correct fields (analysts). A new ``place_name`` without lat/lon is looked up in the
    gazetteer (``gazetteer_id`` picks one search result): its coordinates, precision, province
    and country come with it. The change and its audit entry are saved together."""
    changes = body.model_dump(exclude_unset=True)
    note = changes.pop("note", None)
    version = _wanted(changes.pop("version", None), if_match)
    gazetteer_id = changes.pop("gazetteer_id", None)
    if changes.get("place_name") and "lat" not in changes and "lon" not in changes:
        from harmwatch.gazetteer.pick import pick, place_fields

        place = pick(places.gazetteer(request), changes["place_name"], gazetteer_id)
        changes.update(place_fields(place))
    elif changes.get("place_name") and changes.get("lat") is not None:
        changes.setdefault("place_precision", "exact")  # a point clicked on the map
    row = edit.update_incident(
        db, incident_id, changes, user=who.user.name, note=note, version=version
    )
    db.commit()
    return _answer(db, row, response)


@router.post("/{incident_id}/confirm", response_model=IncidentDetail)
def confirm_incident(
    incident_id: IncidentId,
    response: Response,
    db: Session = Depends(get_db),
    who: Principal = Depends(require_analyst),
) -> IncidentDetail:
    """Mark the incident as checked by an analyst (review status "verified")."""
    row = review.confirm_incident(db, incident_id, user=who.user.name)
    db.commit()
    return _answer(db, row, response)


@router.post("/{incident_id}/status", response_model=IncidentDetail)
def set_status(
    incident_id: IncidentId,
    body: StatusRequest,
    response: Response,
    db: Session = Depends(get_db),
    who: Principal = Depends(require_analyst),
) -> IncidentDetail:
    """Set the review status: unreviewed, in_review, verified or rejected."""
    row = review.set_status(db, incident_id, body.status, who.user.name, body.note, body.version)
    db.commit()
    return _answer(db, row, response)


@router.post("/{incident_id}/assign", response_model=IncidentDetail)
def assign(
    incident_id: IncidentId,
    body: AssignRequest,
    response: Response,
    db: Session = Depends(get_db),
    who: Principal = Depends(require_analyst),
) -> IncidentDetail:
    """Assign the incident to an analyst (null: to nobody)."""
    row = review.assign(db, incident_id, body.assignee, who.user.name, body.version)
    db.commit()
    return _answer(db, row, response)


@router.post("/{incident_id}/comments", response_model=AuditEntryPublic)
def comment(
    incident_id: IncidentId,
    body: CommentRequest,
    db: Session = Depends(get_db),
    who: Principal = Depends(require_analyst),
) -> AuditEntryPublic:
    """A comment on the incident, kept in its audit trail."""
    entry = review.add_comment(db, incident_id, body.text, who.user.name)
    db.commit()
    return AuditEntryPublic(
        id=entry.id, at=entry.at, user=entry.user, action=entry.action, note=entry.note
    )


@router.post("/{incident_id}/figures/reject", response_model=IncidentDetail)
def reject_figure(
    incident_id: IncidentId,
    body: FigureReview,
    response: Response,
    db: Session = Depends(get_db),
    who: Principal = Depends(require_analyst),
) -> IncidentDetail:
    """Take one figure out of the incident's ranges (it stays listed, struck out); a reason is
    required. The last figure of its kind cannot be rejected: correct the range instead."""
    row = reject.reject_figure(
        db, incident_id, body.mention_id, body.index, who.user.name, body.reason, body.version
    )
    db.commit()
    return _answer(db, row, response)


@router.post("/{incident_id}/figures/restore", response_model=IncidentDetail)
def restore_figure(
    incident_id: IncidentId,
    body: FigureReview,
    response: Response,
    db: Session = Depends(get_db),
    who: Principal = Depends(require_analyst),
) -> IncidentDetail:
    """Put a rejected figure back into the incident's ranges."""
    row = reject.unreject_figure(
        db, incident_id, body.mention_id, body.index, who.user.name, body.reason, body.version
    )
    db.commit()
    return _answer(db, row, response)


@router.post("/{incident_id}/keep-apart", response_model=IncidentDetail)
def keep_apart(
    incident_id: IncidentId,
    body: KeepApartRequest,
    response: Response,
    db: Session = Depends(get_db),
    who: Principal = Depends(require_analyst),
) -> IncidentDetail:
    """Record that another incident is a different event: the duplicate queue drops the pair,
    and the resolver never joins their reports again."""
    apart.keep_apart(db, incident_id, body.other_id, who.user.name, body.note)
    db.commit()
    return _answer(db, queries.get_incident(db, incident_id), response)


@router.post("/{incident_id}/merge", response_model=IncidentDetail)
def merge_incident(
    incident_id: IncidentId,
    body: MergeRequest,
    response: Response,
    if_match: str | None = Header(None),
    db: Session = Depends(get_db),
    who: Principal = Depends(require_analyst),
) -> IncidentDetail:
    """Fold another incident into this one (logged in the merge history; undo reverses it).
    With ``version``/``other_version`` (or If-Match for this one), refused with 409 and what
    changed when either incident changed since you saw it."""
    merge.merge(
        db,
        incident_id,
        body.other_id,
        user=who.user.name,
        reason=body.note or "",
        version=_wanted(body.version, if_match),
        other_version=body.other_version,
    )
    db.commit()
    return _answer(db, queries.get_incident(db, incident_id), response)


@router.post("/{incident_id}/split", response_model=IncidentDetail)
def split_incident(
    incident_id: IncidentId,
    body: SplitRequest,
    if_match: str | None = Header(None),
    db: Session = Depends(get_db),
    who: Principal = Depends(require_analyst),
) -> IncidentDetail:
    """Move one report's mentions out to a new incident; returns the new incident. With
    ``version`` (or If-Match), refused with 409 and what changed when the incident changed."""
    new = merge.split(
        db,
        incident_id,
        body.report_id,
        user=who.user.name,
        reason=body.note or "",
        version=_wanted(body.version, if_match),
    )
    db.commit()
    return incident_detail(db, new)


@router.post("/{incident_id}/undo", response_model=IncidentDetail)
def undo_change(
    incident_id: IncidentId,
    body: UndoRequest,
    response: Response,
    if_match: str | None = Header(None),
    db: Session = Depends(get_db),
    who: Principal = Depends(require_analyst),
) -> IncidentDetail:
    """Reverse a merge, a split or an automatic attach listed in this incident's merge history.
    With ``version`` (or If-Match), refused with 409 and what changed when this incident
    changed since you saw it."""
    entry = db.get(MergeLogRow, body.log_id)
    if entry is None or incident_id not in (entry.incident_id, entry.other_incident_id):
        raise NotFound(f"incident {incident_id} has no merge log entry {body.log_id}")
    merge.undo(
        db,
        body.log_id,
        user=who.user.name,
        incident_id=incident_id,
        version=_wanted(body.version, if_match),
    )
    db.commit()
    return _answer(db, queries.get_incident(db, incident_id), response)
