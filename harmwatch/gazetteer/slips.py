"""Names one slip away: a village the words place in a province, spelt with one letter
mistyped, left out, added or swapped ("Ghadqa" for al-Ghadfah, "Kafr Amin" for Kafr Amim,
"Bashkum" for Bashkun, "Kafrsanja" for Kafr Sajnah).

The gazetteer's keys forgive the vowels and the usual transliteration variants, not a slip of
a consonant. A name no gazetteer entry answers to is looked up again here, only among the
settlements of the admin area the words put it in (`one_slip`): its consonant skeleton
(`normalize.loose_key`) with one consonant changed, dropped, added or two swapped, kept when the
place's own name is one edit from the words' but for its vowels (`_slip_key`). Nothing
outside that area is taken, so a slip does not carry a name to a namesake elsewhere.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from harmwatch.gazetteer.normalize import keys, strict_key, vowel_key
from harmwatch.gazetteer.types import Place

if TYPE_CHECKING:
    from harmwatch.gazetteer.load import Index
    from harmwatch.gazetteer.matcher import Gazetteer

# the letters of a consonant skeleton after the digraphs are unified (`normalize.json`)
_CONSONANTS = "bdfghjklmnprstvz"
# how alike (`fuzz.ratio` of the strict keys) the place's name must be, and by how much more
# than any other of the area's places a slip away
SLIP_LIKENESS = 75.0
SLIP_MARGIN = 8.0
MIN_SLIP_NAME = 5  # letters of the words' name (its strict key, spaces aside): shorter, no slip
_SETTLED = frozenset(("village", "town", "neighbourhood"))
AREA_BORDER_KM = 10.0  # how far across a province's border its villages may be said to lie
TOWN_AREA_KM = 25.0  # how far from a town or district said the village slipped on may lie


def _slip_key(strict: str) -> str:
    """The strict key with its vowels as one letter (`normalize.vowel_key`), words run
    together: one slip apart on it is one consonant apart, whatever the vowels written
    ("Ghadqa" / "al-Ghadfah", not "Salumiya" / "Samiyah")."""
    return vowel_key(strict).replace(" ", "")


def _one_edit(key: str) -> Iterator[str]:
    """``key`` and every string one edit from it over the skeleton's letters."""
    yield key
    for i in range(len(key)):
        yield key[:i] + key[i + 1 :]
        if i + 1 < len(key):
            yield key[:i] + key[i + 1] + key[i] + key[i + 2 :]
        for ch in _CONSONANTS:
            if ch != key[i]:
                yield key[:i] + ch + key[i + 1 :]
    for i in range(len(key) + 1):
        for ch in _CONSONANTS:
            yield key[:i] + ch + key[i:]


def one_slip(indexes: Sequence[Index], name: str, inside: Callable[[Place], bool]) -> Place | None:
    """The one settlement of the area (``inside``) whose name is ``name`` but for one slip
    of a consonant, or None (none, or two far apart that fit as well)."""
    sk, lk = keys(name)
    if len(sk.replace(" ", "")) < MIN_SLIP_NAME or len(lk) < 2:
        return None
    mine = _slip_key(sk)
    best: list[tuple[float, Place]] = []
    seen: set[str] = set()
    for variant in set(_one_edit(lk)):
        for ix in indexes:
            for i in ix.loose.get(variant, ()):
                place = ix.place(i)
                if place.id in seen or place.feature not in _SETTLED:
                    continue
                seen.add(place.id)
                if not inside(place):
                    continue
                theirs = strict_key(place.name)
                if OSA.distance(mine, _slip_key(theirs)) <= 1:
                    best.append((fuzz.ratio(sk, theirs), place))
    if not best:
        return None
    best.sort(key=lambda rp: -rp[0])
    top = best[0]
    if top[0] < SLIP_LIKENESS:
        return None
    # two places of the area a slip away and spelt about as alike ("Sabqa": Saqba swapped,
    # Sakka short of a letter): which one the words meant is anyone's guess
    rivals = [p for r, p in best[1:] if r > top[0] - SLIP_MARGIN and not _close(p, top[1])]
    return None if rivals else top[1]


def _close(a: Place, b: Place, km: float = 5.0) -> bool:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return False
    dlat = (a.lat - b.lat) * 111.2
    dlon = (a.lon - b.lon) * 111.2 * math.cos(math.radians(a.lat))
    return math.hypot(dlat, dlon) <= km


def area_test(gazetteer: Gazetteer, area: Place) -> Callable[[Place], bool] | None:
    """Whether a place lies in ``area``: a province (or "the Idlib countryside": the province
    its capital names), else the land around a town or district; None for other areas."""
    if area.lat is None or area.lon is None:
        return None
    admin1 = gazetteer.admin1_of(area) or gazetteer.canonical_admin1(area.name, area.country)
    capital = area.feature == "town" and strict_key(area.name) == admin1
    if area.feature in ("province", "region") or capital:

        def inside(p: Place) -> bool:
            return p.country == area.country and (
                gazetteer.admin1_of(p) == admin1 or gazetteer.reaches(area, p, AREA_BORDER_KM)
            )

        return inside
    if area.feature in ("town", "village", "district"):

        def near(p: Place) -> bool:
            return p.country == area.country and _close(p, area, TOWN_AREA_KM)

        return near
    return None


def slip_in_area(gazetteer: Gazetteer, name: str, area: Place) -> Place | None:
    """The settlement of ``area`` (`area_test`) whose name is ``name`` but for one slip of a
    consonant (`one_slip`)."""
    inside = area_test(gazetteer, area)
    return one_slip(gazetteer.indexes, name, inside) if inside is not None else None


def spelt_in_area(gazetteer: Gazetteer, name: str, inside: Callable[[Place], bool]) -> Place | None:
    """The one settlement of an area (``inside``) spelt as ``name`` (its strict key): a name
    the scan leaves out as an English word ("Has village in southern Idlib") is that village
    when the words call it one. None when there is none, or two far apart."""
    found = [
        p
        for p, strict in gazetteer.candidates(name)
        if strict and p.feature in _SETTLED and inside(p)
    ]
    if not found or any(not _close(p, found[0]) for p in found[1:]):
        return None
    return found[0]
