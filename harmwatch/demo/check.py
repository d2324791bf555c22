"""How a database loaded with the demo corpus compares with ``expected.json``.

    from harmwatch.demo.check import score
    print("\\n".join(score("harmwatch.db").lines()))

A mention *tells* an expected incident when it comes from one of its reports, is dated within its
tolerance, and its place name contains one of the expected names (compared without accents,
apostrophes or hyphens, so "‘Irbīn" and "Irbin" are one name). Merges are followed, so an
incident merged into another counts as that other one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from harmwatch.demo import load_expected
from harmwatch.gazetteer.normalize import DEMO, name_key
from harmwatch.store.db import session_scope
from harmwatch.store.schema import IncidentRow, MentionRow


def fold(name: str) -> str:
    """A place name compared without accents, apostrophes, hyphens, spaces or case."""
    return name_key(name, DEMO)


@dataclass(frozen=True)
class Mention:
    report_id: str
    incident: int | None  # after following merges
    date: dt.date | None
    place: str
    background: bool
    killed: tuple[int | None, int | None]
    injured: tuple[int | None, int | None]


@dataclass(frozen=True)
class DemoScore:
    expected: int
    found: tuple[str, ...]
    missing: tuple[str, ...]
    clusters: tuple[str, ...]  # expected incidents told by several reports
    merged: tuple[str, ...]  # ... whose reports all ended in one incident
    primary: str
    primary_merged: bool
    look_alikes_checked: int
    look_alikes_merged: tuple[str, ...]
    incidents: int  # incidents in the database (not merged away)
    unexpected: int  # incidents that tell none of the expected or optional incidents
    tallies_as_incidents: tuple[str, ...]
    figures_on_non_violent: tuple[str, ...]

    def lines(self) -> list[str]:
        merged_la = ", ".join(self.look_alikes_merged) or "none"
        return [
            f"expected incidents found: {len(self.found)}/{self.expected}"
            + (f" (missing: {', '.join(self.missing)})" if self.missing else ""),
            f"incidents told by several reports resolved into one: "
            f"{len(self.merged)}/{len(self.clusters)}",
            f"look-alikes merged by mistake: {len(self.look_alikes_merged)}/"
            f"{self.look_alikes_checked} checked ({merged_la})",
            f"incidents in the database: {self.incidents}, of which not expected: "
            f"{self.unexpected}",
        ]


def load_mentions(db_url: str | None) -> list[Mention]:
    with session_scope(db_url) as session:
        merged_into: dict[int, int | None] = {
            row.id: row.merged_into_id
            for row in session.execute(select(IncidentRow.id, IncidentRow.merged_into_id))
        }
        out = []
        for m in session.scalars(select(MentionRow).order_by(MentionRow.id)):
            incident = m.incident_id
            seen: set[int] = set()
            while incident is not None and merged_into.get(incident) and incident not in seen:
                seen.add(incident)
                incident = merged_into[incident]
            out.append(
                Mention(
                    m.report_id,
                    incident,
                    m.date,
                    m.place_name or "",
                    bool(m.background),
                    (m.killed_min, m.killed_max),
                    (m.injured_min, m.injured_max),
                )
            )
    return out


def _names(spec: dict[str, Any]) -> list[str]:
    place = spec.get("place") or []
    return [fold(p) for p in ([place] if isinstance(place, str) else place)]


def tells(mention: Mention, spec: dict[str, Any]) -> bool:
    if mention.report_id not in spec["reports"] or not spec.get("date") or not mention.date:
        return False
    tolerance = dt.timedelta(days=spec.get("date_tolerance_days", 0))
    if abs(mention.date - dt.date.fromisoformat(spec["date"])) > tolerance:
        return False
    place = fold(mention.place)
    return bool(place) and any(name in place for name in _names(spec))


def incidents_of(mentions: list[Mention], spec: dict[str, Any]) -> set[int]:
    """The incidents that tell ``spec``."""
    return {m.incident for m in mentions if m.incident is not None and tells(m, spec)}


def score(db_url: str | None, expected: dict[str, Any] | None = None) -> DemoScore:
    expected = expected or load_expected()
    mentions = load_mentions(db_url)
    required = expected["incidents_expected"]
    specs = {s["key"]: s for s in required + expected["optional"]}
    found_in = {key: incidents_of(mentions, spec) for key, spec in specs.items()}

    found = tuple(s["key"] for s in required if found_in[s["key"]])
    clusters = tuple(s["key"] for s in required if len(s["reports"]) > 1)
    merged = []
    for key in clusters:
        spec = specs[key]
        ids = found_in[key]
        told_by = {m.report_id for m in mentions if m.incident in ids and tells(m, spec)}
        if len(ids) == 1 and set(spec["reports"]) <= told_by:
            merged.append(key)

    checked, wrongly = 0, []
    for pair in expected["look_alikes"]:
        a, b = found_in[pair["a"]], found_in[pair["b"]]
        if a and b:
            checked += 1
            if a & b:
                wrongly.append(f"{pair['a']} + {pair['b']}")

    tallies, non_violent = [], []
    for item in expected["not_incidents"]:
        own = [m for m in mentions if m.report_id == item["report"]]
        for kind in ("killed", "injured"):
            value = item.get(kind)
            if value is not None and any(
                m.incident is not None and not m.background and value in getattr(m, kind)
                for m in own
            ):
                tallies.append(f"{item['report']}: {kind} {value}")
        if "killed" not in item and "injured" not in item:
            if any(m.killed != (None, None) or m.injured != (None, None) for m in own):
                non_violent.append(item["report"])

    with session_scope(db_url) as session:
        live = set(
            session.scalars(select(IncidentRow.id).where(IncidentRow.merged_into_id.is_(None)))
        )
    known = set().union(*found_in.values()) if found_in else set()
    return DemoScore(
        expected=len(required),
        found=found,
        missing=tuple(s["key"] for s in required if not found_in[s["key"]]),
        clusters=clusters,
        merged=tuple(merged),
        primary=expected["primary"],
        primary_merged=expected["primary"] in merged,
        look_alikes_checked=checked,
        look_alikes_merged=tuple(wrongly),
        incidents=len(live),
        unexpected=len(live - known),
        tallies_as_incidents=tuple(tallies),
        figures_on_non_violent=tuple(non_violent),
    )
