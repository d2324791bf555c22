"""data/speech_verbs.jsonl: one list of the verbs of saying, read by the segmenter (a date told
with such a verb is the day it was said) and by the capital-as-government test (a capital
before such a verb speaks for its government)."""

from __future__ import annotations

import pytest

from harmwatch.pipeline import sentences
from harmwatch.pipeline.metonymy import SPEECH_VERBS
from harmwatch.pipeline.vocab import data_file, dated_speech, speaker_verbs


def test_every_row_names_a_verb_and_a_use() -> None:
    rows = data_file("speech_verbs.jsonl")
    words = [r["word"] for r in rows]
    assert len(words) == len(set(words))  # one row a word
    for row in rows:
        assert row["word"] == row["word"].lower().strip()
        assert row.get("dated") or row.get("speaker") or row.get("source") or row.get("voice"), row
        assert "then_words" not in row or row.get("dated"), row


@pytest.mark.parametrize(
    "before_date",
    [
        "The relief agency said on ",
        "a spokesman told local radio stations on ",
        "The defence ministry declared late ",
        "the governor tweeted early ",
        "The council denied it on ",
    ],
)
def test_a_date_after_a_dated_verb_is_the_day_it_was_said(before_date: str) -> None:
    assert sentences._REPORTED_ON.search(before_date)


@pytest.mark.parametrize(
    "before_date",
    ["Jets struck the depot on ", "the convoy was ambushed late ", "A spokesman on "],
)
def test_a_date_after_other_words_is_not(before_date: str) -> None:
    assert not sentences._REPORTED_ON.search(before_date)


@pytest.mark.parametrize(
    ("after_date", "said"),
    [(", the observers reported", False), (" posted a video of the blast", True)],
)
def test_a_verb_right_after_the_date(after_date: str, said: bool) -> None:
    # "the agency on Sunday posted ...": the date is the posting's; ", the observers
    # reported" is a new clause, its date stays the event's
    assert bool(sentences._STATED_AFTER.match(after_date)) is said


def test_speaker_verbs_are_the_capital_test_verbs() -> None:
    assert SPEECH_VERBS == speaker_verbs()
    # a government acts as well as speaks ("Ankara launched", "Tehran summoned")
    assert {"launched", "summoned", "denied", "say"} <= SPEECH_VERBS
    # what an outlet does to a text is no stance of a government
    assert not {"published", "tweeted", "quoted"} & SPEECH_VERBS


def test_dated_alternation_reads_multiword_rows() -> None:
    pattern = dated_speech()
    assert r"called\s+for" in pattern
    assert r"told(?:\s+[\w-]+){0,3}" in pattern
