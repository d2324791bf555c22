"""The evidence that `rules.decide` weighs: how two places, two dates, two sets of figures and
two texts relate.

Two towns are one place only by name or gazetteer id (Eastern Ghouta's towns are a kilometre
apart), or when one is a neighbourhood of the other: within 2 km, or within 6 km when one
report's words name the other's place ("Shati camp in Gaza" and "Gaza"). Near-identical
sentences link only when they name one place: a copy keeps the place it was told of, and one
template filled in with two towns tells two events. A later report of the same outlet with a
higher toll for the same place and day is that outlet's own update (a toll revision), even when
the extractor did not flag it.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache
from typing import Protocol

from rapidfuzz import fuzz

from harmwatch.gazetteer.normalize import RESOLVER, name_key
from harmwatch.store.record_types import Digest, Place, Range, Record

NEAR_KM = 8.0  # a different town this close is a look-alike, kept apart unless the text links
SAME_KM = 2.0
SAME_NAME_KM = 25.0  # one name, two gazetteers' coordinates for it
LINK_KM = 25.0  # another town this close is the same incident only when the text names it
CITY_KM = 6.0  # a neighbourhood this close to a town that its text names is inside that town
DATE_WINDOW = {"day": 1, "week": 7, "month": 31, "year": 366}
COARSE = {"district", "province", "country"}
FINE = {"exact", "neighbourhood"}
LINKED_TEXT = 92.0
COPIED_TEXT = 97.0  # all but verbatim: links even reports that date the event a day apart
SIMILAR_TEXT = 70.0


class Where(Protocol):
    """An incident's days and place: a `Record`, or what the SQL backend of `candidates` reads
    of one in the incidents table's columns (`blocking.Light`)."""

    @property
    def date(self) -> str | None: ...
    @property
    def date_end(self) -> str | None: ...
    @property
    def date_precision(self) -> str | None: ...
    @property
    def location(self) -> Place | None: ...


@lru_cache(maxsize=65536)
def norm_name(name: str) -> str:
    return name_key(name, RESOLVER)  # one normaliser for the gazetteer, resolver and demo


_day = lru_cache(maxsize=65536)(dt.date.fromisoformat)  # a few thousand days, parsed once each
_lower = lru_cache(maxsize=65536)(str.lower)  # snippets are compared with many candidates


def km(a: Place, b: Place) -> float | None:
    lat1, lon1, lat2, lon2 = a.lat, a.lon, b.lat, b.lon
    if lat1 is None or lon1 is None or lat2 is None or lon2 is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def place_relation(a: Place | None, b: Place | None) -> str:
    """same | near | contains | different | unknown."""
    if not a or not b:
        return "unknown"
    return place_relation_at(a, b, km(a, b))


def place_relation_at(a: Place, b: Place, distance: float | None) -> str:
    """`place_relation` of two places, given their distance ``km(a, b)``."""
    if a.gazetteer_id and a.gazetteer_id == b.gazetteer_id:
        return "same"
    na, nb = norm_name(a.name or ""), norm_name(b.name or "")
    if na and (na == nb or len(na) > 4 and fuzz.ratio(na, nb) >= 88):
        if distance is None or distance <= SAME_NAME_KM:
            return "same"
    pa, pb = a.precision or "town", b.precision or "town"
    if pa in COARSE or pb in COARSE:
        coarse, fine = (a, b) if pa in COARSE else (b, a)
        level = coarse.precision
        if level == "country":
            if coarse.country and coarse.country == fine.country:
                return "contains"
        elif coarse.admin1 and norm_name(coarse.admin1) == norm_name(fine.admin1 or ""):
            return "contains"
        return "different"
    if distance is not None and distance <= SAME_KM and (pa in FINE or pb in FINE):
        return "same"  # a neighbourhood or a point inside the town
    if distance is not None and distance <= NEAR_KM:
        return "near"
    return "different"


def inside_town(a: Place, b: Place, distance: float) -> bool:
    """Whether one place is a neighbourhood (or a point) and the other a town around it, as
    far apart as a city's districts are from its centre ("the Zeitoun district of Gaza City"
    and "Gaza City"); the caller checks that the words link them."""
    levels = {a.precision or "town", b.precision or "town"}
    return distance <= CITY_KM and bool(levels & FINE) and "town" in levels


