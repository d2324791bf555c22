"""Near spellings, the publisher's country, "X-held" names, lists that share an admin context and
a name said twice (issue 12). Every sentence here is made up; the places are real."""

from __future__ import annotations

from pathlib import Path

import pytest
from place_stage import km, place_nlp
from spacy.language import Language

import harmwatch.pipeline.places  # noqa: F401  (registers "hw_places")
from harmwatch.gazetteer import Gazetteer
from harmwatch.gazetteer.normalize import keys, near_key
from harmwatch.pipeline.place_words import url_countries
from harmwatch.pipeline.places import find_places
from harmwatch.pipeline.sources import outlet_countries
from harmwatch.pipeline.types import PlaceMention


@pytest.fixture(scope="module")
def nlp() -> Language:
    return place_nlp()


def _places(nlp: Language, text: str, outlet: str | None = None) -> list[PlaceMention]:
    doc = nlp.make_doc(text)
    if outlet:
        doc.user_data["hw_outlet"] = outlet
    return list(nlp(doc)._.hw_places)


def _near(name: str) -> str:
    return near_key(keys(name)[0])


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Hezzeh", "Hazzah"),  # e/a, the final -eh/-ah
        ("Kafr Oweid", "Kafr Uwayd"),  # the diphthong written ei or ay
        ("Kafrsajna", "Kafr Sajnah"),  # the words run together
        ("Z'einiyeh", "Az Zayniyah"),  # -iyeh/-iyah
    ],
)
def test_spellings_that_differ_only_in_their_vowels_share_a_near_key(one: str, other: str) -> None:
    assert _near(one) == _near(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Qasabiyeh", "Qasabah"),  # an -iyah ending is not a bare -ah
        ("Yadudeh", "Wadi ad Dawwah"),  # a word's opening y or w is a consonant
    ],
)
def test_a_different_ending_or_opening_glide_is_no_near_spelling(one: str, other: str) -> None:
    assert _near(one) != _near(other)


def test_a_near_spelling_is_kept_among_thousands_that_share_its_consonants() -> None:
    # thousands of villages share the skeleton "ksb": the Syrian one with the alternate name
    # "Al Qasabiyah" is kept among the candidates
    gaz = Gazetteer.load()
    assert any(p.country == "SY" for p, _ in gaz.candidates("Qasabiyeh"))


def test_a_near_spelling_beats_a_city_that_only_shares_its_consonants(nlp: Language) -> None:
    # "kfrd" is also the skeleton of a name of Jacksonville (a million people); Kafr Uwayd is
    # spelt so but for its vowels
    (m,) = _places(nlp, "Mortar rounds landed in the town of Kafr Oweid overnight.")
    assert (m.place.name, m.place.country) == ("Kafr Uwayd", "SY")


def test_the_publishers_home_country_is_read_from_the_source_field() -> None:
    assert outlet_countries("SOHR") == {"SY"}
    assert outlet_countries("Syrian Observatory for Human Rights: https://example.org/x") == {"SY"}
    assert outlet_countries("Gaza Civil Defence; Reuters") == {"PS"}
    # a wire agency reports the world over
    assert outlet_countries("AFP") == frozenset()
    assert outlet_countries(None) == frozenset()


@pytest.mark.parametrize(
    ("name", "lat", "lon"),
    [("Kafr Battikh", 35.782, 36.722), ("Sarja", 35.581, 36.926)],
)
def test_a_monitors_country_outweighs_a_like_named_town_abroad(
    nlp: Language, name: str, lat: float, lon: float
) -> None:
    text = f"Artillery hit homes in the town of {name} on Tuesday morning."
    (m,) = _places(nlp, text, outlet="SOHR")
    assert m.place.country == "SY"
    assert km(m, lat, lon) < 3
    # without it, the namesake abroad (a town in Egypt, Sharjah) is as good a reading
    (abroad,) = _places(nlp, text)
    assert abroad.place.country != "SY"


