"""A village the words put in a province where the gazetteers only hold namesakes in other
provinces: kept under the words' name at the province's point (`place_choice.unlisted_in`), and
one place with the province's name said for short ("in Karbala") in the same report."""

from __future__ import annotations

import datetime as dt

import pytest
from place_stage import place_nlp
from spacy.language import Language

from harmwatch.gazetteer.types import UNLISTED
from harmwatch.models import Report
from harmwatch.pipeline import get_extractor

VILLAGE = "An air strike on al-Salihiya village in the northern countryside of Karbala province"


@pytest.fixture(scope="module")
def nlp() -> Language:
    return place_nlp()


def test_a_village_whose_namesakes_lie_in_other_provinces_is_kept_in_the_one_said(
    nlp: Language,
) -> None:
    doc = nlp(f"{VILLAGE} killed five shepherds. Residents of al-Salihiya buried them at noon.")
    villages = [m for m in doc._.hw_places if m.text == "al-Salihiya"]
    assert len(villages) == 2
    for m in villages:  # the later mention too: no namesake of the gazetteers is it
        assert m.place.id.startswith(UNLISTED) and m.place.name == "al-Salihiya"
        assert m.place.admin1 == "Karbala" and m.place.country == "IQ"
    assert villages[0].precision == "province"  # its point is the province's


def test_the_provinces_name_said_for_short_is_the_villages_incident() -> None:
    text = (
        "Five shepherds killed in coalition air strike in Karbala.\n"
        f"{VILLAGE} on Tuesday killed five shepherds and wounded two, local sources said."
    )
    report = Report(id="t", text=text, published=dt.date(2021, 3, 4))
    found = [i for i in get_extractor().extract(report).incidents if not i.background]
    assert [i.location.name for i in found if i.location] == ["al-Salihiya"]
    assert found[0].killed is not None and found[0].killed.min == 5
