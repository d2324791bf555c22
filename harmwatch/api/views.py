"""Routes: saved views, a named, shareable filter set (one user's, seen by the whole team).

Each view has an address, ``/?saved=ID#/``, that opens the web app with its filters."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Path, Response, status
from sqlalchemy.orm import Session

from harmwatch.api.schemas import Message, SavedViewCreate, SavedViewPublic
from harmwatch.api.security import Principal, get_db, require_reader, require_role
from harmwatch.store import views
from harmwatch.store.filters import MAX_INT
from harmwatch.store.schema import SavedViewRow

router = APIRouter(prefix="/api/views", tags=["views"])
ViewId = Annotated[int, Path(ge=1, le=MAX_INT, description="the saved view's id")]
require_user = require_role("viewer")  # any logged-in user saves views


def public(row: SavedViewRow) -> SavedViewPublic:
    filters = {k: row.filters[k] for k in views.KEYS if k in (row.filters or {})}
    return SavedViewPublic(
        id=row.id,
        name=row.name,
        owner=row.owner,
        filters=filters,
        query=urlencode(filters),
        url=f"/?saved={row.id}#/",
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


@router.get("", response_model=list[SavedViewPublic])
def list_views(
    db: Session = Depends(get_db), _: Principal | None = Depends(require_reader)
) -> list[SavedViewPublic]:
    """Every saved view of the team, by name."""
    return [public(row) for row in views.list_views(db)]


@router.get("/{view_id}", response_model=SavedViewPublic)
def get_view(
    view_id: ViewId, db: Session = Depends(get_db), _: Principal | None = Depends(require_reader)
) -> SavedViewPublic:
    """One saved view: its filters and its shareable address."""
    return public(views.get_view(db, view_id))


@router.post("", response_model=SavedViewPublic, status_code=201)
def save_view(
    body: SavedViewCreate,
    response: Response,
    db: Session = Depends(get_db),
    who: Principal = Depends(require_user),
) -> SavedViewPublic:
    """Save the filters under a name (201); your view of that name again replaces its filters
    (200). Audited."""
    filters = body.filters.model_dump(exclude_none=True, mode="json")
    row, created = views.save_view(db, body.name, filters, who.user.name)
    db.commit()
    if not created:
        response.status_code = status.HTTP_200_OK
    return public(row)


@router.delete("/{view_id}", response_model=Message)
def delete_view(
    view_id: ViewId, db: Session = Depends(get_db), who: Principal = Depends(require_user)
) -> Message:
    """Delete a saved view: your own (an admin: anyone's). Audited."""
    try:
        views.delete_view(db, view_id, who.user.name, admin=who.user.can("admin"))
    except PermissionError as err:
        raise HTTPException(status.HTTP_403_FORBIDDEN, str(err)) from None
    db.commit()
    return Message(message=f"saved view {view_id} deleted")
