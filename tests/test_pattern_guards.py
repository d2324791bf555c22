"""Patterns rewritten for speed find exactly what their plain forms find.

The actor aliases are grouped behind a look-ahead for their first letter, and the absolute date
patterns open with a look-ahead for the characters a date can start with; both only spare the
regex engine work, so each is checked against its plain form here.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harmwatch.pipeline import actors, dates

ALIASES = ["Syrian army", "syrian regime", "Russian air force", "Russia", "rebels", "SDF",
           "Hay'at Tahrir al-Sham", "al-Nusra Front", "ISIS", "Islamic State", "Kurdish YPG",
           "3rd Division", "White Helmets", "Civil Defence", "regime",
           # a long alias opening in capitals before a lower-case one: the grouped order must
           # still try "russia today" before "Russia"; and aliases not opening with a-z or 0-9
           "Russian Federation forces", "russia today", "Öztürk Brigade", "'Ansar' battalion"]

SENTENCES = [
    "Warplanes of the Russian Air Force struck the town, the White Helmets said.",
    "RUSSIA denied that its jets were involved; the syrian-regime media blamed rebels.",
    "Fighters of Hay’at Tahrir al-Sham and the al Nusra front clashed with Kurdish-YPG units.",
    "The 3rd Division shelled a village held by Islamic State, said the civil defence.",
    "Regime forces and russian aircraft hit Idlib; ISIS-linked cells were blamed.",
    "Nothing here names anybody at all.",
    "Russia Today reported the raid; the Öztürk Brigade and the 'Ansar' battalion denied it.",
]


def _plain(aliases: list[str], flags: int) -> re.Pattern[str]:
    """The alternation as it was before grouping: every alias tried at every position."""
    parts = []
    for alias in sorted(set(aliases), key=len, reverse=True):
        text = re.escape(alias).replace("'", "['’]?").replace("’", "['’]?")
        parts.append(text.replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]?"))
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w])", flags)


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


@pytest.mark.parametrize("sentence", SENTENCES)
@pytest.mark.parametrize("flags", [re.IGNORECASE, 0])
def test_grouped_aliases_match_like_the_plain_alternation(sentence: str, flags: int) -> None:
    assert _spans(actors._alias_regex(ALIASES, flags), sentence) == _spans(
        _plain(ALIASES, flags), sentence
    )


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        (SENTENCES[0], ["Russian Air Force", "White Helmets"]),
        (SENTENCES[-1], ["Russia Today", "Öztürk Brigade", "'Ansar' battalion"]),
    ],
)
def test_grouped_aliases_find_the_names(sentence: str, names: list[str]) -> None:
    pattern = actors._alias_regex(ALIASES, re.IGNORECASE)
    assert [m.group(0) for m in pattern.finditer(sentence)] == names


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*ALIASES, " ", "-", "'", "’", ", ", "x", "Ru", "the ", "ſ",
                                 "K", "İ"]), max_size=12),
       st.lists(st.sampled_from(ALIASES), min_size=1, max_size=6))
def test_grouped_aliases_on_made_up_text(pieces: list[str], aliases: list[str]) -> None:
    text = "".join(pieces)
    for flags in (re.IGNORECASE, 0):
        assert _spans(actors._alias_regex(aliases, flags), text) == _spans(
            _plain(aliases, flags), text
        )


DATED = [
    "On Tuesday 14 March 2017 a market was hit.",
    "The strike came on the 3rd of May, residents said.",
    "Sat., Oct. 7th, 2023: rockets were fired.",
    "SUNDAY (JUNE 4) the camp was shelled again; Mon, 5 June it was quiet.",
    "Figures from 12 to 14 people, 2 wounded, on Wed 9 Aug.",
    "Published Sept 262016 and updated 09-07-2016 and 2017-05-18.",
]


@pytest.mark.parametrize("sentence", DATED)
def test_date_look_aheads_keep_every_match(sentence: str) -> None:
    for guarded in dates.vocab().absolute:
        plain = re.compile(re.sub(r"^\(\?=\[[^\]]*\]\)", "", guarded.pattern), guarded.flags)
        assert [(m.span(), m.groupdict()) for m in guarded.finditer(sentence)] == [
            (m.span(), m.groupdict()) for m in plain.finditer(sentence)
        ]


def test_date_look_aheads_are_there() -> None:
    first, second = dates.vocab().absolute[:2]
    assert first.pattern.startswith(r"(?=[\d") and second.pattern.startswith("(?=[")
    assert [d.text for d in dates.find_dates(DATED[0])] == ["Tuesday 14 March 2017"]
