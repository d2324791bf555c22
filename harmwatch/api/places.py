"""Route: search the gazetteer for an incident's place, by any spelling."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from harmwatch.api.schemas import PlacePublic
from harmwatch.api.security import Principal, require_reader
from harmwatch.gazetteer import Gazetteer
from harmwatch.gazetteer.pick import precision_of, search
from harmwatch.store.places import use_stored_places

router = APIRouter(prefix="/api/places", tags=["places"])


def gazetteer(request: Request) -> Gazetteer:
    """The app's gazetteer: the shipped one, the settings' user files and the database's rows
    (`Gazetteer.load` caches it, and reloads when a file or the rows change)."""
    settings = request.app.state.settings
    use_stored_places()  # the database's rows (`harmwatch gazetteer add`) are the app's too
    return Gazetteer.load(settings.gazetteer_files, db_url=request.app.state.db_url)


@router.get("", response_model=list[PlacePublic])
def places(
    request: Request,
    q: str = Query(..., min_length=1, max_length=200, description="a place name, any spelling"),
    limit: int = Query(10, ge=1, le=50),
    _: Principal | None = Depends(require_reader),
) -> list[PlacePublic]:
    """Gazetteer entries this name may be, best first (pick one for an incident's place)."""
    return [
        PlacePublic(
            gazetteer_id=p.id,
            name=p.name,
            admin1=p.admin1,
            admin2=p.admin2,
            country=p.country,
            lat=p.lat,
            lon=p.lon,
            precision=precision_of(p),
        )
        for p in search(gazetteer(request), q, limit)
    ]
