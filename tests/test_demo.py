"""The demo corpus (`harmwatch demo`, what `make run` loads): valid, written in our own words, and
resolved into the incidents that harmwatch/demo/expected.json describes."""

from __future__ import annotations

import datetime as dt
import json
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from harmwatch.demo import (
    EXPECTED_PATH,
    REPORTS_PATH,
    format_range,
    load_expected,
    load_reports,
    short_outlet,
)
from harmwatch.demo.check import Mention, fold, incidents_of, load_mentions, score, tells
from harmwatch.models import Report

SHINGLE = 8
WIDE = {"COLUMNS": "200"}  # rich tables wrap narrower terminals; the test reads whole headers
_WORD = re.compile(r"\w+")


def test_every_line_is_a_report_with_unique_id() -> None:
    lines = [line for line in REPORTS_PATH.read_text(encoding="utf-8").splitlines() if line]
    reports = [Report.model_validate_json(line) for line in lines]
    assert 18 <= len(reports) <= 25
    assert len({r.id for r in reports}) == len(reports)
    assert [r.id for r in reports] == [f"demo-{i:03d}" for i in range(1, len(reports) + 1)]
    for report in reports:
        words = len(report.text.split())
        assert 60 <= words <= 250, (report.id, words)
        assert report.published is not None and report.source and report.title, report.id
        assert report.url is None and report.lang == "en"
    assert load_reports() == reports


def test_expected_names_only_demo_reports_and_known_incidents() -> None:
    expected = load_expected()
    ids = {r.id for r in load_reports()}
    assert expected["reports"] == len(ids)
    incidents = expected["incidents_expected"] + expected["optional"]
    keys = [i["key"] for i in incidents]
    assert len(set(keys)) == len(keys)
    assert expected["primary"] in keys
    for incident in incidents:
        assert set(incident["reports"]) <= ids, incident["key"]
        if incident.get("date"):
            dt.date.fromisoformat(incident["date"])
    for pair in expected["look_alikes"]:
        assert pair["a"] in keys and pair["b"] in keys
    for item in expected["not_incidents"]:
        assert item["report"] in ids
    lo, hi = expected["incidents"]["min"], expected["incidents"]["max"]
    assert lo == len(expected["incidents_expected"]) and lo <= hi


def test_gold_codes_every_report_as_expected_json_says() -> None:
    expected = load_expected()
    gold = {}
    for line in (REPORTS_PATH.parent / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        gold[item["report_id"]] = {i["key"]: i for i in item["incidents"]}
    assert set(gold) == {r.id for r in load_reports()}
    for spec in expected["incidents_expected"] + expected["optional"]:
        for report_id in spec["reports"]:
            coded = gold[report_id].get(spec["key"])
            assert coded, f"{report_id} lacks {spec['key']} in gold.jsonl"
            assert coded.get("date") == spec.get("date")
            assert coded["optional"] == (spec in expected["optional"])


def test_the_demo_exercises_what_the_readme_promises() -> None:
    texts = {r.id: r.text for r in load_reports()}
    assert "denied" in texts["demo-006"] and "Russia's defence ministry" in texts["demo-006"]
    assert "al-Quds hospital in Aleppo late in April" in texts["demo-005"]
    assert "peacefully" in texts["demo-016"] and "No casualties" in texts["demo-017"]
    tolls = {rid: texts[rid] for rid in ("demo-001", "demo-002", "demo-003")}
    assert "at least 21" in tolls["demo-001"] and "82 wounded" in tolls["demo-002"]
    assert "Idlib" in tolls["demo-003"] and "Wednesday" in tolls["demo-003"]


@pytest.mark.parametrize(
    ("low", "high", "text"),
    [
        (21, 21, "21"),
        (10, 15, "10-15"),
        (21, None, "21+"),
        (None, 35, "up to 35"),
        (None, None, ""),
    ],
)
def test_format_range(low: int | None, high: int | None, text: str) -> None:
    assert format_range(low, high) == text


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Syria Civil Defence (White Helmets)", "White Helmets"),
        ("Syrian Observatory for Human Rights", "SOHR"),
        ("The Guardian", "The Guardian"),
    ],
)
def test_outlets_are_shortened_for_the_table(name: str, short: str) -> None:
    assert short_outlet(name) == short


def test_the_demo_never_prints_a_database_password() -> None:
    from harmwatch.cli.demo import _shown

    assert "s3cret" not in _shown("postgresql://hw:s3cret@db/harmwatch")
    assert _shown("harmwatch.db") == "harmwatch.db"


def _shingles(text: str) -> set[int]:
    words = _WORD.findall(text.lower())
    return {hash(tuple(words[i : i + SHINGLE])) for i in range(len(words) - SHINGLE + 1)}


