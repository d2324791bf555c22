"""Resolution on ingest: store a report's mentions and attach each to an incident.

    add_extraction(session, extraction) -> [incident ids touched]

Runs inside the caller's transaction (one per report). Re-extracting a report replaces its
mentions. Every automatic create or attach is written to ``merge_log`` with its score and reason.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from harmwatch.errors import NotFound
from harmwatch.models import Incident, ReportExtraction
from harmwatch.resolve import reject
from harmwatch.resolve.blocking import Stored, candidates
from harmwatch.resolve.record import WORD_FIELDS, aggregate, apply_record, digest, extend
from harmwatch.resolve.rules import Decision, choose
from harmwatch.store.apart import kept_apart
from harmwatch.store.db import lock_for_resolution
from harmwatch.store.record_types import Digest
from harmwatch.store.schema import IncidentRow, MentionRow, MergeLogRow, ReportRow


def mention_values(report_id: str, ordinal: int, incident: Incident) -> dict[str, Any]:
    """The stored form of one extracted incident: its JSON plus the indexed columns."""
    loc = incident.location
    killed, injured = incident.killed, incident.injured
    return {
        "report_id": report_id,
        "ordinal": ordinal,
        "event_type": incident.event_type,
        "date": incident.date,
        "date_precision": incident.date_precision or ("day" if incident.date else None),
        "place_name": loc.name if loc else None,
        "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        "place_precision": loc.precision if loc else None,
        "killed_min": killed.min if killed else None,
        "killed_max": killed.max if killed else None,
        "injured_min": injured.min if injured else None,
        "injured_max": injured.max if injured else None,
        "background": incident.background,
        # the words' fields only when read (a payload stored before them has none)
        "payload": incident.model_dump(
            mode="json", exclude={k for k in WORD_FIELDS if getattr(incident, k) is None}
        ),
    }


def mention_row(report_id: str, ordinal: int, incident: Incident) -> MentionRow:
    """`mention_values` as a row to add to the session."""
    return MentionRow(**mention_values(report_id, ordinal, incident))


def substantive(incident: Incident) -> bool:
    """Whether a mention may start an incident: it has a figure, a place or a date."""
    return bool(
        incident.location
        or incident.date
        or incident.figures
        or incident.killed
        or incident.injured
    )


def rebuild(session: Session, row: IncidentRow) -> bool:
    """Recompute an incident from all its mentions (after a merge, split or undo). An incident
    left without mentions is deleted, unless an analyst edited it or others point to it."""
    mentions = session.scalars(select(MentionRow).where(MentionRow.incident_id == row.id)).all()
    if not mentions and not row.overrides and row.merged_into_id is None:
        pointed = session.scalar(select(IncidentRow.id).where(IncidentRow.merged_into_id == row.id))
        if pointed is None:
            session.delete(row)
            return False
    apply_record(row, aggregate([digest(m, m.report) for m in mentions]))
    return True


def log(
    session: Session,
    kind: str,
    incident_id: int,
    mention_ids: list[int],
    reason: str,
    *,
    other: int | None = None,
    score: float | None = None,
    user: str | None = None,
) -> MergeLogRow:
    entry = MergeLogRow(
        kind=kind,
        incident_id=incident_id,
        other_incident_id=other,
        mention_ids=mention_ids,
        automatic=user is None,
        score=score,
        reason=reason,
        user=user,
    )
    session.add(entry)
    return entry


def _forget_report(session: Session, report_id: str) -> set[int]:
    """Drop a report's earlier mentions (re-extraction); returns the incidents to recompute."""
    old = session.scalars(select(MentionRow).where(MentionRow.report_id == report_id)).all()
    touched = {m.incident_id for m in old if m.incident_id is not None}
    for m in old:
        session.delete(m)
    session.flush()
    return touched


def _best(session: Session, d: Digest) -> tuple[Stored, Decision] | None:
    # never an incident an analyst kept apart from this report's (`store.apart`)
    found = [
        c
        for c in candidates(session, d)
        if not kept_apart(session, d.report_id, list(c.record.report_ids))
    ]
    return choose(d, found, lambda c: c.record)


def place_mention(
    session: Session, report: ReportRow, mention: MentionRow, incident: Incident
) -> IncidentRow | None:
    """Attach a stored mention to the best existing incident or start one (logged); None when
    it starts nothing (background told for context, or no figure, place or date)."""
    d = digest(mention, report)
    if incident.background and incident.date is None:
        return None
    found = _best(session, d) if substantive(incident) else None
    if found is not None:
        candidate, decision = found
        row = candidate.row
        mention.incident_id = row.id
        apply_record(row, extend(candidate.record, d))
        log(session, "attach", row.id, [mention.id], decision.reason, score=decision.score)
    elif incident.background or not substantive(incident):
        return None
    else:
        row = IncidentRow(event_type=incident.event_type, record={}, overrides={})
        session.add(row)
        session.flush()
        mention.incident_id = row.id
        apply_record(row, aggregate([d]))
        log(session, "create", row.id, [mention.id], "no existing incident matched")
    return row


def add_extraction(session: Session, extraction: ReportExtraction) -> list[int]:
    """Store the report's mentions and attach each to an existing or a new incident.

    Background mentions (past events told for context) only join an incident that already
    exists; mentions with no figure, place or date are stored but start nothing.
    """
    lock_for_resolution(session)  # concurrent ingests must not create the same incident twice
    report = session.get(ReportRow, extraction.report_id)
    if report is None:
        raise NotFound(
            f"report {extraction.report_id!r} is not stored: add it first "
            "(harmwatch.store.reports.add_report) and then its extraction"
        )
    touched: dict[int, IncidentRow] = {}
    rejected = reject.marks_of(session, report.id)  # an analyst's rejected figures stay so
    for incident_id in _forget_report(session, report.id):
        row = session.get(IncidentRow, incident_id)
        if row is not None and rebuild(session, row):
            touched[row.id] = row
    for ordinal, incident in enumerate(extraction.incidents):
        mention = mention_row(report.id, ordinal, incident)
        reject.keep(mention, rejected)
        session.add(mention)
        session.flush()
        row = place_mention(session, report, mention, incident)
        if row is not None:
            touched[row.id] = row
    session.flush()
    return sorted(touched)
