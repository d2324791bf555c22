"""Analyst review: corrections, statuses, assignment, comments and timeline notes, each audited in
its transaction.

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

from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

from harmwatch.errors import EditConflict, NotFound, StoreError
from harmwatch.store.filters import check_day, check_int, check_text
from harmwatch.store.queries import get_incident
from harmwatch.store.record_types import Record, read
from harmwatch.store.schema import AnnotationRow, AuditRow, IncidentRow, UserRow

GRADES = ("Confirmed", "Fair", "Weak", "Contested", "Discounted")
# review statuses: none shares a word with a grade ("Confirmed" is a grade, "verified" a status)
STATUSES = ("unreviewed", "in_review", "verified", "rejected")
LIST_FIELDS = frozenset({"perpetrators", "claims", "denials", "targets"})
ACTOR_FIELDS = ("perpetrators", "claims", "denials")
DATE_FIELDS = frozenset({"date", "date_end"})
# the columns an incident shows (and an analyst may correct); `resolve.reresolve` compares them
INCIDENT_FIELDS = (
    "date", "date_end", "date_precision", "event_type", "place_name", "admin1", "country",
    "lat", "lon", "place_precision", "killed_min", "killed_max", "injured_min", "injured_max",
    "children_killed_min", "children_killed_max", "women_killed_min", "women_killed_max",
    "grade", "grade_reason", "summary", "actors",
)  # fmt: skip
EDITABLE = frozenset(INCIDENT_FIELDS) | LIST_FIELDS
RANGES = ("killed", "injured", "children_killed", "women_killed")


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _python(field: str, value: Any) -> Any:
    if field in DATE_FIELDS and isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


def verbatim_actor(name: str) -> dict[str, str]:
    """An actor kept as the analyst wrote it (the resolver's `harmwatch.resolve.edit` passes
    a registry lookup instead)."""
    return {"name": name, "id": name}


def _current(row: IncidentRow, field: str) -> Any:
    if field in LIST_FIELDS:
        return (row.overrides or {}).get(field)
    return getattr(row, field)


def _list_value(field: str, value: Any, name_actor: NameActor) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise StoreError(f'{field} must be a list of names, e.g. ["Russian forces"]')
    names = [" ".join(v.split()) for v in value if v.strip()]
    if field == "targets":
        return sorted({n.lower() for n in names})
    return [name_actor(n) for n in dict.fromkeys(names)]


def _set_actors(row: IncidentRow) -> None:
    """The ``actors`` column from the corrected perpetrators and claims."""
    overrides = row.overrides or {}
    if "perpetrators" not in overrides and "claims" not in overrides:
        return
    record = read(row.record)
    ids: set[str] = set()
    for field, stated in (("perpetrators", record.perpetrators), ("claims", record.claims)):
        if field in overrides:  # the analyst's entries, as JSON
            ids |= {str(e["id"]) for e in overrides[field] if e.get("id")}
        else:
            ids |= {a.id for a in stated if a.id}
    row.actors = " ".join(sorted(i.replace(" ", "_") for i in ids))[:500] or None


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
    version: int | None = None,
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
        version=version,
    )
    session.add(row)
    return row


Summarise = Callable[[IncidentRow, Record], str]  # the resolver's summary of the record
NameActor = Callable[[str], dict[str, str]]  # an analyst's actor name -> {"name", "id"}


def bump(row: IncidentRow) -> int:
    """The incident's next version (every analyst's change makes one)."""
    row.version = (row.version or 1) + 1
    return row.version


def check_version(session: Session, row: IncidentRow, version: int | None) -> None:
    """Refuse a change made on an older version of the incident, saying what changed since."""
    if version is None or version == (row.version or 1):
        return
    later = session.scalars(
        select(AuditRow)
        .where(
            AuditRow.entity == "incident",
            AuditRow.entity_id == str(row.id),
            AuditRow.version > version,
        )
        .order_by(AuditRow.id)
    ).all()
    changes = []
    for entry in later:
        fields = sorted(set(entry.after or {}) | set(entry.before or {}))
        what = ", ".join(f for f in fields if not f.endswith("_id") and f != "incidents")
        changes.append(f"{entry.action} by {entry.user}" + (f" ({what})" if what else ""))
    raise EditConflict(
        f"incident {row.id} was changed since you opened it (your version {version}, now "
        f"{row.version}): {'; '.join(changes) or 'changed by the resolver'}. Nothing of yours was "
        "saved: reload the incident, then apply your change again",
        changes=[
            {
                "version": e.version,
                "user": e.user,
                "action": e.action,
                "before": e.before,
                "after": e.after,
                "at": e.at.isoformat() if e.at else None,
            }
            for e in later
        ],
        version=row.version or 1,
    )


def lock_incident(session: Session, incident_id: int) -> None:
    """Hold the incident until this transaction ends, so a version check and the write after it
    are one step: of two analysts saving at once, the second waits, then sees the first's
    version. PostgreSQL: the row, FOR UPDATE. SQLite: its one write lock (as
    `store.db.lock_for_resolution` takes it). Call it before the incident is read."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(
            select(IncidentRow.id).where(IncidentRow.id == incident_id).with_for_update()
        )
    elif dialect == "sqlite":
        session.execute(text("UPDATE incidents SET id = id WHERE 0"))


def live_incident(session: Session, incident_id: int) -> IncidentRow:
    """The incident, locked for this transaction; refused when it was merged into another."""
    lock_incident(session, incident_id)
    row = get_incident(session, incident_id)
    session.refresh(row)  # as it is now that it is locked, not as an earlier read saw it
    if row.merged_into_id is not None:
        raise StoreError(
            f"incident {incident_id} was merged into {row.merged_into_id}: edit that one instead"
        )
    return row