def _corpus_texts(corpus: Path) -> Iterator[tuple[str, str]]:
    """(where, text) for every text in the corpus: report texts, gold notes, HTML pages."""
    for path in sorted(corpus.rglob("*")):
        if path.suffix == ".jsonl":
            with path.open(encoding="utf-8") as handle:
                for n, line in enumerate(handle, 1):
                    if line.strip():
                        yield f"{path.name}:{n}", line  # JSON keys and escapes never join words
        elif path.suffix in {".html", ".md", ".csv", ".json"}:
            yield path.name, path.read_text(encoding="utf-8", errors="replace")


def _notes(data: Any) -> Iterator[str]:
    """The free-text values ("note", "why", "about") anywhere in a JSON document."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in {"note", "why", "about"} and isinstance(value, str):
                yield value
            else:
                yield from _notes(value)
    elif isinstance(data, list):
        for value in data:
            yield from _notes(value)


@pytest.mark.corpus
def test_no_eight_word_phrase_is_copied_from_the_corpus(corpus_dir: Path) -> None:
    own: dict[int, str] = {}
    for report in load_reports():
        for shingle in _shingles(f"{report.title}\n{report.text}"):
            own[shingle] = report.id
    root = REPORTS_PATH.parents[2]
    prose = {  # the docs and the notes of the coding quote the demo, never the corpus
        "README.md": (root / "README.md").read_text(encoding="utf-8"),
        "harmwatch/demo/README.md": (REPORTS_PATH.parent / "README.md").read_text(encoding="utf-8"),
        "harmwatch/demo/*.json*: notes": "\n".join(
            note
            for path in (EXPECTED_PATH, REPORTS_PATH.parent / "gold.jsonl")
            for line in (
                [path.read_text(encoding="utf-8")]
                if path.suffix == ".json"
                else path.read_text(encoding="utf-8").splitlines()
            )
            for note in _notes(json.loads(line))
        ),
    }
    for where, text in prose.items():
        for shingle in _shingles(text):
            own.setdefault(shingle, where)
    copied = []
    for where, text in _corpus_texts(corpus_dir):
        if "README" in where:
            continue  # the corpus README describes the formats, not reports
        words = _WORD.findall(text.lower())
        for i in range(len(words) - SHINGLE + 1):
            shingle = hash(tuple(words[i : i + SHINGLE]))
            if shingle in own:
                copied.append(f"{own[shingle]}: '{' '.join(words[i : i + SHINGLE])}' ({where})")
    assert not copied, "demo text copied from the corpus:\n" + "\n".join(sorted(set(copied)))


def test_the_shingle_check_catches_a_copied_phrase() -> None:
    a = _shingles("Rescue teams worked for six hours in the rain to reach the family")
    b = _shingles("Local sources said rescue teams worked for six hours in the rain to reach them")
    c = _shingles("Rescue teams worked for hours to reach the family in the rain")
    assert a & b and not a & c


# --- ingesting the demo (needs the extractor) ----------------------------------------------------


def _extraction_available() -> bool:
    try:
        from harmwatch.pipeline import get_extractor  # noqa: F401
        from harmwatch.resolve import add_extraction  # noqa: F401
    except ImportError:
        return False
    return True


needs_extractor = pytest.mark.skipif(
    not _extraction_available(), reason="harmwatch.pipeline.get_extractor is not there yet"
)


def _table(db_url: str) -> list[tuple[Any, ...]]:
    from sqlalchemy import select

    from harmwatch.store.db import session_scope
    from harmwatch.store.schema import IncidentRow, ReportRow

    with session_scope(db_url) as session:
        reports = session.scalars(select(ReportRow.id).order_by(ReportRow.id)).all()
        incidents = session.execute(
            select(
                IncidentRow.id,
                IncidentRow.date,
                IncidentRow.place_name,
                IncidentRow.killed_min,
                IncidentRow.killed_max,
                IncidentRow.merged_into_id,
            ).order_by(IncidentRow.id)
        ).all()
    return [tuple(reports), *(tuple(row) for row in incidents)]


def _load_demo(db_url: str) -> str:
    """Load the demo with the command, as a user runs it; returns its output."""
    from harmwatch.cli.main import app

    result = CliRunner().invoke(
        app, ["demo", "--no-serve", "--no-progress", "--db", db_url], env=WIDE
    )
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """One demo database (SQLite) shared by the tests that only read it: (db_url, output)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'harmwatch.db'}"
    return url, _load_demo(url)


