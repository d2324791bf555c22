"""`resolve_many` (bulk loads) decides exactly as `add_extraction` does, report by report."""

from __future__ import annotations

import gc

import pytest
from resolve_cases import look_alikes, market_strike
from sqlalchemy import select

from harmwatch.errors import NotFound
from harmwatch.models import ReportExtraction
from harmwatch.resolve import add_extraction
from harmwatch.resolve.batch import resolve_many
from harmwatch.resolve.edit import update_incident
from harmwatch.store.db import session_scope
from harmwatch.store.reports import add_report
from harmwatch.store.schema import IncidentRow, MentionRow, MergeLogRow


def partition(url) -> set[frozenset[str]]:
    with session_scope(url) as s:
        rows = s.scalars(select(IncidentRow).where(IncidentRow.merged_into_id.is_(None)))
        return {frozenset(r.record["report_ids"]) for r in rows}


def one_by_one(url, pairs) -> None:
    """Store and resolve each report in its own call, as on ingest."""
    with session_scope(url) as s:
        for report, extraction in pairs:
            add_report(s, report)
            add_extraction(s, extraction)


def in_one_batch(url, pairs, again=()) -> None:
    """Store the reports and resolve them in one `resolve_many`, with ``again`` (extractions of
    reports already stored) first."""
    with session_scope(url) as s:
        for report, _ in pairs:
            add_report(s, report)
        resolve_many(s, [*again, *(e for _, e in pairs)])


def test_batch_gives_the_same_incidents_as_one_by_one(db_url, tmp_path):
    pairs = market_strike() + look_alikes()
    with session_scope(db_url) as s:
        for report, _ in pairs:
            add_report(s, report)
        touched = resolve_many(s, [e for _, e in pairs])
    assert len(touched) == 4
    assert frozenset(f"own-market-{i}" for i in range(1, 5)) in partition(db_url)
    with session_scope(db_url) as s:
        [market] = [r for r in s.scalars(select(IncidentRow)) if r.record["n_reports"] == 4]
        assert (market.killed_min, market.killed_max, market.injured_min) == (18, 21, 82)
        assert market.grade == "Fair" and market.summary
        kinds = sorted(e.kind for e in s.scalars(select(MergeLogRow)))
        assert kinds == ["attach"] * 3 + ["create"] * 4
    other = f"sqlite:///{tmp_path / 'one-by-one.db'}"
    from harmwatch.store.migrate import upgrade

    upgrade(other)
    for report, extraction in pairs:
        with session_scope(other) as s:
            add_report(s, report)
            add_extraction(s, extraction)
    assert partition(other) == partition(db_url)


def test_batch_joins_incidents_already_stored(db_url):
    pairs = market_strike()
    one_by_one(db_url, pairs[:2])
    in_one_batch(db_url, pairs[2:], again=[pairs[1][1]])  # own-market-2 again: re-extracted
    assert partition(db_url) == {frozenset(f"own-market-{i}" for i in range(1, 5))}


def test_batch_refuses_reports_not_stored(db_url):
    with session_scope(db_url) as s, pytest.raises(NotFound, match="not stored"):
        resolve_many(s, [ReportExtraction(report_id="nowhere")])


def test_batch_records_name_the_mentions_stored(db_url):
    """The mentions' ids are reserved before the rows are written: each incident's record
    names exactly its mentions' ids, numbered after the mentions already stored."""
    pairs = market_strike() + look_alikes()
    one_by_one(db_url, pairs[:1])
    in_one_batch(db_url, pairs[1:])
    with session_scope(db_url) as s:
        mentions = s.scalars(select(MentionRow).order_by(MentionRow.id)).all()
        assert (
            len({m.id for m in mentions})
            == len(mentions)
            == sum(len(e.incidents) for _, e in pairs)
        )
        first = [m.id for m in mentions if m.report_id == pairs[0][0].id]
        assert max(first) < min(m.id for m in mentions if m.report_id != pairs[0][0].id)
        ids = [m.id for m in mentions]  # numbered on, as the database numbers new rows
        assert ids == list(range(ids[0], ids[0] + len(ids)))
        for row in s.scalars(select(IncidentRow)):
            own = sorted(m.id for m in mentions if m.incident_id == row.id)
            assert sorted(row.record["mention_ids"]) == own
            assert sorted(d["id"] for d in row.record["mentions"]) == own
        logged = sorted(i for e in s.scalars(select(MergeLogRow)) for i in e.mention_ids)
        assert logged == [m.id for m in mentions if m.incident_id is not None]


def test_batch_keeps_an_analysts_correction_of_a_stored_incident(db_url):
    pairs = market_strike()
    one_by_one(db_url, pairs[:2])
    with session_scope(db_url) as s:
        [market] = s.scalars(select(IncidentRow)).all()
        update_incident(s, market.id, {"killed_min": 20}, user="analyst")
    in_one_batch(db_url, pairs[2:])
    with session_scope(db_url) as s:
        [market] = s.scalars(select(IncidentRow)).all()
        assert market.record["n_reports"] == 4
        assert (market.killed_min, market.killed_max) == (20, 21)
        assert market.overrides == {"killed_min": 20}


@pytest.mark.parametrize("enabled", [True, False])
def test_batch_leaves_the_garbage_collector_as_it_found_it(db_url, enabled):
    """The collector is paused during a batch (its full passes over the batch's many small
    dicts cost more than the work) and put back as it was, even on an error."""
    pairs = market_strike()
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        with session_scope(db_url) as s:
            for report, _ in pairs:
                add_report(s, report)
            during: list[bool] = []
            resolve_many(s, [e for _, e in pairs], lambda n: during.append(gc.isenabled()))
            assert during == [False] * len(pairs)
            assert gc.isenabled() is enabled
            with pytest.raises(NotFound):
                resolve_many(s, [ReportExtraction(report_id="nowhere")])
            assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
