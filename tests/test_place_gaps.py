"""Places the built-in gazetteer missed or misread, from reports of other wars written for the
purpose: a province inside a wider region (the Philippines' provinces), a disputed region
(Nagorno-Karabakh), a country's possessive ("Iraq's north"), a village whose name is also an
English word, named as a village in its province ("Human village in Al Dhale")."""

from __future__ import annotations

import pytest
from place_stage import best, place_nlp
from spacy.language import Language

from harmwatch.gazetteer import Gazetteer


@pytest.fixture(scope="module")
def nlp() -> Language:
    return place_nlp()


@pytest.mark.parametrize(
    ("text", "name", "country", "precision"),
    [
        # a province of a country whose GeoNames provinces are regions (admin2_world.csv): not
        # Samara in Russia
        (
            "Soldiers clashed with rebels in Northern Samar on Sunday.",
            "Northern Samar",
            "PH",
            "district",
        ),
        (
            "Three militiamen died in a firefight in Maguindanao province.",
            "Maguindanao",
            "PH",
            "district",
        ),
        # a town in it stays the town
        ("Two farmers were shot dead in Las Navas, Northern Samar.", "Las Navas", "PH", "town"),
        # a disputed region, in any of its spellings
        (
            "Shelling hit a village in Nagorno-Karabakh, killing two.",
            "Nagorno-Karabakh",
            "AZ",
            "province",
        ),
        (
            "Two soldiers were killed on the front line in Nagorno Karabakh.",
            "Nagorno-Karabakh",
            "AZ",
            "province",
        ),
    ],
)
def test_provinces_inside_regions_and_disputed_regions(
    nlp: Language, text: str, name: str, country: str, precision: str
) -> None:
    m = best(nlp, text)
    assert m is not None
    assert (m.place.name, m.place.country, m.precision) == (name, country, precision)


def test_a_province_of_the_philippines_lies_in_its_region() -> None:
    gaz = Gazetteer.load([])
    (match,) = [m for m in gaz.scan("in Northern Samar") if m.text == "Northern Samar"]
    place = next(p for p, s in zip(match.places, match.strict, strict=True) if s)
    assert (place.country, place.feature, place.admin1) == ("PH", "district", "Eastern Visayas")


@pytest.mark.parametrize(
    ("text", "word", "name", "feature"),
    [
        ("Troops shelled positions in Iraq's north.", "Iraq's", "Iraq", "country"),
        ("Jets circled over Syria's northwest all night.", "Syria's", "Syria", "country"),
        ("Gunfire was heard in Aleppo's eastern districts.", "Aleppo's", "Aleppo", "town"),
    ],
)
def test_a_possessive_is_of_the_name_before_it(
    text: str, word: str, name: str, feature: str
) -> None:
    gaz = Gazetteer.load([])
    (match,) = [m for m in gaz.scan(text) if m.text == word]
    assert match.strict[0]
    assert (match.places[0].name, match.places[0].feature) == (name, feature)


def test_a_possessive_that_is_part_of_a_name_stays() -> None:
    gaz = Gazetteer.load([])
    (match,) = [m for m in gaz.scan("Flooding closed roads around King's Lynn.") if m.strict[0]]
    assert match.places[0].name == "King's Lynn"


def test_iraqs_north_is_iraq_not_a_village_abroad(nlp: Language) -> None:
    m = best(nlp, "Troops shelled Iraq's north overnight.")
    assert m is not None
    assert (m.place.name, m.place.country) == ("Iraq", "IQ")


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        # an English word the scan leaves out, named a village in its province: that village
        ("A drone struck Human village in Al Dhale province, killing a shepherd.", "Human", "YE"),
        (
            "Shelling hit Has village in the southern Idlib countryside, wounding a farmer.",
            "Hassef",
            "SY",
        ),
        # with no province said, the one village of the name in the one country the text is about
        ("Jets bombed the town of Has in Syria's northwest on Friday.", "Hassef", "SY"),
    ],
)
def test_a_village_named_like_an_english_word(
    nlp: Language, text: str, name: str, country: str
) -> None:
    m = best(nlp, text)
    assert m is not None
    assert (m.place.name, m.place.country, m.precision) == (name, country, "village")


def test_an_english_word_not_called_a_village_is_no_place(nlp: Language) -> None:
    assert best(nlp, "She said the war has changed the human cost of farming.") is None


