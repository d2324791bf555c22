"""Saved views: a named, shareable filter set, one user's, seen by the whole team (issue 13).

A view's ``filters`` are the web app's address parameters (``since``, ``place``, ``sort``...),
so ``/?saved=ID`` opens the same filtered view for anyone on the team. Saving, renaming over
and deleting are audited (entity ``saved_view``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from harmwatch.errors import NotFound, StoreError
from harmwatch.store.filters import MAX_INT, check_day, check_text
from harmwatch.store.review import _audit
from harmwatch.store.schema import SavedViewRow

TEXT_KEYS = ("place", "actor", "grade", "event_type", "review_status", "q", "sort")
KEYS = ("since", "until", "min_killed", *TEXT_KEYS)
NAME_CHARS = 80
TEXT_CHARS = 200  # as the API's filters take


def _day(value: Any, key: str) -> str:
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        raise StoreError(f"filters.{key}: {value!r} is not a day: give YYYY-MM-DD") from None
    check_day(day, f"filters.{key}")
    return day.isoformat()


def clean_filters(filters: Mapping[str, Any]) -> dict[str, Any]:
    """The filters a view keeps, checked: known keys only, days as YYYY-MM-DD, a from-date not
    after the to-date, ``min_killed`` a count; empty values dropped."""
    unknown = sorted(set(filters) - set(KEYS))
    if unknown:
        raise StoreError(f"filters.{unknown[0]}: not a filter of a view (use {', '.join(KEYS)})")
    out: dict[str, Any] = {}
    for key in KEYS:
        value = filters.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if key in ("since", "until"):
            out[key] = _day(value, key)
        elif key == "min_killed":
            if isinstance(value, bool) or not str(value).strip().isdigit():
                raise StoreError(f"filters.min_killed: {value!r} is not a count: give 0 or more")
            number = int(str(value).strip())
            if number > MAX_INT:
                raise StoreError(f"filters.min_killed: {number} is too large")
            out[key] = number
        else:
            text = str(value).strip()
            check_text(text, f"filters.{key}")
            if len(text) > TEXT_CHARS:
                raise StoreError(f"filters.{key}: longer than {TEXT_CHARS} characters")
            out[key] = text
    if "since" in out and "until" in out and out["since"] > out["until"]:
        raise StoreError(
            f"filters: the from-date {out['since']} is after the to-date {out['until']}: "
            "swap them or clear one"
        )
    return out


def list_views(session: Session) -> list[SavedViewRow]:
    """Every user's views, by name (then owner)."""
    return list(
        session.scalars(select(SavedViewRow).order_by(SavedViewRow.name, SavedViewRow.owner))
    )


def get_view(session: Session, view_id: int) -> SavedViewRow:
    row = session.get(SavedViewRow, view_id)
    if row is None:
        raise NotFound(f"no saved view {view_id} (it may have been deleted: see GET /api/views)")
    return row


def save_view(
    session: Session, name: str, filters: Mapping[str, Any], user: str
) -> tuple[SavedViewRow, bool]:
    """Save ``user``'s view ``name`` (a new one, or theirs of that name again with these
    filters); (the view, True when it is new)."""
    label = name.strip()
    if not label:
        raise StoreError("name: a view needs a name (e.g. 'Idlib airstrikes 2018')")
    if len(label) > NAME_CHARS:
        raise StoreError(f"name: longer than {NAME_CHARS} characters")
    check_text(label, "name")
    clean = clean_filters(filters)
    row = session.scalars(
        select(SavedViewRow).where(SavedViewRow.owner == user, SavedViewRow.name == label)
    ).first()
    now = dt.datetime.now(dt.UTC)
    if row is None:
        row = SavedViewRow(name=label, owner=user, filters=clean, created_at=now, updated_at=now)
        session.add(row)
        session.flush()
        _audit(session, user, "create", "saved_view", row.id, None, {"name": label, **clean})
        session.flush()
        return row, True
    before = {"name": row.name, **row.filters}
    row.filters = clean
    row.updated_at = now
    _audit(session, user, "update", "saved_view", row.id, before, {"name": label, **clean})
    session.flush()
    return row, False


def delete_view(session: Session, view_id: int, user: str, *, admin: bool = False) -> None:
    """Delete a view: its owner's, or any with ``admin``."""
    row = get_view(session, view_id)
    if row.owner != user and not admin:
        raise PermissionError(
            f"saved view {view_id} ({row.name!r}) is {row.owner}'s: only they or an admin can "
            "delete it (save your own copy under another name instead)"
        )
    before = {"name": row.name, "owner": row.owner, **row.filters}
    session.delete(row)
    _audit(session, user, "delete", "saved_view", view_id, before, None)
    session.flush()
