"""`store.records`: the incident record as stored, typed; the models read the JSON the resolver
writes without changing a key (so its shape needs no migration)."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError
from resolve_cases import look_alikes, market_strike
from resolve_digests import MHARDEH, mention
from sqlalchemy import select

from harmwatch.resolve import add_extraction
from harmwatch.resolve.record import aggregate
from harmwatch.store.db import session_scope
from harmwatch.store.records import StoredRecord, load_record
from harmwatch.store.reports import add_report
from harmwatch.store.schema import IncidentRow


def test_the_models_give_back_the_stored_json_key_for_key(db_url):
    with session_scope(db_url) as s:
        for report, extraction in market_strike() + look_alikes():
            add_report(s, report)
            add_extraction(s, extraction)
    with session_scope(db_url) as s:
        rows = s.scalars(select(IncidentRow)).all()
        assert len(rows) >= 4
        for row in rows:
            typed = load_record(row)
            assert typed is not None
            assert json.dumps(typed.as_json()) == json.dumps(row.record)  # order included
        [market] = [r for r in rows if r.record["n_reports"] == 4]
        typed = load_record(market)
        assert typed.killed.min == 18 and typed.n_independent == len(typed.independent_sources)
        assert {p.status for p in typed.perpetrators} <= {"stated", "alleged", "claimed"}


def test_a_record_with_figures_actors_and_no_words_yet():
    rec = aggregate(
        [
            mention(
                "a",
                MHARDEH,
                killed=(3, 5),
                injured=(2, 2),
                actors=("isis",),
                targets=("school",),
                revision=True,
            ),
            mention("b", MHARDEH, n=2, killed=(4, 4)),
        ]
    )
    as_stored = json.loads(json.dumps(rec.to_json()))
    del as_stored["match"]["words"]  # as records stored before the words were gathered
    assert StoredRecord.model_validate(as_stored).as_json() == as_stored


def test_a_changed_shape_is_refused():
    rec = json.loads(json.dumps(aggregate([mention("a")]).to_json()))
    with pytest.raises(ValidationError):
        StoredRecord.model_validate(rec | {"unexpected": 1})
    with pytest.raises(ValidationError):
        StoredRecord.model_validate({k: v for k, v in rec.items() if k != "report_ids"})


def test_a_row_not_yet_written_has_no_record():
    assert load_record(IncidentRow(record={})) is None