def test_a_countrys_possessive_before_its_army_is_no_place(nlp: Language) -> None:
    # the state as an actor: its name does not pull the incident out of the town it was in
    text = (
        "Jordan's army said a medic was hurt when shells hit its field hospital in Khan "
        "Younis; Jordan's foreign ministry protested."
    )
    names = [m.place.name for m in nlp(text)._.hw_places]
    assert "Jordan" not in names
    m = best(nlp, text)
    assert m is not None and m.place.name == "Khan Yunis"


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        (
            "Rebels seized the Zein quarter adjacent to Hajar Aswad, killing nine soldiers.",
            "reference",
        ),
        ("A shell fell next to Kafr Nubl's main square.", "reference"),
        # a destination stays one
        ("The wounded were taken to Hajar Aswad for treatment.", "away"),
    ],
)
def test_next_to_a_place_is_near_it_not_a_destination(nlp: Language, text: str, cue: str) -> None:
    (m,) = [m for m in nlp(text)._.hw_places if m.place.feature != "country"]
    assert m.cue == cue


def test_a_citys_possessive_keeps_its_part_in_the_city(nlp: Language) -> None:
    # "Mosul's al-Jadida district": not a village of the name 90 km off in the same province
    text = "Rescuers pulled 40 bodies from a building in Mosul's al-Jadida district."
    m = best(nlp, text)
    assert m is not None and m.place.name == "Mosul" and m.precision == "neighbourhood"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # the English exonym inside a village's name is the Arabic word it stands for
        ("Mortar fire struck homes in the town of Sahm al-Golan on Friday.", "Saham al Jawlan"),
    ],
)
def test_an_exonym_inside_a_name(nlp: Language, text: str, name: str) -> None:
    m = best(nlp, text)
    assert m is not None and (m.place.name, m.place.country) == (name, "SY")


def _admin1_tool():  # type: ignore[no-untyped-def]
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "tools" / "admin1_world.py"
    spec = importlib.util.spec_from_file_location("admin1_world_tool", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Cities:
    def __init__(self, cities: dict[str, dict[str, object]]) -> None:
        self.cities = cities

    def get_cities(self) -> dict[str, dict[str, object]]:
        return self.cities


def test_finer_units_are_kept_under_the_province_of_their_towns() -> None:
    tool = _admin1_tool()

    def square(x: float, y: float) -> list[list[tuple[float, float]]]:
        return [[(x, y), (x + 1, y), (x + 1, y + 1), (x, y + 1)]]

    outlines = {
        "XX": [
            ("North Upland", square(0, 0)),  # a unit of its own
            ("Riverton", square(2, 0)),  # named after its seat, a town at its centre
            ("Lowland Region", square(4, 0)),  # a province's own name
        ]
    }
    towns = {("XX", "01"): [(0.5, 0.5), (0.4, 0.6)], ("XX", "02"): [(0.5, 2.5), (0.5, 4.5)]}
    provinces = [
        {"country": "XX", "codes": "01", "name": "Highlands", "variants": ""},
        {"country": "XX", "codes": "02", "name": "Lowland Region", "variants": ""},
    ]
    cities = _Cities(
        {
            "1": {
                "countrycode": "XX",
                "name": "Riverton",
                "latitude": 0.5,
                "longitude": 2.5,
                "alternatenames": [],
            }
        }
    )
    rows = tool._admin2_rows(
        {"XX": [0, 1, 2]},
        outlines,
        towns,
        {("XX", "01"): "Highlands", ("XX", "02"): "Lowland Region"},
        provinces,
        cities,
        set(),
    )
    assert [(r["name"], r["admin1"]) for r in rows] == [("North Upland", "Highlands")]
    assert (rows[0]["lat"], rows[0]["lon"]) == ("0.500", "0.500")


@pytest.mark.parametrize(
    "text",
    [
        "Insurgents beheaded 20 farmers in Mozambique village raid.",
        "Gunmen kill 12 in Mozambique town attack.",
    ],
)
def test_a_countrys_name_before_village_or_town_is_the_country(nlp: Language, text: str) -> None:
    # a headline's "a village in Mozambique", not the town of Mozambique in Nampula
    found = [m for m in nlp(text)._.hw_places if m.text == "Mozambique"]
    assert [m.place.feature for m in found] == ["country"]


def test_the_town_of_a_countrys_name_said_so_is_the_town(nlp: Language) -> None:
    found = [
        m
        for m in nlp("Fighting reached the town of Mozambique in Nampula.")._.hw_places
        if m.text == "Mozambique"
    ]
    assert [(m.place.feature, m.place.admin1) for m in found] == [("town", "Nampula")]


def test_a_name_spelt_exactly_beats_a_bigger_namesake_spelt_only_alike(nlp: Language) -> None:
    # no country named: Sarmin (a town of Idlib, spelt so) before Surman (a Libyan city)
    m = best(nlp, "Shelling hit the town of Sarmin at dawn, killing two farmers.")
    assert m is not None and (m.place.name, m.place.country) == ("Sarmin", "SY")
