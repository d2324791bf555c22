"""Re-resolution of a report extracted again (after a gazetteer change or new rules).

    reresolve(session, extraction) -> Changes(added, removed, changed)

Unlike `add_extraction`, which forgets a report's mentions and resolves the new ones from
scratch, this keeps what analysts did:

- each new mention is paired with the old mention of the same report whose evidence it overlaps
  most (the same sentences told again); a paired mention is updated in place, so it keeps its id
  and its incident, and every merge, split and undo in the merge log still names it;
- the incidents of paired mentions are rebuilt from their mentions, and `apply_record` puts the
  analyst's corrections (``IncidentRow.overrides``) back on top, as after any new report;
- old mentions found no more leave their incident (an incident left without mentions is
  deleted unless an analyst edited it or another points to it, as after a split);
- new mentions that pair with none are resolved as on ingest (attach or create, logged).

Runs in the caller's transaction, one report at a time, under `lock_for_resolution`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from harmwatch.errors import NotFound
from harmwatch.models import Incident, ReportExtraction, Span
from harmwatch.resolve.attach import mention_values, place_mention, rebuild
from harmwatch.store import review
from harmwatch.store.db import lock_for_resolution
from harmwatch.store.schema import IncidentRow, MentionRow, ReportRow

# what a user sees of an incident: a change in any of these is a changed incident
SEEN = (*review.INCIDENT_FIELDS, "record", "merged_into_id")


@dataclass(frozen=True)
class Changes:
    """Incident ids a re-resolution created, deleted, and changed (visible columns or record)."""

    added: frozenset[int] = frozenset()
    removed: frozenset[int] = frozenset()
    changed: frozenset[int] = frozenset()


def _spans(payload: dict[str, Any] | Incident) -> list[Span]:
    if isinstance(payload, Incident):
        return list(payload.evidence)
    return [tuple(s) for s in payload.get("evidence") or []]  # type: ignore[misc]


def _overlap(a: list[Span], b: list[Span]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def pair(old: list[MentionRow], new: list[Incident]) -> dict[int, MentionRow]:
    """New mention index -> the old mention it tells again: the largest evidence overlap
    first (then the nearest ordinal); each old mention is paired at most once."""
    scored = []
    for i, incident in enumerate(new):
        spans = _spans(incident)
        for m in old:
            shared = _overlap(spans, _spans(m.payload or {}))
            if shared > 0 or (not spans and m.payload == incident.model_dump(mode="json")):
                scored.append((-shared, abs(m.ordinal - i), i, m.id, m))
    pairs: dict[int, MentionRow] = {}
    used: set[int] = set()
    for _, _, i, mid, m in sorted(scored, key=lambda t: t[:4]):
        if i not in pairs and mid not in used:
            pairs[i] = m
            used.add(mid)
    return pairs


def _seen(row: IncidentRow) -> tuple[Any, ...]:
    return tuple(getattr(row, name) for name in SEEN)


def reresolve(session: Session, extraction: ReportExtraction) -> Changes:
    """Replace a stored report's mentions by ``extraction``'s, keeping every incident's
    corrections, merges and splits (see the module's docstring)."""
    lock_for_resolution(session)
    report = session.get(ReportRow, extraction.report_id)
    if report is None:
        raise NotFound(
            f"report {extraction.report_id!r} is not stored: ingest it first (harmwatch ingest)"
        )
    old = list(
        session.scalars(
            select(MentionRow).where(MentionRow.report_id == report.id).order_by(MentionRow.id)
        )
    )
    before: dict[int, tuple[Any, ...]] = {}
    for m in old:
        if m.incident_id is not None and m.incident_id not in before:
            row = session.get(IncidentRow, m.incident_id)
            if row is not None:
                before[row.id] = _seen(row)
    pairs = pair(old, extraction.incidents)
    kept = {m.id for m in pairs.values()}
    for m in old:
        if m.id not in kept:
            session.delete(m)
    for i, m in pairs.items():
        for name, value in mention_values(report.id, i, extraction.incidents[i]).items():
            setattr(m, name, value)
    session.flush()
    for incident_id in sorted(before):
        row = session.get(IncidentRow, incident_id)
        if row is not None:
            rebuild(session, row)
    session.flush()
    top = session.scalar(select(func.max(IncidentRow.id))) or 0  # new incidents come above
    gained: set[int] = set()
    for i, incident in enumerate(extraction.incidents):
        mention = pairs.get(i)
        if mention is not None and mention.incident_id is not None:
            continue
        if mention is None:
            mention = MentionRow(**mention_values(report.id, i, incident))
            session.add(mention)
            session.flush()
        row = place_mention(session, report, mention, incident)
        if row is not None:
            gained.add(row.id)
    report.extracted = True  # a report stored with --no-extract is extracted now
    session.flush()
    added: set[int] = set()
    removed: set[int] = set()
    changed: set[int] = set()
    for incident_id in sorted(set(before) | gained):
        row = session.get(IncidentRow, incident_id)
        if row is None:
            removed.add(incident_id)
        elif incident_id not in before:
            (added if incident_id > top else changed).add(incident_id)
        elif _seen(row) != before[incident_id]:
            changed.add(incident_id)
    return Changes(frozenset(added), frozenset(removed), frozenset(changed))