def update_incident(
    session: Session,
    incident_id: int,
    changes: Mapping[str, Any],
    user: str,
    note: str | None = None,
    *,
    summarise: Summarise,
    name_actor: NameActor = verbatim_actor,
    version: int | None = None,
) -> IncidentRow:
    """Apply an analyst's corrections; fields whose value does not change are ignored. With
    ``version`` (the one the analyst loaded), a change to a since-changed incident is refused.

    ``summarise`` writes the summary again from the corrected facts (the resolver's: use
    `harmwatch.resolve.edit.update_incident`, which passes it; the store does not import the
    resolver)."""
    row = live_incident(session, incident_id)
    check_version(session, row, version)
    values = {
        field: _list_value(field, value, name_actor)
        if field in LIST_FIELDS
        else _python(field, value)
        for field, value in changes.items()
    }
    _check(row, values)
    changed = {f: v for f, v in values.items() if _current(row, f) != v}
    if not changed:
        return row
    before = {f: _json(_current(row, f)) for f in changed}
    after = {f: _json(v) for f, v in changed.items()}
    overrides = dict(row.overrides or {})
    overrides.update(after)
    row.overrides = overrides  # a new dict, so the JSON column is seen as changed
    for field, value in changed.items():
        if field not in LIST_FIELDS:
            setattr(row, field, value)
    _set_actors(row)
    if "summary" not in overrides and row.record:
        row.summary = summarise(row, read(row.record))  # the summary tells the corrected facts
    if row.review_status == "unreviewed":
        row.review_status = "in_review"
    _audit(session, user, "edit", "incident", incident_id, before, after, note, bump(row))
    session.flush()
    return row


def reapply_overrides(row: IncidentRow) -> None:
    """Put an analyst's corrections back on an incident whose columns were recomputed."""
    for field, value in (row.overrides or {}).items():
        if field in EDITABLE and field not in LIST_FIELDS:
            setattr(row, field, _python(field, value))
    _set_actors(row)


def set_status(
    session: Session,
    incident_id: int,
    status: str,
    user: str,
    note: str | None = None,
    version: int | None = None,
) -> IncidentRow:
    """Set the review status (unreviewed, in_review, verified, rejected)."""
    if status not in STATUSES:
        raise StoreError(f"unknown review status {status!r} (use one of: {', '.join(STATUSES)})")
    row = live_incident(session, incident_id)
    check_version(session, row, version)
    if row.review_status == status:
        return row
    before = {"review_status": row.review_status}
    row.review_status = status
    _audit(
        session,
        user,
        "status",
        "incident",
        incident_id,
        before,
        {"review_status": status},
        note,
        bump(row),
    )
    session.flush()
    return row


def confirm_incident(
    session: Session, incident_id: int, user: str, note: str | None = None
) -> IncidentRow:
    """Mark an incident as checked by an analyst (status "verified")."""
    return set_status(session, incident_id, "verified", user, note)


def assign(
    session: Session,
    incident_id: int,
    assignee: str | None,
    user: str,
    version: int | None = None,
) -> IncidentRow:
    """Assign the incident to an analyst (None: to nobody)."""
    if assignee is not None:
        role = session.scalar(select(UserRow.role).where(UserRow.name == assignee))
        if role is None:
            raise StoreError(f"no user {assignee!r} (add one with `harmwatch user add`)")
        if role not in ("analyst", "admin"):
            raise StoreError(f"{assignee} is a {role}: only an analyst or an admin reviews")
    row = live_incident(session, incident_id)
    check_version(session, row, version)
    if row.assignee == assignee:
        return row
    before = {"assignee": row.assignee}
    row.assignee = assignee
    if assignee is not None and row.review_status == "unreviewed":
        row.review_status = "in_review"
    _audit(
        session,
        user,
        "assign",
        "incident",
        incident_id,
        before,
        {"assignee": assignee},
        None,
        bump(row),
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


def add_comment(session: Session, incident_id: int, text: str, user: str) -> AuditRow:
    """A comment on an incident, kept in its audit trail (it changes no field, so no version)."""
    text = text.strip()
    if not text:
        raise StoreError("a comment needs some text")
    get_incident(session, incident_id)
    entry = _audit(session, user, "comment", "incident", incident_id, None, None, text[:5000])
    session.flush()
    return entry


def review_queue(
    session: Session, assignee: str | None = None, status: str | None = None, limit: int = 200
) -> list[IncidentRow]:
    """Live incidents assigned to ``assignee`` (all analysts when None), of ``status`` (the ones
    still to do when None: unreviewed and in review), newest first."""
    if status is not None and status not in STATUSES:
        raise StoreError(f"unknown review status {status!r} (use one of: {', '.join(STATUSES)})")
    query = select(IncidentRow).where(IncidentRow.merged_into_id.is_(None))
    if assignee is not None:
        query = query.where(IncidentRow.assignee == assignee)
    else:
        query = query.where(IncidentRow.assignee.is_not(None))
    wanted = [status] if status else ["unreviewed", "in_review"]
    query = query.where(IncidentRow.review_status.in_(wanted))
    order = (IncidentRow.date.desc().nulls_last(), IncidentRow.id.desc())
    return list(session.scalars(query.order_by(*order).limit(limit)))


def audit_change(
    session: Session,
    user: str,
    action: str,
    incident_id: int,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    note: str | None = None,
) -> None:
    """Record a change made elsewhere (a manual merge or split, a rejected figure) in the
    incident's audit trail, as a new version of the incident."""
    row = session.get(IncidentRow, incident_id)
    live = row is not None and not inspect(row).deleted and not inspect(row).was_deleted
    version = bump(row) if row is not None and live else None
    _audit(session, user, action, "incident", incident_id, before, after, note, version)
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
