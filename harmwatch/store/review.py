"""Analyst review: corrections, confirmations and timeline notes, each audited in its transaction.

A correction is kept in ``IncidentRow.overrides`` (so it survives the incident being re-resolved
when new reports arrive: call `reapply_overrides` after recomputing an incident) and written to
the incident's columns, so filters and exports see the corrected value. Every change adds one
``audit_log`` row (who, when, before, after) in the caller's transaction: the change and its audit
row are committed together or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy.orm import Session

from harmwatch.errors import NotFound, StoreError
from harmwatch.store.filters import check_day, check_int, check_text
from harmwatch.store.queries import get_incident
from harmwatch.store.schema import AnnotationRow, AuditRow, IncidentRow

GRADES = ("Confirmed", "Fair", "Weak", "Contested", "Discounted")
DATE_FIELDS = frozenset({"date", "date_end"})
EDITABLE = frozenset(
    {
        "date",
        "date_end",
        "date_precision",
        "event_type",
        "place_name",
        "admin1",
        "country",
        "lat",
        "lon",
        "place_precision",
        "killed_min",
        "killed_max",
        "injured_min",
        "injured_max",
        "children_killed_min",
        "children_killed_max",
        "women_killed_min",
        "women_killed_max",
        "grade",
        "grade_reason",
        "summary",
        "actors",
    }
)
RANGES = ("killed", "injured", "children_killed", "women_killed")


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _python(field: str, value: Any) -> Any:
    if field in DATE_FIELDS and isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


def _check(row: IncidentRow, changes: Mapping[str, Any]) -> None:
    unknown = sorted(set(changes) - EDITABLE)
    if unknown:
        raise StoreError(
            f"cannot edit {', '.join(unknown)} (editable fields: {', '.join(sorted(EDITABLE))})"
        )
    if "event_type" in changes and not changes["event_type"]:
        raise StoreError("event_type cannot be empty (use 'other' when unknown)")
    if "grade" in changes and changes["grade"] is not None and changes["grade"] not in GRADES:
        raise StoreError(f"unknown grade {changes['grade']!r} (use one of: {', '.join(GRADES)})")
    for field in DATE_FIELDS & set(changes):
        check_day(changes[field], field)
    if DATE_FIELDS & set(changes):
        day, end = changes.get("date", row.date), changes.get("date_end", row.date_end)
        if day is not None and end is not None and end < day:
            raise StoreError(f"date_end ({end}) is before date ({day}): correct both")
    for field, value in changes.items():
        if isinstance(value, str):
            check_text(value, field)
    for name in RANGES:
        low = changes.get(f"{name}_min", getattr(row, f"{name}_min"))
        high = changes.get(f"{name}_max", getattr(row, f"{name}_max"))
        if low is not None and low < 0:
            raise StoreError(f"{name}_min cannot be negative")
        for end in ("min", "max"):
            check_int(changes.get(f"{name}_{end}"), f"{name}_{end}")
        if low is not None and high is not None and low > high:
            raise StoreError(f"{name}_min ({low}) is above {name}_max ({high}): correct both")
    lat, lon = changes.get("lat", row.lat), changes.get("lon", row.lon)
    if lat is not None and not -90 <= lat <= 90 or lon is not None and not -180 <= lon <= 180:
        raise StoreError("lat must be within -90..90 and lon within -180..180")


AUDIT_USER_CHARS = 100  # the width of audit_log.user


def _audit(
    session: Session,
    user: str,
    action: str,
    entity: str,
    entity_id: str | int,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    note: str | None = None,
) -> AuditRow:
    row = AuditRow(
        user=user[:AUDIT_USER_CHARS],
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        before=before,
        after=after,
        note=note,
        at=dt.datetime.now(dt.UTC),
    )
    session.add(row)
    return row


Summarise = Callable[[IncidentRow, dict[str, Any]], str]


def update_incident(
    session: Session,
    incident_id: int,
    changes: Mapping[str, Any],
    user: str,
    note: str | None = None,
    *,
    summarise: Summarise,
) -> IncidentRow:
    """Apply an analyst's corrections; fields whose value does not change are ignored.

    ``summarise`` writes the summary again from the corrected facts (the resolver's: use
    `harmwatch.resolve.edit.update_incident`, which passes it; the store does not import the
    resolver)."""
    row = get_incident(session, incident_id)
    if row.merged_into_id is not None:
        raise StoreError(
            f"incident {incident_id} was merged into {row.merged_into_id}: edit that one instead"
        )
    values = {field: _python(field, value) for field, value in changes.items()}
    _check(row, values)
    changed = {f: v for f, v in values.items() if getattr(row, f) != v}
    if not changed:
        return row
    before = {f: _json(getattr(row, f)) for f in changed}
    after = {f: _json(v) for f, v in changed.items()}
    overrides = dict(row.overrides or {})
    overrides.update(after)
    row.overrides = overrides  # a new dict, so the JSON column is seen as changed
    for field, value in changed.items():
        setattr(row, field, value)
    if "summary" not in overrides and row.record:
        row.summary = summarise(row, row.record)  # the summary tells the corrected facts
    if row.review_status != "confirmed":
        row.review_status = "edited"
    _audit(session, user, "edit", "incident", incident_id, before, after, note)
    session.flush()
    return row


def reapply_overrides(row: IncidentRow) -> None:
    """Put an analyst's corrections back on an incident whose columns were recomputed."""
    for field, value in (row.overrides or {}).items():
        if field in EDITABLE:
            setattr(row, field, _python(field, value))


