"""The duplicate review queue: pairs of live incidents that may be one event.

Two incidents are a candidate pair when their dates are within a day of each other (or their
periods overlap, for a week or a month) and their places are close: the same name, within
`match.NEAR_KM`, or one a province or country holding the other; a pair whose place or date
the resolver calls different is left out. Each pair is scored as the
resolver scores a mention against an incident (`match.decide`, with each mention of the one
against the record of the other; the best one counts), with its reasons, so the analyst sees
why the resolver kept them apart or would join them. Pairs an analyst kept apart
(`store.apart`) and pairs sharing a report (one report's mentions are distinct incidents by
rule) are left out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from harmwatch.resolve.match import COARSE, NEAR_KM, km, norm_name
from harmwatch.resolve.rules import Decision, decide
from harmwatch.store.apart import apart_pairs, is_apart
from harmwatch.store.record_types import Place, Record, load
from harmwatch.store.schema import IncidentRow

SCAN = 2000  # the newest incidents looked at (about 6 s on 2 cores in a dense generated set)
SLACK = 1  # days between two incidents still worth a look
MENTIONS = 2  # mentions of each incident scored against the other's record
CELL = NEAR_KM / 111.0  # degrees: a cell and its neighbours hold every place within NEAR_KM


@dataclass(frozen=True)
class Pair:
    a: IncidentRow
    b: IncidentRow
    decision: Decision
    km: float | None
    days: int | None


@dataclass(frozen=True)
class _Light:
    """What pairing reads of an incident (plain values: thousands are compared)."""

    id: int
    date: dt.date
    end: dt.date
    name: str
    lat: float | None
    lon: float | None
    precision: str | None
    admin1: str | None
    country: str | None


def _close(a: _Light, b: _Light) -> tuple[bool, float | None]:
    distance = km(Place(a.name, a.lat, a.lon), Place(b.name, b.lat, b.lon))
    if a.name and a.name == b.name:
        return True, distance
    if distance is not None and distance <= NEAR_KM:
        return True, distance
    coarse = {a.precision, b.precision} & COARSE
    if coarse and a.admin1 and a.admin1 == b.admin1:
        return True, distance
    if "country" in coarse and a.country and a.country == b.country:
        return True, distance
    return False, distance


def _gap(a: _Light, b: _Light) -> int:
    if a.end < b.date:
        return (b.date - a.end).days
    if b.end < a.date:
        return (a.date - b.end).days
    return 0


def _record(row: IncidentRow, loaded: dict[int, Record | None]) -> Record | None:
    """The row's record, read once."""
    if row.id not in loaded:
        loaded[row.id] = load(row.record)
    return loaded[row.id]


def best_decision(
    a: IncidentRow,
    b: IncidentRow,
    most: int = MENTIONS,
    records: dict[int, Record | None] | None = None,
) -> Decision:
    """The resolver's best score for a mention of one incident (its first ``most``) against
    the other's record (``records``: the two rows' records by id, when the caller read them)."""
    best: Decision | None = None
    if records is None:
        records = {row.id: load(row.record) for row in (a, b)}
    for mine, theirs in ((a, b), (b, a)):
        their_record, my_record = records[theirs.id], records[mine.id]
        if their_record is None or not their_record.mentions or my_record is None:
            continue
        for d in my_record.mentions[:most]:
            decision = decide(d, their_record)
            if best is None or (decision.merge, decision.score) > (best.merge, best.score):
                best = decision
    return best or Decision(0.0, False, ("no mention to compare",))


def _keys(inc: _Light, day: dt.date) -> list[tuple[object, ...]]:
    keys: list[tuple[object, ...]] = []
    if inc.name:
        keys.append(("name", day, inc.name))
    if inc.lat is not None and inc.lon is not None:
        keys.append(("cell", day, int(inc.lat // CELL), int(inc.lon // CELL)))
    if inc.admin1:
        keys.append(("admin1", day, inc.admin1))
    if inc.country and inc.precision == "country":
        keys.append(("country", day, inc.country))
    return keys


def _neighbours(inc: _Light, day: dt.date) -> list[tuple[object, ...]]:
    keys: list[tuple[object, ...]] = []
    if inc.name:
        keys.append(("name", day, inc.name))
    if inc.lat is not None and inc.lon is not None:
        cx, cy = int(inc.lat // CELL), int(inc.lon // CELL)
        # a cell is NEAR_KM high, and narrower than that east-west away from the equator
        keys += [("cell", day, cx + i, cy + j) for i in (-1, 0, 1) for j in (-2, -1, 0, 1, 2)]
    if inc.admin1:
        keys.append(("admin1", day, inc.admin1))
    if inc.country:
        keys.append(("country", day, inc.country))
    return keys


def _days(inc: _Light, slack: int = 0) -> list[dt.date]:
    last = min(inc.end, inc.date + dt.timedelta(days=31)) + dt.timedelta(days=slack)
    day, out = inc.date - dt.timedelta(days=slack), []
    while day <= last:
        out.append(day)
        day += dt.timedelta(days=1)
    return out


def duplicate_pairs(session: Session, limit: int = 50, scan: int = SCAN) -> list[Pair]:
    """Candidate pairs among the ``scan`` newest dated incidents, most alike first."""
    found = session.execute(
        select(
            IncidentRow.id,
            IncidentRow.date,
            IncidentRow.date_end,
            IncidentRow.place_name,
            IncidentRow.lat,
            IncidentRow.lon,
            IncidentRow.place_precision,
            IncidentRow.admin1,
            IncidentRow.country,
        )
        .where(IncidentRow.merged_into_id.is_(None), IncidentRow.date.is_not(None))
        .order_by(IncidentRow.date.desc(), IncidentRow.id.desc())
        .limit(scan)
    )
    light = [
        _Light(i, d, e or d, norm_name(n or ""), la, lo, p, norm_name(a) if a else None, c)
        for i, d, e, n, la, lo, p, a, c in found
        if d is not None
    ]
    index: dict[tuple[object, ...], list[_Light]] = defaultdict(list)
    for inc in light:
        for day in _days(inc):
            for key in _keys(inc, day):
                index[key].append(inc)
    close: dict[tuple[int, int], tuple[float | None, int]] = {}
    for inc in light:
        for day in _days(inc, SLACK):
            for key in _neighbours(inc, day):
                for other in index.get(key, ()):
                    pair = (min(inc.id, other.id), max(inc.id, other.id))
                    if other.id == inc.id or pair in close:
                        continue
                    near, distance = _close(inc, other)
                    if near:
                        close[pair] = (distance, _gap(inc, other))
    ids = sorted({i for pair in close for i in pair})
    rows: dict[int, IncidentRow] = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        rows.update(
            (r.id, r) for r in session.scalars(select(IncidentRow).where(IncidentRow.id.in_(part)))
        )
    apart = apart_pairs(session)
    loaded: dict[int, Record | None] = {}
    pairs: list[Pair] = []
    for (a_id, b_id), (distance, days) in close.items():
        a, b = rows[a_id], rows[b_id]
        ra, rb = _record(a, loaded), _record(b, loaded)
        mine = ra.report_ids if ra else ()
        theirs = rb.report_ids if rb else ()
        if set(mine) & set(theirs) or any(is_apart(apart, r, theirs) for r in mine):
            continue
        decision = best_decision(a, b, records={a_id: ra, b_id: rb})
        if decision.score > -99:  # not a place or a date the resolver calls different
            pairs.append(Pair(a, b, decision, distance, days))
    pairs.sort(key=lambda p: (not p.decision.merge, -p.decision.score, -p.b.id))
    return pairs[:limit]
