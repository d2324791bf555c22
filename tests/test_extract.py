"""The extractor on bad input: long reports without harm, one endless sentence, a strike buried
in a long report (the trigger prefilter and `extract.focus`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bad_input import endless_sentence, quiet_report
from typer.testing import CliRunner

from harmwatch.cli.main import app
from harmwatch.models import Report
from harmwatch.pipeline.extract import FOCUS_CHARS, PIECE_CHARS, focus, get_extractor, pieces
from harmwatch.pipeline.vocab import has_harm_trigger

runner = CliRunner()
STRIKE = "Artillery shelling killed four civilians in Kafranbel on Sunday, rescuers said. "


def _extract_file(tmp_path: Path, text: str) -> list[dict[str, object]]:
    src, out = tmp_path / "report.txt", tmp_path / "out.jsonl"
    src.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(src), "-o", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text().splitlines()]


def test_five_thousand_sentences_without_harm_make_no_incident(tmp_path: Path) -> None:
    lines = _extract_file(tmp_path, quiet_report(5000))
    assert len(lines) == 1
    assert lines[0]["incidents"] == []


def test_one_sentence_of_a_hundred_thousand_words_makes_no_incident(tmp_path: Path) -> None:
    lines = _extract_file(tmp_path, endless_sentence(100_000))
    assert len(lines) == 1
    assert lines[0]["incidents"] == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Two boys died when the roof of their school fell in.", True),
        ("The convoy was hit by a drone near the bridge.", True),
        ("Medics counted eleven bodies after the raid.", True),
        ("Three injured farmers were taken to the clinic.", True),
        ("The choir sang in the square and the bakery sold out of bread.", False),
        ("Teachers planned the spring fair with twelve volunteers.", False),
    ],
)
def test_harm_trigger(sentence: str, expected: bool) -> None:
    assert has_harm_trigger(sentence) is expected


def test_a_report_without_a_trigger_is_not_run_through_the_model() -> None:
    extractor = get_extractor()
    assert extractor._make_doc(Report(id="q", text=quiet_report(20))) is None
    assert extractor._make_doc(Report(id="s", text=STRIKE)) is not None


def test_short_texts_are_read_whole() -> None:
    text = quiet_report(30) + STRIKE + quiet_report(30)
    assert len(text) < FOCUS_CHARS
    assert focus(text) == text


def test_a_long_text_keeps_its_offsets_and_the_pieces_near_a_trigger() -> None:
    before, after = quiet_report(1500, seed=1), quiet_report(1500, seed=2)
    text = before + " " + STRIKE + after
    focused = focus(text)
    assert len(focused) == len(text)
    at = text.index(STRIKE)
    assert focused[at : at + len(STRIKE)] == STRIKE
    assert focused[:100] == text[:100]  # the opening (dateline, lead) is kept
    assert focused[len(before) // 2 : len(before) // 2 + 500].strip() == ""  # far away: blank
    assert focused.count("\n") > len(text) // 2


def test_an_endless_sentence_is_cut_into_pieces() -> None:
    text = endless_sentence(20_000)
    spans = pieces(text)
    assert all(b - a <= PIECE_CHARS for a, b in spans)
    assert "".join(text[a:b] for a, b in spans).replace(" ", "") == text.replace(" ", "")


def test_a_strike_in_the_middle_of_a_long_report_is_found_where_it_is() -> None:
    text = quiet_report(1500, seed=3) + " " + STRIKE + quiet_report(1500, seed=4)
    assert len(text) > FOCUS_CHARS
    result = get_extractor().extract(Report(id="long", text=text, published=None))
    assert len(result.incidents) == 1
    incident = result.incidents[0]
    assert incident.killed is not None and incident.killed.min == 4
    start, end = incident.figures[0].evidence or (0, 0)
    assert "four civilians" in text[start:end]
