"""A gazetteer entry."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    id: str  # "geonames:169389", "user:places.csv:12", "admin1:SY.10", "unlisted:ET:togoga"
    name: str
    lat: float | None
    lon: float | None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    feature: str = "town"  # village | town | district | neighbourhood | province | country | region
    population: int = 0


# the id prefix of the generated provinces (`gazetteer.load.world_admin1_rows`)
WORLD_ADMIN1 = "admin1:world:"
# the id prefix of the units inside those provinces (`gazetteer.load.world_admin2_rows`)
WORLD_ADMIN2 = "admin2:world:"
# the id prefix of a place the words name that no gazetteer holds (`pipeline.places._unlisted`):
# its point is that of the area holding it
UNLISTED = "unlisted:"


@dataclass(frozen=True)
class PlaceMatch:
    """A span of text that names one or more gazetteer places (`Gazetteer.scan`)."""

    start: int
    end: int
    text: str
    places: tuple[Place, ...]  # candidates, best-supported first (strict, user file, population)
    strict: tuple[bool, ...]  # aligned with places: matched on the strict key, not only loose
    # aligned with places: not strict, but spelt alike but for the vowels (`normalize.near_key`);
    # empty when the scanner did not say
    near: tuple[bool, ...] = ()
