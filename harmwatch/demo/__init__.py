"""The built-in demo corpus and `run_demo`, the library side of `harmwatch demo` (`make run`).

``reports.jsonl`` holds 22 short reports written for this project in its own words; each restates
real facts (places, dates, tolls, the outlet that reported them) from ``../shared/corpus``, as
``README.md`` in this folder lists. ``expected.json`` says what a good extraction and resolution
of them gives; the tests check the build against it.

    from harmwatch.demo import run_demo
    run = run_demo("harmwatch.db")
    for line in run.incidents:
        print(line.id, line.date, line.place, line.killed)
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harmwatch.models import Report
from harmwatch.ranges import format_range

if TYPE_CHECKING:
    from harmwatch.demo.check import DemoScore
    from harmwatch.process import IngestSummary
    from harmwatch.store.schema import IncidentRow

DEMO_DIR = Path(__file__).resolve().parent
REPORTS_PATH = DEMO_DIR / "reports.jsonl"
EXPECTED_PATH = DEMO_DIR / "expected.json"
DEFAULT_DB = "harmwatch.db"


def load_reports() -> list[Report]:
    """The demo reports, in file order."""
    with REPORTS_PATH.open(encoding="utf-8") as handle:
        return [Report.model_validate_json(line) for line in handle if line.strip()]


def load_expected() -> dict[str, Any]:
    """What a good extraction and resolution of the demo corpus gives (see expected.json)."""
    data: dict[str, Any] = json.loads(EXPECTED_PATH.read_text(encoding="utf-8"))
    return data


def short_outlet(name: str) -> str:
    """An outlet's name short enough for a table column: "Syria Civil Defence (White Helmets)"
    -> "White Helmets", "Syrian Observatory for Human Rights" -> "SOHR"."""
    inner = re.search(r"\(([^)]+)\)", name)
    if inner:
        return inner.group(1)
    capitals = [w for w in re.split(r"[\s-]+", name) if w[:1].isupper()]
    return "".join(w[0] for w in capitals) if len(capitals) >= 4 else name


@dataclass(frozen=True)
class IncidentLine:
    """One incident as the demo table shows it."""

    id: int
    date: dt.date | None
    place: str | None
    event_type: str
    killed: str
    perpetrators: tuple[str, ...]
    grade: str | None
    sources: tuple[str, ...]
    report_ids: tuple[str, ...]


@dataclass(frozen=True)
class DemoRun:
    db_url: str
    summary: IngestSummary
    incidents: tuple[IncidentLine, ...]
    score: DemoScore  # how the result compares with expected.json


def _outlets(row: IncidentRow) -> tuple[tuple[str, ...], tuple[str, ...]]:
    from harmwatch.store.record_types import read

    sources = read(row.record).sources
    report_ids = [s.report_id for s in sources if s.report_id]
    if not report_ids:
        report_ids = sorted({m.report_id for m in row.mentions})
    outlets: list[str] = []
    for source in sources:
        name = source.source or source.report_id
        if name and name not in outlets:
            outlets.append(name)
    return tuple(outlets), tuple(dict.fromkeys(report_ids))


def incident_line(row: IncidentRow) -> IncidentLine:
    from harmwatch.store.record_types import read

    record = read(row.record)
    ids = [a.id for a in record.perpetrators] + [a.id for a in record.claims]
    perpetrators = tuple(dict.fromkeys(i for i in ids if i)) or tuple((row.actors or "").split())
    outlets, report_ids = _outlets(row)
    return IncidentLine(
        id=row.id,
        date=row.date,
        place=row.place_name,
        event_type=row.event_type,
        killed=format_range(row.killed_min, row.killed_max),
        perpetrators=perpetrators,
        grade=row.grade,
        sources=outlets,
        report_ids=report_ids,
    )


def list_incident_lines(db_url: str | None) -> list[IncidentLine]:
    """Every (unmerged) incident in the database, oldest first."""
    from harmwatch.store.db import session_scope
    from harmwatch.store.incidents import list_incidents

    with session_scope(db_url) as session:
        return [incident_line(row) for row in list_incidents(session)]


def run_demo(db_url: str = DEFAULT_DB, progress: bool = True) -> DemoRun:
    """Ingest the demo corpus into ``db_url`` (read, store, extract, resolve) and list the
    incidents found. Idempotent: a second run stores nothing new and lists the same incidents."""
    from harmwatch.demo.check import score
    from harmwatch.process import ingest

    summary = ingest([str(REPORTS_PATH)], db_url, extract=True, progress=progress, format="jsonl")
    return DemoRun(db_url, summary, tuple(list_incident_lines(db_url)), score(db_url))
