"""The read side: filtered, sorted, paginated incidents, their sources and history, and statistics.

Every list (API, exports, plots) goes through `IncidentFilter`, so the same filter means the same
incidents everywhere. Incidents merged into another one are never listed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from harmwatch.errors import NotFound, StoreError
from harmwatch.store.schema import (
    AnnotationRow,
    AuditRow,
    IncidentRow,
    MentionRow,
    MergeLogRow,
    ReportRow,
)

BBox = tuple[float, float, float, float]  # west, south, east, north
SORTS = {
    "date": IncidentRow.date,
    "killed": IncidentRow.killed_min,
    "injured": IncidentRow.injured_min,
    "place": IncidentRow.place_name,
    "grade": IncidentRow.grade,
    "event_type": IncidentRow.event_type,
    "id": IncidentRow.id,
    "updated": IncidentRow.updated_at,
}
MAX_PAGE = 5000


@dataclass(frozen=True)
class IncidentFilter:
    since: dt.date | None = None
    until: dt.date | None = None
    bbox: BBox | None = None
    place: str | None = None
    actor: str | None = None
    grade: str | None = None
    event_type: str | None = None
    min_killed: int | None = None
    q: str | None = None
    review_status: str | None = None


@dataclass(frozen=True)
class Page:
    rows: list[IncidentRow]
    total: int
    limit: int
    offset: int


def parse_bbox(text: str) -> BBox:
    """``"west,south,east,north"`` in degrees, as Leaflet's ``getBounds().toBBoxString()``."""
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError:
        raise StoreError(
            f"bad bbox {text!r} (give west,south,east,north in degrees, e.g. 35.5,35,37,36.5)"
        ) from None
    if not (-90 <= south <= north <= 90):
        raise StoreError(f"bad bbox {text!r}: south must not exceed north, both within -90..90")
    return west, south, east, north


def _contains(column, needle: str):  # type: ignore[no-untyped-def]
    return func.lower(column).contains(needle.lower(), autoescape=True)


def _conditions(flt: IncidentFilter) -> list:  # type: ignore[type-arg]
    conds: list = [IncidentRow.merged_into_id.is_(None)]  # type: ignore[type-arg]
    if flt.since:
        conds.append(func.coalesce(IncidentRow.date_end, IncidentRow.date) >= flt.since)
    if flt.until:
        conds.append(IncidentRow.date <= flt.until)
    if flt.bbox:
        west, south, east, north = flt.bbox
        conds.append(IncidentRow.lat.between(south, north))
        if west <= east:
            conds.append(IncidentRow.lon.between(west, east))
        else:  # crosses the antimeridian
            conds.append(or_(IncidentRow.lon >= west, IncidentRow.lon <= east))
    if flt.place:
        conds.append(
            or_(
                _contains(IncidentRow.place_name, flt.place),
                func.lower(IncidentRow.admin1) == flt.place.lower(),
                func.lower(IncidentRow.country) == flt.place.lower(),
            )
        )
    if flt.actor:
        conds.append(_contains(IncidentRow.actors, flt.actor))
    if flt.grade:
        conds.append(func.lower(IncidentRow.grade) == flt.grade.lower())
    if flt.event_type:
        conds.append(IncidentRow.event_type == flt.event_type)
    if flt.min_killed is not None:
        conds.append(IncidentRow.killed_min >= flt.min_killed)
    if flt.review_status:
        conds.append(IncidentRow.review_status == flt.review_status)
    if flt.q:
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


def incidents_query(flt: IncidentFilter, sort: str = "-date") -> Select[IncidentRow]:
    """The SELECT of the incidents that ``flt`` keeps, ordered by ``sort`` (``-`` = descending)."""
    key = sort.lstrip("-")
    if key not in SORTS:
        raise StoreError(f"cannot sort by {key!r} (use one of: {', '.join(SORTS)})")
    column = SORTS[key]
    order = column.desc().nulls_last() if sort.startswith("-") else column.asc().nulls_last()
    tiebreak = IncidentRow.id.desc() if sort.startswith("-") else IncidentRow.id.asc()
    return select(IncidentRow).where(and_(*_conditions(flt))).order_by(order, tiebreak)


