"""`harmwatch reextract` / `harmwatch.process.reextract`: stored reports extracted again, their
incidents re-resolved, every analyst correction, merge and split kept."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from harmwatch.cli.main import app
from harmwatch.errors import HarmwatchError
from harmwatch.models import Incident, Location, Range, Report, ReportExtraction
from harmwatch.process import ingest, reextract, rerun
from harmwatch.resolve.edit import update_incident
from harmwatch.resolve.merge import merge, undo
from harmwatch.resolve.reresolve import pair
from harmwatch.store.db import session_scope
from harmwatch.store.reports import get_report
from harmwatch.store.schema import AuditRow, IncidentRow, MentionRow

# Written for these tests: a village no built-in gazetteer knows, and a second, unrelated strike.
VILLAGE_REPORT = {
    "id": "rx-1",
    "published": "2019-03-13",
    "source": "Orontes Wire",
    "text": "On Monday an airstrike hit the vegetable market in Tell Sarmada al-Gharbi, "
    "killing six civilians, the local civil defence said.",
}
OTHER_REPORT = {
    "id": "rx-2",
    "published": "2019-03-12",
    "source": "Idlib Herald",
    "text": "Shelling struck homes in Kafr Nabl on Sunday and wounded four people, medics said.",
}


def _jsonl(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


class PlacedExtractor:
    """One incident per report at a place this run decides (so a test can "change the rules"),
    failing on reports whose text holds ``fail_on``."""

    def __init__(self, places: dict[str, str], fail_on: str = "\0") -> None:
        self.places, self.fail_on = places, fail_on

    def extract(self, report: Report) -> ReportExtraction:
        if self.fail_on in report.text:
            raise ValueError(f"cannot parse {report.id}")
        name = self.places[report.id]
        return ReportExtraction(
            report_id=report.id,
            incidents=[
                Incident(
                    event_type="shelling",
                    date=report.published,
                    killed=Range(min=2, max=2),
                    location=Location(
                        name=name, lat=36.0, lon=36.5, country="SY", precision="village"
                    ),
                    evidence=[(0, 20)],
                )
            ],
        )

    def extract_many(
        self, reports: Iterable[Report], batch_size: int = 32
    ) -> Iterator[ReportExtraction]:
        for report in reports:
            yield self.extract(report)


def test_a_correction_survives_a_reextract_after_a_gazetteer_change(
    db_url: str, tmp_path: Path
) -> None:
    runner = CliRunner()
    reports = _jsonl(tmp_path / "r.jsonl", [VILLAGE_REPORT, OTHER_REPORT])
    first = runner.invoke(app, ["ingest", str(reports), "--db", db_url, "--no-progress"])
    assert first.exit_code == 0, first.output
    with session_scope(db_url) as session:
        (row,) = [r for r in session.scalars(select(IncidentRow)) if r.killed_min == 6]
        assert row.place_name != "Tell Sarmada al-Gharbi"  # the gazetteer does not know it yet
        incident_id = row.id
        update_incident(
            session,
            incident_id,
            {"killed_max": 9, "grade": "Fair"},
            "ana",
            note="a hospital list gives nine",
        )
    places = tmp_path / "places.csv"
    places.write_text(
        "name,lat,lon,admin1,country\nTell Sarmada al-Gharbi,36.1234,36.7321,Idlib,SY\n",
        encoding="utf-8",
    )
    added = runner.invoke(app, ["gazetteer", "add", str(places), "--db", db_url])
    assert added.exit_code == 0, added.output
    again = runner.invoke(app, ["ingest", str(reports), "--db", db_url, "--no-progress"])
    with session_scope(db_url) as session:  # re-ingesting changes nothing: duplicates
        assert session.get(IncidentRow, incident_id).place_name != "Tell Sarmada al-Gharbi"
    assert again.exit_code == 0

    result = runner.invoke(app, ["reextract", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "2 of 2 reports extracted again" in result.output
    assert "0 added, 0 removed, 1 changed" in result.output
    with session_scope(db_url) as session:
        row = session.get(IncidentRow, incident_id)
        assert (row.place_name, row.lat, row.lon) == ("Tell Sarmada al-Gharbi", 36.1234, 36.7321)
        assert (row.killed_min, row.killed_max, row.grade) == (6, 9, "Fair")  # the correction
        assert row.overrides == {"killed_max": 9, "grade": "Fair"}
        assert row.review_status == "in_review"  # an analyst's edit puts it in review
        assert "Tell Sarmada al-Gharbi" in (row.summary or "")
        audit = session.scalars(select(AuditRow).where(AuditRow.entity_id == str(incident_id)))
        assert [(a.user, a.action, a.note) for a in audit] == [
            ("ana", "edit", "a hospital list gives nine")
        ]


def test_a_merge_survives_a_reextract_and_can_still_be_undone(db_url: str, tmp_path: Path) -> None:
    reports = _jsonl(tmp_path / "r.jsonl", [VILLAGE_REPORT, OTHER_REPORT])
    first = PlacedExtractor({"rx-1": "Alpha", "rx-2": "Beta"})
    summary = ingest([str(reports)], db_url, progress=False, extractor=first)
    assert len(summary.incidents) == 2
    keep, other = summary.incidents
    with session_scope(db_url) as session:
        entry_id = merge(session, keep, other, "ana", "the same strike").id
    # new rules rename both places: each mention is found again and keeps its incident
    changes = reextract(db_url, extractor=PlacedExtractor({"rx-1": "Gamma", "rx-2": "Delta"}))
    assert (changes.reports, changes.extracted, changes.failed) == (2, 2, [])
    assert (changes.added, changes.removed, changes.changed) == ([], [], [keep])
    with session_scope(db_url) as session:
        assert session.get(IncidentRow, other).merged_into_id == keep
        mentions = session.scalars(select(MentionRow).order_by(MentionRow.report_id)).all()
        assert [(m.report_id, m.incident_id, m.place_name) for m in mentions] == [
            ("rx-1", keep, "Gamma"),
            ("rx-2", keep, "Delta"),
        ]
        undo(session, entry_id, "ana")  # the merge log still names the same mentions
    with session_scope(db_url) as session:
        assert session.get(IncidentRow, other).merged_into_id is None
        moved = session.scalars(
            select(MentionRow.incident_id).where(MentionRow.report_id == "rx-2")
        ).one()
        assert moved == other


def test_a_report_whose_extraction_fails_keeps_its_incident(db_url: str, tmp_path: Path) -> None:
    reports = _jsonl(tmp_path / "r.jsonl", [VILLAGE_REPORT, OTHER_REPORT])
    ingest(
        [str(reports)],
        db_url,
        progress=False,
        extractor=PlacedExtractor({"rx-1": "Alpha", "rx-2": "Beta"}),
    )
    changes = reextract(
        db_url,
        source="Idlib Herald",
        extractor=PlacedExtractor({"rx-1": "Gamma", "rx-2": "Delta"}, fail_on="Shelling"),
    )
    assert (changes.reports, changes.extracted) == (1, 0)
    assert changes.failed == [
        "rx-2: extraction failed (ValueError: cannot parse rx-2); its incidents are unchanged"
    ]
    with session_scope(db_url) as session:
        places = sorted(session.scalars(select(MentionRow.place_name)))
    assert places == ["Alpha", "Beta"]


def test_a_resolution_bug_in_one_report_rolls_back_that_report_only(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports = _jsonl(tmp_path / "r.jsonl", [VILLAGE_REPORT, OTHER_REPORT])
    ingest(
        [str(reports)],
        db_url,
        progress=False,
        extractor=PlacedExtractor({"rx-1": "Alpha", "rx-2": "Beta"}),
    )
    real = rerun.reresolve

    def flaky(session, extraction):  # type: ignore[no-untyped-def]
        if extraction.report_id == "rx-2":
            session.get(MentionRow, 1).place_name = "half-written"
            raise RuntimeError("a bug\nwith a long trace")
        return real(session, extraction)

    monkeypatch.setattr(rerun, "reresolve", flaky)
    changes = reextract(db_url, extractor=PlacedExtractor({"rx-1": "Gamma", "rx-2": "Delta"}))
    assert changes.extracted == 1
    assert changes.failed == ["rx-2: resolving failed, nothing changed (RuntimeError: a bug)"]
    with session_scope(db_url) as session:
        places = dict(session.execute(select(MentionRow.report_id, MentionRow.place_name)).all())
    assert places == {"rx-1": "Gamma", "rx-2": "Beta"}


def test_a_mention_found_no_more_leaves_and_a_new_one_is_resolved(
    db_url: str, tmp_path: Path
) -> None:
    reports = _jsonl(tmp_path / "r.jsonl", [VILLAGE_REPORT, OTHER_REPORT])
    summary = ingest(
        [str(reports)],
        db_url,
        progress=False,
        extractor=PlacedExtractor({"rx-1": "Alpha", "rx-2": "Beta"}),
    )

    class Elsewhere(PlacedExtractor):
        def extract(self, report: Report) -> ReportExtraction:
            out = super().extract(report)
            moved = out.incidents[0].model_copy(update={"evidence": [(40, 60)]})
            return out.model_copy(update={"incidents": [moved]})

    changes = reextract(db_url, source="Orontes Wire", extractor=Elsewhere({"rx-1": "Alpha"}))
    first, second = summary.incidents
    assert changes.removed == [first]  # its only mention was not found again
    assert changes.added == [second + 1] and changes.changed == []


def test_a_report_stored_without_extraction_is_extracted_and_marked(
    db_url: str, tmp_path: Path
) -> None:
    ingest(
        [str(_jsonl(tmp_path / "r.jsonl", [OTHER_REPORT]))], db_url, extract=False, progress=False
    )
    changes = reextract(db_url, extractor=PlacedExtractor({"rx-2": "Beta"}))
    assert (changes.extracted, len(changes.added)) == (1, 1)
    with session_scope(db_url) as session:
        assert get_report(session, "rx-2").extracted
    again = ingest(
        [str(tmp_path / "r.jsonl")],
        db_url,
        progress=False,
        extractor=PlacedExtractor({"rx-2": "Beta"}),
    )
    assert (again.duplicate, again.extracted) == (1, 0)  # not extracted a second time


def test_nothing_selected_is_one_clear_error(db_url: str, tmp_path: Path) -> None:
    ingest(
        [str(_jsonl(tmp_path / "r.jsonl", [OTHER_REPORT]))], db_url, extract=False, progress=False
    )
    with pytest.raises(HarmwatchError, match="no stored report published since 2030-01-01"):
        reextract(db_url, since=dt.date(2030, 1, 1), extractor=PlacedExtractor({}))
    result = CliRunner().invoke(app, ["reextract", "--db", db_url, "--since", "2030-01-01"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "error: no stored report published since 2030-01-01: nothing to re-extract "
        "(see `harmwatch incidents`, or ingest reports first)"
    ]
    bad = CliRunner().invoke(app, ["reextract", "--db", db_url, "--since", "March"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output


def test_pairs_go_by_the_evidence_they_share() -> None:
    def mention(mid: int, ordinal: int, spans: list[list[int]]) -> MentionRow:
        return MentionRow(id=mid, ordinal=ordinal, payload={"evidence": spans})

    old = [mention(10, 0, [[0, 50]]), mention(11, 1, [[60, 120]])]
    new = [
        Incident(evidence=[(70, 110)]),
        Incident(evidence=[(200, 240)]),
        Incident(evidence=[(5, 45)]),
    ]
    pairs = pair(old, new)
    assert {i: m.id for i, m in pairs.items()} == {0: 11, 2: 10}