def test_who_holds_a_town_is_not_part_of_its_name(nlp: Language) -> None:
    found = _places(nlp, "Gunfire was heard as fighters entered YPG-held Jandairis at dawn.")
    assert [m.place.name for m in found] == ["Jindayris"]
    found = _places(
        nlp, "Rockets were launched from Houthi-held Taiz towards the port of Mokha on Friday."
    )
    taiz = next(m for m in found if m.text == "Taiz")
    assert taiz.cue == "away"  # "from" before the holder still says where the rockets came from


def test_the_items_of_a_list_share_its_admin_context(nlp: Language) -> None:
    found = _places(
        nlp,
        "Shells landed on Qude, Hamam and Deir Ballut in Afrin district on Sunday. "
        "Hamam was hit again at night.",
    )
    hamam = [m for m in found if m.text == "Hamam"]
    assert len(hamam) == 2
    # Al Hammam of Afrin district, not the Al Hammam 90 km south-east
    assert km(hamam[0], 36.369, 36.600) < 3
    # said again without its context: the same place
    assert hamam[1].place.id == hamam[0].place.id


def test_the_extractor_hands_the_reports_source_to_the_place_stage() -> None:
    from harmwatch.models import Report
    from harmwatch.pipeline import get_extractor

    report = Report(
        id="r1", text="Shelling killed two people in the town of Hezzeh.", source="SOHR"
    )
    doc = get_extractor()._make_doc(report)
    assert doc is not None and doc.user_data["hw_outlet"] == "SOHR"


def test_a_country_named_in_the_reports_link_is_where_it_was_filed() -> None:
    assert url_countries("Monitor: https://syria.example.org/en/2019/5-may-shelling") == {"SY"}
    assert url_countries("https://news.example.com/world/strike-hits-wedding-in-afghanistan") == {
        "AF"
    }
    # a country of two words is not also the one of its last word
    assert url_countries("https://example.com/fighting-flares-in-south-sudan") == {"SS"}
    assert url_countries("SOHR") == frozenset()  # no link
    assert url_countries("https://example.com/isis-claims-the-airport-blasts") == frozenset()


def test_a_link_naming_the_country_outweighs_a_like_named_town_abroad(nlp: Language) -> None:
    doc = nlp.make_doc("Artillery hit homes in the town of Kafr Battikh on Tuesday morning.")
    doc.user_data["hw_url"] = "https://example.org/syria/shelling-on-tuesday"
    (m,) = nlp(doc)._.hw_places
    assert km(m, 35.782, 36.722) < 3


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # two entries of the name: the one by the built-in town (7 km off) is that town
        ("Dana,36.25,36.70,Idleb,SY\nDana,35.10,36.40,Hama,SY\n", "user:coded.csv:2"),
        # only a namesake elsewhere: still the user's, not the built-in town
        ("Dana,35.10,36.40,Hama,SY\n", "user:coded.csv:2"),
    ],
)
def test_the_users_own_town_beats_a_built_in_town_of_the_name(
    nlp: Language, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: str, expected: str
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    coded = tmp_path / "coded.csv"
    coded.write_text("name,lat,lon,admin1,country\n" + rows, encoding="utf-8")
    gaz = Gazetteer.load([coded])
    found = find_places(nlp("A car bomb went off in the town of Dana on Friday."), gaz)
    assert [m.place.id for m in found] == [expected]


def test_a_district_named_in_the_text_says_the_province(nlp: Language) -> None:
    # several Syrian villages are spelt "Modira" but for the vowels; the Eastern Ghouta, named
    # in the next clause, is in Rural Damascus: Mudayra there
    found = _places(
        nlp, "Shelling hit the town of Modira overnight; dozens died across the Eastern Ghouta."
    )
    assert km(found[0], 33.545, 36.386) < 3


def test_between_namesakes_the_one_near_the_reports_other_places(nlp: Language) -> None:
    # two Syrian villages are spelt Kafraya (one by Binnish, one 45 km south); the report
    # names Binnish too
    found = _places(nlp, "Shells hit Kafraya on Monday; a child was wounded in Binnish.")
    assert km(found[0], 35.990, 36.678) < 3
