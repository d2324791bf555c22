"""One name normaliser (`gazetteer.normalize.name_key`) in the three styles its users had
before as three functions: the outputs are the old ones, character for character."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harmwatch.demo.check import fold as demo_fold
from harmwatch.gazetteer.normalize import DEMO, FOLD, RESOLVER, fold, name_key
from harmwatch.resolve.match import norm_name


def old_norm_name(name: str) -> str:
    """`resolve.match.norm_name` before the three became one (the oracle)."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\b(al|el|ad|ar|as|ash|at|az|an)[- ]", "", text)
    return re.sub(r"[^a-z0-9]+", "", text)


def old_demo_fold(name: str) -> str:
    """`demo.check.fold` before (the oracle)."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    marks = re.compile(r"[\u2018\u2019'`\u02bf\u02be\-]")
    return " ".join(marks.sub(" ", plain).lower().split()).replace(" ", "")


@pytest.mark.parametrize(
    ("name", "gazetteer", "resolver", "demo"),
    [
        (
            "Ma'arrat al-Nu'man",
            "ma'arrat al-nu'man".replace("'", ""),
            "maarratnuman",
            "maarratalnuman",
        ),
        ("Qal'at al Abs", "qalat al abs", "qalabs", "qalatalabs"),  # the resolver's quirk
        ("Ðong Ha", "dong ha", "ongha", "ðongha"),
        ("‘Afrīn", "afrin", "afrin", "afrin"),
        ("Kafr  Nabl", "kafr  nabl", "kafrnabl", "kafrnabl"),
    ],
)
def test_each_style_gives_what_its_user_had(
    name: str, gazetteer: str, resolver: str, demo: str
) -> None:
    assert (fold(name), name_key(name, FOLD), name_key(name)) == (gazetteer,) * 3
    assert norm_name(name) == name_key(name, RESOLVER) == old_norm_name(name) == resolver
    assert demo_fold(name) == name_key(name, DEMO) == old_demo_fold(name) == demo


NAMES = st.text(
    alphabet=st.sampled_from(list("aAlLsShH- '’‘`´ʿʾʻʼ\"“”ßæŒøðÐéÉİıẞ\uff07\u00a0\t,.ءب")),
    max_size=16,
)


@settings(max_examples=500, deadline=None)
@given(NAMES)
def test_the_styles_match_the_old_functions_on_any_name(name: str) -> None:
    assert name_key(name, RESOLVER) == old_norm_name(name)
    assert name_key(name, DEMO) == old_demo_fold(name)


@settings(max_examples=500, deadline=None)
@given(NAMES)
def test_keys_depend_on_the_fold_alone(name: str) -> None:
    # the gazetteer build keys a name's fold (remembered, `load._KeyMemo`) instead of the name
    from harmwatch.gazetteer.load import _KeyMemo
    from harmwatch.gazetteer.normalize import keys, keys_of_folded, strict_tokens

    assert keys_of_folded(fold(name)) == keys(name)
    assert keys(name)[0] == " ".join(strict_tokens(name))
    memo = _KeyMemo(limit=4)
    for _ in range(2):
        assert memo.fold(name) == fold(name)
        assert memo.keys(name) == keys(name)
        assert memo.keys_of_folded(fold(name)) == keys(name)


@pytest.mark.parametrize(
    ("name", "near"),
    [
        ("Hezzeh", "hvzv"),
        ("Qasabiyeh", "kvsvbi"),  # a final run with an i: "i"
        ("Kafr Oweid", "kvfrvd"),
        ("Yadudeh", "Yvdvdv"),  # an opening y stays a consonant
        ("Hamouriya", "hvmvri"),
        ("Kafr Sajnah", "kvfrsvjnv"),
        ("Wadi ad Dawwah", "Wvdvdv"),
        ("Ain", "vn"),
    ],
)
def test_near_keys(name: str, near: str) -> None:
    from harmwatch.gazetteer.normalize import keys, near_key

    assert near_key(keys(name)[0]) == near
