"""The incidents repository: one incident, its list, its mentions with their evidence, its history.

The filtered list is `harmwatch.store.queries` (shared with the API, so the same filter means the
same incidents everywhere); this module adds what the CLI and the exports need on top of it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from harmwatch.store.queries import (
    IncidentFilter,
    all_incidents,
    audit_trail,
    get_incident,
    mentions_of,
    merge_history,
    sentence_bounds,
)
from harmwatch.store.schema import AuditRow, IncidentRow, MentionRow, MergeLogRow

__all__ = [
    "Evidence",
    "HistoryEntry",
    "IncidentFilter",
    "get_incident",
    "incident_evidence",
    "incident_history",
    "list_incidents",
    "mentions_of",
]


def list_incidents(
    session: Session, flt: IncidentFilter | None = None, sort: str = "date"
) -> list[IncidentRow]:
    """Every live incident (not merged away) that ``flt`` keeps, oldest first."""
    return all_incidents(session, flt or IncidentFilter(), sort)


@dataclass(frozen=True)
class Evidence:
    """One mention of an incident, with the sentence of its report that tells it."""

    mention: MentionRow
    source: str | None
    published: dt.date | None
    sentence: str


def incident_evidence(session: Session, incident_id: int) -> list[Evidence]:
    out = []
    for m in mentions_of(session, incident_id):
        text = m.report.text
        spans = (m.payload or {}).get("evidence") or []
        if spans:
            start, end = sentence_bounds(text, spans[0][0], spans[0][1])
            sentence = text[start:end]
        else:
            sentence = text[:300]
        out.append(Evidence(m, m.report.source, m.report.published, sentence))
    return out


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime | None
    kind: str
    who: str
    text: str
    log_id: int | None


def _log_text(e: MergeLogRow) -> str:
    other = f" with incident {e.other_incident_id}" if e.other_incident_id else ""
    score = f" (score {e.score})" if e.score is not None else ""
    undone = " [undone]" if e.undone else ""
    return f"{e.kind}{other}: mentions {e.mention_ids}{score}: {e.reason}{undone}"


def _audit_text(a: AuditRow) -> str:
    changes: dict[str, Any] = a.after or {}
    return f"{a.action}: {', '.join(f'{k}={v}' for k, v in changes.items())}" + (
        f" ({a.note})" if a.note else ""
    )


def incident_history(session: Session, incident_id: int) -> list[HistoryEntry]:
    """Merge log and audit trail of an incident, oldest first."""
    entries = [
        HistoryEntry(e.at, "merge_log", e.user or "resolver", _log_text(e), e.id)
        for e in merge_history(session, incident_id)
    ]
    entries += [
        HistoryEntry(a.at, "audit", a.user, _audit_text(a), None)
        for a in audit_trail(session, "incident", incident_id)
    ]
    return sorted(
        entries,
        key=lambda h: (
            h.at.replace(tzinfo=None) if h.at else dt.datetime.min,
            h.kind != "merge_log",
            h.log_id or 0,
        ),
    )
