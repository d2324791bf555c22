"""What a list of incidents is filtered by, as SQL: one `IncidentFilter` for the API, the
exports, the plots and the CLI, so the same filter means the same incidents everywhere.

``conditions(flt, session)`` gives the WHERE terms. With a session, place and actor filters
become ``IN`` lists of the values that match (from the vocabulary of the incidents, read once
per data version), and a date window is bounded on both sides, so the indexes of revision 0002
answer them; words go through the full-text indexes (`harmwatch.store.search`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import exists, false, func, or_, select
from sqlalchemy.orm import Session

from harmwatch.errors import StoreError
from harmwatch.gazetteer import Gazetteer
from harmwatch.gazetteer.load import country_codes
from harmwatch.gazetteer.normalize import keys
from harmwatch.store import search
from harmwatch.store.cache import Cache
from harmwatch.store.schema import IncidentRow, MentionRow, ReportRow

BBox = tuple[float, float, float, float]  # west, south, east, north
MAX_IN = 500  # more matching places or actors than this: filter with LIKE instead of IN
_VOCABULARY = Cache(8)

# What a query or a correction may ask for: days within a span any record of harm to civilians
# falls in, and ids and counts an INTEGER column holds on both databases (PostgreSQL's 32 bits:
# SQLAlchemy casts each value compared with such a column to INTEGER, so more is an error there,
# and SQLite's 64 bits overflow too; neither is a miss).
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)
MAX_INT = 2**31 - 1


def check_day(day: dt.date | None, name: str) -> None:
    """``day`` within FIRST_DAY..LAST_DAY, else a StoreError naming ``name``."""
    if day is not None and not FIRST_DAY <= day <= LAST_DAY:
        raise StoreError(
            f"{name} {day.isoformat()} is out of range: give a day from {FIRST_DAY} to {LAST_DAY}"
        )


def check_int(value: int | None, name: str, low: int = 0, high: int = MAX_INT) -> None:
    """``value`` within ``low..high``, else a StoreError naming ``name``."""
    if value is not None and not low <= value <= high:
        raise StoreError(f"{name} {value} is out of range: give a whole number {low} to {high}")


def text_problem(text: str) -> str | None:
    """What makes ``text`` unstorable, or None: a NUL (PostgreSQL refuses it) or a lone
    surrogate (no UTF-8 for it, so neither database takes it)."""
    if "\x00" in text:
        return "contains a NUL character"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        return f"contains a lone surrogate ({text[err.start]!r}) at character {err.start}"
    return None


def check_text(text: str | None, name: str) -> None:
    if text is not None and (problem := text_problem(text)):
        raise StoreError(f"{name} {problem}: remove it and try again")


@dataclass(frozen=True)
class IncidentFilter:
    since: dt.date | None = None
    until: dt.date | None = None
    bbox: BBox | None = None
    place: str | None = None
    actor: str | None = None
    grade: str | None = None
    event_type: str | None = None
    min_killed: int | None = None  # killed_min, or killed_max when only "up to N" is known
    q: str | None = None
    review_status: str | None = None

    def __post_init__(self) -> None:
        check_day(self.since, "since")
        check_day(self.until, "until")
        check_int(self.min_killed, "min_killed")
        for name in ("place", "actor", "grade", "event_type", "q", "review_status"):
            check_text(getattr(self, name), name)


def parse_bbox(text: str) -> BBox:
    """``"west,south,east,north"`` in degrees, as Leaflet's ``getBounds().toBBoxString()``."""
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError:
        raise StoreError(
            f"bad bbox {text!r} (give west,south,east,north in degrees, e.g. 35.5,35,37,36.5)"
        ) from None
    if not all(map(math.isfinite, (west, south, east, north))):
        raise StoreError(f"bad bbox {text!r}: every corner must be a finite number of degrees")
    if not (-90 <= south <= north <= 90):
        raise StoreError(f"bad bbox {text!r}: south must not exceed north, both within -90..90")
    return west, south, east, north


