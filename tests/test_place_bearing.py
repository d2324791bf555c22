"""Places the words measure from a known town ("X, some 30 km north of Y"): `place_bearing`."""

from __future__ import annotations

import pytest
from place_stage import best, km, place_nlp
from spacy.language import Language

from harmwatch.gazetteer.types import UNLISTED


@pytest.fixture(scope="module")
def nlp() -> Language:
    return place_nlp()


def test_a_village_measured_from_a_town_is_put_at_its_distance_and_bearing(
    nlp: Language,
) -> None:
    text = (
        "Shelling killed four farmers in Vodyane Pole on Monday. "
        "Vodyane Pole lies some 30 kilometres north of the city of Kherson."
    )
    m = best(nlp, text)
    assert m is not None and m.place.name == "Vodyane Pole"
    assert m.place.id.startswith(UNLISTED) and m.place.country == "UA"
    assert km(m, 46.64 + 30 / 111.2, 32.62) < 6  # Kherson is at 46.64 N, 32.62 E
    assert m.precision == "village"


def test_a_site_with_no_distance_stands_at_the_town_with_a_districts_precision(
    nlp: Language,
) -> None:
    text = "Militants stormed the Qara Tepe gas field east of Kirkuk, killing nine guards."
    m = best(nlp, text)
    assert m is not None and m.place.name == "Qara Tepe gas field"
    assert m.precision == "district" and km(m, 35.47, 44.39) < 10  # Kirkuk


def test_a_sentence_opening_word_is_no_part_of_the_name(nlp: Language) -> None:
    text = "In Vodyane Pole, 30 km north of Kherson, shelling killed two women."
    m = best(nlp, text)
    assert m is not None and m.place.name == "Vodyane Pole"


def test_distances_in_miles_and_a_parenthesis(nlp: Language) -> None:
    text = "The raid hit Karbo Tinde, 10 miles (16 km) west of Omdurman, at dawn."
    m = best(nlp, text)
    assert m is not None and m.place.name == "Karbo Tinde"
    assert 10 < km(m, 15.65, 32.48) < 22  # about 16 km from Omdurman


@pytest.mark.parametrize(
    "text",
    [
        # a sentence's opening word names nothing
        "The town lies 20 km north of Mosul and was shelled again.",
        # a people, not a place: the name is no village of its own
        "Kurdish fighters 10 km east of Mosul came under fire.",
        # no distance and no site or village word: troops or a front, not a place
        "Clashes broke out as Hassan east of Mosul was quiet.",
    ],
)
def test_no_place_is_made_of_words_that_name_none(nlp: Language, text: str) -> None:
    doc = nlp(text)
    assert not [m for m in doc._.hw_places if m.place.id.startswith(UNLISTED)]


def test_a_place_the_gazetteer_holds_keeps_its_own_point(nlp: Language) -> None:
    text = "Air strikes hit Tal Afar, some 60 km west of Mosul, killing six."
    m = best(nlp, text)
    assert m is not None and not m.place.id.startswith(UNLISTED)
    assert km(m, 36.38, 42.45) < 5  # Tal Afar's own point
