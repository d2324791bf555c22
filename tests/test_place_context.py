"""Where a report is: the armed groups it names, the admin names after a place, a group's name
that is also a town abroad (issue 12). Texts written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from place_stage import best as _best
from place_stage import place_nlp
from spacy.language import Language

import harmwatch.pipeline.places  # noqa: F401  (registers "hw_places")
from harmwatch.gazetteer import Gazetteer
from harmwatch.gazetteer.load import _with_english_compass
from harmwatch.gazetteer.normalize import strict_key
from harmwatch.gazetteer.userfiles import read_places
from harmwatch.pipeline.place_choice import Cand, document_context
from harmwatch.pipeline.place_words import admin_tail, group_countries, registry_names
from harmwatch.pipeline.places import best_place, find_places


@pytest.fixture(scope="module")
def nlp() -> Language:
    return place_nlp()


def test_group_countries_reads_the_registry() -> None:
    assert group_countries("Overnight al-Shabaab gunmen raided a police post.") == {"SO"}
    assert group_countries("SDF-held villages came under fire.") == {"SY"}
    assert group_countries("Unknown gunmen fired at a car.") == set()


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Artillery hit the YPG-held village of Bulbul before dawn.", "SY"),
        ("Gunmen of the YPG shelled the town of Iskan, damaging two houses.", "SY"),
    ],
)
def test_an_armed_group_says_which_country_a_village_is_in(
    nlp: Language, text: str, country: str
) -> None:
    best = _best(nlp, text)
    assert best is not None and best.place.country == country


def test_a_city_neighbourhood_named_like_villages_abroad_does_not_decide_the_country(
    nlp: Language,
) -> None:
    best = _best(nlp, "Syrian jets struck the town of Tal Sultan on Friday, locals said.")
    assert best is not None and best.place.country == "SY"
    # called a neighbourhood, it is the city's
    text = "A strike flattened a house in the Karama neighbourhood, Palestinian medics said."
    best = _best(nlp, text)
    assert best is not None and best.place.country == "PS"


def test_a_group_named_like_a_town_abroad_does_not_vote(nlp: Language) -> None:
    doc = nlp("The Olive Branch operation seized the hill above the Syrian town of Jandairis.")
    assert {m.place.country for m in doc._.hw_places} == {"SY"}


def test_a_plural_group_name_does_not_register_a_city() -> None:
    assert strict_key("Hama") not in registry_names()  # "Hamas" is not the plural of Hama
    assert strict_key("Houthi") in registry_names()


def test_admin_tail_reads_parentheses_and_commas() -> None:
    text = "in Ukpoma (Etsako LGA, Edo) and"
    keys, end = admin_tail(text, text.index(" ("))
    assert keys == {strict_key("Etsako"), strict_key("Edo")} and text[end:] == " and"
    text = "in Araxa, Parana, a man"
    assert admin_tail(text, text.index(","))[0] == {strict_key("Parana")}
    assert admin_tail("in Araxa. Then", 8)[0] == frozenset()


def test_the_admin_names_after_a_place_pick_the_users_entry(
    nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    coded = tmp_path / "coded.csv"
    coded.write_text(
        "name,lat,lon,admin1,admin2,country\n"
        "Ukpoma,7.10,6.25,Edo,Etsako,Nigeria\n"
        "Mbarali,1.10,29.30,Ituri,Irumu,Democratic Republic of Congo\n"
        "Mbarali,0.70,29.50,Nord-Kivu,Beni,Democratic Republic of Congo\n",
        encoding="utf-8",
    )
    gaz = Gazetteer.load([coded])
    text = "Gunmen attacked a checkpoint in Ukpoma (Etsako LGA, Edo), killing a guard."
    found = find_places(nlp(text), gaz)
    # Edo is Nigeria's state (a province of three letters), never Tokyo's old name
    assert [(m.text, m.place.id) for m in found] == [
        ("Ukpoma", "user:coded.csv:2"),
        ("Edo", "admin1:world:NG.37"),
    ]
    text = "Militiamen looted shops in Mbarali (Beni, Nord-Kivu) on Sunday."
    best = best_place(find_places(nlp(text), gaz), 0, len(text))
    assert best is not None and best.place.id == "user:coded.csv:4"


def test_a_user_file_country_may_be_named_without_the_article(tmp_path: Path) -> None:
    coded = tmp_path / "coded.csv"
    coded.write_text(
        "name,lat,lon,country\nKasindi,0.03,29.71,Democratic Republic of Congo\n", encoding="utf-8"
    )
    assert [p.country for p, _ in read_places(coded)] == ["CD"]


def _coded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: str) -> Gazetteer:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    coded = tmp_path / "coded.csv"
    coded.write_text("name,lat,lon,admin1,country\n" + rows, encoding="utf-8")
    return Gazetteer.load([coded])


def test_an_article_and_apostrophe_before_a_name_do_not_make_it_an_organisation(
    nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gaz = _coded(tmp_path, monkeypatch, "Al 'Amiriyah,34.88,36.87,Homs,SY\n")
    text = "Artillery hit Al 'Amiriyah village in northern Homs at dawn."
    best = best_place(find_places(nlp(text), gaz), 0, len(text))
    assert best is not None and best.place.id == "user:coded.csv:2"


def test_the_users_place_beats_a_province_abroad_spelt_alike(
    nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gaz = _coded(tmp_path, monkeypatch, "Raffa,35.55,36.80,Idleb,SY\n")
    text = "Jets carried out raids on the village of Raffa, damaging houses."
    best = best_place(find_places(nlp(text), gaz), 0, len(text))
    assert best is not None and best.place.id == "user:coded.csv:2"


def test_a_glued_article_inside_a_users_name_is_read_either_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gaz = _coded(tmp_path, monkeypatch, "Dahiet Elasad,33.58,36.36,Rural Damascus,SY\n")
    assert gaz.lookup("Dahiet al-Assad") is not None
    assert gaz.lookup("Dahiet al-Assad").id == "user:coded.csv:2"  # type: ignore[union-attr]


def test_a_place_others_are_said_to_lie_south_of_is_not_the_incident_place(
    nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gaz = _coded(
        tmp_path, monkeypatch, "Tell Barida,35.70,37.05,Idleb,SY\nUmm Khirba,35.62,37.02,Idleb,SY\n"
    )
    text = "Troops took villages south of Tell Barida in eastern Idleb, among them Umm Khirba."
    best = best_place(find_places(nlp(text), gaz), 0, len(text))
    assert best is not None and best.place.name == "Umm Khirba"


def test_a_lower_case_article_with_a_mark_before_the_capital_is_scanned() -> None:
    gaz = Gazetteer.load()
    found = gaz.scan("Mortars hit the town of al-'Amiriyah after dark.")
    assert [m.text for m in found] == ["al-'Amiriyah"]


def test_a_name_only_spelt_like_a_town_needs_the_words_to_place_it(nlp: Language) -> None:
    text = (
        "An air strike hit a home in Bani Suhaila in the Gaza Strip. "
        "Khaberni carried the names of the dead."
    )
    names = [m.place.name for m in nlp(text)._.hw_places]
    assert "Hebron" not in names and "Bani Suhayla" in names


def test_a_family_name_is_no_place_elsewhere_in_the_report(nlp: Language) -> None:
    text = (
        "Rescuers pulled four bodies from the al-Durra residence in the Bureij camp. "
        "Among the dead was Hala (al-Durra), aged nine."
    )
    names = [m.place.name for m in nlp(text)._.hw_places]
    assert "Dura" not in names
    # placed by the words, the name is a place again
    names = [m.place.name for m in nlp("The al-Durra family now lives in Dura.")._.hw_places]
    assert names == ["Dura"]


@pytest.mark.parametrize(
    ("text", "name", "country", "precision"),
    [
        # provinces of countries the hand-written list does not hold (admin1_world.csv)
        ("Drones struck a wedding party in Tigray on Tuesday.", "Tigray", "ET", "province"),
        (
            "Gunmen attacked a convoy in Cabo Delgado, officials said.",
            "Cabo Delgado",
            "MZ",
            "province",
        ),
        (
            "Troops clashed with fighters in Lower Shabelle overnight.",
            "Lower Shabeelle",
            "SO",
            "province",
        ),
    ],
)
def test_every_countrys_provinces_are_places(
    nlp: Language, text: str, name: str, country: str, precision: str
) -> None:
    best = _best(nlp, text)
    assert best is not None
    assert (best.place.name, best.place.country, best.precision) == (name, country, precision)


def test_a_town_takes_the_province_of_its_geonames_code() -> None:
    gaz = Gazetteer.load([])
    (match,) = [m for m in gaz.scan("in Mekele today") if m.text == "Mekele"]
    town = next(p for p in match.places if p.country == "ET")
    assert town.admin1 == "Tigray"


def test_a_city_named_as_its_province_is_the_city(nlp: Language) -> None:
    # "X, X state": the city of the province's name, not the province
    best = _best(nlp, "A trader was shot dead in La Pradera, Merida, Merida state, on Sunday.")
    assert best is not None and best.place.country == "VE"
    assert best.place.feature == "town" and best.place.name == "Merida"


def test_a_district_before_its_province_is_not_a_city_part(nlp: Language) -> None:
    # "X district, Y": Y is the province X lies in (not "the X district of Y city")
    doc = nlp("Police beat a farmer in Khowai town (Khowai district, Tripura) on Friday.")
    tripura = [p for p in doc._.hw_places if p.text == "Tripura"]
    assert tripura and tripura[0].place.feature == "province"
    assert tripura[0].place.country == "IN"


def test_a_hand_checked_province_outranks_a_generated_namesake() -> None:
    # Mozambique has a Gaza province too: it does not split the vote of Palestine's
    gaz = Gazetteer.load([])
    (match,) = [m for m in gaz.scan("Shelling hit a school in Gaza.") if m.text == "Gaza"]
    assert any(p.country == "MZ" for p in match.places)
    countries, _ = document_context([Cand(match)], gaz)
    assert set(countries) == {"PS"}


def test_a_village_no_gazetteer_holds_keeps_its_name_at_its_provinces_point() -> None:
    # "Wukro Dabo" is no place of the built-in gazetteer; the words say it is a village
    from harmwatch.models import Report
    from harmwatch.pipeline import get_extractor

    text = (
        "Drones hit the village of Wukro Dabo in Tigray on Tuesday, killing 12 farmers. "
        "A resident of Wukro Dabo said the market was full."
    )
    (inc,) = get_extractor().extract(Report(id="u", text=text)).incidents
    loc = inc.location
    assert loc is not None and loc.name == "Wukro Dabo"
    assert loc.country == "ET" and loc.precision == "province"  # the point is Tigray's
    assert loc.admin1 == "Tigray" and loc.gazetteer_id == "unlisted:ET:wukro-dabo"


def test_an_unlisted_name_needs_the_words_and_an_area(nlp: Language) -> None:
    # no village word: no place; a village word but no area anywhere: no point to give it
    doc = nlp("Fighters from Wukro Dabo shelled the road on Monday.")
    assert not [p for p in doc._.hw_places if p.text == "Wukro Dabo"]
    doc = nlp("Drones hit the village of Wukro Dabo on Tuesday.")
    assert not [p for p in doc._.hw_places if p.text == "Wukro Dabo"]


def test_a_name_the_words_call_the_capital_is_the_capital_it_spells_like(nlp: Language) -> None:
    # "Sana" is in no gazetteer; said to be the capital, it is Sanaa
    doc = nlp("Rescuers dug through the rubble in the capital Sana after the raid.")
    (sana,) = [p for p in doc._.hw_places if p.text == "Sana"]
    assert (sana.place.name, sana.place.country, sana.precision) == ("Sanaa", "YE", "town")
    # a name spelt like no capital stays unplaced
    doc = nlp("Rescuers dug through the rubble in the capital Zorbul after the raid.")
    assert not [p for p in doc._.hw_places if p.text == "Zorbul"]


@pytest.mark.parametrize(
    ("text", "name", "country", "feature"),
    [
        # "Beni" is a city of Congo and, without its article, a generated province of Bolivia
        ("Rebels raided a village outside Beni on Monday.", "Beni", "CD", "town"),
        # the province spelt as it is still means the province
        ("Floods hit El Beni department on Monday.", "El Beni", "BO", "province"),
        # a French compass word in a province's name, as the English press writes it
        ("Fighting in North Kivu killed 12 people on Monday.", "Nord Kivu", "CD", "province"),
        # a compass adjective, as the press writes it
        ("Fighting in West Darfur killed 12 people on Monday.", "Western Darfur", "SD", "province"),
    ],
)
def test_a_generated_province_and_a_city_abroad_each_speak(
    nlp: Language, text: str, name: str, country: str, feature: str
) -> None:
    best = _best(nlp, text)
    assert best is not None
    assert (best.place.name, best.place.country, best.place.feature) == (name, country, feature)


def test_a_model_span_of_two_places_joined_by_in_is_not_one_name(nlp: Language) -> None:
    # the model reads "Tembuga in Tigray" as one organisation's name: it is a hamlet the
    # gazetteer lacks, in a region it has, so the hamlet is placed at the region's precision
    text = "Eleven died when a drone hit a wedding in the hamlet of Tembuga in Tigray on Sunday."
    best = _best(nlp, text)
    assert best is not None
    assert (best.text, best.place.admin1, best.place.country) == ("Tembuga", "Tigray", "ET")
    assert best.precision == "province"


def test_an_organisation_named_of_a_place_is_still_no_place(nlp: Language) -> None:
    doc = nlp("A spokesman for the University of Aleppo said lectures would resume.")
    assert not [p for p in doc._.hw_places if p.text == "Aleppo"]


def test_compass_words_of_province_names_get_their_english() -> None:
    assert "North Kurdufan" in _with_english_compass([], "Shamal Kurdufan")
    assert "South Sina'" in _with_english_compass(["Janub Sina'"], "South Sinai")
    assert "West Darfur" in _with_english_compass([], "Western Darfur")
    assert _with_english_compass([], "Western") == ()  # a lone compass word stays as it is


def test_the_users_place_stands_against_a_namesake_of_its_admin_name_abroad(
    nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gaz = _coded(tmp_path, monkeypatch, "Santa Rosa Viejo,15.43,120.77,Central Luzon,PH\n")
    # "Zaragoza" is also a name of Tijuana; "Barangay" says village in the Philippines
    for text in (
        "Police shot dead a suspect in Santa Rosa Viejo, Zaragoza, Nueva Ecija.",
        "Police shot dead a suspect in Barangay Santa Rosa Viejo, Zaragoza, Nueva Ecija.",
    ):
        best = best_place(find_places(nlp(text), gaz), 0, len(text))
        assert best is not None and best.place.id == "user:coded.csv:2", text


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        # a province's name of three letters
        ("Gunmen killed five villagers in Imo state on Monday.", "Imo", "NG"),
        # "Oredo LGA" is no loose spelling of a village in England
        ("Police shot a driver in Benin City (Oredo LGA, Edo) on Friday.", "Benin City", "NG"),
    ],
)
def test_short_provinces_and_abbreviated_districts(
    nlp: Language, text: str, name: str, country: str
) -> None:
    best = _best(nlp, text)
    assert best is not None
    assert (best.place.name, best.place.country) == (name, country)