def list_incidents(
    session: Session, flt: IncidentFilter, sort: str = "-date", limit: int = 50, offset: int = 0
) -> Page:
    limit = max(1, min(limit, MAX_PAGE))
    offset = max(0, offset)
    total = session.scalar(
        select(func.count()).select_from(IncidentRow).where(and_(*_conditions(flt)))
    )
    rows = session.scalars(incidents_query(flt, sort).limit(limit).offset(offset)).all()
    return Page(list(rows), int(total or 0), limit, offset)


@dataclass(frozen=True)
class Point:
    id: int
    lat: float
    lon: float
    date: dt.date | None
    place_name: str | None
    event_type: str
    killed_min: int | None
    killed_max: int | None
    grade: str | None


def map_points(session: Session, flt: IncidentFilter, limit: int = 20000) -> list[Point]:
    """Every located incident ``flt`` keeps, with only what a map marker shows (one query)."""
    cols = (
        IncidentRow.id,
        IncidentRow.lat,
        IncidentRow.lon,
        IncidentRow.date,
        IncidentRow.place_name,
        IncidentRow.event_type,
        IncidentRow.killed_min,
        IncidentRow.killed_max,
        IncidentRow.grade,
    )
    query = (
        select(*cols)
        .where(and_(*_conditions(flt)), IncidentRow.lat.is_not(None), IncidentRow.lon.is_not(None))
        .order_by(IncidentRow.date.desc().nulls_last(), IncidentRow.id.desc())
        .limit(limit)
    )
    return [Point(*row) for row in session.execute(query)]  # type: ignore[arg-type]


def report_ids_for(session: Session, incident_ids: Sequence[int]) -> dict[int, list[str]]:
    """The ids of the reports that tell each incident, in one query (no per-row loading)."""
    found: dict[int, set[str]] = {i: set() for i in incident_ids}
    if incident_ids:
        query = select(MentionRow.incident_id, MentionRow.report_id).where(
            MentionRow.incident_id.in_(list(incident_ids))
        )
        for incident_id, report_id in session.execute(query):
            if incident_id is not None:
                found[incident_id].add(report_id)
    return {i: sorted(ids) for i, ids in found.items()}


def all_incidents(session: Session, flt: IncidentFilter, sort: str = "date") -> list[IncidentRow]:
    """Every incident ``flt`` keeps (for exports and plots), with their mentions loaded."""
    query = incidents_query(flt, sort).options(selectinload(IncidentRow.mentions))
    return list(session.scalars(query))


def get_incident(session: Session, incident_id: int) -> IncidentRow:
    row = session.get(IncidentRow, incident_id)
    if row is None:
        raise NotFound(f"no incident {incident_id} (list them with `harmwatch incidents`)")
    return row


def get_report(session: Session, report_id: str) -> ReportRow:
    row = session.get(ReportRow, report_id)
    if row is None:
        raise NotFound(
            f"no report {report_id!r} (list an incident's sources with `harmwatch show`)"
        )
    return row


def mentions_of(session: Session, incident_id: int) -> list[MentionRow]:
    """The incident's mentions with their reports, oldest publication first."""
    query = (
        select(MentionRow)
        .join(ReportRow, ReportRow.id == MentionRow.report_id)
        .where(MentionRow.incident_id == incident_id)
        .options(selectinload(MentionRow.report))
        .order_by(ReportRow.published.asc().nulls_last(), MentionRow.report_id, MentionRow.ordinal)
    )
    return list(session.scalars(query))


