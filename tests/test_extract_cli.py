"""`harmwatch extract`: one contract line per input report, in input order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harmwatch.cli.main import app
from harmwatch.models import ReportExtraction

CORPUS_DIR = Path(__file__).resolve().parents[2] / "shared" / "corpus"

runner = CliRunner()
CONTRACT_KEYS = {
    "event_type",
    "date",
    "date_precision",
    "location",
    "perpetrators",
    "denials",
    "claims",
    "killed",
    "injured",
    "children_killed",
    "women_killed",
    "figures",
    "targets",
    "evidence",
    "confidence",
}


def _write_reports(path: Path) -> None:
    rows = [
        {
            "id": "b",
            "text": "Israeli jets bombed a house in Khan Younis on Tuesday, killing "
            "four people, the health ministry said.",
            "published": "2023-10-11",
        },
        {
            "id": "a",
            "text": "The weather was calm and markets reopened.",
            "published": "2023-10-11",
        },
        {
            "id": "c",
            "text": "Regime shelling on Kafranbel wounded two children on Sunday.",
            "published": "2019-05-06",
        },
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


def test_writes_one_line_per_report_in_input_order(tmp_path: Path) -> None:
    src, out = tmp_path / "reports.jsonl", tmp_path / "out.jsonl"
    _write_reports(src)
    result = runner.invoke(app, ["extract", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["report_id"] for line in lines] == ["b", "a", "c"]
    for line in lines:
        ReportExtraction.model_validate(line)
    strike = lines[0]["incidents"][0]
    assert CONTRACT_KEYS <= set(strike)
    assert strike["killed"] == {"min": 4, "max": 4}
    assert strike["perpetrators"][0]["id"] == "israel"
    assert lines[1]["incidents"] == []


def test_bad_line_is_reported_and_the_rest_written(tmp_path: Path) -> None:
    src, out = tmp_path / "reports.jsonl", tmp_path / "out.jsonl"
    _write_reports(src)
    src.write_text(src.read_text() + "{not json\n")
    result = runner.invoke(app, ["extract", str(src), "-o", str(out)])
    assert result.exit_code == 1
    assert "reports.jsonl" in result.output and "Traceback" not in result.output
    assert len(out.read_text().splitlines()) == 3


def test_missing_gazetteer_file_is_a_clear_error(tmp_path: Path) -> None:
    src = tmp_path / "reports.jsonl"
    _write_reports(src)
    result = runner.invoke(
        app,
        [
            "extract",
            str(src),
            "-o",
            str(tmp_path / "o.jsonl"),
            "--gazetteer",
            str(tmp_path / "nope.csv"),
        ],
    )
    assert result.exit_code == 2
    assert "nope.csv" in result.output


@pytest.mark.corpus
def test_seeds_extract_to_the_contract(tmp_path: Path) -> None:
    seeds = CORPUS_DIR / "seeds" / "reports.jsonl"
    if not seeds.exists():
        pytest.skip("../shared/corpus is absent")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(seeds), "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == 5
    assert all(line["incidents"] for line in lines)
    for line in lines:
        for inc in line["incidents"]:
            assert {"date", "location", "killed", "perpetrators"} <= set(inc)


def test_a_village_east_of_idlib_is_placed_at_the_village_without_a_gazetteer(
    tmp_path: Path,
) -> None:
    src = tmp_path / "report.txt"
    src.write_text(
        "Rescuers said warplanes bombed Kafr Battikh, east of Idlib, before dawn on Friday, "
        "killing a mother and her three children in their home.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    (incident,) = json.loads(out.read_text(encoding="utf-8"))["incidents"]
    loc = incident["location"]
    assert (loc["name"], loc["precision"], loc["country"]) == ("Kafr Battikh", "village", "SY")
    assert (round(loc["lat"], 2), round(loc["lon"], 2)) == (35.78, 36.72)
    assert loc["gazetteer_id"] == "geonames:168711"


def test_a_lone_surrogate_fails_its_record_alone(tmp_path: Path) -> None:
    src, out = tmp_path / "reports.jsonl", tmp_path / "out.jsonl"
    _write_reports(src)
    lines = src.read_text().splitlines()
    lines.insert(1, '{"id": "bad", "text": "Shelling \\udc00 killed two people in Binnish."}')
    src.write_text("\n".join(lines) + "\n")
    result = runner.invoke(app, ["extract", str(src), "-o", str(out)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"{src}:2: text holds a lone surrogate" in result.stderr
    assert [json.loads(line)["report_id"] for line in out.read_text().splitlines()] == [
        "b",
        "a",
        "c",
    ]
    assert not (tmp_path / "out.jsonl.part").exists()


# Filler without any word of harm (the extractor skips what cannot be an incident) and one
# strike near the end, past spaCy's limit of 1,000,000 characters per text.
QUIET = (
    "The price of lentils had doubled since spring, shopkeepers said, and the "
    "municipality promised new water pipes before the winter. "
)
STRIKE = (
    "On Thursday an airstrike hit a bakery in Maarat al-Numan, killing nine people "
    "and wounding fourteen, a civil defence team said. "
)


def test_a_report_over_a_million_characters_is_extracted_in_chunks(tmp_path: Path) -> None:
    text = QUIET * 8000 + STRIKE + QUIET * 20
    assert len(text) > 1_000_000
    src, out = tmp_path / "long.jsonl", tmp_path / "out.jsonl"
    src.write_text(json.dumps({"id": "long", "text": text, "published": "2019-05-03"}) + "\n")
    result = runner.invoke(app, ["extract", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "out.jsonl.part").exists()
    (line,) = [json.loads(row) for row in out.read_text().splitlines()]
    (incident,) = line["incidents"]
    assert incident["killed"] == {"min": 9, "max": 9}
    killed = next(f for f in incident["figures"] if f["kind"] == "killed")
    start, end = killed["evidence"]
    assert "nine" in text[start:end] and start >= 8000 * len(QUIET)
    assert text[slice(*incident["location"]["evidence"])] == "Maarat al-Numan"


def test_a_report_over_the_size_limit_is_one_line_and_the_rest_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from harmwatch.settings import get_settings

    monkeypatch.setenv("HARMWATCH_MAX_REPORT_BYTES", "20000")
    get_settings.cache_clear()
    try:
        page = tmp_path / "page.html"
        paragraphs = "".join(f"<p>{QUIET} (notice {n})</p>" for n in range(400))
        page.write_text(f"<html><body>{paragraphs}<p>{STRIKE}</p></body></html>")
        src, out = tmp_path / "reports.jsonl", tmp_path / "out.jsonl"
        _write_reports(src)
        result = runner.invoke(app, ["extract", str(page), str(src), "-o", str(out)])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1
    (error,) = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert error.startswith(f"error: {page}: ") and "limit per report" in error
    assert len(out.read_text().splitlines()) == 3