def date_relation(d: Digest, rec: Where) -> str:
    """same | adjacent | coarse | different | unknown."""
    if not d.date or not rec.date:
        return "unknown"
    day = _day(d.date)
    lo = _day(rec.date)
    hi = _day(rec.date_end or rec.date)
    gap = (lo - day).days if day < lo else (day - hi).days if day > hi else 0
    if d.date_precision == "day" and rec.date_precision == "day":
        return "same" if gap == 0 else "adjacent" if gap == 1 else "different"
    window = max(
        DATE_WINDOW.get(d.date_precision or "day", 1),
        DATE_WINDOW.get(rec.date_precision or "day", 1),
    )
    return "coarse" if gap <= window else "different"


def compatible(a: Range | None, b: Range | None, revision: bool) -> str | None:
    """None (nothing to compare) | zero (both none killed) | equal | close | conflict."""
    if not a or not b:
        return None
    a_lo, a_hi = a.min or 0, a.max if a.max is not None else a.min
    b_lo, b_hi = b.min or 0, b.max if b.max is not None else b.min
    a_hi, b_hi = a_hi or 0, b_hi or 0
    if a_hi == 0 and b_hi == 0:
        return "zero"
    if a_lo == b_lo and a_hi == b_hi:
        return "equal"
    if a_lo <= b_hi and b_lo <= a_hi:
        return "close"
    small, big = sorted((max(a_lo, a_hi), max(b_lo, b_hi)))
    if small and (big <= 1.6 * small + 2 or revision and big <= 4 * small + 5):
        return "close"
    return "conflict"


def _same_place_words(d: Digest, m: Digest) -> bool:
    """Whether two reports name one place in their words: a copy keeps the place it was told
    of, so two sentences alike but for the town ("Residents of Kafruma described an air raid"
    and "Residents of Idlib described an air raid") are one template, not one report."""
    mine = d.location.name if d.location else None
    theirs = m.location.name if m.location else None
    if not mine or not theirs or norm_name(mine) == norm_name(theirs):
        return True
    return _lower(mine) in _lower(m.snippet) or _lower(theirs) in _lower(d.snippet)


def text_similarity(d: Digest, rec: Record, cutoff: float = 0.0) -> float:
    """Highest similarity (0-100) of the mention's evidence to that of another outlet's mention
    of the incident that names the same place. One outlet's own reports are not compared: an
    outlet writing the same template about two events ("shelled X town, no fatalities
    reported") links nothing. Below ``cutoff`` the similarity is 0: only a similar text counts."""
    if not d.snippet:
        return 0.0
    return max(
        (
            fuzz.token_sort_ratio(d.snippet, m.snippet, score_cutoff=cutoff)
            for m in rec.mentions
            if m.snippet and m.outlet != d.outlet and _same_place_words(d, m)
        ),
        default=0.0,
    )


def names_each_other(d: Digest, rec: Record) -> bool:
    """Whether one side's text names the other's place (a report of Idlib naming Ariha)."""
    mine = (d.location.name if d.location else None) or ""
    theirs = (rec.location.name if rec.location else None) or ""
    if not mine or not theirs:
        return False
    mine = _lower(mine)
    return any(mine in _lower(m.snippet) for m in rec.mentions) or (
        _lower(theirs) in _lower(d.snippet)
    )


def rising_toll(d: Digest, rec: Record) -> bool:
    """Whether ``d`` and the incident's reports by the same outlet read as that outlet's toll
    updates: whichever was published later gives the higher toll (either arrival order)."""

    def toll(m: Digest) -> int:
        killed = m.killed
        return (killed.max or killed.min or 0) if killed else 0

    own = [m for m in rec.mentions if m.outlet == d.outlet]
    if not toll(d) or not own or not d.published:
        return False
    for m in own:
        if not toll(m) or not m.published or m.published == d.published:
            return False
        if (m.published < d.published) != (toll(m) < toll(d)):
            return False
    return True


def later_toll(d: Digest, rec: Record) -> bool:
    """Whether ``d`` and the incident's tolls read as one toll rising over the days, whichever
    outlets give them: each report published later than another gives a higher toll (either
    arrival order; `rising_toll` across outlets). Two tolls published the same day, or the same
    toll twice, are not a rise."""

    def toll(m: Digest) -> int:
        killed = m.killed
        return (killed.max or killed.min or 0) if killed else 0

    tolled = [m for m in rec.mentions if toll(m) and m.published]
    if not toll(d) or not d.published or not tolled:
        return False
    for m in tolled:
        if m.published == d.published or toll(m) == toll(d):
            return False
        if (m.published < d.published) != (toll(m) < toll(d)):  # type: ignore[operator]
            return False
    return True
