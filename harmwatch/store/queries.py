"""The read side: filtered, sorted, paginated incidents, their sources and history, and statistics.

Every list (API, exports, plots) goes through `IncidentFilter`, so the same filter means the same
incidents everywhere. Incidents merged into another one are never listed.

At 100k incidents each read must stay cheap: filters are answered by indexes
(`harmwatch.store.filters`), lists and maps read the ``ix_incidents_live`` index (revision
0002), and counts and statistics are kept until the data changes (`harmwatch.store.cache`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session, defer, selectinload

from harmwatch.errors import NotFound, StoreError
from harmwatch.store.cache import Cache
from harmwatch.store.filters import BBox as BBox  # re-exported: part of this API
from harmwatch.store.filters import IncidentFilter as IncidentFilter
from harmwatch.store.filters import conditions
from harmwatch.store.filters import parse_bbox as parse_bbox
from harmwatch.store.schema import (
    AnnotationRow,
    AuditRow,
    IncidentRow,
    MentionRow,
    MergeLogRow,
    ReportRow,
)

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
_COUNTS = Cache(2048)
_STATS = Cache(128)


@dataclass(frozen=True)
class Page:
    rows: list[IncidentRow]
    total: int
    limit: int
    offset: int


def incidents_query(
    flt: IncidentFilter,
    sort: str = "-date",
    session: Session | None = None,
    scan_search: bool = False,
) -> Select[IncidentRow]:
    """The SELECT of the incidents that ``flt`` keeps, ordered by ``sort`` (``-`` = descending)."""
    key = sort.lstrip("-")
    if key not in SORTS:
        raise StoreError(f"cannot sort by {key!r} (use one of: {', '.join(SORTS)})")
    column = SORTS[key]
    order = column.desc().nulls_last() if sort.startswith("-") else column.asc().nulls_last()
    tiebreak = IncidentRow.id.desc() if sort.startswith("-") else IncidentRow.id.asc()
    where = and_(*conditions(flt, session, scan_search))
    return select(IncidentRow).where(where).order_by(order, tiebreak)


def count_incidents(session: Session, flt: IncidentFilter) -> int:
    """How many incidents ``flt`` keeps (kept until the data changes)."""

    def count() -> int:
        where = and_(*conditions(flt, session))
        return int(session.scalar(select(func.count()).select_from(IncidentRow).where(where)) or 0)

    return _COUNTS.get(session, ("count", flt), count)


def list_incidents(
    session: Session, flt: IncidentFilter, sort: str = "-date", limit: int = 50, offset: int = 0
) -> Page:
    """One page of incidents (their ``record`` is not loaded: a list does not show it)."""
    limit = max(1, min(limit, MAX_PAGE))
    offset = max(0, offset)
    total = count_incidents(session, flt)
    # words that many incidents hold: walk the incidents in order and test each, rather than
    # fetch every match and sort them (roughly: fewer rows read that way)
    dense = bool(flt.q) and total**2 > (limit + offset) * count_incidents(session, IncidentFilter())
    query = incidents_query(flt, sort, session, dense).options(defer(IncidentRow.record))
    rows = session.scalars(query.limit(limit).offset(offset)).all() if total > offset else []
    return Page(list(rows), total, limit, offset)


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


MAP_COLUMNS = (
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


def map_rows(
    session: Session,
    flt: IncidentFilter,
    limit: int = 20000,
    raw: bool = False,
    with_end: bool = False,
) -> list[tuple]:  # type: ignore[type-arg]
    """Every located incident ``flt`` keeps, newest first, as plain tuples of `MAP_COLUMNS`
    (and ``date_end`` with ``with_end``), in one query answered from the ``ix_incidents_live``
    index. ``raw``: as the driver gives them, unconverted (SQLite dates stay "YYYY-MM-DD"
    strings), for tens of thousands of rows."""
    columns = (*MAP_COLUMNS, IncidentRow.date_end) if with_end else MAP_COLUMNS
    query = (
        select(*columns)
        .where(
            and_(*conditions(flt, session)),
            # placed on the earth: also leaves out a NaN or an infinity stored by hand, which
            # no JSON can carry
            IncidentRow.lat.between(-90, 90),
            IncidentRow.lon.between(-180, 180),
        )
        .order_by(IncidentRow.date.desc().nulls_last(), IncidentRow.id.desc())
        .limit(limit)
    )
    if raw:
        result = session.connection().execute(query)
        try:
            return list(result.cursor.fetchall())
        finally:
            result.close()
    return [tuple(row) for row in session.execute(query)]


def map_points(session: Session, flt: IncidentFilter, limit: int = 20000) -> list[Point]:
    """Every located incident ``flt`` keeps, with only what a map marker shows (one query)."""
    return [Point(*row) for row in map_rows(session, flt, limit)]


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
    query = incidents_query(flt, sort, session).options(selectinload(IncidentRow.mentions))
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
    """Counts and killed (the lower bound of each range) by day, place, actor, grade and type
    (computed by the database, kept until the data changes)."""
    return _STATS.get(session, ("stats", flt, top), lambda: _stats(session, flt, top))


def _stats(session: Session, flt: IncidentFilter, top: int) -> Stats:
    where = and_(*conditions(flt, session))
    killed = func.coalesce(func.sum(func.coalesce(IncidentRow.killed_min, 0)), 0)

    def grouped(column, split=False):  # type: ignore[no-untyped-def]
        counts: Counter[str] = Counter()
        kills: dict[str, int] = defaultdict(int)
        if column is not IncidentRow.date:  # grouped by an expression, SQLite reads the
            column = func.coalesce(column, "")  # covering index, not the column's own + rows
        query = select(column, func.count(), killed).where(where).group_by(column)
        for key, n, k in session.execute(query):
            keys = (key or "").split() if split else [key]
            for value in keys or [None]:
                counts[value] += n
                kills[value] += int(k)
        return counts, kills

    total, total_killed = session.execute(select(func.count(), killed).where(where)).one()
    days, day_kills = grouped(IncidentRow.date)
    by_day = [DayStat(d, days[d], day_kills[d]) for d in sorted(k for k in days if k is not None)]

    def ranked(column, missing, split=False):  # type: ignore[no-untyped-def]
        counts, kills = grouped(column, split)
        named: Counter[str] = Counter()
        named_kills: dict[str, int] = defaultdict(int)
        for key, n in counts.items():
            named[key or missing] += n
            named_kills[key or missing] += kills[key]
        return _groups(named, named_kills, top)

    return Stats(
        incidents=int(total),
        killed=int(total_killed),
        by_day=by_day,
        by_place=ranked(IncidentRow.place_name, "unknown"),
        by_actor=ranked(IncidentRow.actors, "unknown", split=True),
        by_grade=ranked(IncidentRow.grade, "ungraded"),
        by_event_type=ranked(IncidentRow.event_type, "other"),
    )


def reports_of(session: Session, report_ids: Sequence[str]) -> dict[str, ReportRow]:
    rows = session.scalars(select(ReportRow).where(ReportRow.id.in_(list(report_ids))))
    return {row.id: row for row in rows}
