"""Resolution on ingest: one incident from many reports, look-alikes kept apart."""

from __future__ import annotations

import datetime as dt

import pytest
from resolve_cases import ARIHA, DAY, IDLIB, look_alikes, make, market_strike
from sqlalchemy import func, select

from harmwatch.errors import NotFound
from harmwatch.models import ReportExtraction
from harmwatch.resolve import add_extraction
from harmwatch.resolve.edit import update_incident
from harmwatch.store.db import session_scope
from harmwatch.store.reports import add_report
from harmwatch.store.schema import IncidentRow, MentionRow, MergeLogRow


def ingest(url, pairs) -> list[list[int]]:
    touched = []
    for report, extraction in pairs:
        with session_scope(url) as s:
            add_report(s, report)
            touched.append(add_extraction(s, extraction))
    return touched


def live(url) -> list[IncidentRow]:
    with session_scope(url) as s:
        rows = s.scalars(
            select(IncidentRow).where(IncidentRow.merged_into_id.is_(None)).order_by(IncidentRow.id)
        )
        return list(rows)


def by_reports(url) -> dict[frozenset[str], IncidentRow]:
    return {frozenset(r.record["report_ids"]): r for r in live(url)}


def test_one_incident_from_four_outlets_with_every_figure(db_url):
    ingest(db_url, market_strike())
    [row] = live(db_url)
    assert row.record["report_ids"] == [f"own-market-{i}" for i in range(1, 5)]
    assert (row.killed_min, row.killed_max, row.injured_min, row.injured_max) == (18, 21, 82, 82)
    killed = [
        (f["source"], f["value"], f["published"])
        for f in row.record["figures"]
        if f["kind"] == "killed"
    ]
    assert ("Levant Daily", 18, "2020-01-15") in killed
    assert ("Northern Post", 19, "2020-01-17") in killed
    assert ("Gulf Wire", 21, "2020-01-16") in killed
    # the Evening Courier ran the Gulf Wire's text: four reports, three independent sources
    assert row.record["n_reports"] == 4 and row.record["n_independent"] == 3
    assert row.date == DAY and row.place_name == "Idlib" and row.event_type == "airstrike"
    assert row.grade == "Fair" and "3 independent sources" in row.grade_reason
    assert "21" in row.summary and "Idlib" in row.summary and "Gulf Wire" not in row.summary


def test_look_alikes_stay_separate(db_url):
    ingest(db_url, market_strike() + look_alikes())
    groups = by_reports(db_url)
    assert set(groups) == {
        frozenset(f"own-market-{i}" for i in range(1, 5)),
        frozenset({"own-bakery"}),  # same town, next day
        frozenset({"own-ariha"}),  # a town 13 km away, same day, same toll
        frozenset({"own-saraqib"}),  # another town, same day
    }
    assert groups[frozenset({"own-bakery"})].date == DAY + dt.timedelta(days=1)


def test_order_of_arrival_does_not_change_the_incidents(db_url):
    ingest(db_url, list(reversed(market_strike() + look_alikes())))
    assert len(by_reports(db_url)) == 4
    assert frozenset(f"own-market-{i}" for i in range(1, 5)) in by_reports(db_url)


def test_background_and_empty_mentions_create_no_incident(db_url):
    touched = ingest(db_url, look_alikes()[3:])
    assert touched == [[]]
    assert live(db_url) == []
    with session_scope(db_url) as s:
        mentions = s.scalars(select(MentionRow).order_by(MentionRow.ordinal)).all()
        assert [m.background for m in mentions] == [True, False]
        assert all(m.incident_id is None for m in mentions)
        assert mentions[0].payload["date"] == "2016-05-01"


def test_mentions_of_one_report_are_never_merged(db_url):
    text = "Two strikes hit Idlib on Wednesday: one killed 4 people, the other killed 4 more."
    spec = {
        "event_type": "airstrike",
        "date": DAY,
        "location": IDLIB,
        "phrase": text,
        "figs": [("killed", 4, {})],
    }
    ingest(db_url, [make("own-two", "Levant Daily", DAY, text, [spec, spec])])
    assert len(live(db_url)) == 2


def test_re_extracting_a_report_replaces_its_mentions(db_url):
    pairs = market_strike()[:2]
    ingest(db_url, pairs)
    with session_scope(db_url) as s:
        assert add_extraction(s, pairs[1][1]) == [live(db_url)[0].id]
    with session_scope(db_url) as s:
        assert s.scalar(select(func.count()).select_from(MentionRow)) == 2
    assert len(live(db_url)) == 1
    with session_scope(db_url) as s:  # the report now says nothing: its incident data goes
        add_extraction(s, ReportExtraction(report_id="own-market-2"))
    [row] = live(db_url)
    assert row.record["report_ids"] == ["own-market-1"] and row.injured_min is None


def test_analyst_override_survives_new_reports(db_url):
    pairs = market_strike()
    ingest(db_url, pairs[:1])
    [row] = live(db_url)
    with session_scope(db_url) as s:
        update_incident(s, row.id, {"killed_min": 30, "killed_max": 35}, user="ana")
    ingest(db_url, pairs[1:])
    [row] = live(db_url)
    assert (row.killed_min, row.killed_max) == (30, 35)
    assert row.injured_min == 82  # computed values the analyst did not touch still update
    assert "30" in row.summary


def test_every_automatic_decision_is_logged_with_its_reason(db_url):
    ingest(db_url, market_strike())
    with session_scope(db_url) as s:
        log = s.scalars(select(MergeLogRow).order_by(MergeLogRow.id)).all()
    assert [e.kind for e in log] == ["create", "attach", "attach", "attach"]
    assert all(e.automatic and e.user is None for e in log)
    assert "same place" in log[1].reason and log[1].score >= 6
    assert "near-identical text" in log[2].reason


def test_extraction_of_an_unknown_report_is_refused(db_url):
    with session_scope(db_url) as s, pytest.raises(NotFound, match="add it first"):
        add_extraction(s, ReportExtraction(report_id="nowhere"))


def test_a_report_placing_the_strike_in_a_nearby_town_it_names_joins(db_url):
    """A report may place the Idlib strike in Ariha ('in Idlib and the Ariha market'): the same
    day, equal tolls and the text naming Idlib link it; Idlib stays the incident's place."""
    first = market_strike()[1]
    text = (
        "Rescuers said 21 people died and 82 were hurt on Wednesday when jets struck Idlib "
        "and the Ariha market."
    )
    second = make(
        "own-named",
        "Relief Bulletin",
        DAY,
        text,
        [
            {
                "phrase": text,
                "event_type": "airstrike",
                "date": DAY,
                "location": ARIHA,
                "figs": [("killed", 21, {}), ("injured", 82, {})],
            }
        ],
    )
    ingest(db_url, [first, second])
    [row] = live(db_url)
    assert sorted(row.record["report_ids"]) == ["own-market-2", "own-named"]
    assert row.place_name == "Idlib"
