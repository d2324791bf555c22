"""Names a slip away from the gazetteer's, English qualifiers, a province spelt only alike
(issue 12). Every sentence here is made up; the places are real."""

from __future__ import annotations

import pytest
from place_stage import best as _best
from place_stage import km, place_nlp
from spacy.language import Language

import harmwatch.pipeline.places  # noqa: F401  (registers "hw_places")
from harmwatch.gazetteer import Gazetteer


@pytest.fixture(scope="module")
def nlp() -> Language:
    return place_nlp()


KAFR_SAJNAH = (35.528, 36.590)  # Idlib (GeoNames)


@pytest.mark.parametrize(
    "text",
    [
        # one consonant slipped (n written l), the words placing it in its province
        "Helicopters dropped barrel bombs on Kafr Sajlah village in southern Idleb overnight.",
        "Artillery pounded Kafr Sajlah town in the southern Idlib countryside on Monday.",
        # two letters swapped
        "Jets bombed Kafr Sanjah village in southern Idlib, wounding a farmer.",
    ],
)
def test_a_slip_of_a_consonant_finds_the_village_of_the_province_said(
    nlp: Language, text: str
) -> None:
    best = _best(nlp, text)
    assert best is not None and best.place.name == "Kafr Sajnah", best
    assert km(best, *KAFR_SAJNAH) < 2 and best.precision == "village"


def test_a_slip_is_looked_for_only_in_the_area_the_words_say(nlp: Language) -> None:
    # the Kafr Sajnah of Idlib is not "Kafr Sajlah village in Aleppo province": the words'
    # village stays unlisted, at its province
    best = _best(nlp, "Shells fell on Kafr Sajlah village in Aleppo province at dawn.")
    assert best is not None and best.place.name != "Kafr Sajnah"
    assert best.place.admin1 == "Aleppo"
    # a town the gazetteers miss, with no slip of a known one nearby, adds no place of its own
    doc = nlp("Militants attacked Zqwrtel town in Hama province.")
    assert [m.place.name for m in doc._.hw_places if m.text.startswith("Zqwrtel")] == []


def test_a_slip_of_a_one_word_name(nlp: Language) -> None:
    best = _best(nlp, "Jets bombed Tarmara village in southern Idlib, wounding a farmer.")
    assert best is not None and best.place.name == "Tarmala", best


def test_little_is_the_small_of_a_qualified_village() -> None:
    gaz = Gazetteer.load()
    names = {p.name for p, _ in gaz.candidates("Little Umm ar Rujam")}
    assert "Umm ar Rujam as Saghirah" in names
    assert "Humaymah as Saghirah" in {p.name for p, _ in gaz.candidates("Little Humaymah")}


def test_a_province_spelt_only_alike_places_its_town(nlp: Language) -> None:
    # "North Sinai" is GeoNames' "Shamal Sina'" only loosely; Rafah of Egypt lies in it
    doc = nlp("A roadside bomb killed two conscripts near Rafah in North Sinai on Sunday.")
    rafah = [m for m in doc._.hw_places if m.text == "Rafah"]
    assert rafah and rafah[0].place.country == "EG", rafah
    # without it, Rafah of a report on Gaza stays Gaza's
    best = _best(nlp, "An air strike hit a house in Rafah in the south of the Gaza Strip.")
    assert best is not None and best.place.country == "PS"


def test_atmeh_is_where_geonames_puts_it(nlp: Language) -> None:
    # the additions file had the town and its camps 11 km south of the town
    best = _best(nlp, "Shells landed near the displacement camps of Atmeh, hurting a boy.")
    assert best is not None and km(best, 36.3095, 36.6884) < 3, best


DAMASCUS = (33.510, 36.291)
DARAA = (32.618, 36.102)


def test_a_district_of_a_city_named_like_a_far_village_stays_in_the_city(nlp: Language) -> None:
    best = _best(nlp, "A mortar round landed in the Rukn al-Din area of Damascus on Friday.")
    assert best is not None and km(best, *DAMASCUS) < 10, best
    assert best.precision == "neighbourhood"


def test_a_district_in_a_city_said_so_is_in_the_city_not_its_province(nlp: Language) -> None:
    best = _best(nlp, "Two rockets struck the Mahatta district in Dar'a city at noon.")
    assert best is not None and km(best, *DARAA) < 5, best


def test_a_name_spelt_right_of_another_province_is_not_taken_for_a_slip(nlp: Language) -> None:
    # Shuhayb lies in Hama; Idlib's Shutayb is one letter off, but a name spelt as a village
    # of the country is spelt right: the words' province stands, not a village it never named
    best = _best(nlp, "Government artillery shelled Shuhayb village in Idlib province.")
    assert best is not None and best.place.name != "Shutayb", best


def test_a_slip_needs_one_village_it_may_be(nlp: Language) -> None:
    # Saqba (letters swapped) and Sakka (one left out) are both a slip from "Sabqa"
    best = _best(nlp, "Jets struck Sabqa village in Rural Damascus, killing four.")
    assert best is not None and best.place.name not in ("Sakka", "Saqba"), best


QADSAYYA = (33.537, 36.219)  # Rural Damascus (GeoNames)


def test_a_short_name_the_words_put_an_event_in_is_the_town_spelt_so(nlp: Language) -> None:
    # "Qodsayya" is Qadsayya but for its vowels: "in Qodsayya" places the shooting there
    best = _best(nlp, "A taxi driver was shot dead in Qodsayya on Sunday evening.")
    assert best is not None and km(best, *QADSAYYA) < 3, best
    # not said to be where anything happened, the short name places nothing
    assert _best(nlp, "Qodsayya told the court he had not seen the driver.") is None
    # nor does a landmark's name ("in al-Shifa hospital": not the West Bank's Shufah)
    doc = nlp("A doctor on duty in Al Shifa hospital said strikes on Gaza killed four people.")
    assert "Shufah" not in [m.place.name for m in doc._.hw_places]


def test_the_town_of_a_slip_in_the_one_country_the_text_is_about(nlp: Language) -> None:
    # nothing says the province; the text is about Syria, where only Kafr Sajnah is one slip
    # from the words' name
    best = _best(nlp, "Syrian jets bombed the town of Kafr Sajlah at dawn, killing two.")
    assert best is not None and best.place.name == "Kafr Sajnah", best
    # nor the country: no guess
    doc = nlp("Jets bombed the town of Kafr Sajlah at dawn, killing two.")
    assert "Kafr Sajnah" not in [m.place.name for m in doc._.hw_places]


ABU_DUHUR = (35.737, 37.047)  # Idlib (GeoNames)


def test_a_town_naming_a_military_airbase_is_placed_by_the_facility(nlp: Language) -> None:
    # "X military airbase": the head is "airbase" (a place), not the modifier
    best = _best(nlp, "Overnight, the Abu Dhuhour military airbase came under rocket fire.")
    assert best is not None and km(best, *ABU_DUHUR) < 10, best
