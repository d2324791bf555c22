"""Which incidents a mention is compared with: one definition, two backends.

    search.find(d) -> the live incidents that mention digest ``d`` may join, newest first

`blocking.SqlCandidates` (ingest, one report at a time: an index query on the incidents table)
and `index.MemoryCandidates` (`batch.resolve_many`: the batch's incidents in memory) each look
up a superset in their own way and keep what `admissible` keeps, so the two give the same
candidates in the same order, and `resolve_many` the same decisions as `add_extraction`. The
three rules of `admissible`, each a predicate of the digest and an incident record:

- `in_window`: the incident's days meet the mention's window (a day either side of a day, a
  week of a week, a month of a month, a year of a year; an undated mention looks a week back
  from its report's date), and it starts at most `SLACK_DAYS` before the window (an incident
  dated to a month runs to its end, one dated to a year is looked at only in its first month).
- `reaches`: the place. A placed mention reaches only placed incidents: one of the same name
  (as `match.norm_name` folds it); for a country, one of that country; for a district or
  province, one of that province; for a town, the districts and provinces that contain it,
  the places of its province that its text names, and the places (not districts or provinces)
  of its map cell (`CELL`, about 8 km) and the eight cells around it.
- `links`: the date is not another one (`match.date_relation`), and another town joins only
  within `match.LINK_KM` and when the mention's text names it, or when one of the two is a
  neighbourhood of the other (`match.inside_town`) and either text names the other's place.

A candidate is a starting point: `match.decide` reads the evidence. The order (newest first:
incidents of this batch before stored ones, then by id) settles equal scores in `match.choose`.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Protocol, TypeVar

from harmwatch.resolve.match import (
    COARSE,
    DATE_WINDOW,
    LINK_KM,
    NEAR_KM,
    Where,
    _day,
    date_relation,
    inside_town,
    km,
    names_each_other,
    norm_name,
    place_relation_at,
)
from harmwatch.store.record_types import Digest, Place, Record

SLACK_DAYS = 31  # how far before the window an incident dated to a week or a month may start
UNDATED_DAYS = 7  # an undated mention looks this many days back from its report's date
CELL = NEAR_KM / 111.0  # degrees; a cell and its eight neighbours cover the near box


class Candidate(Protocol):
    """What a backend yields: an incident with its record."""

    @property
    def record(self) -> Record: ...


C = TypeVar("C", bound=Candidate)


class CandidateSearch(Protocol[C]):
    """A backend: the incidents `admissible` for a digest, newest first."""

    def find(self, d: Digest) -> list[C]: ...


def window(d: Digest) -> tuple[dt.date, dt.date] | None:
    """The days the mention looks at (first, last), or None when it has no date at all."""
    if d.date:
        day = _day(d.date)
        w = DATE_WINDOW.get(d.date_precision or "day", 1)
        return day - dt.timedelta(days=w), day + dt.timedelta(days=w)
    if d.published:
        day = _day(d.published)
        return day - dt.timedelta(days=UNDATED_DAYS), day
    return None


Days = tuple[dt.date, dt.date] | None


def in_window(d: Digest, rec: Where, days: Days | bool = True) -> bool:
    """Whether the incident's days meet the mention's window (see the module's docstring);
    ``days``: `window(d)`, when the caller has it."""
    if days is True:
        days = window(d)
    if not days or not rec.date:
        return False
    lo, hi = days
    first = _day(rec.date)
    last = _day(rec.date_end or rec.date)
    return first <= hi and min(last, first + dt.timedelta(days=SLACK_DAYS)) >= lo


def cell(loc: Place | None) -> tuple[int, int] | None:
    """The map cell of a place with coordinates."""
    if loc is None or loc.lat is None or loc.lon is None:
        return None
    return math.floor(loc.lat / CELL), math.floor(loc.lon / CELL)


def is_coarse(loc: Place | None) -> bool:
    return ((loc.precision if loc else None) or "town") in COARSE


def reaches(d: Digest, rec: Where) -> bool:
    """Whether the mention's place reaches the incident's (see the module's docstring)."""
    loc, theirs = d.location, rec.location
    if not loc:
        return True
    if not theirs:
        return False
    if norm_name(theirs.name) == norm_name(loc.name):
        return True
    precision = loc.precision or "town"
    if precision == "country":
        return bool(theirs.country) and theirs.country == loc.country
    if precision in COARSE:
        return bool(theirs.admin1) and norm_name(theirs.admin1 or "") == norm_name(loc.admin1 or "")
    if loc.admin1 and theirs.admin1 and (norm_name(theirs.admin1) == norm_name(loc.admin1)):
        if is_coarse(theirs):
            return True
        name = (theirs.name or "").lower()
        if name and name in d.snippet.lower():  # a place of the province its text names
            return True
    if is_coarse(theirs):
        return False
    mine, other = cell(loc), cell(theirs)
    if mine is None or other is None:
        return False
    return abs(mine[0] - other[0]) <= 1 and abs(mine[1] - other[1]) <= 1


def links(d: Digest, rec: Record) -> bool:
    """Whether nothing settles already that the two are apart: another date, or another town
    that the text does not name (see the module's docstring)."""
    if date_relation(d, rec) == "different":
        return False
    loc, theirs = d.location, rec.location
    if not loc or not theirs:
        return True
    distance = km(loc, theirs)
    if place_relation_at(loc, theirs, distance) not in ("near", "different"):
        return True
    if distance is None or distance > LINK_KM:
        return False
    return theirs.name.lower() in d.snippet.lower() or (
        inside_town(loc, theirs, distance) and names_each_other(d, rec)
    )


def may_link(d: Digest, rec: Where) -> bool:
    """What `links` needs of an incident's date and place alone (the SQL backend reads it in
    the columns before it loads an incident whole): `links` but for the names its reports'
    texts give, and for the place when the mention has a gazetteer id. Never False where
    `links` is True."""
    if date_relation(d, rec) == "different":
        return False
    loc, theirs = d.location, rec.location
    if not loc or not theirs or loc.gazetteer_id:
        return True
    distance = km(loc, theirs)
    if place_relation_at(loc, theirs, distance) not in ("near", "different"):
        return True
    if distance is None or distance > LINK_KM:
        return False
    return theirs.name.lower() in d.snippet.lower() or inside_town(loc, theirs, distance)


def admissible(d: Digest, rec: Record, days: Days | bool = True) -> bool:
    """The one filter of both backends: `in_window`, `reaches` and `links` (``days``:
    `window(d)`, when the caller has it)."""
    return in_window(d, rec, days) and reaches(d, rec) and links(d, rec)
