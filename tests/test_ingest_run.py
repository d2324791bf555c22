"""`ingest()` and `harmwatch ingest`: store, extract, resolve; one transaction per report."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from harmwatch.cli.main import app
from harmwatch.models import Incident, Range, Report, ReportExtraction
from harmwatch.process import ingest
from harmwatch.store.db import session_scope
from harmwatch.store.reports import get_report, list_reports
from harmwatch.store.schema import MentionRow, ReportRow

REPORTS = [
    {
        "id": "t-1",
        "text": "An airstrike on the market in Ariha killed seven civilians on "
        "Monday, the local civil defence said.",
        "published": "2019-07-22",
        "source": "Ariha Now",
    },
    {
        "id": "t-2",
        "text": "Rocket fire hit a school in Jisr al-Shughur on Tuesday; three "
        "pupils were wounded, teachers said.",
        "published": "2019-07-23",
        "source": "Orontes",
    },
    {
        "id": "t-3",
        "text": "A car bomb exploded near a checkpoint in Azaz on Wednesday, killing "
        "four people, police said.",
        "published": "2019-07-24",
        "source": "North Wire",
    },
]


def _jsonl(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _counts(db_url: str) -> tuple[int, int]:
    with session_scope(db_url) as session:
        reports = session.scalar(select(func.count()).select_from(ReportRow))
        mentions = session.scalar(select(func.count()).select_from(MentionRow))
    return int(reports or 0), int(mentions or 0)


class PickyExtractor:
    """A real `ReportExtraction` per report (one incident, the toll it states), except that
    it raises on reports whose text contains `fail_on`: an extractor bug in one report."""

    def __init__(self, fail_on: str) -> None:
        self.fail_on = fail_on

    def extract(self, report: Report) -> ReportExtraction:
        if self.fail_on in report.text:
            raise ValueError(f"cannot parse {report.id}")
        return ReportExtraction(
            report_id=report.id,
            incidents=[
                Incident(
                    event_type="other",
                    date=report.published,
                    killed=Range(min=1, max=1),
                    evidence=[(0, 10)],
                )
            ],
        )

    def extract_many(
        self, reports: Iterable[Report], batch_size: int = 32
    ) -> Iterator[ReportExtraction]:
        for report in reports:
            yield self.extract(report)


def test_store_only_twice_is_idempotent(db_url: str, tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "r.jsonl", REPORTS)
    first = ingest([str(path)], db_url, extract=False, progress=False)
    second = ingest([str(path)], db_url, extract=False, progress=False)
    assert (first.new, first.duplicate, first.failed) == (3, 0, [])
    assert (second.new, second.duplicate, second.failed) == (0, 3, [])
    assert _counts(db_url) == (3, 0)


def test_garbage_input_fails_alone_and_the_others_are_stored(db_url: str, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(bytes(range(256)) * 40)
    good = _jsonl(tmp_path / "r.jsonl", REPORTS[:2])
    summary = ingest([str(garbage), str(good)], db_url, extract=False, progress=False)
    assert summary.new == 2 and not summary.ok
    assert len(summary.failed) == 1 and summary.failed[0].startswith(str(garbage))


def test_a_report_whose_extraction_fails_is_rolled_back_entirely(
    db_url: str, tmp_path: Path
) -> None:
    path = _jsonl(tmp_path / "r.jsonl", REPORTS)
    summary = ingest([str(path)], db_url, progress=False, extractor=PickyExtractor("Rocket"))
    assert (summary.new, summary.extracted) == (2, 2)
    assert len(summary.failed) == 1
    assert summary.failed[0].startswith(f"{path}:2: extraction failed")
    assert "nothing stored" in summary.failed[0]
    assert summary.incidents  # the other two were resolved into incidents
    with session_scope(db_url) as session:
        assert [r.id for r in list_reports(session)] == ["t-3", "t-1"]
        assert get_report(session, "t-1").extracted
        mentions = session.scalars(select(MentionRow.report_id)).all()
    assert sorted(mentions) == ["t-1", "t-3"]
    # Fixed extractor, same input: the failed one is stored now, the others are duplicates.
    again = ingest([str(path)], db_url, progress=False, extractor=PickyExtractor("no such"))
    assert (again.new, again.duplicate, again.failed) == (1, 2, [])


def test_reports_stored_without_extraction_are_extracted_by_a_later_run(
    db_url: str, tmp_path: Path
) -> None:
    path = _jsonl(tmp_path / "r.jsonl", REPORTS)
    ingest([str(path)], db_url, extract=False, progress=False)
    # The same reports again, spaced differently: duplicates, whose stored copies get extracted.
    spaced = [dict(r, text="  " + r["text"].replace(" ", "  "), id=r["id"] + "b") for r in REPORTS]
    later = ingest(
        [str(_jsonl(tmp_path / "s.jsonl", spaced))],
        db_url,
        progress=False,
        extractor=PickyExtractor("no such"),
    )
    assert (later.new, later.duplicate, later.extracted, later.failed) == (0, 3, 3, [])
    with session_scope(db_url) as session:
        assert all(r.extracted for r in list_reports(session))
        mentions = session.scalars(select(MentionRow.report_id)).all()
    assert sorted(mentions) == ["t-1", "t-2", "t-3"]  # the stored ids, not the new copies'
    again = ingest([str(path)], db_url, progress=False, extractor=PickyExtractor("no such"))
    assert (again.duplicate, again.extracted) == (3, 0)


def test_a_changed_page_at_the_same_url_is_stored_as_a_new_version(db_url: str) -> None:
    bodies = iter(
        [
            "<html><body><p>Shelling hit Kafr Nabl overnight; two people were killed.</p></body>",
            "<html><body><p>Shelling hit Kafr Nabl overnight; five people were killed.</p></body>",
        ]
    )
    page = {"body": ""}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": "text/html"}, text=page["body"])

    url = "https://news.example/kafr-nabl"
    results = []
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        for body in bodies:
            page["body"] = body
            results.append(
                ingest(
                    [url],
                    db_url,
                    extract=False,
                    progress=False,
                    client=client,
                    resolver=lambda host: ["93.184.216.34"],
                )
            )
    assert (results[0].new, results[1].new_version) == (1, 1)
    with session_scope(db_url) as session:
        versions = list_reports(session, url=url)
    newest = next(r for r in versions if r.previous_version_id)
    assert "five people" in newest.text
    assert newest.previous_version_id == next(r.id for r in versions if r is not newest)


def test_a_nul_character_in_a_record_is_stored_on_every_backend(
    db_url: str, tmp_path: Path
) -> None:
    path = _jsonl(tmp_path / "r.jsonl", [{"id": "nul", "text": "Shelling\u0000 hit Ariha."}])
    summary = ingest([str(path)], db_url, extract=False, progress=False)
    assert (summary.new, summary.failed) == (1, [])
    with session_scope(db_url) as session:
        assert get_report(session, "nul").text == "Shelling\ufffd hit Ariha."  # same offsets


def test_blocked_url_is_a_failure_not_a_crash(db_url: str) -> None:
    summary = ingest(["http://127.0.0.1:9/x"], db_url, extract=False, progress=False)
    assert summary.new == 0 and "loopback" in summary.failed[0]


# --- the command ----------------------------------------------------------------------------


def _cli(*args: str) -> object:
    return CliRunner().invoke(app, ["ingest", *args, "--no-progress"])


@pytest.mark.corpus
def test_cli_seeds_twice_stores_five_reports(corpus_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    seeds = str(corpus_dir / "seeds" / "reports.jsonl")
    first = _cli(seeds, "--db", str(db))
    second = _cli(seeds, "--db", str(db))
    assert first.exit_code == 0, first.output  # type: ignore[attr-defined]
    assert second.exit_code == 0, second.output  # type: ignore[attr-defined]
    with session_scope(str(db)) as session:
        stored = list_reports(session, limit=None)
        mentions = session.scalar(select(func.count()).select_from(MentionRow))
    assert sorted(r.id for r in stored) == [f"seed-00{i}" for i in range(5)]
    assert all(r.extracted for r in stored) and mentions
    row = second.stdout.splitlines()  # type: ignore[attr-defined]
    assert any("│   0 │         5 │" in line for line in row), second.stdout  # type: ignore[attr-defined]


def test_cli_garbage_file_exits_1_with_one_line_and_stores_the_rest(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(b"\x00\xff\xfe\x01" * 1000)
    good = _jsonl(tmp_path / "r.jsonl", REPORTS)
    db = tmp_path / "x.db"
    result = _cli(str(garbage), str(good), "--db", str(db), "--no-extract")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    err = result.stderr.strip().splitlines()  # type: ignore[attr-defined]
    assert err == [
        f"error: {garbage}: file is binary, not text (pass text, HTML, JSONL, CSV or feed files)"
    ]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]
    with session_scope(str(db)) as session:
        assert len(list_reports(session)) == 3


def test_cli_usage_errors_exit_2(tmp_path: Path) -> None:
    assert _cli("x.jsonl", "--format", "pdf").exit_code == 2  # type: ignore[attr-defined]
    assert _cli().exit_code == 2  # type: ignore[attr-defined]
    missing = _cli("x.jsonl", "--gazetteer", str(tmp_path / "none.csv"))
    assert missing.exit_code == 2  # type: ignore[attr-defined]


def test_cli_unusable_database_is_one_line(tmp_path: Path) -> None:
    good = _jsonl(tmp_path / "r.jsonl", REPORTS)
    result = _cli(str(good), "--db", f"sqlite:///{tmp_path}/no/such/dir/x.db", "--no-extract")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    lines = result.stderr.strip().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1 and lines[0].startswith("error:") and "database" in lines[0]


def test_cli_help_explains_with_an_example() -> None:
    result = CliRunner().invoke(app, ["ingest", "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    for words in (
        "harmwatch ingest reports.jsonl",
        "--text-field",
        "--allow-private",
        "Exit codes",
    ):
        assert words in result.stdout


def test_a_missing_model_is_one_clear_error(db_url: str, tmp_path: Path) -> None:
    from harmwatch.errors import HarmwatchError

    path = _jsonl(tmp_path / "r.jsonl", REPORTS)
    with pytest.raises(HarmwatchError, match="cannot load the extraction model .*--no-extract"):
        ingest([str(path)], db_url, progress=False, model="no_such_model_installed")


def test_cli_reads_standard_input(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    data = "".join(json.dumps(r) + "\n" for r in REPORTS)
    result = CliRunner().invoke(
        app, ["ingest", "-", "--db", str(db), "--no-extract", "--no-progress"], input=data
    )
    assert result.exit_code == 0, result.output
    with session_scope(str(db)) as session:
        assert sorted(r.id for r in list_reports(session)) == ["t-1", "t-2", "t-3"]


# --- bad Unicode in a record (issue 14) -----------------------------------------------------

SURROGATE_MIDDLE = (
    '{"id": "u-1", "text": "Mortar fire wounded five farmers near Kafr Nabl on Monday, '
    'a medic said.", "published": "2019-07-22"}\n'
    '{"id": "u-2", "text": "\\ud800 Shelling killed two people in Saraqib."}\n'
    '{"id": "u-3", "text": "A drone strike killed three people in a car outside Binnish on '
    'Wednesday, residents said.", "published": "2019-07-24"}\n'
)


def test_cli_a_lone_surrogate_fails_its_record_alone_and_the_others_are_stored(
    tmp_path: Path,
) -> None:
    """JSON's "\\ud800" (half a surrogate pair) is no Unicode text: the store and spaCy refuse
    it. That record fails with one line naming its line; the two around it are stored and
    extracted."""
    src = tmp_path / "r.jsonl"
    src.write_text(SURROGATE_MIDDLE, encoding="utf-8")
    db = tmp_path / "x.db"
    result = _cli(str(src), "--db", str(db))
    assert result.exit_code == 1, result.output  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]
    err = result.stderr.strip().splitlines()  # type: ignore[attr-defined]
    assert len(err) == 1 and err[0].startswith(f"error: {src}:2: ") and "surrogate" in err[0]
    with session_scope(str(db)) as session:
        stored = list_reports(session)
        mentions = session.scalar(select(func.count()).select_from(MentionRow))
    assert sorted(r.id for r in stored) == ["u-1", "u-3"]
    assert all(r.extracted for r in stored) and mentions
    assert any("│   2 │" in line and "│      1 │" in line for line in result.stdout.splitlines())  # type: ignore[attr-defined]


def test_lone_surrogates_and_controls_in_metadata_are_stored_on_every_backend(
    db_url: str, tmp_path: Path
) -> None:
    """A lone surrogate in a title, outlet or id becomes U+FFFD; NULs and other control
    characters in the text are stored (NUL as U+FFFD: PostgreSQL refuses NUL in text)."""
    rows = [
        {
            "id": "m-\ud800",
            "text": "Shelling\u0000 hit\u0001 a school in Ariha\u001b on Monday.",
            "title": "Ariha \udc00 school",
            "source": "Orontes\ud83d",
            "url": "https://x.test/\ud800",
        },
    ]
    path = tmp_path / "r.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    summary = ingest([str(path)], db_url, extract=False, progress=False)
    assert (summary.new, summary.failed) == (1, [])
    with session_scope(db_url) as session:
        (report,) = list_reports(session)
        stored = get_report(session, report.id)
    assert stored.id == "m-\ufffd"
    assert stored.text == "Shelling\ufffd hit\u0001 a school in Ariha\u001b on Monday."
    assert (stored.title, stored.source) == ("Ariha \ufffd school", "Orontes\ufffd")
