"""Whether two places may be one incident's (`compatible`: the same town, a province or
country and a town in it, a region and the towns within its reach, a village no gazetteer
holds and its province named for short), which places are only coarse (a province, a
country), and the country a report's places are mostly in (`dominant_country`)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from harmwatch.gazetteer.types import UNLISTED
from harmwatch.pipeline.types import PlaceMention

COARSE = ("province", "country", "district", "region")


REGION_REACH_KM = 50.0


COUNTRY_NAMED = 0.3


def dominant_country(places: Sequence[PlaceMention]) -> str | None:
    """The country most place mentions of the report are in (None when none is known)."""
    counts: dict[str, float] = {}
    for p in places:
        if p.place.country and p.cue != "dateline":  # where the story was filed from
            # a country named is as often a nationality or a party ("citizens of Britain",
            # "Qatar mediated") as where the report is: its towns say that
            weight = COUNTRY_NAMED if p.precision == "country" else 1.0
            counts[p.place.country] = counts.get(p.place.country, 0.0) + weight * p.score
    return max(counts, key=lambda c: counts[c]) if counts else None


def distance_km(a: PlaceMention, b: PlaceMention) -> float | None:
    pa, pb = a.place, b.place
    if None in (pa.lat, pa.lon, pb.lat, pb.lon):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (pa.lat, pa.lon, pb.lat, pb.lon))  # type: ignore
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def is_coarse(p: PlaceMention) -> bool:
    if p.place.id.startswith(UNLISTED):
        return False  # a village no gazetteer holds, placed at its area's point: a village
    return p.precision in COARSE or p.place.feature in COARSE


def compatible(a: PlaceMention, b: PlaceMention) -> bool:
    """Could both mentions be the place of one incident (same town, or one contains the other)?"""
    if a.place.id == b.place.id or a.place.name.lower() == b.place.name.lower():
        return True
    if is_coarse(a) or is_coarse(b):
        # the wider of the two holds the other: a country holds its provinces as it holds its
        # towns ("in Ukraine" ... "a village in Kharkiv region")
        coarse, fine = (b, a) if is_country(b) or not is_coarse(a) else (a, b)
        if is_country(coarse):
            return coarse.place.country == fine.place.country
        if (coarse.place.admin1 or "").lower() == (fine.place.admin1 or "").lower():
            return True
        if _holds(coarse, fine):
            return True
        # a region of several provinces ("the Gaza Strip", "the West Bank") is no province
        # of the places in it: it holds the places of its country within its reach
        region, other = (a, b) if a.place.feature == "region" else (b, a)
        if region.place.feature != "region" or region.place.country != other.place.country:
            return False
        km = distance_km(region, other)
        return km is not None and km <= REGION_REACH_KM
    if names_province_of(a, b) or names_province_of(b, a):
        return True
    km = distance_km(a, b)
    near = 8.0 if "neighbourhood" in (a.precision, b.precision) else 3.0
    return km is not None and km < near


def names_province_of(town: PlaceMention, village: PlaceMention) -> bool:
    """Whether ``town`` is named as the province ``village`` -- a village no gazetteer holds,
    at its province's point -- lies in: "killed in a strike in Raqqa" and "al-Salehia village
    in the Raqqa countryside" are one place, the province's name said for short (the town of
    that name, or its province: the point of neither tells where the village lies)."""
    if not village.place.id.startswith(UNLISTED) or town.place.country != village.place.country:
        return False
    inside = _admin_key(village.place.admin1)
    return bool(inside) and inside in (_admin_key(town.place.name), _admin_key(town.text))


def _admin_key(name: str | None) -> str:
    """A province name as compared: lower case, letters only, without the article ("Al Jazirah"
    -> "jazirah")."""
    low = re.sub(r"^(?:al|el|ad|an|ar|as|ash|at|az)[\s-]+", "", (name or "").lower())
    return re.sub(r"[^a-z]", "", low)


def _holds(coarse: PlaceMention, fine: PlaceMention) -> bool:
    """Whether the province (or district) ``coarse`` is the one ``fine`` lies in: the
    gazetteers spell a province in several ways ("Gezira" as a village's province, "Al Jazirah"
    as the province's own name), so the words the report wrote for it count as its name too."""
    inside = _admin_key(fine.place.admin1)
    if not inside or coarse.place.country != fine.place.country:
        return False
    names = (coarse.place.admin1, coarse.place.name, coarse.text)
    return any(_admin_key(n) == inside for n in names if n)


def is_country(p: PlaceMention) -> bool:
    return p.precision == "country" or p.place.feature == "country"


def distinct_towns(places: Sequence[PlaceMention]) -> int:
    towns: list[PlaceMention] = []
    for p in places:
        if not is_coarse(p) and not any(compatible(p, q) for q in towns):
            towns.append(p)
    return len(towns)
