"""Words search over incidents (summary, place, actors) and the text of their reports.

``matches("market strike")`` is a WHERE condition on incidents: every word (or a word starting
with it: "hospital" finds "hospitals") is in the incident's summary, place name and actors, or
all are in the text of one of its reports. It reads the full-text indexes of revision 0002:
SQLite FTS5 tables, PostgreSQL GIN indexes on ``to_tsvector('simple', ...)``, so no report text
is scanned. Case and accents are ignored (SQLite) or case only (PostgreSQL, ``simple``).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import String, bindparam
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.sqltypes import NullType
from sqlalchemy.sql.visitors import InternalTraversal

from harmwatch.store.schema import IncidentRow

MAX_WORDS = 16
_WORD = re.compile(r"[^\W_]+")


def words(q: str) -> list[str]:
    """The words a search looks for: runs of letters and digits, lower-cased (at most 16)."""
    return _WORD.findall(q.lower())[:MAX_WORDS]


class IncidentMatches(ColumnElement[bool]):
    """True for the incidents whose own words or one of whose reports hold every word."""

    type = NullType()  # type: ignore[assignment]  # a predicate: Boolean renders "... = 1" on SQLite
    inherit_cache = True
    _traverse_internals = [
        ("fts5", InternalTraversal.dp_clauseelement),
        ("fts5_again", InternalTraversal.dp_clauseelement),
        ("tsquery", InternalTraversal.dp_clauseelement),
        ("tsquery_again", InternalTraversal.dp_clauseelement),
        ("scan", InternalTraversal.dp_boolean),
    ]

    def __init__(self, found: list[str], scan: bool = False) -> None:
        # scan: for a search that most incidents match, written so that the database walks
        # the incidents in the list's order and tests each, stopping at the page's end,
        # rather than fetching every match to sort them
        self.scan = scan
        fts5 = " AND ".join(f'"{word}"*' for word in found)
        tsquery = " & ".join(f"{word}:*" for word in found)
        self.fts5 = bindparam(None, fts5, type_=String(), unique=True)
        self.fts5_again = bindparam(None, fts5, type_=String(), unique=True)
        self.tsquery = bindparam(None, tsquery, type_=String(), unique=True)
        self.tsquery_again = bindparam(None, tsquery, type_=String(), unique=True)


def matches(q: str, scan: bool = False) -> IncidentMatches | None:
    """The search condition for ``q``; None when ``q`` has no word to look for. ``scan``: the
    form for a search that a large part of the incidents match (see `IncidentMatches`)."""
    found = words(q)
    return IncidentMatches(found, scan) if found else None


@compiles(IncidentMatches, "sqlite")
def _sqlite(element: IncidentMatches, compiler: Any, **kw: Any) -> str:
    incident_id = compiler.process(IncidentRow.id, **kw)
    if element.scan:  # "+": not through the primary key, so the order's index is walked
        incident_id = f"+{incident_id}"
    return (
        f"{incident_id} IN (SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH "
        f"{compiler.process(element.fts5, **kw)} UNION SELECT mentions.incident_id FROM mentions "
        "WHERE mentions.report_id IN (SELECT report_id FROM reports_fts WHERE reports_fts MATCH "
        f"{compiler.process(element.fts5_again, **kw)}))"
    )


# the expressions must stay those of the GIN indexes of revision 0002, or they are not used
_PG_INCIDENT = (
    "to_tsvector('simple'::regconfig, coalesce(summary, '') || ' ' || coalesce(place_name, '') "
    "|| ' ' || coalesce(actors, ''))"
)
_PG_REPORT = "to_tsvector('simple'::regconfig, reports.text)"


@compiles(IncidentMatches, "postgresql")
def _postgresql(element: IncidentMatches, compiler: Any, **kw: Any) -> str:
    incident_id = compiler.process(IncidentRow.id, **kw)
    first = compiler.process(element.tsquery, **kw)
    again = compiler.process(element.tsquery_again, **kw)
    in_reports = (
        "SELECT mentions.incident_id FROM mentions JOIN reports "
        f"ON reports.id = mentions.report_id WHERE {_PG_REPORT} "
        f"@@ to_tsquery('simple'::regconfig, {again})"
    )
    if element.scan:  # tested on each incident walked in the list's order
        return (
            f"({_PG_INCIDENT} @@ to_tsquery('simple'::regconfig, {first}) "
            f"OR {incident_id} IN ({in_reports}))"
        )
    return (
        f"{incident_id} IN (SELECT hw_search.id FROM incidents AS hw_search "
        f"WHERE {_PG_INCIDENT} "
        f"@@ to_tsquery('simple'::regconfig, {first}) UNION {in_reports})"
    )


@compiles(IncidentMatches)
def _other(element: IncidentMatches, compiler: Any, **kw: Any) -> str:
    raise NotImplementedError(
        f"words search needs SQLite or PostgreSQL, not {compiler.dialect.name}"
    )
