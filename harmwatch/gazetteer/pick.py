"""An analyst picks an incident's place from the gazetteer: search by any spelling, then the
picked entry's coordinates, precision, province and country become the incident's."""

from __future__ import annotations

from typing import Any

from harmwatch.errors import StoreError
from harmwatch.gazetteer.matcher import Gazetteer
from harmwatch.gazetteer.types import Place

PRECISION = {
    "region": "province",
    "village": "village",
    "town": "town",
    "district": "district",
    "neighbourhood": "neighbourhood",
    "province": "province",
    "country": "country",
}


def search(gaz: Gazetteer, query: str, limit: int = 10) -> list[Place]:
    """Gazetteer entries this spelling may name ("Maarat al Nouman", "Ma'arrat an Nu'man"),
    the best first."""
    query = " ".join(query.split())
    if not query:
        return []
    return [place for place, _strict in gaz.candidates(query)[:limit]]


def precision_of(place: Place) -> str:
    return PRECISION.get(place.feature, "town")


def place_fields(place: Place) -> dict[str, Any]:
    """The incident columns a picked place sets."""
    return {
        "place_name": place.name,
        "admin1": place.admin1,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
        "place_precision": precision_of(place),
    }


def pick(gaz: Gazetteer, name: str, gazetteer_id: str | None = None) -> Place:
    """The entry an analyst means by ``name`` (and ``gazetteer_id``, as the search listed it)."""
    found = search(gaz, name, limit=50)
    if gazetteer_id:
        for place in found:
            if place.id == gazetteer_id:
                return place
        raise StoreError(
            f"the gazetteer has no entry {gazetteer_id} called {name!r}: pick the place again "
            "from the search (GET /api/places?q=...)"
        )
    if not found:
        raise StoreError(
            f"place_name {name!r} is not in the gazetteer: search another spelling "
            "(GET /api/places?q=...), click the map to give its coordinates, or add it with "
            "`harmwatch gazetteer add`"
        )
    return found[0]