def _contains(column, needle: str):  # type: ignore[no-untyped-def]
    return func.lower(column).contains(needle.lower(), autoescape=True)


@dataclass(frozen=True)
class Vocabulary:
    """The distinct place names, provinces, countries and actor lists of the incidents."""

    places: tuple[str, ...]
    admin1: tuple[str, ...]
    countries: tuple[str, ...]
    actors: tuple[str, ...]


def vocabulary(session: Session) -> Vocabulary:
    """Read once per data version (from the indexes on these columns)."""

    def distinct(column) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
        return tuple(v for v in session.scalars(select(column).distinct()) if v)

    return _VOCABULARY.get(
        session,
        "vocabulary",
        lambda: Vocabulary(
            distinct(IncidentRow.place_name),
            distinct(IncidentRow.admin1),
            distinct(IncidentRow.country),
            distinct(IncidentRow.actors),
        ),
    )


def longest_span(session: Session) -> int:
    """The most days any live incident lasts (``date_end - date``, at least 0): an incident
    that ends on or after a day starts at most this many days before it."""

    def compute() -> int:
        if session.get_bind().dialect.name == "sqlite":
            days = func.julianday(IncidentRow.date_end) - func.julianday(IncidentRow.date)
        else:
            days = IncidentRow.date_end - IncidentRow.date
        query = select(func.max(days)).where(
            IncidentRow.merged_into_id.is_(None), IncidentRow.date_end.is_not(None)
        )
        return max(0, int(session.scalar(query) or 0))

    return _VOCABULARY.get(session, "longest_span", compute)


def _place_condition(session: Session | None, place: str):  # type: ignore[no-untyped-def]
    """Part of the place name, or the whole province or country (any case), in any spelling the
    gazetteer's keys join ("Idleb" finds Idlib, "Saraqeb" Saraqib, "Syria" the incidents coded
    SY, "Gaza City" the place the gazetteer calls Gaza)."""
    needle = place.lower()
    if session is not None:
        words = vocabulary(session)
        wanted = _spellings(place)
        names = [
            name
            for name in words.places
            if needle in name.lower()
            or _place_keys(name) & wanted["place"]
            or _within(wanted["strict"], _place_keys(name))
        ]
        if len(names) <= MAX_IN:
            terms = []
            if names:
                terms.append(IncidentRow.place_name.in_(names))
            if admin1 := [
                a
                for a in words.admin1
                if a.lower() == needle
                or _place_keys(a) & wanted["admin"]
                or _place_keys(a) & wanted["place"]
            ]:
                terms.append(IncidentRow.admin1.in_(admin1))
            if countries := [
                c for c in words.countries if c.lower() == needle or c in wanted["country"]
            ]:
                terms.append(IncidentRow.country.in_(countries))
            return or_(*terms) if terms else false()
    codes = sorted(_spellings(place)["country"])
    return or_(
        _contains(IncidentRow.place_name, place),
        func.lower(IncidentRow.admin1) == needle,
        func.lower(IncidentRow.country) == needle,
        IncidentRow.country.in_(codes) if codes else false(),
    )


_ADMIN_WORDS = re.compile(
    r"\s+(?:province|governorate|region|state|district|countryside|"
    r"muhafazat|wilayah?|oblast)$",
    re.IGNORECASE,
)


@lru_cache(maxsize=20_000)
def _place_keys(name: str) -> frozenset[str]:
    """The gazetteer's strict and loose keys of a stored name ("Saraqeb" and "Saraqib" share
    their loose key)."""
    strict, loose = keys(name)
    return frozenset(k for k in (strict, "~" + loose) if k.strip("~"))