def confirm_incident(
    session: Session, incident_id: int, user: str, note: str | None = None
) -> IncidentRow:
    """Mark an incident as checked by an analyst."""
    row = get_incident(session, incident_id)
    if row.review_status == "confirmed":
        return row
    before = {"review_status": row.review_status}
    row.review_status = "confirmed"
    _audit(
        session,
        user,
        "confirm",
        "incident",
        incident_id,
        before,
        {"review_status": "confirmed"},
        note,
    )
    session.flush()
    return row


def audit(
    session: Session,
    user: str,
    action: str,
    entity: str,
    entity_id: str | int,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    note: str | None = None,
) -> None:
    """Record a change to any entity (a user, a token) in the audit log, in this transaction."""
    _audit(session, user, action, entity, entity_id, before, after, note)
    session.flush()


def audit_change(
    session: Session,
    user: str,
    action: str,
    incident_id: int,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    note: str | None = None,
) -> None:
    """Record a change made elsewhere (a manual merge or split) in the incident's audit trail."""
    _audit(session, user, action, "incident", incident_id, before, after, note)
    session.flush()


def add_annotation(
    session: Session, date: dt.date, label: str, user: str, date_end: dt.date | None = None
) -> AnnotationRow:
    """A note on the timeline, e.g. a ceasefire from ``date`` to ``date_end``."""
    label = label.strip()
    if not label:
        raise StoreError("an annotation needs a label (e.g. 'ceasefire')")
    check_text(label, "label")
    check_day(date, "date")
    check_day(date_end, "date_end")
    if date_end is not None and date_end < date:
        raise StoreError(f"the annotation ends ({date_end}) before it starts ({date})")
    row = AnnotationRow(date=date, date_end=date_end, label=label[:300], user=user)
    session.add(row)
    session.flush()
    after = {"date": date.isoformat(), "date_end": _json(date_end), "label": row.label}
    _audit(session, user, "create", "annotation", row.id, None, after)
    session.flush()
    return row


def delete_annotation(session: Session, annotation_id: int, user: str) -> None:
    row = session.get(AnnotationRow, annotation_id)
    if row is None:
        raise NotFound(f"no annotation {annotation_id}")
    before = {"date": row.date.isoformat(), "date_end": _json(row.date_end), "label": row.label}
    session.delete(row)
    _audit(session, user, "delete", "annotation", annotation_id, before, None)
    session.flush()
