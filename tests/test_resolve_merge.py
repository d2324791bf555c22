"""Manual merge, split and undo: logged, audited, reversible."""

from __future__ import annotations

import pytest
from resolve_cases import look_alikes, market_strike
from sqlalchemy import select

from harmwatch.errors import ResolveError
from harmwatch.resolve import add_extraction
from harmwatch.resolve.merge import merge, split, undo
from harmwatch.store.db import session_scope
from harmwatch.store.reports import add_report
from harmwatch.store.schema import AuditRow, IncidentRow, MergeLogRow


@pytest.fixture
def url(db_url):
    for report, extraction in market_strike() + look_alikes()[:1]:
        with session_scope(db_url) as s:
            add_report(s, report)
            add_extraction(s, extraction)
    return db_url


def state(url) -> dict[int, tuple]:
    with session_scope(url) as s:
        rows = s.scalars(select(IncidentRow).where(IncidentRow.merged_into_id.is_(None)))
        return {r.id: (tuple(r.record["report_ids"]), r.killed_min, r.killed_max) for r in rows}


def ids(url) -> tuple[int, int]:
    market, bakery = sorted(state(url), key=lambda i: -len(state(url)[i][0]))
    return market, bakery


def test_merge_then_undo_restores_both_incidents(url):
    before = state(url)
    market, bakery = ids(url)
    with session_scope(url) as s:
        entry = merge(s, market, bakery, user="ana", reason="same raid")
    after = state(url)
    assert list(after) == [market]
    assert "own-bakery" in after[market][0] and after[market][1:] == (3, 21)
    with session_scope(url) as s:
        assert s.get(IncidentRow, bakery).merged_into_id == market
        audit = s.scalars(select(AuditRow).where(AuditRow.action == "merge")).all()
        assert {a.entity_id for a in audit} == {str(market), str(bakery)}
        assert {a.user for a in audit} == {"ana"}
        undo(s, entry.id, user="ben")
    assert state(url) == before
    with session_scope(url) as s:
        assert s.get(MergeLogRow, entry.id).undone
        with pytest.raises(ResolveError, match="already undone"):
            undo(s, entry.id, user="ben")


def test_split_then_undo(url):
    before = state(url)
    market, _ = ids(url)
    with session_scope(url) as s:
        new = split(s, market, "own-market-1", user="ana")
        new_id = new.id
    after = state(url)
    assert after[new_id] == (("own-market-1",), 18, 18)
    assert after[market][1:] == (19, 21)
    with session_scope(url) as s:
        entry = s.scalars(select(MergeLogRow).where(MergeLogRow.kind == "split")).one()
        assert entry.user == "ana" and not entry.automatic
        audit = s.scalars(select(AuditRow).where(AuditRow.action == "split")).all()
        # both sides: the incident split and the new one, whose trail starts with its origin
        assert {(a.entity_id, a.user) for a in audit} == {
            (str(market), "ana"),
            (str(new_id), "ana"),
        }
        (born,) = [a for a in audit if a.entity_id == str(new_id)]
        assert born.before is None and born.after["split_from_id"] == market
        assert born.after["report_ids"] == ["own-market-1"]
        undo(s, entry.id, user="ana")
    assert state(url) == before


def test_undo_an_automatic_attach(url):
    market, _ = ids(url)
    with session_scope(url) as s:
        attach = s.scalars(
            select(MergeLogRow).where(MergeLogRow.kind == "attach").order_by(MergeLogRow.id)
        ).first()
        undo(s, attach.id, user="ana")
    after = state(url)
    assert len(after) == 3
    assert ("own-market-2",) in [v[0] for v in after.values()]


def test_refusals_say_what_to_do(url):
    market, bakery = ids(url)
    with session_scope(url) as s:
        with pytest.raises(ResolveError, match="only source"):
            split(s, bakery, "own-bakery", user="ana")
        with pytest.raises(ResolveError, match="no mention from report"):
            split(s, market, "own-bakery", user="ana")
        with pytest.raises(ResolveError, match="itself"):
            merge(s, market, market, user="ana")
        merge(s, market, bakery, user="ana")
        with pytest.raises(ResolveError, match="was merged into"):
            merge(s, bakery, market, user="ana")
    with session_scope(url) as s:
        create = s.scalars(select(MergeLogRow).where(MergeLogRow.kind == "create")).first()
        with pytest.raises(ResolveError, match="only merges, splits and attaches"):
            undo(s, create.id, user="ana")


def test_a_failed_action_writes_nothing(url):
    market, _ = ids(url)
    with pytest.raises(ResolveError), session_scope(url) as s:
        split(s, market, "own-market-2", user="ana")
        merge(s, market, market, user="ana")  # fails: the split above is rolled back too
    with session_scope(url) as s:
        assert s.scalars(select(AuditRow)).all() == []
        assert s.scalars(select(MergeLogRow).where(MergeLogRow.kind == "split")).all() == []
