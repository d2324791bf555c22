"""Namesakes told apart by the words around them (issue 12): a village just across the border of
the province the words name, "the X area", a district spelt otherwise than its province, and a
village whose own name the text spells. Texts written for these tests."""

from __future__ import annotations

import pytest
from place_stage import best as _best
from place_stage import place_nlp
from spacy.language import Language

from harmwatch.gazetteer.areas import admin_areas, reaches
from harmwatch.gazetteer.load import base_index


@pytest.fixture(scope="module")
def nlp() -> Language:
    return place_nlp()


def test_a_province_reaches_as_far_as_its_settlements() -> None:
    rows = [
        ("a", "A", 35.50, 37.00, "Idlib", None, "SY", "village", 0),
        ("b", "B", 35.55, 37.05, "Idlib", None, "SY", "village", 0),
        ("c", "C", 35.55, 37.20, "Hama", None, "SY", "village", 0),
        ("d", "D", 35.50, 37.00, "Idlib", None, "XX", "village", 0),  # not a detail country
    ]
    areas = admin_areas(rows, ["SY"])
    assert set(areas) == {"SY|idlib", "SY|hama"}
    # C lies some 14 km east of B, the nearest place of Idlib
    assert reaches(areas, "SY|idlib", 35.55, 37.20, 20.0)
    assert not reaches(areas, "SY|idlib", 35.55, 37.20, 5.0)
    assert not reaches(areas, "SY|raqa", 35.55, 37.20, 50.0)


def test_the_built_in_index_knows_where_provinces_reach() -> None:
    ix = base_index()
    assert "SY|idlib" in ix.areas and "SY|hama" in ix.areas
    # Aleppo's settlements do not reach the coast of Latakia
    assert not reaches(ix.areas, "SY|alepo", 35.52, 35.78, 10.0)


@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [
        # the gazetteer puts this Barudiyah a few km inside Hama province
        (
            "Militants overran Barudiyah village in southern Idlib after a night of fighting.",
            35.524,
            37.224,
        ),
        ("Rebels lost Al-Harsh village in southern Idleb to an assault at dawn.", 35.552, 37.202),
    ],
)
def test_a_village_just_across_the_border_of_the_province_said_is_the_village(
    nlp: Language, text: str, lat: float, lon: float
) -> None:
    best = _best(nlp, text)
    assert best is not None and best.precision == "village"
    assert abs(best.place.lat - lat) < 0.02 and abs(best.place.lon - lon) < 0.02  # type: ignore[operator]


def test_the_area_of_a_village_spelt_otherwise_is_the_village(nlp: Language) -> None:
    best = _best(nlp, "Mortar rounds landed in the Dahiet al-Assad area overnight, wounding a boy.")
    assert best is not None and best.place.name == "Dahiyat al Asad"
    best = _best(nlp, "Two shells hit the Dahiet Elasad suburb in Rural Damascus on Sunday.")
    assert best is not None and best.place.name == "Dahiyat al Asad"


def test_the_area_of_a_city_is_not_a_village_elsewhere(nlp: Language) -> None:
    best = _best(nlp, "A rocket hit the Qassa area of Damascus city, damaging a school.")
    assert best is not None and best.place.country == "SY"
    assert abs(best.place.lat - 33.51) < 0.1 and abs(best.place.lon - 36.29) < 0.1  # type: ignore[operator]


def test_the_countryside_of_a_province_means_its_central_district_in_any_spelling(
    nlp: Language,
) -> None:
    # two villages named alike in Idlib province; the one of the Idleb district is meant
    best = _best(nlp, "Mortars struck Kafraya town in Idleb countryside on Monday morning.")
    assert best is not None and best.place.name == "Kafraya"
    assert abs(best.place.lat - 35.99) < 0.02  # type: ignore[operator]


def test_a_village_whose_own_name_is_spelt_beats_one_with_it_as_an_alias(
    nlp: Language,
) -> None:
    best = _best(nlp, "Artillery pounded the village of Arab Wiran for a second day.")
    assert best is not None and best.place.name == "Arab Wiran"


def test_a_short_name_spelt_like_a_town_but_for_its_vowels_is_the_town(nlp: Language) -> None:
    best = _best(nlp, "Artillery shelled Taldu town in northern Homs at dusk, wounding two.")
    assert best is not None and best.place.name == "Talldaww" and best.place.country == "SY"


def test_a_short_name_is_not_a_town_elsewhere_spelt_otherwise(nlp: Language) -> None:
    # Ethiopia's gazetteer is towns only: "Shire" is not Ciro, 700 km south
    best = _best(nlp, "Doctors at the hospital in the town of Shire counted the dead.")
    assert best is None or best.place.name != "Ciro"


def test_a_village_named_without_its_qualifier(nlp: Language) -> None:
    # the gazetteer has "Maksar at Tahtani" (Lower Maksar) and its upper twin
    text = "Government troops entered Maksar village in the south-eastern Idlib countryside."
    best = _best(nlp, text)
    assert best is not None and best.precision == "village"
    assert abs(best.place.lat - 35.48) < 0.05 and abs(best.place.lon - 37.09) < 0.05  # type: ignore[operator]


def test_the_area_of_a_city_district_is_not_a_village_elsewhere(nlp: Language) -> None:
    best = _best(nlp, "A shell hit the Qusa area in the Sarouja neighbourhood of Damascus city.")
    assert best is not None and best.place.country == "SY"
    assert abs(best.place.lat - 33.51) < 0.1 and abs(best.place.lon - 36.29) < 0.1  # type: ignore[operator]


def test_a_tie_break_between_namesakes_does_not_move_the_incident_to_another_town(
    nlp: Language,
) -> None:
    # the town named first keeps the incident; the province's capital spelt exactly does not win
    text = "Two men were shot dead in Sirawai, Zamboanga del Norte, on Monday night."
    best = _best(nlp, text)
    assert best is not None and best.place.name == "Siraway"


def test_a_village_named_in_a_towns_countryside_is_the_place(nlp: Language) -> None:
    text = (
        "Howitzers fired on positions across the Afrin countryside, including Iskan village, "
        "on Sunday."
    )
    best = _best(nlp, text)
    assert best is not None and best.place.name == "Iskan" and best.precision == "village"
    doc = nlp(text)
    afrin = next(m for m in doc._.hw_places if m.text == "Afrin")
    assert afrin.precision == "district"  # the land around the town
