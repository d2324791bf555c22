"""A city's quarter named without its city, in a report that names one city
(`place_quarters`)."""

from __future__ import annotations

import pytest
from place_stage import km, place_nlp
from spacy.language import Language

from harmwatch.pipeline.places import best_place


@pytest.fixture(scope="module")
def nlp() -> Language:
    return place_nlp()


def test_a_quarter_of_the_one_city_the_report_names_is_in_that_city(nlp: Language) -> None:
    text = (
        "Fighting raged in the western half of Mosul province for a third week. "
        "On Monday a rocket struck the Bab Qarwan neighbourhood, killing a family of five. "
        "Doctors in Mosul said two more died overnight."
    )
    doc = nlp(text)
    (m,) = [m for m in doc._.hw_places if "Qarwan" in m.text]
    assert m.text == "Bab Qarwan neighbourhood" and m.place.name == "Mosul"
    assert m.precision == "neighbourhood" and km(m, 36.34, 43.13) < 5  # Mosul city
    sentence = text.index("On Monday")
    picked = best_place(doc._.hw_places, sentence, text.index("Doctors"))
    assert picked is m  # the place of the strike told in its sentence


def test_no_city_is_guessed_where_the_report_names_two(nlp: Language) -> None:
    text = (
        "Fighters moved from Mosul towards Kirkuk overnight. "
        "A rocket struck the Bab Qarwan neighbourhood, killing a family of five."
    )
    doc = nlp(text)
    assert not [m for m in doc._.hw_places if "Qarwan" in m.text]
