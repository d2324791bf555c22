"""Keep apart: an analyst's word that two incidents are not one, which the resolver respects.

The decision is stored per pair of reports (one row for each report of one incident with each
report of the other), not per pair of incident ids: re-extracting a report gives its mentions
new ids and may rebuild its incident, but a mention of report R must still never join an
incident holding a report that R was kept apart from. The resolver asks `kept_apart` before it
joins a mention to an incident (`resolve.attach`, `resolve.batch`); the duplicate queue leaves
such pairs out. A manual merge of the two incidents lifts the decision (the analyst changed
their mind).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.orm import Session

from harmwatch.errors import ResolveError
from harmwatch.store.review import audit_change, live_incident
from harmwatch.store.schema import IncidentRow, KeptApartRow, MentionRow


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def report_ids(session: Session, incident_id: int) -> list[str]:
    return sorted(
        set(
            session.scalars(
                select(MentionRow.report_id).where(MentionRow.incident_id == incident_id)
            )
        )
    )


def kept_apart(session: Session, report_id: str, others: Iterable[str]) -> bool:
    """Whether an analyst kept report ``report_id``'s incident apart from one holding any of
    ``others`` (the resolver's check before it joins a mention to an incident)."""
    pairs = [_pair(report_id, o) for o in set(others) if o != report_id]
    if not pairs:
        return False
    match = or_(*(and_(KeptApartRow.report_a == a, KeptApartRow.report_b == b) for a, b in pairs))
    return session.scalar(select(KeptApartRow.id).where(match).limit(1)) is not None


def apart_pairs(session: Session) -> set[tuple[str, str]]:
    """Every kept-apart report pair (for a batch, read once)."""
    return {
        (a, b) for a, b in session.execute(select(KeptApartRow.report_a, KeptApartRow.report_b))
    }


def is_apart(pairs: set[tuple[str, str]], report_id: str, others: Iterable[str]) -> bool:
    return bool(pairs) and any(_pair(report_id, o) in pairs for o in others)


def incidents_apart(session: Session, a: IncidentRow, b: IncidentRow) -> bool:
    ours = report_ids(session, a.id)
    theirs = report_ids(session, b.id)
    return any(kept_apart(session, r, theirs) for r in ours)


def keep_apart(session: Session, a_id: int, b_id: int, user: str, note: str | None = None) -> int:
    """Remember that incidents ``a_id`` and ``b_id`` are two events; returns the pairs stored."""
    if a_id == b_id:
        raise ResolveError(f"incident {a_id} cannot be kept apart from itself (give two ids)")
    a, b = live_incident(session, a_id), live_incident(session, b_id)
    ours, theirs = report_ids(session, a.id), report_ids(session, b.id)
    if not ours or not theirs:
        raise ResolveError(f"incident {a_id if not ours else b_id} has no report to keep apart")
    common = set(ours) & set(theirs)
    if common:
        raise ResolveError(f"incidents {a_id} and {b_id} share report {sorted(common)[0]}")
    stored = apart_pairs(session)
    added = 0
    for r in ours:
        for o in theirs:
            key = _pair(r, o)
            if key in stored:
                continue
            first, second = (a.id, b.id) if key[0] == r else (b.id, a.id)
            session.add(
                KeptApartRow(
                    report_a=key[0],
                    report_b=key[1],
                    incident_a=first,
                    incident_b=second,
                    user=user,
                    note=note,
                )
            )
            added += 1
    session.flush()
    for mine, other in ((a, b), (b, a)):
        audit_change(
            session, user, "keep apart", mine.id, None, {"kept_apart_from": other.id}, note
        )
    return added


def forget(session: Session, a_id: int, b_id: int) -> None:
    """Lift keep-apart decisions between two incidents' reports (before a manual merge)."""
    ours, theirs = report_ids(session, a_id), report_ids(session, b_id)
    pairs = [_pair(r, o) for r in ours for o in theirs]
    for chunk in range(0, len(pairs), 200):
        part = pairs[chunk : chunk + 200]
        session.execute(
            delete(KeptApartRow).where(
                or_(
                    *(and_(KeptApartRow.report_a == x, KeptApartRow.report_b == y) for x, y in part)
                )
            )
        )
