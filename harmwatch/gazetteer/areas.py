"""Where a province reaches, as its settlements draw it on a grid.

Gazetteers and reports disagree about the province of a village near a border: the gazetteer's
admin1 comes from coarse polygons, a report says "southern Idlib" of a village a few km across
the line in the Hama countryside, and front lines often run along such borders. So "X in Y"
is read as true of an X whose own province is another, when Y has settlements within a few km
of it (`reaches`). The cells are built once, with the base index (`load._build_base`), for the
countries it holds village by village.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping

from harmwatch.gazetteer.normalize import keys

# the side of a grid cell of `admin_areas`, in degrees (some 5.5 km north to south)
CELL_DEG = 0.05
_SETTLED = frozenset(("village", "town", "neighbourhood"))


def area_cell(lat: float, lon: float) -> tuple[int, int]:
    return (math.floor((lat + 90.0) / CELL_DEG), math.floor((lon + 180.0) / CELL_DEG))


def _cell_id(row: int, col: int) -> int:
    return row * 10_000 + col


def admin_areas(rows: Iterable[tuple], countries: Iterable[str]) -> dict[str, frozenset[int]]:  # type: ignore[type-arg]
    """For each province of the countries held village by village ("SY|idlib"), the grid
    cells its settlements lie in: the shape of the province as its villages draw it."""
    wanted = set(countries)
    cells: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        _id, _name, lat, lon, admin1, _admin2, cc, feature = row[:8]
        if cc in wanted and admin1 and feature in _SETTLED and lat is not None and lon is not None:
            r, c = area_cell(lat, lon)
            cells[f"{cc}|{keys(admin1)[0]}"].add(_cell_id(r, c))
    return {k: frozenset(v) for k, v in cells.items()}


def reaches(
    areas: Mapping[str, frozenset[int]], key: str, lat: float, lon: float, km: float
) -> bool:
    """Whether the province ``key`` ("SY|idlib") has a settlement within about ``km`` of the
    point (to the grid's precision, `CELL_DEG`)."""
    cells = areas.get(key)
    if not cells:
        return False
    r0, c0 = area_cell(lat, lon)
    dr = math.ceil(km / (CELL_DEG * 111.2))
    dc = math.ceil(km / (CELL_DEG * 111.2 * max(0.1, math.cos(math.radians(lat)))))
    for r in range(r0 - dr, r0 + dr + 1):
        for c in range(c0 - dc, c0 + dc + 1):
            if _cell_id(r, c) in cells:
                north = (r - r0) * CELL_DEG * 111.2
                east = (c - c0) * CELL_DEG * 111.2 * math.cos(math.radians(lat))
                if math.hypot(north, east) <= km:
                    return True
    return False
