"""An analyst rejects one casualty figure of an incident (an absurd toll, a misread number).

The figure stays in its mention's payload, marked ``rejected`` with who, when and why, so the
incident page shows it struck out and `unreject_figure` puts it back. The mention's ranges that
the figure fed are recomputed from its remaining figures (the lowest stated value to the highest
one said, as `pipeline.reconcile` spans a report's figures: "up to N" gives no minimum,
"dozens" no maximum; a killed toll counts the children and women figures only when no figure
of the whole toll is left), and the incident is rebuilt, so the figure leaves the range. The
ranges as extracted are kept in the payload and come back when no figure is rejected any more.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from harmwatch.errors import NotFound, StoreError
from harmwatch.resolve.record import RANGES
from harmwatch.store.review import audit_change, check_version, live_incident
from harmwatch.store.schema import IncidentRow, MentionRow

SUBSETS = {"children": "children_killed", "women": "women_killed"}
EXTRACTED = "ranges_as_extracted"


def _span(figures: list[dict[str, Any]]) -> dict[str, int | None] | None:
    if not figures:
        return None
    lows = [f["value"] for f in figures if f.get("qualifier") != "up_to"]
    highs = [
        f["value_max"] if f.get("value_max") is not None else f["value"]
        for f in figures
        if f.get("value_max") is not None or f.get("qualifier") != "vague"
    ]
    lo = min(lows) if lows else None
    hi = max(highs) if highs else None
    if lo is not None and hi is not None and hi < lo:
        hi = lo
    return {"min": lo, "max": hi}


def _affected(figure: dict[str, Any]) -> set[str]:
    if figure["kind"] != "killed":
        return {figure["kind"]} & set(RANGES)  # "missing" feeds no range
    return {"killed"} | ({SUBSETS[figure["group"]]} if figure.get("group") in SUBSETS else set())


def _recompute(payload: dict[str, Any]) -> None:
    """The payload's ranges from its figures that are not rejected."""
    rejected = [f for f in payload.get("figures") or [] if f.get("rejected")]
    extracted = payload.get(EXTRACTED) or {name: payload.get(name) for name in RANGES}
    if not rejected:
        payload.update(extracted)
        payload.pop(EXTRACTED, None)
        return
    payload[EXTRACTED] = extracted
    kept = [f for f in payload["figures"] if not f.get("rejected")]
    affected = set().union(*(_affected(f) for f in rejected))
    for name in RANGES:
        if name not in affected:
            payload[name] = extracted.get(name)
        elif name == "injured":
            payload[name] = _span([f for f in kept if f["kind"] == "injured"])
        elif name == "killed":
            killed = [f for f in kept if f["kind"] == "killed"]
            whole = [f for f in killed if f.get("group") not in SUBSETS]
            payload[name] = _span(whole or killed)
        else:
            group = next(g for g, n in SUBSETS.items() if n == name)
            payload[name] = _span(
                [f for f in kept if f["kind"] == "killed" and f.get("group") == group]
            )


def _describe(figure: dict[str, Any], mention: MentionRow) -> str:
    value = str(figure["value"])
    if figure.get("value_max") not in (None, figure["value"]):
        value += f"-{figure['value_max']}"
    qualifier = figure.get("qualifier") or "exact"
    words = f"{figure['kind']} {value}" + (
        "" if qualifier == "exact" else f" ({qualifier.replace('_', ' ')})"
    )
    return f"{words}, {figure.get('group') or 'people'}, report {mention.report_id}"


def _figure(
    session: Session, row: IncidentRow, mention_id: int, index: int
) -> tuple[MentionRow, dict[str, Any]]:
    mention = session.get(MentionRow, mention_id)
    if mention is None or mention.incident_id != row.id:
        raise NotFound(f"incident {row.id} has no mention {mention_id} (reload the incident)")
    payload = copy.deepcopy(mention.payload or {})
    figures = payload.get("figures") or []
    if not 0 <= index < len(figures):
        raise NotFound(f"mention {mention_id} has no figure {index} (it has {len(figures)})")
    return mention, payload


