"""Patterns rewritten for speed find exactly what their plain forms find.

The actor aliases and the attack words are grouped behind a look-ahead for their first letter,
and the absolute date patterns open with a look-ahead for the characters a date can start with;
these only spare the regex engine work, so each is checked against its plain form here.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harmwatch.pipeline import actor_vocab, dates, vocab

ALIASES = [
    "Syrian army",
    "syrian regime",
    "Russian air force",
    "Russia",
    "rebels",
    "SDF",
    "Hay'at Tahrir al-Sham",
    "al-Nusra Front",
    "ISIS",
    "Islamic State",
    "Kurdish YPG",
    "3rd Division",
    "White Helmets",
    "Civil Defence",
    "regime",
    # a long alias opening in capitals before a lower-case one: the grouped order must
    # still try "russia today" before "Russia"; and aliases not opening with a-z or 0-9
    "Russian Federation forces",
    "russia today",
    "Öztürk Brigade",
    "'Ansar' battalion",
]

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
    assert _spans(actor_vocab.alias_regex(ALIASES, flags), sentence) == _spans(
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
    pattern = actor_vocab.alias_regex(ALIASES, re.IGNORECASE)
    assert [m.group(0) for m in pattern.finditer(sentence)] == names


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*ALIASES, " ", "-", "'", "’", ", ", "x", "Ru", "the ", "ſ", "K", "İ"]),
        max_size=12,
    ),
    st.lists(st.sampled_from(ALIASES), min_size=1, max_size=6),
)
def test_grouped_aliases_on_made_up_text(pieces: list[str], aliases: list[str]) -> None:
    text = "".join(pieces)
    for flags in (re.IGNORECASE, 0):
        assert _spans(actor_vocab.alias_regex(aliases, flags), text) == _spans(
            _plain(aliases, flags), text
        )


DATED = [
    "On Tuesday 14 March 2017 a market was hit.",
    "The strike came on the 3rd of May, residents said.",
    "Sat., Oct. 7th, 2023: rockets were fired.",
    "SUNDAY (JUNE 4) the camp was shelled again; Mon, 5 June it was quiet.",
    "Figures from 12 to 14 people, 2 wounded, on Wed 9 Aug.",
    "Published Sept 262016 and updated 09-07-2016 and 2017-05-18.",
    "Thursday (02/09/21) the road was cut; by 3/10/21 and on fri 4/10/21 it was open, 1/2/345.",
]


@pytest.mark.parametrize("sentence", DATED)
def test_date_look_aheads_keep_every_match(sentence: str) -> None:
    for guarded in dates.vocab().absolute:
        plain = re.compile(re.sub(r"^\(\?=\[[^\]]*\]\)", "", guarded.pattern), guarded.flags)
        assert [(m.span(), m.groupdict()) for m in guarded.finditer(sentence)] == [
            (m.span(), m.groupdict()) for m in plain.finditer(sentence)
        ]


WORDED = [
    *DATED,
    "Since March, and again in early-May of 2019, overnight Friday to Saturday morning.",
    "By late June the front was quiet; this Sunday and last Monday evening it was not.",
    "From Wed. until Thu the market shut; mid March, during April, of December 2020.",
]


@pytest.mark.parametrize("sentence", WORDED)
def test_month_and_weekday_look_aheads_keep_every_match(sentence: str) -> None:
    for guarded in (dates.vocab().weekday, dates.vocab().month_only):
        plain = re.compile(re.sub(r"^\(\?=\[[^\]]*\]\)", "", guarded.pattern), guarded.flags)
        assert plain.pattern != guarded.pattern  # the look-ahead is there
        assert [(m.span(), m.groupdict()) for m in guarded.finditer(sentence)] == [
            (m.span(), m.groupdict()) for m in plain.finditer(sentence)
        ]


def test_date_look_aheads_are_there() -> None:
    first, second, _, slashed, _ = dates.vocab().absolute
    assert first.pattern.startswith(r"(?=[\d") and second.pattern.startswith("(?=[")
    assert slashed.pattern.startswith(r"(?=[\d")  # a weekday or the day: 3 times faster
    assert [d.text for d in dates.find_dates(DATED[0])] == ["Tuesday 14 March 2017"]


ATTACKS = [
    "Warplanes struck a bakery in the east of the town at dawn.",
    "Artillery shelling resumed; a car bomb exploded near the checkpoint.",
    "Gunmen opened fire on a minibus, killing three.",
    "The council met to discuss the water supply.",
    "A drone-strike hit the road; UAVs were heard overnight and F-16s circled.",
    "Residents said the area was quiet after the ceasefire.",
]


def _plain_attack_context() -> re.Pattern[str]:
    parts = [p.pattern for _, _, p in vocab.event_patterns()]
    parts.append(rf"\b{vocab.cue('attack_verb').pattern}\b")
    return re.compile("|".join(parts), re.IGNORECASE)


@pytest.mark.parametrize("sentence", ATTACKS)
def test_grouped_attack_context_matches_like_the_plain_one(sentence: str) -> None:
    grouped = vocab.attack_context()
    assert grouped.pattern != _plain_attack_context().pattern  # the grouped form is in use
    assert _spans(grouped, sentence) == _spans(_plain_attack_context(), sentence)


@pytest.mark.parametrize(
    ("pattern", "alternatives"),
    [
        ("a|b(?:c|d)|e", ["a", "b(?:c|d)", "e"]),
        (r"x\|y|[|]z", [r"x\|y", "[|]z"]),
        ("[]|]a|[^]|]b|c", ["[]|]a", "[^]|]b", "c"]),
        ("one|", ["one", ""]),
        ("(a)|b", None),  # a capturing group would be repeated
        ("(?P<n>a)|b", None),
        ("(?i:a)|b", None),  # flags
        ("a)|(b", None),
        ("[ab|c", None),
    ],
)
def test_top_alternatives(pattern: str, alternatives: list[str] | None) -> None:
    assert vocab._top_alternatives(pattern) == alternatives


PIECES = [
    "shell(?:ed|s)?",
    "s?trike",
    "strikes?",
    "struck",
    "(?:air|drone) ?strikes?",
    "\\bhit",
    "hits",
    "",
    "Su-\\d+",
    "s{0,1}trike",
    "F-16s?",
    "[sS]hots?",
    "k",
    "K",
    "ſ",
    "I",
    "ı",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=8),
    st.lists(
        st.sampled_from(
            [
                "shelled ",
                "strike",
                "strikes ",
                "Su-24",
                "f-16s",
                "hits",
                "K",
                "ſtrike",
                "ık",
                "trike",
                "air strike",
                " ",
                ", ",
            ]
        ),
        max_size=10,
    ),
)
def test_grouping_by_first_letter_keeps_the_matches(alts: list[str], words: list[str]) -> None:
    text = "".join(words)
    plain = re.compile(r"\b(?:" + "|".join(alts) + r")\b", re.IGNORECASE)
    grouped = re.compile(vocab.by_first_letter(alts, r"\b(?:{})\b"), re.IGNORECASE)
    assert _spans(grouped, text) == _spans(plain, text)


@pytest.mark.parametrize(
    ("alts", "text"),
    [
        (["kx", "Ka", "k"], "the KA and the ka"),  # capitals and small letters share a group
        (["ax", "s?trike", "strike"], "a trike, a strike"),  # an optional first letter
        (["ax", "s{0,1}tar", "star"], "tar star"),
        (["(?:air|drone) strike", "air"], "an air strike"),  # a group first: tried everywhere
        (["Su-\\d+", "sukhoi"], "an Su-24, a Sukhoi"),
    ],
)
def test_grouping_edge_cases(alts: list[str], text: str) -> None:
    plain = re.compile("|".join(alts), re.IGNORECASE)
    grouped = re.compile(vocab.by_first_letter(alts), re.IGNORECASE)
    assert _spans(grouped, text) == _spans(plain, text)


@pytest.mark.parametrize(
    "sentence",
    [
        *ATTACKS,
        "Barrel bombs fell on the village.",
        "A sniper was seen near the bridge.",
        "Chlorine was smelled after the raid.",
        "The talks in Geneva ended without a deal.",
    ],
)
def test_the_event_stage_skips_only_sentences_no_event_pattern_matches(sentence: str) -> None:
    matched = any(p.search(sentence) for _, _, p in vocab.event_patterns())
    assert not matched or vocab.mentions_attack(sentence)
    assert vocab.mentions_attack(sentence) == bool(_plain_attack_context().search(sentence))


# --- speed rewrites of issue 11 (h21s): the same matches, less work -----------------------

WORDS_OF_EVENTS = [
    "a drone strike",
    "shelling",
    "air raids",
    "car bomb",
    "the mortar",
    "they struck",
    "ambushed",
    "quiet morning",
    "market",
    "the strikes",
    " ",
    ", ",
    ". ",
    "Warplanes",
    "gunfire",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS_OF_EVENTS), max_size=12))
def test_event_patterns_compiled_by_first_letter_match_as_plain(words: list[str]) -> None:
    text = " ".join(words)
    for row, (_, _, fast) in zip(vocab._event_rows(), vocab.event_patterns(), strict=True):
        plain = re.compile(rf"\b(?:{row['pattern']})\b", re.IGNORECASE)
        assert _spans(fast, text) == _spans(plain, text)


@pytest.mark.parametrize("sentence", [*ATTACKS, "Later, a raid and shelling hit the town."])
def test_no_event_pattern_matches_before_the_first_attack_word(sentence: str) -> None:
    """`events.find_events` searches from `vocab.attack_start` on: nothing is lost before it."""
    first = vocab.attack_start(sentence)
    for _, _, pattern in vocab.event_patterns():
        starts = [m.start() for m in pattern.finditer(sentence)]
        assert not starts or (first is not None and min(starts) >= first)
        assert [m.span() for m in pattern.finditer(sentence, first or 0)] == [
            m.span() for m in pattern.finditer(sentence)
        ]


@pytest.mark.parametrize(
    ("alts", "text"),
    [
        (["strike", "s?trike", "hit"], "a trike hit, strikes"),
        (["", "hit"], "hit it"),  # an empty alternative: an empty match at a word boundary
        (["(?:air|drone) ?strikes?", "air"], "an air strike, airs"),
        (["Su-\\d+", "sukhoi"], "an Su-24 and a Sukhoi"),
    ],
)
def test_word_alternation_matches_as_plain(alts: list[str], text: str) -> None:
    body = "|".join(alts)
    plain = re.compile(rf"\b(?:{body})\b", re.IGNORECASE)
    assert _spans(vocab.word_alternation(body), text) == _spans(plain, text)


@pytest.mark.parametrize(
    "text",
    [
        "On Friday (11/18/22) shells fell; by 2017-05-18 the toll was 9.",
        "The 18.05.2017 raid, the 09-07-2016 one and the 3/4/21 one.",
        "No date with a slash here, nor a dash: Monday 14 March 2017.",
    ],
)
def test_each_absolute_date_holds_the_character_it_is_skipped_without(text: str) -> None:
    v = dates.vocab()
    for pattern, needs in zip(v.absolute, v.absolute_needs, strict=True):
        assert all(needs in m.group(0) for m in pattern.finditer(text))
