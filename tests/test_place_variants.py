"""Built-in places written the ways reports romanise Arabic names, and the words that choose
among namesakes (issue 12). Every sentence here is made up; the places are real."""

from __future__ import annotations

from pathlib import Path

import pytest
from place_stage import best as _best
from place_stage import km, place_nlp
from spacy.language import Language

import harmwatch.pipeline.places  # noqa: F401  (registers "hw_places")
from harmwatch.gazetteer import Gazetteer
from harmwatch.gazetteer.normalize import loose_key


@pytest.fixture(scope="module")
def nlp() -> Language:
    return place_nlp()


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Abul Thohur", "Abu az Zuhur"),  # the letter written th, dh or z
        ("Tell Dhahab", "Tall az Zahab"),
    ],
)
def test_th_dh_and_z_share_a_skeleton(one: str, other: str) -> None:
    assert loose_key(one) == loose_key(other)


def test_an_article_glued_to_a_later_word_is_read_as_one() -> None:
    gaz = Gazetteer.load()
    found = {m.text: m for m in gaz.scan("Mortars fell on Dahiet Elasad and on Orm Eljoz.")}
    assert "Dahiyat al Asad" in [p.name for p in found["Dahiet Elasad"].places]
    assert "Urum al Jawz" in [p.name for p in found["Orm Eljoz"].places]


def test_a_two_word_name_with_a_short_skeleton_finds_its_variant() -> None:
    # "Beit Sawa" and Bayt Siwa: one vowel apart, consonants "b t s" only
    gaz = Gazetteer.load()
    assert "Bayt Siwa" in [p.name for p, _strict in gaz.candidates("Beit Sawa")]


@pytest.mark.parametrize(
    ("written", "gazetteer"), [("Frikeh", "Furaykah"), ("Jneineh", "Junaynah")]
)
def test_a_spelling_that_drops_the_first_vowel_finds_the_village(
    written: str, gazetteer: str
) -> None:
    gaz = Gazetteer.load()
    assert gazetteer in [p.name for p, _strict in gaz.candidates(written)]


def test_a_short_variant_does_not_say_which_country_the_text_is_about(nlp: Language) -> None:
    # "Cano Raya" is spelt like a village in Iraq; the Colombian municipality keeps its place
    m = _best(nlp, "On Monday, in the Cano Raya hamlet, Tibu, a farmer was shot dead by gunmen.")
    assert m is not None
    assert m.place.country == "CO"


def test_the_word_village_does_not_turn_away_a_seat_without_people(nlp: Language) -> None:
    # Khusham is a district seat (a "town" by rank, no population given); Al Kashmah, a
    # village further east in the same province, only looks like the name
    m = _best(nlp, "Fighting flared on the edge of Khasham village, east Deir-ez-Zor, on Friday.")
    assert m is not None
    assert km(m, 35.30, 40.29) < 5


def test_a_village_is_not_a_city_of_the_name(nlp: Language) -> None:
    m = _best(nlp, "Mortar rounds landed on the village of Nawa before dawn.")
    assert m is not None
    assert m.place.population < 100_000


def test_the_province_countryside_means_the_district_around_its_capital(
    nlp: Language,
) -> None:
    # two villages named Aqrab in Hama province: the one in Hama district, not Masyaf's
    m = _best(nlp, "Government guns hit Aqrab village in the Hama countryside overnight.")
    assert m is not None
    assert m.place.admin2 == "Hama"


def test_a_suburb_of_a_town_may_be_the_village_next_to_it(nlp: Language) -> None:
    # the gazetteer holds Dahiyat al Asad as a village 10 km from the centre of Damascus
    m = _best(nlp, "Rockets came down on the Dahiet al-Asad suburb of Damascus on Sunday.")
    assert m is not None
    assert m.place.name == "Dahiyat al Asad"


def test_a_place_in_the_district_named_after_a_town_is_not_outside_it() -> None:
    # "Kralgund (Kupwara district)": Kralgund lies 43 km from the town of Kupwara, in the
    # district named after it, so the words do not put it where it cannot be
    from harmwatch.gazetteer import Place
    from harmwatch.pipeline.place_choice import _outside

    gaz = Gazetteer.load()
    town = Place("geonames:1", "Kupwara", 34.0306, 74.2642, None, None, "IN", "town", 20000)
    village = Place(
        "user:x:2", "Kralgund", 34.4188, 74.3319, "Jammu and Kashmir", "Kupwara", "IN", "town", 0
    )
    elsewhere = Place(
        "user:x:3", "Dardpora", 34.4188, 74.3319, "Jammu and Kashmir", "Baramulla", "IN", "town", 0
    )
    assert not _outside(village, town, gaz)
    assert _outside(elsewhere, town, gaz)


def test_a_place_without_a_province_is_not_in_the_province_of_another(
    nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # neither Shopian nor Dhanpuri (a town 1,000 km away, spelt alike) has an admin1 in the
    # built-in gazetteer: that is no reason to put Dhanpuri in Shopian's district
    from harmwatch.pipeline.places import find_places

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    coded = tmp_path / "coded.csv"
    coded.write_text(
        "name,lat,lon,admin1,admin2,country\n"
        "Zainapora,33.7761,75.0058,Jammu and Kashmir,Shopian,IN\n",
        encoding="utf-8",
    )
    gaz = Gazetteer.load([coded])
    text = "Soldiers and gunmen fought at Zainapora town (Shopian district) for hours."
    found = {m.text: m for m in find_places(nlp(text), gaz)}
    assert found["Zainapora"].place.id == "user:coded.csv:2"
