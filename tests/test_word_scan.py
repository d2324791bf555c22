"""`WordStartScan`: the actor names' alternation tried only at the word starts whose word can
open a name finds what the whole alternation finds, match for match."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harmwatch.pipeline.word_scan import Opening, WordStartScan, opening

# names as the actor stage writes them: escaped, "[\s-]+" between words, "[\s-]?" for a
# hyphen, an optional apostrophe
NAMES = [
    "Border Guard Corps",
    "border guards",
    "al-Nasr Front",
    "Nasr Brigade",
    "U.N. monitors",
    "UN monitors",
    "Pinewood Militia",
    "Pinewood",
    "Kestrel's Hunters",
    "Médecins du Nord",
    "'Hawks' battalion",
    "Tor Force",
    "Torrent Force",
    "FFL: Free Fighters",
    "Ks",
]


def _part(name: str) -> str:
    text = re.escape(name).replace("'", "['’]?").replace("’", "['’]?")
    return text.replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]?")


def _plain(names: list[str]) -> re.Pattern[str]:
    parts = [_part(n) for n in sorted(set(names), key=len, reverse=True)]
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w])", re.IGNORECASE)


def _scan(names: list[str]) -> WordStartScan:
    return WordStartScan([_part(n) for n in sorted(set(names), key=len, reverse=True)])


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Border Guard Corps", Opening("border", True)),  # a space must follow "border"
        ("al-Nasr Front", Opening("al", False)),  # "alNasr" too: a word opening with "al"
        ("U.N. monitors", Opening("u", True)),  # a full stop ends the word
        ("Pinewood", Opening("pinewood", True)),  # the name's end: no word letter may follow
        ("Kestrel's Hunters", Opening("kestrel", False)),  # "Kestrels" matches too
        ("FFL: Free Fighters", Opening("ffl", True)),
        ("'Hawks' battalion", Opening("", False)),  # may open with an apostrophe: anything
        ("Médecins du Nord", None),  # "é" matches no ASCII letter: never an ASCII first word
        ("\u212aurdish Front", Opening("", False)),  # the Kelvin sign matches "k"
    ],
)
def test_opening_of_a_name(name: str, expected: Opening | None) -> None:
    assert opening(_part(name)) == expected


SENTENCES = [
    "Border guards fired on a crowd; the Border-Guard Corps denied it.",
    "The alNasr Front and al Nasr front fighters clashed with the Nasr Brigade.",
    "U.N. monitors and UN-monitors counted the dead, the U.N. said.",
    "Pinewood Militia men raided Pinewood-held villages; pinewoods were burnt.",
    "Kestrels Hunters and Kestrel’s Hunters were blamed; Médecins du Nord treated 5.",
    "The 'Hawks' battalion and Hawks battalion, ex-Tor Force, and the Torrent Force.",
    "FFL: Free Fighters said \u212as ran; Ks ran; ſ and İ are odd letters.",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_finds_what_the_whole_alternation_finds(sentence: str) -> None:
    for names in (NAMES, [n for n in NAMES if not n.startswith("'")]):
        plain, scan = _plain(names), _scan(names)
        assert [m.span() for m in scan.finditer(sentence)] == [
            m.span() for m in plain.finditer(sentence)
        ]
        for pos in range(len(sentence) + 1):
            a, b = plain.match(sentence, pos), scan.match(sentence, pos)
            assert (a and a.span()) == (b and b.span()), (sentence, pos)


def test_words_of_no_name_are_not_tried() -> None:
    scan = _scan([n for n in NAMES if not n.startswith("'")])
    found = [m.group(0) for m in scan.finditer(SENTENCES[3])]
    assert found == ["Pinewood Militia", "Pinewood"]
    assert scan._for_word("villages") is None  # no expression tried there
    assert scan._for_word("Pinewood") is not None


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*NAMES, " ", "-", "'", "’", ". ", "x", "al", "Tor", "s", "ſ", "K", "İ"]),
        max_size=14,
    ),
    st.lists(st.sampled_from(NAMES), min_size=1, max_size=7),
)
def test_same_matches_on_made_up_text(pieces: list[str], names: list[str]) -> None:
    text = "".join(pieces)
    plain, scan = _plain(names), _scan(names)
    assert [m.span() for m in scan.finditer(text)] == [m.span() for m in plain.finditer(text)]
    for pos in range(len(text) + 1):
        a, b = plain.match(text, pos), scan.match(text, pos)
        assert (a and a.span()) == (b and b.span())


GROUPS = ["Delta Raiders", "DR", "al-Nasr Front", "Front of the Hills", "Hill-Men", "Öz Brigade"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*GROUPS, " ", "-", "dr", "Delta", "front", "x", "Hill", "Men", "'s"]),
        max_size=14,
    ),
    st.lists(st.sampled_from(GROUPS), min_size=1, max_size=5),
)
def test_case_sensitive_names_match_as_their_alternation(
    pieces: list[str], names: list[str]
) -> None:
    """Names matched in their case (the armed groups' home countries of place_words.py)."""
    text = "".join(pieces)
    parts = [re.escape(n) for n in sorted(set(names), key=len, reverse=True)]
    plain = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?!\w)")
    scan = WordStartScan(parts, ignorecase=False)
    assert [m.span() for m in scan.finditer(text)] == [m.span() for m in plain.finditer(text)]
    for pos in range(len(text) + 1):
        a, b = plain.match(text, pos), scan.match(text, pos)
        assert (a and a.span()) == (b and b.span())


def test_case_sensitive_opening_keeps_the_case() -> None:
    assert opening(re.escape("Delta Raiders"), ignorecase=False) == Opening("Delta", True)
    assert opening(re.escape("Hill-Men"), ignorecase=False) == Opening("Hill", True)
    assert opening(re.escape("Öz Brigade"), ignorecase=False) is None


def test_each_opening_is_compiled_once() -> None:
    """Words fitting different sets of openings share the expression of each opening: a
    corpus compiles one per opening met, not one per set (0.7 s of 800 reports before)."""
    names = ["Tor Force", "Torrent Force", "Tornado Unit", "al-Nasr Front", "alpha team"]
    scan = _scan(names)
    text = "Tor Force, Torrent Force, Tornado Unit, alNasr Front, al Nasr front, alpha team."
    assert [m.group(0) for m in scan.finditer(text)] == [
        m.group(0) for m in _plain(names).finditer(text)
    ]
    assert set(scan._bucket) == {
        o for w in ("Tor", "Torrent", "Tornado", "alNasr", "alpha") for o in scan._for_word(w) or ()
    }
    assert not scan._tried  # no word start where the names of two openings both matched