@needs_extractor
def test_demo_prints_a_table_of_incidents_and_is_idempotent(db_url: str) -> None:
    from harmwatch.cli.main import app

    output = _load_demo(db_url)
    assert "22 new, 0 already stored, 0 failed" in output
    for header in ("date", "place", "killed", "perpetrators", "grade", "sources"):
        assert f" {header} " in output
    assert "2020-01-15" in output and "Idlib" in output
    assert "expected incidents found:" in output
    before = _table(db_url)
    assert len(before[0]) == load_expected()["reports"]

    again = CliRunner().invoke(
        app, ["demo", "--no-serve", "--no-progress", "--db", db_url], env=WIDE
    )
    assert again.exit_code == 0, again.output
    assert "0 new, 22 already stored, 0 failed" in again.output
    assert _table(db_url) == before


@needs_extractor
def test_the_same_incident_from_three_outlets_is_one_incident(demo_db: tuple[str, str]) -> None:
    from harmwatch.store.db import session_scope
    from harmwatch.store.schema import IncidentRow

    db_url, _ = demo_db
    expected = load_expected()
    result = score(db_url)
    assert result.primary_merged, result.lines()
    spec = next(i for i in expected["incidents_expected"] if i["key"] == expected["primary"])
    (incident_id,) = incidents_of(load_mentions(db_url), spec)
    with session_scope(db_url) as session:
        row = session.get(IncidentRow, incident_id)
        assert row is not None
        assert row.date == dt.date(2020, 1, 15)
        assert row.killed_min == spec["killed"]["min"]
        assert row.killed_max in spec["killed"]["max"]
        assert row.injured_min == spec["injured"]["min"]


@needs_extractor
def test_look_alikes_stay_apart_and_most_incidents_are_found(demo_db: tuple[str, str]) -> None:
    db_url, _ = demo_db
    result = score(db_url)
    assert result.look_alikes_checked >= 3, result.lines()
    assert not result.look_alikes_merged, result.lines()
    assert len(result.found) >= 12, result.lines()


@needs_extractor
def test_tallies_and_past_events_are_not_incidents_of_the_day(demo_db: tuple[str, str]) -> None:
    db_url, _ = demo_db
    assert "demo-003: killed 1000" not in score(db_url).tallies_as_incidents
    past = next(i for i in load_expected()["optional"] if i.get("background"))
    report_days = {dt.date.fromisoformat(d) for d in past["not_dates"]}
    for m in load_mentions(db_url):
        if m.report_id in past["reports"] and "aleppo" in m.place.lower():
            assert m.background or m.date not in report_days, m


@needs_extractor
def test_an_area_wide_tally_is_not_given_to_one_incident(demo_db: tuple[str, str]) -> None:
    db_url, _ = demo_db
    assert "demo-014: injured 160" not in score(db_url).tallies_as_incidents


@needs_extractor
def test_the_web_app_serves_the_demo_incidents(demo_db: tuple[str, str]) -> None:
    from harmwatch.api.app import create_app
    from harmwatch.settings import Settings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # StarletteDeprecationWarning about httpx, at import only
        from fastapi.testclient import TestClient

    db_url, _ = demo_db
    app = create_app(db_url, settings=Settings(anonymous_read=True))
    with TestClient(app, base_url="http://localhost") as client:
        page = client.get("/api/incidents", params={"limit": 100})
    assert page.status_code == 200
    body = page.json()
    assert body["total"] == score(db_url).incidents
    assert json.dumps(body).count("Idlib") >= 3


@needs_extractor
def test_the_market_strike_names_its_two_independent_primary_sources(
    demo_db: tuple[str, str],
) -> None:
    from harmwatch.api.app import create_app
    from harmwatch.settings import Settings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    db_url, _ = demo_db
    expected = load_expected()
    spec = next(i for i in expected["incidents_expected"] if i["key"] == expected["primary"])
    (incident_id,) = incidents_of(load_mentions(db_url), spec)
    app = create_app(db_url, settings=Settings(anonymous_read=True))
    with TestClient(app, base_url="http://localhost") as client:
        page = client.get(f"/api/incidents/{incident_id}").json()
    # three reports (one an outlet quoting SOHR), two primary sources
    assert len(page["sources"]) == 3
    assert sorted(page["independent_sources"]) == [
        "Syrian Observatory for Human Rights",
        "White Helmets",
    ]
    assert "2 independent sources (SOHR and White Helmets)" in page["grade_reason"]
    assert "2 independent sources" in page["summary"]
    cited = {(f["reported_by"], f["outlet"]) for s in page["sources"] for f in s["figures"]}
    assert ("Syrian Observatory for Human Rights", "The Guardian") in cited


