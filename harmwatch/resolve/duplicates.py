"""The duplicate review queue: pairs of live incidents that may be one event.

Two incidents are a candidate pair when their dates are within a day of each other (or their
periods overlap, for a week or a month) and their places are close: the same name, within
`match.LINK_KM`, or one a province or country holding the other. Each pair is scored as the
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

from harmwatch.resolve.match import COARSE, LINK_KM, Decision, decide, km, norm_name
from harmwatch.store.apart import apart_pairs, is_apart
from harmwatch.store.schema import IncidentRow

SCAN = 5000  # the newest incidents looked at
SLACK = 1  # days between two incidents still worth a look


@dataclass(frozen=True)
class Pair:
    a: IncidentRow
    b: IncidentRow
    decision: Decision
    km: float | None
    days: int | None


def _close(a: IncidentRow, b: IncidentRow) -> tuple[bool, float | None]:
    la = {"lat": a.lat, "lon": a.lon}
    distance = km(la, {"lat": b.lat, "lon": b.lon})
    if a.place_name and b.place_name and norm_name(a.place_name) == norm_name(b.place_name):
        return True, distance
    if distance is not None and distance <= LINK_KM:
        return True, distance
    coarse = {a.place_precision, b.place_precision} & COARSE
    if coarse and a.admin1 and a.admin1 == b.admin1:
        return True, distance
    if "country" in coarse and a.country and a.country == b.country:
        return True, distance
    return False, distance


def _gap(a: IncidentRow, b: IncidentRow) -> int:
    assert a.date is not None and b.date is not None
    a_end, b_end = a.date_end or a.date, b.date_end or b.date
    if a_end < b.date:
        return (b.date - a_end).days
    if b_end < a.date:
        return (a.date - b_end).days
    return 0


def best_decision(a: IncidentRow, b: IncidentRow) -> Decision:
    """The resolver's best score for a mention of one incident against the other's record."""
    best: Decision | None = None
    for mine, theirs in ((a, b), (b, a)):
        for d in (mine.record or {}).get("mentions") or []:
            if not theirs.record or not theirs.record.get("mentions"):
                continue
            decision = decide(d, theirs.record)
            if best is None or (decision.merge, decision.score) > (best.merge, best.score):
                best = decision
    return best or Decision(0.0, False, ("no mention to compare",))


def duplicate_pairs(session: Session, limit: int = 50, scan: int = SCAN) -> list[Pair]:
    """Candidate pairs among the ``scan`` newest dated incidents, most alike first."""
    rows = list(session.scalars(
        select(IncidentRow)
        .where(IncidentRow.merged_into_id.is_(None), IncidentRow.date.is_not(None))
        .order_by(IncidentRow.date.desc(), IncidentRow.id.desc())
        .limit(scan)
    ))
    by_day: dict[dt.date, list[IncidentRow]] = defaultdict(list)
    for row in rows:
        assert row.date is not None
        end = min(row.date_end or row.date, row.date + dt.timedelta(days=31))
        day = row.date
        while day <= end:
            by_day[day].append(row)
            day += dt.timedelta(days=1)
    apart = apart_pairs(session)
    seen: set[tuple[int, int]] = set()
    pairs: list[Pair] = []
    for row in rows:
        assert row.date is not None
        end = min(row.date_end or row.date, row.date + dt.timedelta(days=31))
        day, last = row.date - dt.timedelta(days=SLACK), end + dt.timedelta(days=SLACK)
        while day <= last:
            for other in by_day.get(day, ()):
                key = (min(row.id, other.id), max(row.id, other.id))
                if other.id == row.id or key in seen:
                    continue
                seen.add(key)
                close, distance = _close(row, other)
                if not close:
                    continue
                mine = (row.record or {}).get("report_ids") or []
                theirs = (other.record or {}).get("report_ids") or []
                if set(mine) & set(theirs) or any(is_apart(apart, r, theirs) for r in mine):
                    continue
                a, b = (row, other) if row.id < other.id else (other, row)
                pairs.append(Pair(a, b, best_decision(a, b), distance, _gap(a, b)))
            day += dt.timedelta(days=1)
    pairs.sort(key=lambda p: (not p.decision.merge, -p.decision.score, -p.b.id))
    return pairs[:limit]
