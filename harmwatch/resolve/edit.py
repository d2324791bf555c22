"""An analyst's corrections of an incident, with its summary written again by the resolver.

    update_incident(session, incident_id, {"killed_max": 9}, user="ana", note="hospital list")

`harmwatch.store.review.update_incident` keeps the correction (overrides, columns, audit row);
the summary is the resolver's work (`harmwatch.resolve.summary.summarise`), passed in here so
that the store does not import the resolver.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from harmwatch.resolve.summary import summarise
from harmwatch.store import review
from harmwatch.store.schema import IncidentRow


def update_incident(
    session: Session,
    incident_id: int,
    changes: Mapping[str, Any],
    user: str,
    note: str | None = None,
    version: int | None = None,
) -> IncidentRow:
    """Apply an analyst's corrections (see `harmwatch.store.review.update_incident`); with
    ``version``, refused when the incident changed since that version."""
    return review.update_incident(
        session,
        incident_id,
        changes,
        user,
        note,
        summarise=summarise,
        name_actor=actor_entry,
        version=version,
    )


def actor_entry(name: str) -> dict[str, str]:
    """An actor as an analyst names it: its registry id when the name or an alias is known
    ("Russia" -> russia), else ``actor:<slug>`` as for unregistered groups."""
    from harmwatch.pipeline.registry import slug
    from harmwatch.pipeline.vocab import data_file

    name = " ".join(name.split())
    key = name.casefold()
    for entry in data_file("actors.jsonl"):
        names = [entry.get("id", ""), entry.get("name", ""), *(entry.get("aliases") or [])]
        if any(key == str(n).casefold() for n in names):
            return {"name": name, "id": str(entry["id"])}
    return {"name": name, "id": slug(name)}