def merge_history(session: Session, incident_id: int) -> list[MergeLogRow]:
    query = (
        select(MergeLogRow)
        .where(
            or_(
                MergeLogRow.incident_id == incident_id, MergeLogRow.other_incident_id == incident_id
            )
        )
        .order_by(MergeLogRow.id)
    )
    return list(session.scalars(query))


def audit_trail(session: Session, entity: str, entity_id: str | int) -> list[AuditRow]:
    query = (
        select(AuditRow)
        .where(AuditRow.entity == entity, AuditRow.entity_id == str(entity_id))
        .order_by(AuditRow.id.desc())
    )
    return list(session.scalars(query))


def list_annotations(session: Session) -> list[AnnotationRow]:
    return list(session.scalars(select(AnnotationRow).order_by(AnnotationRow.date)))


_SENTENCE_END = re.compile(r"[.!?](?=[\s\"'”’)\]]|$)|\n\s*\n|\n")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The ``[start, end)`` of the sentence(s) around ``text[start:end]``, trimmed of spaces."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    left = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        left = match.end()
    right = len(text)
    after = _SENTENCE_END.search(text, max(start, end - 1))
    if after:
        right = after.end() if text[after.start()] in ".!?" else after.start()
    while left < right and text[left].isspace():
        left += 1
    while right > left and text[right - 1].isspace():
        right -= 1
    return left, max(right, left)


@dataclass(frozen=True)
class DayStat:
    day: dt.date
    incidents: int
    killed: int


@dataclass(frozen=True)
class GroupStat:
    key: str
    incidents: int
    killed: int


@dataclass(frozen=True)
class Stats:
    incidents: int
    killed: int
    by_day: list[DayStat]
    by_place: list[GroupStat]
    by_actor: list[GroupStat]
    by_grade: list[GroupStat]
    by_event_type: list[GroupStat]


def _groups(counts: Counter[str], killed: dict[str, int], top: int) -> list[GroupStat]:
    ranked = sorted(counts, key=lambda key: (-counts[key], -killed[key], key))[:top]
    return [GroupStat(key, counts[key], killed[key]) for key in ranked]


def stats(session: Session, flt: IncidentFilter, top: int = 20) -> Stats:
    """Counts and killed (the lower bound of each range) by day, place, actor, grade and type."""
    cols = (
        IncidentRow.date,
        IncidentRow.place_name,
        IncidentRow.actors,
        IncidentRow.grade,
        IncidentRow.event_type,
        IncidentRow.killed_min,
    )
    rows = session.execute(select(*cols).where(and_(*_conditions(flt)))).all()
    day_n: Counter[dt.date] = Counter()
    day_k: dict[dt.date, int] = defaultdict(int)
    counters: dict[str, tuple[Counter[str], dict[str, int]]] = {
        name: (Counter(), defaultdict(int)) for name in ("place", "actor", "grade", "type")
    }
    total_killed = 0
    for date, place, actors, grade, event_type, killed in rows:
        killed = killed or 0
        total_killed += killed
        if date is not None:
            day_n[date] += 1
            day_k[date] += killed
        keys = {
            "place": [place or "unknown"],
            "actor": (actors or "").split() or ["unknown"],
            "grade": [grade or "ungraded"],
            "type": [event_type or "other"],
        }
        for name, values in keys.items():
            counter, kills = counters[name]
            for value in values:
                counter[value] += 1
                kills[value] += killed
    by_day = [DayStat(day, day_n[day], day_k[day]) for day in sorted(day_n)]
    return Stats(
        incidents=len(rows),
        killed=total_killed,
        by_day=by_day,
        by_place=_groups(*counters["place"], top),
        by_actor=_groups(*counters["actor"], top),
        by_grade=_groups(*counters["grade"], top),
        by_event_type=_groups(*counters["type"], top),
    )


def reports_of(session: Session, report_ids: Sequence[str]) -> dict[str, ReportRow]:
    rows = session.scalars(select(ReportRow).where(ReportRow.id.in_(list(report_ids))))
    return {row.id: row for row in rows}
