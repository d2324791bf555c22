"""Manual corrections: merge two incidents, split a report's mentions out, undo either.

Every action is written to ``merge_log`` (reversible with `undo`) and to ``audit_log`` (who did
it) in the caller's transaction, so both are committed together or not at all. Automatic
attaches logged by the resolver can be undone the same way.

Each takes the version of the incident(s) the analyst looked at (``version``, and
``other_version`` for a merge's other incident): an incident changed since is refused with
`EditConflict`, saying what changed, as an edit is; the incidents are locked first, so of two
analysts acting at once the second sees the first's change. None (the CLI's default): no check.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from harmwatch.errors import NotFound, ResolveError
from harmwatch.resolve.attach import log, rebuild
from harmwatch.store.apart import forget
from harmwatch.store.record_types import load
from harmwatch.store.review import audit_change, check_version, lock_incident
from harmwatch.store.schema import IncidentRow, MentionRow, MergeLogRow


def _live(session: Session, incident_id: int, version: int | None = None) -> IncidentRow:
    """The incident, locked for this transaction and read again; refused when it is gone, was
    merged into another, or changed since ``version``."""
    lock_incident(session, incident_id)
    row = session.get(IncidentRow, incident_id)
    if row is not None:
        session.refresh(row)  # as it is now that it is locked
    if row is None:
        raise NotFound(f"no incident {incident_id} (list them with `harmwatch incidents`)")
    if row.merged_into_id is not None:
        raise ResolveError(
            f"incident {incident_id} was merged into {row.merged_into_id}: use that one, or undo "
            "the merge (see `harmwatch show ID --history`)"
        )
    check_version(session, row, version)
    return row


def _lock_in_order(session: Session, *ids: int | None) -> None:
    """Lock incidents lowest id first, so two analysts acting on the same pair wait for each
    other instead of deadlocking."""
    for incident_id in sorted({i for i in ids if i is not None}):
        lock_incident(session, incident_id)


def _report_ids(row: IncidentRow) -> list[str]:
    record = load(row.record)
    return list(record.report_ids) if record else []


def _state(row: IncidentRow) -> dict[str, Any]:
    return {
        "incident_id": row.id,
        "report_ids": _report_ids(row),
        "killed_min": row.killed_min,
        "killed_max": row.killed_max,
        "merged_into_id": row.merged_into_id,
    }


def _move(session: Session, mention_ids: list[int], source: int, target: int) -> None:
    rows = session.scalars(select(MentionRow).where(MentionRow.id.in_(mention_ids))).all()
    if len(rows) != len(mention_ids) or any(m.incident_id != source for m in rows):
        raise ResolveError(
            f"mentions {mention_ids} are no longer in incident {source}: a later merge or split "
            "moved them; undo that one first"
        )
    for m in rows:
        m.incident_id = target
    session.flush()


def merge(
    session: Session,
    keep_id: int,
    other_id: int,
    user: str,
    reason: str = "",
    *,
    version: int | None = None,
    other_version: int | None = None,
) -> MergeLogRow:
    """Move every mention of ``other_id`` into ``keep_id``; ``other_id`` then points to it.
    ``version``/``other_version``: the versions the analyst saw (refused if either changed)."""
    if keep_id == other_id:
        raise ResolveError(f"cannot merge incident {keep_id} with itself (give two different ids)")
    _lock_in_order(session, keep_id, other_id)
    keep, other = _live(session, keep_id, version), _live(session, other_id, other_version)
    forget(session, keep.id, other.id)  # a merge lifts a keep-apart of the two
    before = [_state(keep), _state(other)]
    moved = list(session.scalars(select(MentionRow.id).where(MentionRow.incident_id == other.id)))
    _move(session, moved, other.id, keep.id)
    other.merged_into_id = keep.id
    rebuild(session, keep)
    entry = log(
        session, "merge", keep.id, moved, reason or "manual merge", other=other.id, user=user
    )
    session.flush()
    after = {
        "incident_id": keep.id,
        "report_ids": _report_ids(keep),
        "merge_log_id": entry.id,
    }
    audit_change(session, user, "merge", keep.id, {"incidents": before}, after, reason or None)
    audit_change(
        session,
        user,
        "merge",
        other.id,
        _state(other) | {"merged_into_id": None},
        {"merged_into_id": keep.id, "merge_log_id": entry.id},
        reason or None,
    )
    return entry


def split(
    session: Session,
    incident_id: int,
    report_id: str,
    user: str,
    reason: str = "",
    *,
    version: int | None = None,
) -> IncidentRow:
    """Take the mentions of report ``report_id`` out of an incident into a new incident
    (refused if the incident changed since ``version``)."""
    row = _live(session, incident_id, version)
    mentions = session.scalars(select(MentionRow).where(MentionRow.incident_id == row.id)).all()
    moving = [m.id for m in mentions if m.report_id == report_id]
    if not moving:
        reports = sorted({m.report_id for m in mentions})
        raise ResolveError(
            f"incident {incident_id} has no mention from report {report_id!r} "
            f"(its reports: {', '.join(reports) or 'none'})"
        )
    if len(moving) == len(mentions):
        raise ResolveError(
            f"report {report_id!r} is the only source of incident {incident_id}: nothing to split"
        )
    before = _state(row)
    new = IncidentRow(event_type=row.event_type, record={}, overrides={})
    session.add(new)
    session.flush()
    _move(session, moving, row.id, new.id)
    rebuild(session, row)
    rebuild(session, new)
    entry = log(
        session,
        "split",
        row.id,
        moving,
        reason or f"manual split of report {report_id}",
        other=new.id,
        user=user,
    )
    session.flush()
    audit_change(
        session,
        user,
        "split",
        row.id,
        before,
        _state(row) | {"new_incident_id": new.id, "merge_log_id": entry.id},
        reason or None,
    )
    audit_change(  # the new incident's trail starts with where it came from
        session,
        user,
        "split",
        new.id,
        None,
        _state(new) | {"split_from_id": row.id, "merge_log_id": entry.id},
        reason or None,
    )
    return new


def undo_problem(session: Session, entry: MergeLogRow) -> str | None:
    """Why `undo` of this merge log entry would fail, or None when it can be undone (so the
    app never offers an undo that then fails). Reads only; changes nothing."""
    if entry.undone:
        return f"merge log entry {entry.id} was already undone"
    if entry.kind not in ("merge", "split", "attach"):
        return f"it is a {entry.kind}: only merges, splits and attaches undo"
    target = session.get(IncidentRow, entry.incident_id)
    if target is None:
        return f"incident {entry.incident_id} no longer exists"
    other = session.get(IncidentRow, entry.other_incident_id) if entry.other_incident_id else None
    if entry.kind == "merge" and (other is None or other.merged_into_id != target.id):
        return f"incident {entry.other_incident_id} was changed since"
    if entry.kind == "split" and other is None:
        return f"incident {entry.other_incident_id} no longer exists"
    if entry.kind != "merge" and target.merged_into_id is not None:
        return f"incident {target.id} was merged into {target.merged_into_id} since"
    holder = other.id if entry.kind == "split" and other is not None else target.id
    ids = [int(i) for i in entry.mention_ids or []]
    where = set(session.scalars(select(MentionRow.incident_id).where(MentionRow.id.in_(ids))))
    if len(ids) != len(
        set(session.scalars(select(MentionRow.id).where(MentionRow.id.in_(ids))))
    ) or where != {holder}:
        return (
            "its reports were moved since (a later merge, split or re-extraction): "
            "undo that one first"
        )
    return None


def undo(
    session: Session,
    log_id: int,
    user: str,
    *,
    incident_id: int | None = None,
    version: int | None = None,
) -> MergeLogRow:
    """Reverse a merge, a split or an automatic attach from the merge log. ``incident_id`` and
    ``version``: the incident the analyst undoes it from, as they saw it (refused if it changed
    since)."""
    entry = session.get(MergeLogRow, log_id)
    if entry is None:
        raise NotFound(f"no merge log entry {log_id} (see `harmwatch show ID --history`)")
    _lock_in_order(session, entry.incident_id, entry.other_incident_id)
    session.refresh(entry)
    if version is not None:
        seen = session.get(
            IncidentRow, incident_id if incident_id is not None else entry.incident_id
        )
        if seen is not None:
            session.refresh(seen)
            check_version(session, seen, version)
    problem = undo_problem(session, entry)
    if problem is not None:
        raise ResolveError(f"cannot undo merge log entry {log_id}: {problem}")
    if entry.undone:
        raise ResolveError(f"merge log entry {log_id} was already undone")
    if entry.kind not in ("merge", "split", "attach"):
        raise ResolveError(
            f"merge log entry {log_id} is a {entry.kind}: only merges, splits and attaches undo"
        )
    ids = list(entry.mention_ids)
    target = session.get(IncidentRow, entry.incident_id)
    if target is None:
        raise ResolveError(f"incident {entry.incident_id} no longer exists; cannot undo {log_id}")
    if entry.kind == "merge":
        other = session.get(IncidentRow, entry.other_incident_id)
        if other is None or other.merged_into_id != target.id:
            raise ResolveError(f"incident {entry.other_incident_id} was changed since; cannot undo")
        _move(session, ids, target.id, other.id)
        other.merged_into_id = None
        touched = [target, other]
    elif entry.kind == "split":
        other = session.get(IncidentRow, entry.other_incident_id)
        if other is None:
            raise ResolveError(f"incident {entry.other_incident_id} no longer exists")
        _move(session, ids, other.id, target.id)
        other.merged_into_id = target.id
        touched = [target, other]
    else:  # attach: the mention starts an incident of its own
        other = IncidentRow(event_type=target.event_type, record={}, overrides={})
        session.add(other)
        session.flush()
        _move(session, ids, target.id, other.id)
        touched = [target, other]
    before = [_state(r) for r in touched]
    for row in touched:
        if row.merged_into_id is None:
            rebuild(session, row)
    entry.undone = True
    reverse = log(
        session,
        "undo",
        target.id,
        ids,
        f"undo of merge log entry {log_id}",
        other=other.id,
        user=user,
    )
    session.flush()
    for row in touched:
        audit_change(
            session,
            user,
            "undo",
            row.id,
            {"incidents": before},
            _state(row) | {"undone_merge_log_id": log_id, "merge_log_id": reverse.id},
        )
    return reverse
