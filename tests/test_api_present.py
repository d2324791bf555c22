"""`api.present`: a stored extraction that does not read is an error naming it, not an empty
incident (which showed a report as if it said nothing)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from api_data import client
from sqlalchemy import select

from harmwatch.api.app import create_app
from harmwatch.api.present import incident_detail
from harmwatch.errors import StoreError
from harmwatch.models import Incident, Location, Range, ReportExtraction
from harmwatch.process import ingest
from harmwatch.settings import Settings
from harmwatch.store.db import session_scope
from harmwatch.store.schema import IncidentRow, MentionRow


class OneStrike:
    def extract(self, report):  # type: ignore[no-untyped-def]
        return ReportExtraction(
            report_id=report.id,
            incidents=[
                Incident(
                    event_type="shelling",
                    date=report.published,
                    killed=Range(min=3, max=3),
                    location=Location(name="Binnish", lat=35.95, lon=36.71, country="SY"),
                    evidence=[(0, 25)],
                )
            ],
        )

    def extract_many(self, reports, batch_size=32):  # type: ignore[no-untyped-def]
        return (self.extract(r) for r in reports)


def test_an_unreadable_stored_extraction_is_named(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(
        json.dumps(
            {
                "id": "pr-1",
                "published": "2020-02-02",
                "source": "Binnish Today",
                "text": "Shells fell on Binnish at dawn and three people were killed.",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    ingest([str(path)], db_url, progress=False, extractor=OneStrike())
    with session_scope(db_url) as session:
        mention = session.scalars(select(MentionRow)).one()
        mention.payload = {**mention.payload, "event_type": "meteor"}  # no such event type
        incident_id, mention_id = mention.incident_id, mention.id
    message = (
        f"mention {mention_id} of report 'pr-1' holds an extraction that does not read "
        "(event_type: Input should be 'airstrike', 'drone_strike', 'shelling', 'missile', "
        "'barrel_bomb', 'ied', 'shooting', 'ground_clash', 'uxo', 'chemical' or 'other'); "
        "extract the report again with `harmwatch reextract`"
    )
    with session_scope(db_url) as session, pytest.raises(StoreError) as err:
        incident_detail(session, session.get(IncidentRow, incident_id))
    assert str(err.value) == message
    api = client(create_app(db_url, Settings(host="127.0.0.1")))
    response = api.get(f"/api/incidents/{incident_id}")
    assert response.status_code == 422 and response.json() == {"detail": message}