@needs_extractor
def test_a_denial_is_a_denial_and_no_incident_takes_a_war_wide_total(
    demo_db: tuple[str, str],
) -> None:
    from harmwatch.store.db import session_scope
    from harmwatch.store.schema import IncidentRow

    db_url, _ = demo_db
    with session_scope(db_url) as session:
        rows = list(session.query(IncidentRow).filter(IncidentRow.merged_into_id.is_(None)))
        assert all((r.killed_max or 0) < 1000 and (r.injured_max or 0) < 1000 for r in rows)
        denied = [r for r in rows if any(d.get("id") == "russia" for d in r.record["denials"])]
        assert denied
        for row in denied:
            assert "Russia denied involvement" in row.summary
            assert "Russia accepted responsibility" not in (row.grade_reason or "")


# --- the check itself, on a hand-made database ----------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("‘Irbīn", "Irbin"),
        ("Dūmā", "Duma"),
        ("Ma‘arrat an Nu‘mān", "Ma'arrat"),
        ("Deir ez-Zor", "deir ez zor"),
    ],
)
def test_fold_compares_place_names_without_accents(a: str, b: str) -> None:
    assert fold(b) in fold(a)


def _mention(report_id: str, day: str, place: str, incident: int | None = 1) -> Mention:
    return Mention(
        report_id, incident, dt.date.fromisoformat(day), place, False, (None, None), (None, None)
    )


def test_a_mention_tells_an_incident_by_report_date_and_place() -> None:
    spec = {"reports": ["demo-010"], "date": "2018-01-28", "place": "Saraqib"}
    assert tells(_mention("demo-010", "2018-01-28", "Sarāqib"), spec)
    assert not tells(_mention("demo-010", "2018-01-29", "Saraqib"), spec)
    assert not tells(_mention("demo-011", "2018-01-28", "Saraqib"), spec)
    assert not tells(_mention("demo-010", "2018-01-28", "Idlib"), spec)


def _store(db_url: str, rows: list[tuple[str, str, str, int]]) -> None:
    """Reports, incidents and mentions as a resolver would leave them: (report, day, place,
    incident)."""
    from harmwatch.store.db import session_scope
    from harmwatch.store.schema import IncidentRow, MentionRow, ReportRow

    reports = {r.id: r for r in load_reports()}
    with session_scope(db_url) as session:
        for incident in sorted({row[3] for row in rows}):
            session.add(IncidentRow(id=incident, event_type="airstrike", record={}, overrides={}))
        for report_id in sorted({row[0] for row in rows}):
            session.add(ReportRow(id=report_id, text_hash=report_id, text=reports[report_id].text))
        session.flush()
        for n, (report_id, day, place, incident) in enumerate(rows):
            session.add(
                MentionRow(
                    report_id=report_id,
                    ordinal=n,
                    incident_id=incident,
                    event_type="airstrike",
                    date=dt.date.fromisoformat(day),
                    place_name=place,
                    payload={},
                )
            )


def test_the_check_sees_a_wrong_merge_and_a_right_one(db_url: str) -> None:
    _store(
        db_url,
        [
            ("demo-001", "2020-01-15", "Idlib", 1),
            ("demo-002", "2020-01-15", "Idlib", 1),
            ("demo-003", "2020-01-15", "Idlib", 1),
            ("demo-010", "2018-01-28", "Saraqib", 2),
            ("demo-011", "2018-01-29", "Saraqib", 2),
            ("demo-012", "2018-01-28", "‘Afrīn", 3),
        ],
    )
    result = score(db_url)
    assert result.primary_merged
    assert result.look_alikes_checked == 2
    assert result.look_alikes_merged == ("saraqib-2018-01-28 + saraqib-2018-01-29",)
    assert set(result.found) == {
        "idlib-2020-01-15",
        "saraqib-2018-01-28",
        "saraqib-2018-01-29",
        "kobla-2018-01-28",
    }
    assert result.incidents == 3 and result.unexpected == 0


def test_the_check_sees_an_incident_split_in_two(db_url: str) -> None:
    _store(
        db_url,
        [
            ("demo-001", "2020-01-15", "Idlib", 1),
            ("demo-002", "2020-01-15", "Idlib", 2),
            ("demo-003", "2020-01-15", "Idlib", 2),
            ("demo-016", "2018-01-18", "Ankara", 3),
        ],
    )
    result = score(db_url)
    assert not result.primary_merged and result.merged == ()
    assert result.unexpected == 1


def test_expected_json_is_shipped_with_the_package() -> None:
    assert EXPECTED_PATH.parent == REPORTS_PATH.parent
    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text()
    assert '"demo/*"' in pyproject
