"""The words around a place name (place_words.words_before / words_after): the words of the
80 characters on that side, lower-cased, the nearest ``n``."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harmwatch.pipeline.place_words import WORDS, words_after, words_before

TEXT = "Shells fell on the old quarter of Marrow Hill, near the mill's gate, late on Sunday."


@pytest.mark.parametrize(
    ("n", "before", "after"),
    [
        (1, ["of"], [","]),
        (3, ["old", "quarter", "of"], [",", "near", "the"]),
    ],
)
def test_nearest_words_on_each_side(n: int, before: list[str], after: list[str]) -> None:
    at = TEXT.index("Marrow Hill")
    assert words_before(TEXT, at, n) == before
    assert words_after(TEXT, at + len("Marrow Hill"), n) == after


def test_only_eighty_characters_are_read() -> None:
    text = "word " * 30 + "Town" + " x" * 50
    at = text.index("Town")
    assert len(words_before(text, at, 100)) == 16  # 80 characters: 16 five-letter pieces
    assert len(words_after(text, at + 4, 100)) == 40


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="ab ,'’-.X\n", max_size=200),
    st.integers(min_value=0, max_value=200),
    st.integers(min_value=0, max_value=4),
)
def test_same_as_reading_the_cut_text(text: str, at: int, n: int) -> None:
    at = min(at, len(text))
    cut_before = [w.lower() for w in WORDS.findall(text[max(0, at - 80) : at])][-n:]
    cut_after = [w.lower() for w in WORDS.findall(text[at : at + 80])][:n]
    assert words_before(text, at, n) == cut_before
    assert words_after(text, at, n) == cut_after