def _save(
    session: Session, row: IncidentRow, mention: MentionRow, payload: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    before = {f"{n}_{m}": getattr(row, f"{n}_{m}") for n in RANGES for m in ("min", "max")}
    _recompute(payload)
    mention.payload = payload  # a new dict: the JSON column is seen as changed
    for name in ("killed", "injured"):
        rng = payload.get(name) or {}
        setattr(mention, f"{name}_min", rng.get("min"))
        setattr(mention, f"{name}_max", rng.get("max"))
    session.flush()
    from harmwatch.resolve.attach import rebuild  # attach carries rejections over (`keep`)

    rebuild(session, row)
    after = {f"{n}_{m}": getattr(row, f"{n}_{m}") for n in RANGES for m in ("min", "max")}
    changed = [k for k in after if before[k] != after[k]]
    return {k: before[k] for k in changed}, {k: after[k] for k in changed}


def reject_figure(
    session: Session,
    incident_id: int,
    mention_id: int,
    index: int,
    user: str,
    reason: str,
    version: int | None = None,
) -> IncidentRow:
    """Take figure ``index`` of mention ``mention_id`` out of the incident's ranges."""
    reason = reason.strip()
    if not reason:
        raise StoreError("say why the figure is rejected (the reason is kept in the audit trail)")
    row = live_incident(session, incident_id)
    check_version(session, row, version)
    mention, payload = _figure(session, row, mention_id, index)
    figure = payload["figures"][index]
    if figure.get("rejected"):
        raise StoreError(f"that figure ({_describe(figure, mention)}) is already rejected")
    others = [
        f
        for m in session.scalars(select(MentionRow).where(MentionRow.incident_id == row.id))
        for i, f in enumerate((m.payload or {}).get("figures") or [])
        if not f.get("rejected")
        and f["kind"] == figure["kind"]
        and not (m.id == mention.id and i == index)
    ]
    if not others:
        raise StoreError(
            f"{_describe(figure, mention)} is the last {figure['kind']} figure of incident "
            f"{incident_id}: rejecting it would leave no {figure['kind']} count. Correct the "
            f"{figure['kind']} range in the edit form instead, or set the review status to "
            "rejected"
        )
    figure["rejected"] = {
        "by": user,
        "reason": reason,
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    before, after = _save(session, row, mention, payload)
    if row.review_status == "unreviewed":
        row.review_status = "in_review"
    audit_change(
        session,
        user,
        "reject figure",
        row.id,
        {"figure": _describe(figure, mention), **before},
        {"figure": "rejected", **after},
        reason,
    )
    return row


def unreject_figure(
    session: Session,
    incident_id: int,
    mention_id: int,
    index: int,
    user: str,
    reason: str = "",
    version: int | None = None,
) -> IncidentRow:
    """Put a rejected figure back into the incident's ranges."""
    row = live_incident(session, incident_id)
    check_version(session, row, version)
    mention, payload = _figure(session, row, mention_id, index)
    figure = payload["figures"][index]
    if not figure.get("rejected"):
        raise StoreError(f"that figure ({_describe(figure, mention)}) is not rejected")
    figure.pop("rejected")
    before, after = _save(session, row, mention, payload)
    audit_change(
        session,
        user,
        "restore figure",
        row.id,
        {"figure": "rejected", **before},
        {"figure": _describe(figure, mention), **after},
        reason.strip() or None,
    )
    return row


Marks = dict[tuple[Any, ...], dict[str, Any]]


def _key(figure: dict[str, Any]) -> tuple[Any, ...]:
    return (
        figure.get("kind"),
        figure.get("value"),
        figure.get("value_max"),
        tuple(figure.get("evidence") or ()),
    )


def marks_of(session: Session, report_id: str) -> Marks:
    """The rejections of a report's figures, before its mentions are replaced (re-extraction)."""
    marks: Marks = {}
    for mention in session.scalars(select(MentionRow).where(MentionRow.report_id == report_id)):
        for f in (mention.payload or {}).get("figures") or []:
            if f.get("rejected"):
                marks[_key(f)] = f["rejected"]
    return marks


def keep(mention: MentionRow, marks: Marks) -> None:
    """Put an analyst's rejections back on a re-extracted mention's figures (the same kind,
    value and evidence offsets), with its ranges recomputed."""
    if not marks:
        return
    payload = copy.deepcopy(mention.payload or {})
    found = False
    for f in payload.get("figures") or []:
        mark = marks.get(_key(f))
        if mark is not None:
            f["rejected"] = mark
            found = True
    if not found:
        return
    _recompute(payload)
    mention.payload = payload
    for name in ("killed", "injured"):
        rng = payload.get(name) or {}
        setattr(mention, f"{name}_min", rng.get("min"))
        setattr(mention, f"{name}_max", rng.get("max"))