@lru_cache(maxsize=1_000)
def _spellings(place: str) -> dict[str, frozenset[str]]:
    """What a place filter may name: its own keys, the names of the places the gazetteer reads
    it as (only when it names one exactly), and the country codes."""
    strict = keys(place)[0]
    own = _place_keys(place)
    admin = _place_keys(_ADMIN_WORDS.sub("", place.strip()))
    found = set(own)
    for candidate, exact in Gazetteer.load().candidates(place)[:5]:
        if exact:  # "Gaza City" is an alternate name of the place called Gaza
            found |= _place_keys(candidate.name)
    code = country_codes().get(strict)
    return {
        "place": frozenset(found),
        "admin": admin | own,
        "strict": frozenset({strict} if strict else ()),
        "country": frozenset({code} if code else ()),
    }


def _within(strict: frozenset[str], name_keys: frozenset[str]) -> bool:
    """Whether the filter's strict key is whole words of a stored name's ("numan" in "maarat
    numan")."""
    return any(f" {s} " in f" {k} " for s in strict for k in name_keys if not k.startswith("~"))


def _actor_condition(session: Session | None, actor: str):  # type: ignore[no-untyped-def]
    if session is not None:
        needle = actor.lower()
        lists = [a for a in vocabulary(session).actors if needle in a.lower()]
        if len(lists) <= MAX_IN:
            return IncidentRow.actors.in_(lists) if lists else false()
    return _contains(IncidentRow.actors, actor)


def conditions(  # type: ignore[type-arg]
    flt: IncidentFilter, session: Session | None = None, scan_search: bool = False
) -> list:
    """The WHERE terms of ``flt``; with a ``session``, place and actor filters use the
    vocabulary (an indexed IN instead of a LIKE over every incident)."""
    conds: list = [IncidentRow.merged_into_id.is_(None)]  # type: ignore[type-arg]
    if flt.since:
        conds.append(func.coalesce(IncidentRow.date_end, IncidentRow.date) >= flt.since)
    if flt.until:
        conds.append(IncidentRow.date <= flt.until)
    if flt.since and flt.until and session is not None:
        # the same incidents, said so that the index reads the window only, not all before it
        # (unless an incident lasts longer than the calendar goes back: a bad date, stored)
        span = longest_span(session)
        if span < (flt.since - dt.date.min).days:
            conds.append(IncidentRow.date >= flt.since - dt.timedelta(days=span))
    if flt.bbox:
        west, south, east, north = flt.bbox
        conds.append(IncidentRow.lat.between(south, north))
        if west <= east:
            conds.append(IncidentRow.lon.between(west, east))
        else:  # crosses the antimeridian
            conds.append(or_(IncidentRow.lon >= west, IncidentRow.lon <= east))
    if flt.place:
        conds.append(_place_condition(session, flt.place))
    if flt.actor:
        conds.append(_actor_condition(session, flt.actor))
    if flt.grade:
        conds.append(func.lower(IncidentRow.grade) == flt.grade.lower())
    if flt.event_type:
        conds.append(IncidentRow.event_type == flt.event_type)
    if flt.min_killed is not None:
        # the lower bound, or the only figure when none is known: "up to 35" counts as 35 here,
        # as in the CSV's `fatalities` (else "at least 10 killed" would hide a 35-dead strike)
        conds.append(
            func.coalesce(IncidentRow.killed_min, IncidentRow.killed_max) >= flt.min_killed
        )
    if flt.review_status:
        conds.append(IncidentRow.review_status == flt.review_status)
    if flt.q and (match := search.matches(flt.q, scan_search)) is not None:
        conds.append(match)
    elif flt.q:  # no word in it (punctuation only): the text as it is, in every text
        in_reports = exists(
            select(MentionRow.id)
            .join(ReportRow, ReportRow.id == MentionRow.report_id)
            .where(MentionRow.incident_id == IncidentRow.id, _contains(ReportRow.text, flt.q))
        )
        conds.append(
            or_(
                _contains(IncidentRow.summary, flt.q),
                _contains(IncidentRow.place_name, flt.q),
                _contains(IncidentRow.actors, flt.q),
                in_reports,
            )
        )
    return conds
