"""`store.record_types`: the digest and the incident record as frozen dataclasses, read from
the stored JSON and written back to it key for key (so the stored shape is unchanged)."""

from __future__ import annotations

import dataclasses
import json

import pytest
from resolve_cases import look_alikes, market_strike
from resolve_digests import HAMA, MHARDEH, mention
from sqlalchemy import select

from harmwatch.resolve import add_extraction
from harmwatch.resolve.record import aggregate
from harmwatch.store.db import session_scope
from harmwatch.store.export import incident_dict
from harmwatch.store.record_types import Digest, Place, Range, Record, load, read
from harmwatch.store.records import StoredRecord
from harmwatch.store.reports import add_report
from harmwatch.store.schema import IncidentRow


def _stored(db_url: str) -> list[IncidentRow]:
    with session_scope(db_url) as s:
        for report, extraction in market_strike() + look_alikes():
            add_report(s, report)
            add_extraction(s, extraction)
    with session_scope(db_url) as s:
        rows = s.scalars(select(IncidentRow).order_by(IncidentRow.id)).all()
        s.expunge_all()
        return list(rows)


def test_a_stored_record_reads_as_its_json_says_and_writes_back_key_for_key(db_url):
    rows = _stored(db_url)
    assert len(rows) >= 4
    for row in rows:
        j = row.record
        rec = read(j)
        assert json.dumps(rec.to_json()) == json.dumps(j)  # the order of keys included
        assert rec.report_ids == tuple(j["report_ids"])
        assert rec.n_independent == j["n_independent"] == len(rec.independent_sources)
        assert rec.location is not None and rec.location.name == j["location"]["name"]
        assert (rec.location.lat, rec.location.precision) == (
            j["location"]["lat"],
            j["location"]["precision"],
        )
        assert [m.report_id for m in rec.mentions] == [m["report_id"] for m in j["mentions"]]
        assert all(m.means is None for m in rec.mentions)  # stored digests keep no words
        assert rec.match.words is not None
        assert list(rec.match.words.means) == j["match"]["words"]["means"]
        # the pydantic models of the API (the shape as it was, field by field, in order) read
        # the same JSON the same way
        assert json.dumps(StoredRecord.model_validate(j).as_json()) == json.dumps(rec.to_json())
    [market] = [r for r in rows if r.record["n_reports"] == 4]
    rec = read(market.record)
    assert rec.killed == Range(18, 21) and rec.injured is not None and rec.injured.min == 82
    assert [(f.kind, f.value) for f in rec.figures] == [
        (f["kind"], f["value"]) for f in market.record["figures"]
    ]
    for f, g in zip(rec.figures, market.record["figures"], strict=True):
        assert (f.cites.to_json() if f.cites else None) == g["cites"]
        assert (f.report_id, f.published, f.qualifier) == (
            g["report_id"],
            g["published"],
            g["qualifier"],
        )
    assert {p.status for p in rec.perpetrators} <= {"stated", "alleged", "claimed"}


def test_the_export_gives_the_stored_figures_and_sources_unchanged(db_url):
    _stored(db_url)
    with session_scope(db_url) as s:
        rows = s.scalars(select(IncidentRow)).all()
        assert any(row.record["figures"] for row in rows)
        for row in rows:
            out = incident_dict(row)
            assert out["figures"] == row.record["figures"]
            assert out["sources"] == row.record["sources"]
            assert out["report_ids"] == row.record["report_ids"]
            assert out["independent_sources"] == row.record["n_independent"]
            assert [p["id"] for p in out["perpetrators"]] == [
                p["id"] for p in row.record["perpetrators"]
            ]


def test_a_digest_round_trips_with_and_without_its_words():
    d = mention("a", MHARDEH, killed=(3, 5), injured=(2, 2), actors=("isis",), targets=("school",))
    assert isinstance(d, Digest) and d.means is not None
    j = d.to_json()
    assert list(j)[-3:] == ["means", "harm_words", "around"]
    assert Digest.from_json(json.loads(json.dumps(j))) == d
    bare = d.to_json(words=False)
    assert "means" not in bare
    again = Digest.from_json(bare)
    assert (
        again.means is None
        and dataclasses.replace(again, means=d.means, harm_words=d.harm_words, around=d.around) == d
    )
    assert d.killed == Range(3, 5) and d.perpetrators[0].id == "isis"
    assert d.location == Place.from_json(MHARDEH)
    assert Place.from_json(HAMA) != d.location


def test_a_record_round_trips_with_every_part():
    rec = aggregate(
        [
            mention(
                "a", MHARDEH, killed=(3, 5), actors=("isis",), targets=("school",), revision=True
            ),
            mention("b", MHARDEH, n=2, killed=(4, 4), outlet="Another outlet"),
        ]
    )
    j = json.loads(json.dumps(rec.to_json()))
    assert json.dumps(Record.from_json(j).to_json()) == json.dumps(j)
    assert json.dumps(StoredRecord.model_validate(j).as_json()) == json.dumps(j)
    assert [s["independent_group"] for s in j["sources"]] == [
        s.independent_group for s in rec.sources
    ]
    # a record stored before the words were gathered stays without them
    del j["match"]["words"]
    old = Record.from_json(j)
    assert old.match.words is None and "words" not in old.to_json()["match"]


def test_the_types_are_frozen():
    rec = aggregate([mention("a", killed=(1, 1))])
    with pytest.raises(dataclasses.FrozenInstanceError):
        rec.killed = Range(2, 2)  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        rec.mentions[0].snippet = "another text"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        rec.report_ids.append("b")  # type: ignore[attr-defined]  # a tuple, not a list
    assert isinstance(rec.mentions, tuple) and isinstance(rec.figures, tuple)


def test_a_record_not_yet_written_reads_as_a_record_of_nothing():
    assert load({}) is None
    empty = read({})
    assert (empty.mentions, empty.report_ids, empty.figures, empty.n_reports) == ((), (), (), 0)
    assert empty.location is None and empty.killed is None


def test_keys_an_older_record_lacks_read_as_empty():
    j = aggregate([mention("a")]).to_json()
    del j["sources"]
    del j["mentions"][0]["outlet_source"]
    rec = Record.from_json(j)
    assert rec.sources == () and rec.mentions[0].outlet_source is None
