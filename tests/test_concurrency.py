"""Two processes ingesting at once into the same database lose and duplicate nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from test_bulk import write_reports

from harmwatch.process import ingest
from harmwatch.store.db import session_scope
from harmwatch.store.schema import IncidentRow, MentionRow, ReportRow


def _split(tmp_path: Path, n: int, overlap: int) -> tuple[Path, Path]:
    """Two JSONL files of the same corpus that share ``overlap`` reports."""
    whole = tmp_path / "all.jsonl"
    write_reports(whole, n, seed=23, vary_tolls=False)  # grouping independent of arrival order
    lines = whole.read_text(encoding="utf-8").splitlines(keepends=True)
    half = (n + overlap) // 2
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text("".join(lines[:half]), encoding="utf-8")
    b.write_text("".join(lines[n - half :]), encoding="utf-8")
    return a, b


def _ingest(path: Path, url: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "harmwatch.cli.main", "ingest", str(path), "--db", url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _contents(url: str) -> dict[str, Any]:
    with session_scope(url) as session:
        reports = [(r.id, r.text_hash, r.extracted) for r in session.scalars(sa.select(ReportRow))]
        mentions = [
            (m.report_id, m.ordinal, json.dumps(m.payload, sort_keys=True), m.incident_id)
            for m in session.scalars(sa.select(MentionRow))
        ]
        live = session.scalars(
            sa.select(IncidentRow).where(IncidentRow.merged_into_id.is_(None))
        ).all()
        groups = sorted(
            sorted((m.report_id, m.ordinal) for m in incident.mentions) for incident in live
        )
    return {"reports": reports, "mentions": mentions, "groups": groups}


@pytest.mark.slow
def test_two_processes_ingesting_overlapping_inputs(
    db_url: str, make_db_url: Any, tmp_path: Path
) -> None:
    n = 24
    a, b = _split(tmp_path, n, overlap=8)
    first, second = _ingest(a, db_url), _ingest(b, db_url)
    outcomes = [p.communicate(timeout=300) + (p.returncode,) for p in (first, second)]
    for _out, err, code in outcomes:
        assert code == 0, err
        assert "error" not in err.lower(), err

    reference = make_db_url()  # the same inputs, one after the other, in this process
    for path in (a, b):
        assert ingest([str(path)], reference, progress=False).ok

    got, want = _contents(db_url), _contents(reference)
    # every report once, each extracted
    assert len(got["reports"]) == n
    assert len({h for _, h, _ in got["reports"]}) == n
    assert all(extracted for _, _, extracted in got["reports"])
    assert sorted(r[:2] for r in got["reports"]) == sorted(r[:2] for r in want["reports"])
    # every mention once, as a lone run extracts it
    assert sorted(m[:3] for m in got["mentions"]) == sorted(m[:3] for m in want["mentions"])
    # and no incident twice: the same reports are told as the same incidents
    assert got["groups"] == want["groups"]


def _resolve_in_lockstep(url: str, who: int, events: int, barrier: Any, batch: bool) -> None:
    """Store and resolve one report per event; both processes start each event together."""
    import datetime as dt

    from harmwatch.models import Incident, Location, Range, Report, ReportExtraction
    from harmwatch.resolve import add_extraction
    from harmwatch.resolve.batch import resolve_many
    from harmwatch.store.reports import add_report

    for event in range(events):
        report = Report(
            id=f"lockstep-{who}-{event}",
            text=f"Outlet {who} retells event number {event}: a market was shelled.",
            source=f"Outlet {who}",
            published=dt.date(2024, 3, 1),
        )
        incident = Incident(
            event_type="shelling",
            date=dt.date(2023, 1, 1) + dt.timedelta(days=3 * event),
            date_precision="day",
            location=Location(name="Ariha", lat=35.81, lon=36.61, country="SY"),
            killed=Range(min=6, max=6),
            targets=["market"],
        )
        with session_scope(url) as session:
            stored = add_report(session, report)
        extraction = ReportExtraction(report_id=stored.report_id, incidents=[incident])
        barrier.wait(timeout=60)
        with session_scope(url) as session:
            if batch:  # reads every candidate first, then writes
                resolve_many(session, [extraction])
            else:
                add_extraction(session, extraction)


@pytest.mark.parametrize("batch", [False, True], ids=["add_extraction", "resolve_many"])
def test_concurrent_resolution_creates_each_incident_once(db_url: str, batch: bool) -> None:
    """Two processes resolve reports of the same events at the same moment: one incident each."""
    import multiprocessing

    events = 30
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    workers = [
        ctx.Process(target=_resolve_in_lockstep, args=(db_url, who, events, barrier, batch))
        for who in (0, 1)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=300)
    assert [w.exitcode for w in workers] == [0, 0]
    got = _contents(db_url)
    assert len(got["mentions"]) == 2 * events
    assert all(m[3] is not None for m in got["mentions"])
    # each event is one incident told by both outlets, never two incidents
    assert len(got["groups"]) == events
    assert all(len(group) == 2 for group in got["groups"])


def _upgrade_together(url: str, barrier: Any) -> None:
    from harmwatch.store.migrate import upgrade

    barrier.wait(timeout=60)
    upgrade(url)


def test_two_processes_migrating_a_new_database_at_once(empty_db_url: str) -> None:
    """Two commands started together on a new database: both migrate it, neither fails."""
    import multiprocessing

    from harmwatch.store import migrate

    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    workers = [
        ctx.Process(target=_upgrade_together, args=(empty_db_url, barrier)) for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0]
    assert migrate.current(empty_db_url) == migrate.head()
